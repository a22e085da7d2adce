// Sentry's web API: resolve, archive (ignore) for a while, and reopen the issue an integration-platform webhook
// told Hookbell about. Update an Issue: PUT /api/0/organizations/{org}/issues/{issue_id}/ with `status`
// resolved | ignored | unresolved, and for a timed archive `statusDetails.ignoreDuration` in minutes
// (https://docs.sentry.io/api/events/update-an-issue/); the organization-less /api/0/issues/{issue_id}/ is the
// older route to the same update, used when neither the connection nor the issue's link names the organization.
// `Authorization: Bearer <token>` (https://docs.sentry.io/api/auth/); changing issues needs the event:write
// scope (https://docs.sentry.io/api/permissions/). GET /api/0/ answers with the token's scopes.
// Sentry has no acknowledge: an issue is unresolved, resolved or archived.
import type { Incident } from '../../../../shared/incident'
import type { ActionInput, Done, Planned, SourceAnswer, SourceConnection, SourceRequest, SourceTool } from '../types'
import { sentry as provider } from '../../providers/sentry'
import { bodyObject, isObject, oneLine, sourceId, str, strings, utcMinute } from './common'

const DEFAULT_URL = 'https://sentry.io'
const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/i
/** Sentry's own hosts, where an organization may be a subdomain (acme.sentry.io) and the API is sentry.io. */
const SENTRY_HOST = /(^|\.)sentry\.io$/
/** sentry.io subdomains that are not organizations: the region API hosts and the web app's own. */
const NOT_ORGS = new Set(['us', 'de', 'www'])

function headers(connection: SourceConnection): Record<string, string> {
  return { Authorization: `Bearer ${connection.credential}`, 'Content-Type': 'application/json' }
}

/** The organization slug an issue link names: /organizations/acme/issues/… or acme.sentry.io/issues/…. */
function orgOfUrl(link: string | null): string | null {
  if (!link) return null
  try {
    const url = new URL(link)
    const inPath = /^\/organizations\/([^/]+)\//.exec(url.pathname)?.[1]
    if (inPath && SLUG.test(inPath)) return inPath
    const sub = url.hostname.endsWith('.sentry.io') ? url.hostname.slice(0, -'.sentry.io'.length) : ''
    return sub && !sub.includes('.') && !NOT_ORGS.has(sub) && SLUG.test(sub) ? sub : null
  } catch {
    return null
  }
}

function issuePath(incident: Incident, connection: SourceConnection, id: string): string {
  const configured = connection.user.trim()
  const org = configured && SLUG.test(configured) ? configured : orgOfUrl(incident.url)
  return org ? `/api/0/organizations/${org}/issues/${id}/` : `/api/0/issues/${id}/`
}

function update(input: ActionInput, id: string, body: Record<string, unknown>): Planned {
  return {
    kind: 'request',
    request: { method: 'PUT', path: issuePath(input.incident, input.connection, id), headers: headers(input.connection), body },
  }
}

function plan(input: ActionInput): Planned {
  const { action, incident } = input
  if (action === 'acknowledge' || action === 'unacknowledge')
    return { kind: 'skip', why: 'Sentry has no acknowledge: an issue is resolved, archived or unresolved' }
  if (action === 'extend') return { kind: 'skip', why: 'a Sentry issue has nothing to extend' }
  const id = sourceId(incident, 'issue:')
  if (!id)
    return {
      kind: 'impossible',
      reason: incident.dedupKey.startsWith('metric:')
        ? 'a Sentry metric alert is not an issue: it resolves by its alert rule, not through the issue API'
        : `no Sentry issue id in this incident (key "${oneLine(incident.dedupKey, 60)}")`,
    }
  switch (action) {
    case 'resolve':
      return update(input, id, { status: 'resolved' })
    case 'reopen':
      return update(input, id, { status: 'unresolved' })
    case 'snooze': {
      if (input.until === null) return { kind: 'impossible', reason: 'a snooze without an end time' }
      const minutes = Math.ceil((input.until - input.now) / 60_000)
      if (minutes <= 0) return { kind: 'skip', why: 'the snooze has already ended' }
      return update(input, id, { status: 'ignored', statusDetails: { ignoreDuration: minutes } })
    }
  }
}

