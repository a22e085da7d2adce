// GitHub webhooks (https://docs.github.com/en/webhooks): CI results as incidents. A workflow run, check suite or
// check run that completes with a failure opens one incident per workflow (check) and branch; a later success
// on that branch resolves it. Signed with X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>
// (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries). GitHub does not retry a
// failed delivery; a redelivery from its UI repeats the body and X-GitHub-Delivery, so the body fingerprint
// dedups it. It waits 10 s for an answer.
import type { Severity } from '../../../shared/incident'
import { arr, facts, httpUrl, isObject, obj, str, truncate, type Json } from './fields'
import { hmacHex, missingHeader, noSecret, parseTimestamp, verifyBodyHmac } from './signature'
import type { IncidentAction, IncidentEvent, NormalizeResult, Provider } from './types'
import { githubSamples } from './samples/github'

/** Conclusions of a completed run: these fail, success passes; neutral, skipped, cancelled and stale say neither. */
const FAILED = new Set(['failure', 'timed_out', 'startup_failure', 'action_required'])

function conclusionAction(conclusion: string | undefined): IncidentAction | null {
  if (conclusion === 'success') return 'resolve'
  if (conclusion && FAILED.has(conclusion)) return 'trigger'
  return null
}

const GITHUB_ACTIONS = 'github-actions'

/** The event a delivery is, by its X-GitHub-Event header; relayed or hand-sent ones by their shape. */
export function githubEventOf(headers: Record<string, string>, payload: Json): string {
  const header = headers['x-github-event']
  if (header) return header
  if (obj(payload, 'workflow_run')) return 'workflow_run'
  if (obj(payload, 'check_run')) return 'check_run'
  if (obj(payload, 'check_suite')) return 'check_suite'
  if ('zen' in payload && 'hook_id' in payload) return 'ping'
  return 'unknown'
}

interface Run {
  /** The app that ran it (`github-actions` for workflows), whose check suites and runs duplicate workflow_run. */
  app?: string
  key: string
  what: string
  branch: string | undefined
  conclusion: string | undefined
  url: string | null
  stamp: number | undefined
  details: Record<string, unknown>
}

function incidentOf(event: string, run: Run, repo: string, payload: Json): NormalizeResult {
  const action = conclusionAction(run.conclusion)
  if (!action)
    return {
      ok: true,
      events: [],
      note: `GitHub ${event} ${run.what} on ${run.branch ?? 'no branch'} completed ${run.conclusion ?? 'without a conclusion'}; recorded`,
    }
  const severity: Severity = run.conclusion === 'action_required' ? 'warning' : 'error'
  const result: IncidentEvent = {
    dedupKey: `${event}:${repo}:${run.key}:${run.branch ?? ''}`,
    action,
    kind: 'alert',
    title: truncate(
      `${run.what} ${action === 'resolve' ? 'passed' : 'failed'} on ${run.branch ?? 'a detached head'} (${repo})`,
      300,
    ),
    severity,
    app: repo,
    environment: run.branch ?? null,
    url: run.url,
    occurredAt: run.stamp,
    // A rerun that passed resolves; an older failure delivered after it (a redelivery) does not reopen.
    sourceTimestamp: run.stamp,
    facts: facts({ conclusion: run.conclusion, sender: str(obj(payload, 'sender'), 'login'), ...run.details }),
  }
  return { ok: true, events: [result] }
}

function workflowRun(payload: Json): Run | null {
  const run = obj(payload, 'workflow_run')
  if (!run) return null
  const workflow = obj(payload, 'workflow')
  const commit = obj(run, 'head_commit')
  return {
    key: str(run, 'workflow_id') ?? str(workflow, 'id') ?? str(run, 'path') ?? str(run, 'name') ?? '?',
    what: `Workflow "${str(workflow, 'name') || str(run, 'name') || str(run, 'path') || 'workflow'}"`,
    branch: str(run, 'head_branch'),
    conclusion: str(run, 'conclusion'),
    url: httpUrl(str(run, 'html_url')),
    stamp: parseTimestamp(str(run, 'updated_at') ?? str(run, 'run_started_at') ?? str(run, 'created_at')),
    details: {
      run: str(run, 'run_number') ? `#${str(run, 'run_number')} (attempt ${str(run, 'run_attempt') ?? '1'})` : undefined,
      trigger: str(run, 'event'),
      commit: str(run, 'head_sha')?.slice(0, 12),
      message: str(commit, 'message')?.split('\n')[0],
      author: str(obj(commit, 'author'), 'name'),
    },
  }
}

function checkSuite(payload: Json): Run | null {
  const suite = obj(payload, 'check_suite')
  if (!suite) return null
  const app = obj(suite, 'app')
  return {
    app: str(app, 'slug'),
    key: str(app, 'slug') ?? str(app, 'id') ?? '?',
    what: `Checks by ${str(app, 'name') ?? 'an app'}`,
    branch: str(suite, 'head_branch'),
    conclusion: str(suite, 'conclusion'),
    url: null,
    stamp: parseTimestamp(str(suite, 'updated_at') ?? str(suite, 'created_at')),
    details: { commit: str(suite, 'head_sha')?.slice(0, 12), 'pull requests': arr(suite, 'pull_requests').length || undefined },
  }
}

