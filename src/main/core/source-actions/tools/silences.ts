// Acting on an Alertmanager-shaped source with silences, shared by Prometheus Alertmanager (alertmanager.ts)
// and Grafana alerting (grafana.ts), whose Alertmanager-compatible API takes the same bodies under its own
// prefix. The API: https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
// - POST {prefix}/silences with a postableSilence (matchers, startsAt, endsAt, createdBy, comment; `id` to
//   update one) answers 200 {"silenceID": "..."}. Updating an active silence's endsAt keeps its id; a change
//   Alertmanager cannot apply in place expires it and answers a new id, which is why the id is re-read.
// - DELETE {prefix}/silence/{silenceID} expires it (200).
// Acknowledge silences the alert's labels for `silenceMinutes`; the actor extends it while the incident stays
// acknowledged; un-acknowledging or reopening expires it; resolving leaves it to expire by itself.
import { parseLabels } from '../../../../shared/labels'
import type { ActionInput, Done, Planned, SourceAnswer, SourceTool } from '../types'

export interface SilenceToolSpec {
  provider: string
  name: string
  /** The API's path prefix under the connection's URL ('/api/v2' for Alertmanager). */
  prefix: string
  /** The Authorization header for a credential; none when it is empty and the tool allows that. */
  authorization: (credential: string) => string | null
  fields: SourceTool['fields']
  defaultUrl: string | null
  probe: SourceTool['probe']
  describeProbe: SourceTool['describeProbe']
}

/** "3f2a9c1e…": enough of a silence id to find it in the tool's list. */
export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id
}

/** 14:05 in the local time of the machine, as the window shows times. */
export function clock(ms: number): string {
  const d = new Date(ms)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

export function headersFor(spec: Pick<SilenceToolSpec, 'authorization'>, credential: string): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' }
  const auth = spec.authorization(credential)
  if (auth) headers.authorization = auth
  return headers
}

export function silenceTool(spec: SilenceToolSpec): SourceTool {
  const endsAt = (input: ActionInput) => input.now + input.connection.silenceMinutes * 60_000

  function silence(input: ActionInput, id: string | null): Planned {
    const labels = parseLabels(input.incident.facts?.labels)
    const matchers = Object.entries(labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }))
    if (matchers.length === 0) return { kind: 'impossible', reason: 'the alert has no labels to silence' }
    const who = input.user.trim() || 'someone'
    const body: Record<string, unknown> = {
      matchers,
      startsAt: new Date(input.now).toISOString(),
      endsAt: new Date(endsAt(input)).toISOString(),
      createdBy: `${who} (Hookbell)`,
      comment: `Acknowledged in Hookbell by ${who}: ${input.incident.title}`,
    }
    if (id) body.id = id
    return {
      kind: 'request',
      request: { method: 'POST', path: `${spec.prefix}/silences`, headers: headersFor(spec, input.connection.credential), body },
    }
  }

  return {
    provider: spec.provider,
    name: spec.name,
    actions: ['acknowledge', 'extend', 'unacknowledge', 'reopen', 'resolve'],
    fields: spec.fields,
    suggestUrl(rawBody) {
      const url = (rawBody as { externalURL?: unknown } | null)?.externalURL
      if (typeof url === 'string' && /^https?:\/\//.test(url)) return url.replace(/\/+$/, '')
      return spec.defaultUrl
    },
    plan(input) {
      switch (input.action) {
        case 'acknowledge':
          return silence(input, null)
        case 'extend':
          return input.previousRef ? silence(input, input.previousRef) : { kind: 'skip', why: 'no silence to extend' }
        case 'unacknowledge':
        case 'reopen':
          if (!input.previousRef) return { kind: 'skip', why: 'no silence to expire' }
          return {
            kind: 'request',
            request: {
              method: 'DELETE',
              path: `${spec.prefix}/silence/${encodeURIComponent(input.previousRef)}`,
              headers: headersFor(spec, input.connection.credential),
            },
          }
        case 'resolve':
          return { kind: 'skip', why: `the silence is left to expire in ${spec.name}` }
        case 'snooze':
          return { kind: 'skip', why: `a snooze stays in Hookbell: ${spec.name} is silenced by acknowledging` }
      }
    },
    done(input, answer): Done {
      if (input.action === 'unacknowledge' || input.action === 'reopen') {
        return { text: `Silence ${shortId(input.previousRef ?? '')} expired in ${spec.name}`, ref: null, forgetRef: true }
      }
      const id = (answer.body as { silenceID?: unknown } | null)?.silenceID
      const ref = typeof id === 'string' && id ? id : (input.previousRef ?? null)
      const until = endsAt(input)
      const verb = input.action === 'extend' ? 'Silence extended' : 'Silenced'
      return { text: `${verb} in ${spec.name} until ${clock(until)} — silence ${shortId(ref ?? '?')}`, ref, refUntil: until }
    },
    refusal: refusalOf,
    probe: spec.probe,
    describeProbe: spec.describeProbe,
  }
}

/** Alertmanager answers errors as a JSON string or text ("silence ... not found"); Grafana as {message}. */
export function refusalOf(answer: SourceAnswer): string | null {
  const body = answer.body
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300)
  const message = (body as { message?: unknown } | null)?.message
  return typeof message === 'string' && message ? message.slice(0, 300) : null
}