function done(input: ActionInput, answer: SourceAnswer): Done {
  const issue = bodyObject(answer)
  // The answer's text goes on the timeline: one short line, whatever a proxy or a wrong URL sent.
  const shortId = oneLine(str(issue, 'shortId') ?? '', 80)
  const label = shortId || `issue ${sourceId(input.incident, 'issue:') ?? '?'}`
  if (input.action === 'snooze') {
    // Sentry answers with the time it computed; Hookbell's own end time when it does not.
    const until = Date.parse(str(isObject(issue?.statusDetails) ? issue.statusDetails : undefined, 'ignoreUntil') ?? '')
    return {
      text: `Archived in Sentry until ${utcMinute(Number.isFinite(until) ? until : (input.until ?? input.now))} — ${label}`,
      ref: null,
    }
  }
  return { text: `${input.action === 'reopen' ? 'Reopened' : 'Resolved'} in Sentry — ${label}`, ref: null }
}

/** `detail` ("You do not have permission to perform this action."), or a field's validation messages. */
function refusal(answer: SourceAnswer): string | null {
  const body = bodyObject(answer)
  if (!body) return null
  const detail = body.detail
  if (typeof detail === 'string' && detail.trim()) return oneLine(detail)
  const message = str(detail, 'message')
  if (message) return oneLine(message)
  const fields = Object.entries(body).flatMap(([field, value]) => strings(value).map((m) => `${field}: ${m}`))
  return fields.length ? oneLine(fields.join('; ')) : null
}

/** The API index: it answers with the token's scopes and user, and changes nothing. */
function probe(connection: SourceConnection): SourceRequest {
  return { method: 'GET', path: '/api/0/', headers: { Authorization: `Bearer ${connection.credential}` } }
}

function describeProbe(answer: SourceAnswer): string {
  const body = bodyObject(answer)
  const auth = isObject(body?.auth) ? body.auth : undefined
  if (!auth) return 'Sentry answered as to a visitor without a token: check the token'
  const scopes = strings(auth.scopes)
  const who = str(body?.user, 'name') ?? str(body?.user, 'email')
  const as = who ? ` as ${who}` : ''
  return scopes.includes('event:write') || scopes.includes('event:admin')
    ? `the token may resolve and archive issues${as} (it has event:write)`
    : `the token${as} cannot change issues: it lacks the event:write scope (it has ${scopes.join(', ') || 'none'})`
}

/** The API host an issue link in the payload names: sentry.io for Sentry's own hosts, else a self-hosted origin. */
function suggestUrl(rawBody: unknown): string {
  const data = isObject(rawBody) && isObject(rawBody.data) ? rawBody.data : undefined
  const item = isObject(data?.event)
    ? data.event
    : isObject(data?.issue)
      ? data.issue
      : isObject(data?.error)
        ? data.error
        : undefined
  const link = str(item, 'web_url') ?? str(item, 'issue_url') ?? str(item, 'permalink') ?? str(item, 'url')
  if (!link) return DEFAULT_URL
  try {
    const url = new URL(link)
    if (SENTRY_HOST.test(url.hostname))
      return url.hostname === 'us.sentry.io' || url.hostname === 'de.sentry.io' ? url.origin : DEFAULT_URL
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : DEFAULT_URL
  } catch {
    return DEFAULT_URL
  }
}

export const sentryTool: SourceTool = {
  provider: provider.id,
  name: provider.name,
  actions: ['resolve', 'reopen', 'snooze'],
  fields: {
    apiUrl: {
      label: 'Sentry URL',
      placeholder: DEFAULT_URL,
      help: "https://sentry.io (or your region's https://us.sentry.io, https://de.sentry.io), or your self-hosted Sentry's address.",
    },
    credential: {
      label: 'Auth token',
      placeholder: 'sntryu_…',
      help: 'User Settings → Personal Tokens (or your internal integration\'s token) with the "event:write" scope (Issue & Event: Read & Write).',
    },
    user: {
      label: 'Organization slug (optional)',
      placeholder: 'acme',
      help: "The organization in your Sentry URLs; read from each issue's link when empty.",
    },
  },
  suggestUrl,
  plan,
  done,
  refusal,
  probe,
  describeProbe,
}
