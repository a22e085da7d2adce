// GitLab pipeline sample webhooks, shaped like the pipeline event example in GitLab's docs
// (https://docs.gitlab.com/user/project/integrations/webhook_events/#pipeline-events). Functions, so times are fresh.
import type { Json } from '../fields'

/** GitLab writes times as "2016-08-12 15:26:29 UTC" in object_attributes. */
const gitlabTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')

function pipeline(status: 'failed' | 'success'): Json {
  const id = 31 + (Math.floor(Date.now() / 1000) % 100_000)
  return {
    object_kind: 'pipeline',
    object_attributes: {
      id,
      iid: 3,
      name: 'Pipeline for branch: main',
      ref: 'main',
      tag: false,
      sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      before_sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      source: 'push',
      status,
      detailed_status: status === 'failed' ? 'failed' : 'passed',
      stages: ['build', 'test', 'deploy'],
      created_at: gitlabTime(Date.now() - 3 * 60_000),
      finished_at: gitlabTime(Date.now()),
      duration: 163,
      queued_duration: 12,
      variables: [],
      url: `https://gitlab.example.com/gitlab-org/gitlab-test/-/pipelines/${id}`,
    },
    merge_request: null,
    user: { id: 1, name: 'Administrator', username: 'root', avatar_url: null, email: '[REDACTED]' },
    project: {
      id: 1,
      name: 'Gitlab Test',
      description: 'Atque in sunt eos similique dolores voluptatem.',
      web_url: 'https://gitlab.example.com/gitlab-org/gitlab-test',
      avatar_url: null,
      git_ssh_url: 'git@gitlab.example.com:gitlab-org/gitlab-test.git',
      git_http_url: 'https://gitlab.example.com/gitlab-org/gitlab-test.git',
      namespace: 'Gitlab Org',
      visibility_level: 20,
      path_with_namespace: 'gitlab-org/gitlab-test',
      default_branch: 'main',
    },
    commit: {
      id: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      message: 'test\n',
      title: 'test',
      timestamp: new Date(Date.now() - 5 * 60_000).toISOString(),
      url: 'https://gitlab.example.com/gitlab-org/gitlab-test/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      author: { name: 'User', email: 'user@gitlab.com' },
    },
    builds: [
      {
        id: 380,
        stage: 'test',
        name: 'rspec',
        status,
        created_at: gitlabTime(Date.now() - 3 * 60_000),
        started_at: gitlabTime(Date.now() - 2 * 60_000),
        finished_at: gitlabTime(Date.now()),
        duration: 117.3,
        when: 'on_success',
        manual: false,
        allow_failure: false,
        failure_reason: status === 'failed' ? 'script_failure' : null,
        runner: {
          id: 380987,
          description: 'shared-runners-manager-6.gitlab.com',
          runner_type: 'instance_type',
          active: true,
          is_shared: true,
          tags: [],
        },
        environment: null,
      },
    ],
  }
}

export const gitlabSamples: Record<string, () => unknown> = {
  pipeline_failed: () => pipeline('failed'),
  pipeline_fixed: () => pipeline('success'),
}
