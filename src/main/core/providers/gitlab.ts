// GitLab pipeline webhooks (https://docs.gitlab.com/user/project/integrations/webhook_events/#pipeline-events):
// a failed pipeline opens an incident per project and ref, a later successful one on that ref resolves it.
// GitLab authenticates with the webhook's "Secret token", sent as is in X-Gitlab-Token (compared here in
// constant time), and, where the webhook has a "Signing token" (whsec_…, GitLab 18.x), signs the Standard
// Webhooks way (standard-webhooks.ts; gitlab-org/gitlab!230944): that signature, when present, is checked
// instead, since it covers the body and a timestamp. Other events are recorded, not incidents.
import { arr, facts, httpUrl, isObject, obj, str, truncate, type Json } from './fields'
import { verifySecretHeader } from './authorization'
import { noSecret, parseTimestamp } from './signature'
import { hasStandardWebhookSignature, verifyStandardWebhook } from './standard-webhooks'
import type { IncidentAction, NormalizeResult, Provider, RawRequest, VerifyResult } from './types'
import { gitlabSamples } from './samples/gitlab'

/** The Secret token, sent as is: a secret, never kept nor stored on a relay (relay-protocol.ts SECRET_HEADERS). */
const GITLAB_TOKEN_HEADER = 'x-gitlab-token'

const STATUS_ACTIONS: Record<string, IncidentAction> = { failed: 'trigger', success: 'resolve' }

function verifyToken(request: RawRequest, secrets: readonly string[]): VerifyResult {
  return verifySecretHeader(request, secrets, {
    name: GITLAB_TOKEN_HEADER,
    label: 'X-Gitlab-Token',
    hint: "set the webhook's Secret token in GitLab to this integration's secret",
    mismatch: "X-Gitlab-Token does not match: is the webhook's Secret token this integration's current secret?",
  })
}

function pipeline(payload: Json): NormalizeResult {
  const attributes = obj(payload, 'object_attributes')
  const project = obj(payload, 'project')
  if (!attributes) return { ok: false, reason: 'pipeline event without object_attributes' }
  const status = str(attributes, 'status') ?? ''
  const ref = str(attributes, 'ref') ?? '?'
  const name = str(project, 'path_with_namespace') ?? str(project, 'name') ?? 'project'
  const action = STATUS_ACTIONS[status]
  if (!action)
    return {
      ok: true,
      events: [],
      note: `GitLab pipeline ${str(attributes, 'id') ?? ''} on ${ref} is ${status || 'without a status'}; recorded`,
    }
  const id = str(attributes, 'id')
  const projectUrl = httpUrl(str(project, 'web_url'))
  const url = httpUrl(str(attributes, 'url')) ?? (projectUrl && id ? `${projectUrl}/-/pipelines/${id}` : projectUrl)
  const failedJobs = arr(payload, 'builds')
    .filter(isObject)
    .filter((b) => str(b, 'status') === 'failed')
    .map(
      (b) =>
        `${str(b, 'stage') ?? '?'}/${str(b, 'name') ?? '?'}${str(b, 'failure_reason') ? ` (${str(b, 'failure_reason')})` : ''}`,
    )
  const commit = obj(payload, 'commit')
  const stamp = parseTimestamp(str(attributes, 'finished_at') ?? str(attributes, 'created_at'))
  return {
    ok: true,
    events: [
      {
        dedupKey: `pipeline:${str(project, 'id') ?? name}:${ref}`,
        action,
        kind: 'alert',
        title: truncate(`Pipeline ${action === 'resolve' ? 'passed' : 'failed'} on ${ref} (${name})`, 300),
        severity: 'error',
        app: name,
        environment: ref,
        url,
        occurredAt: stamp,
        // A retried pipeline that passed resolves; an older failure delivered after it does not reopen.
        sourceTimestamp: stamp,
        facts: facts({
          pipeline: id ? `#${id}` : undefined,
          source: str(attributes, 'source'),
          'failed jobs': failedJobs.join(', ') || undefined,
          commit: str(attributes, 'sha')?.slice(0, 12),
          message: str(commit, 'message')?.split('\n')[0],
          author: str(obj(commit, 'author'), 'name'),
          by: str(obj(payload, 'user'), 'username'),
        }),
      },
    ],
  }
}

export const gitlab: Provider = {
  id: 'gitlab',
  name: 'GitLab pipelines',
  secret: 'user-chosen',
  signatureHeaders: ['webhook-signature'],
  // X-Gitlab-Token is the secret itself: never kept in the delivery log nor shown; a relay checks it against the
  // hash this app registered and removes it, as it does Authorization.
  secretHeaders: [GITLAB_TOKEN_HEADER],
  relayMayVouch: () => true,
  setup: [
    'In GitLab: the project (or group) → Settings → Webhooks → Add new webhook. URL: the receiver URL (or the relay URL).',
    "Secret token: this integration's secret (GitLab sends it as X-Gitlab-Token). Where your GitLab offers a Signing token (whsec_…), paste that into Hookbell instead: deliveries are then signed over the body and a timestamp.",
    'Trigger: Pipeline events. A failed pipeline opens an incident per project and branch; a later successful pipeline on that branch resolves it.',
  ],

  verify(request, secrets, now) {
    if (secrets.length === 0)
      return noSecret('secret token', "the same secret into the GitLab webhook's Secret token and into Hookbell")
    if (hasStandardWebhookSignature(request))
      return verifyStandardWebhook(request, secrets, now, "the webhook's Signing token (whsec_…) from GitLab")
    return verifyToken(request, secrets)
  },

  normalize(payload, request) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
    const kind = str(payload, 'object_kind') ?? request.headers['x-gitlab-event'] ?? 'unknown'
    if (kind === 'pipeline') return pipeline(payload)
    return { ok: true, events: [], note: `GitLab ${kind} event recorded; Hookbell reads pipeline events` }
  },

  conformance: {
    verifies: 'credential',
    unknownEvent: () => ({
      body: {
        object_kind: 'push',
        event_name: 'push',
        ref: 'refs/heads/main',
        project: { id: 15, path_with_namespace: 'jsmith/example' },
      },
      headers: { 'x-gitlab-event': 'Push Hook' },
    }),
  },

  samples: gitlabSamples,

  sign(_body, secret) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitLab/18.6.0',
      'x-gitlab-event': 'Pipeline Hook',
      'x-gitlab-event-uuid': crypto.randomUUID(),
      'x-gitlab-webhook-uuid': '1b9d1c4e-5a43-4c13-9a8b-2f5b7c0a9e41',
      'x-gitlab-instance': 'https://gitlab.com',
    }
    if (secret) headers['x-gitlab-token'] = secret
    return headers
  },
}