function checkRun(payload: Json): Run | null {
  const run = obj(payload, 'check_run')
  if (!run) return null
  const output = obj(run, 'output')
  return {
    app: str(obj(run, 'app'), 'slug'),
    key: str(run, 'name') ?? '?',
    what: `Check "${str(run, 'name') ?? 'check'}"`,
    branch: str(obj(run, 'check_suite'), 'head_branch'),
    conclusion: str(run, 'conclusion'),
    url: httpUrl(str(run, 'html_url') ?? str(run, 'details_url')),
    stamp: parseTimestamp(str(run, 'completed_at') ?? str(run, 'started_at')),
    details: {
      app: str(obj(run, 'app'), 'name'),
      commit: str(run, 'head_sha')?.slice(0, 12),
      output: str(output, 'title'),
      summary: str(output, 'summary'),
    },
  }
}

const RUNS: Record<string, (payload: Json) => Run | null> = {
  workflow_run: workflowRun,
  check_suite: checkSuite,
  check_run: checkRun,
}

function normalizeGitHub(payload: unknown, headers: Record<string, string>): NormalizeResult {
  if (!isObject(payload))
    return { ok: false, reason: "expected a JSON object (set the webhook's Content type to application/json)" }
  const event = githubEventOf(headers, payload)
  if (event === 'ping')
    return {
      ok: true,
      events: [],
      note: `GitHub ping for hook ${str(payload, 'hook_id') ?? '?'} recorded: the webhook reaches Hookbell`,
    }
  const read = RUNS[event]
  if (!read)
    return {
      ok: true,
      events: [],
      note: `GitHub ${event} event recorded; Hookbell reads workflow_run, check_suite and check_run`,
    }
  const action = str(payload, 'action')
  if (action !== 'completed')
    return { ok: true, events: [], note: `GitHub ${event} ${action ?? 'event'} recorded; only completed runs count` }
  const repo = str(obj(payload, 'repository'), 'full_name') ?? 'repository'
  const run = read(payload)
  if (!run) return { ok: false, reason: `${event} event without its ${event} object` }
  // A GitHub Actions workflow is also a check suite with a check run per job: with all three subscribed, the
  // workflow_run is the one incident, not three.
  if (event !== 'workflow_run' && run.app === GITHUB_ACTIONS)
    return { ok: true, events: [], note: `GitHub ${event} from GitHub Actions recorded; its workflow_run is the incident` }
  return incidentOf(event, run, repo, payload)
}

export const github: Provider = {
  id: 'github',
  name: 'GitHub Actions and checks',
  secret: 'user-chosen',
  signatureHeaders: ['x-hub-signature-256', 'x-hub-signature'],
  answerLimitMs: 10_000,
  setup: [
    'In GitHub: the repository (or organization) → Settings → Webhooks → Add webhook.',
    'Payload URL: the receiver URL (or the relay URL). Content type: application/json.',
    "Secret: this integration's secret (GitHub signs each delivery with it as X-Hub-Signature-256).",
    'Which events: "Let me select individual events" → Workflow runs (GitHub Actions), and Check suites or Check runs for other CI apps (those of GitHub Actions are recorded, their workflow run being the incident). A failed run opens an incident per workflow (check) and branch; a later success on that branch resolves it.',
  ],

  verify(request, secrets) {
    if (secrets.length === 0)
      return noSecret('webhook secret', "the same secret into the GitHub webhook's Secret field and into Hookbell")
    const provided = request.headers['x-hub-signature-256']
    if (!provided)
      return missingHeader(
        'X-Hub-Signature-256',
        request.headers['x-hub-signature']
          ? 'only the SHA-1 X-Hub-Signature arrived, which Hookbell does not accept: is this a GitHub Enterprise Server older than 3.0?'
          : "set the webhook's Secret in GitHub to this integration's secret",
      )
    return verifyBodyHmac(request.body, secrets, provided, "is the webhook's Secret in GitHub this integration's current secret?")
  },

  normalize: (payload, request) => normalizeGitHub(payload, request.headers),

  conformance: {
    notes: { ping: 'GitHub sends ping when the webhook is added: it proves delivery, it is no incident' },
    unknownEvent: () => ({
      body: {
        action: 'created',
        starred_at: '2026-03-01T10:00:00Z',
        repository: { id: 300029405, full_name: 'octo-org/octo-repo' },
        sender: { login: 'Codertocat', id: 15669918 },
      },
      headers: { 'x-github-event': 'star' },
    }),
  },

  samples: githubSamples,

  sign(body, secret) {
    let event = 'ping'
    try {
      const parsed: unknown = JSON.parse(body)
      if (isObject(parsed)) event = githubEventOf({}, parsed)
    } catch {
      // Not JSON: sent as is, and refused by the pipeline with its reason.
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/6a3e8c1',
      'x-github-event': event,
      'x-github-delivery': crypto.randomUUID(),
      'x-github-hook-id': '292430182',
    }
    if (secret) headers['x-hub-signature-256'] = `sha256=${hmacHex(secret, body)}`
    return headers
  },
}
