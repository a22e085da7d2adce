// GitHub sample webhooks, shaped like GitHub's payload examples in octokit/webhooks
// (payload-examples/api.github.com/{workflow_run,check_run,ping}/*.payload.json), the URL templates of the
// repository object left out. Functions, so ids and times are fresh per send.
import type { Json } from '../fields'

const REPOSITORY: Json = {
  id: 300029405,
  node_id: 'MDEwOlJlcG9zaXRvcnkzMDAwMjk0MDU=',
  name: 'octo-repo',
  full_name: 'octo-org/octo-repo',
  private: false,
  owner: { login: 'octo-org', id: 41548062, type: 'Organization', html_url: 'https://github.com/octo-org' },
  html_url: 'https://github.com/octo-org/octo-repo',
  url: 'https://api.github.com/repos/octo-org/octo-repo',
  default_branch: 'main',
}
const SENDER: Json = { login: 'Codertocat', id: 15669918, type: 'User', html_url: 'https://github.com/Codertocat' }

function workflowRun(conclusion: 'failure' | 'success'): Json {
  const runId = 289782451 + (Math.floor(Date.now() / 1000) % 100_000)
  const now = new Date().toISOString()
  return {
    action: 'completed',
    workflow_run: {
      id: runId,
      name: 'CI',
      node_id: 'MDExOldvcmtmbG93UnVuMjg5NzgyNDUx',
      head_branch: 'main',
      head_sha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
      path: '.github/workflows/ci.yml',
      run_number: 42,
      run_attempt: 1,
      event: 'push',
      status: 'completed',
      conclusion,
      workflow_id: 2823525,
      check_suite_id: 1291536064,
      html_url: `https://github.com/octo-org/octo-repo/actions/runs/${runId}`,
      pull_requests: [],
      created_at: new Date(Date.now() - 4 * 60_000).toISOString(),
      updated_at: now,
      run_started_at: new Date(Date.now() - 4 * 60_000).toISOString(),
      head_commit: {
        id: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        tree_id: 'c30f6c3377009c4c91c85d1f15deb6f2b7c2eb37',
        message: 'checkout: retry card authorisation once',
        timestamp: new Date(Date.now() - 5 * 60_000).toISOString(),
        author: { name: 'Mona Lisa', email: 'mona@example.com' },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
      repository: REPOSITORY,
      head_repository: REPOSITORY,
    },
    workflow: {
      id: 2823525,
      node_id: 'MDg6V29ya2Zsb3cyODIzNTI1',
      name: 'CI',
      path: '.github/workflows/ci.yml',
      state: 'active',
      html_url: 'https://github.com/octo-org/octo-repo/blob/main/.github/workflows/ci.yml',
    },
    repository: REPOSITORY,
    organization: { login: 'octo-org', id: 41548062 },
    sender: SENDER,
  }
}

export const githubSamples: Record<string, () => unknown> = {
  workflow_failed: () => workflowRun('failure'),
  workflow_fixed: () => workflowRun('success'),
  check_run_failed: () => ({
    action: 'completed',
    check_run: {
      id: 128620228 + (Math.floor(Date.now() / 1000) % 100_000),
      node_id: 'MDg6Q2hlY2tSdW4xMjg2MjAyMjg=',
      head_sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      external_id: '',
      name: 'lint',
      status: 'completed',
      conclusion: 'failure',
      html_url: 'https://github.com/octo-org/octo-repo/runs/128620228',
      details_url: 'https://octocoders.github.io',
      started_at: new Date(Date.now() - 60_000).toISOString(),
      completed_at: new Date().toISOString(),
      output: { title: '3 lint errors', summary: 'src/cart.ts: no-unused-vars (3)', annotations_count: 3 },
      check_suite: {
        id: 118578147,
        head_branch: 'main',
        head_sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        status: 'completed',
      },
      app: { id: 29310, slug: 'octocoders-linter', name: 'Octocoders-linter' },
      pull_requests: [],
    },
    repository: REPOSITORY,
    sender: SENDER,
  }),
  ping: () => ({
    zen: 'Keep it logically awesome.',
    hook_id: 292430182,
    hook: {
      type: 'Repository',
      id: 292430182,
      name: 'web',
      active: true,
      events: ['workflow_run', 'check_suite', 'check_run'],
      config: { content_type: 'json', insecure_ssl: '0', url: 'https://hookbell.example/hooks/…' },
      updated_at: new Date().toISOString(),
      created_at: new Date().toISOString(),
    },
    repository: REPOSITORY,
    sender: SENDER,
  }),
}
