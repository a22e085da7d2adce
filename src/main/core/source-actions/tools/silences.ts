// Acting on an Alertmanager-shaped source with silences, shared by Prometheus Alertmanager (alertmanager.ts)
// and Grafana alerting (grafana.ts), whose Alertmanager-compatible API takes the same bodies under its own
// prefix. The API: https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
// - POST {prefix}/silences with a postableSilence (matchers, startsAt, endsAt, createdBy, comment; `id` to
//   update one) answers 200 {"silenceID": "..."}. Updating an active silence's endsAt keeps its id; a change
//   Alertmanager cannot apply in place expires it and answers a new id, which is why the id is re-read.
// - DELETE {prefix}/silence/{silenceID} expires it (200).
// - GET {prefix}/silences?filter=name="value"&... lists the silences whose matchers match those labels, each
//   with its id, status.state (active, pending, expired), startsAt and comment.
// Acknowledge silences the alert's labels for `silenceMinutes`; the actor extends it while the incident stays
// acknowledged; un-acknowledging, reopening or resolving expires it (a silence left running after a resolve
// would mute every receiver, the team's pager too, while the alert still fires).
// A POST that creates is not idempotent: each silence Hookbell makes carries `hookbell:action/<row id>` in its
// comment, and an attempt that may repeat one that arrived (`attempted`), or an acknowledge while an earlier
// silence may still run, first lists the alert's silences (`lookup`) and updates the one found instead of
// adding another.
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

/** Longest silence id Hookbell keeps from an answer; Alertmanager's are UUIDs (36). */
const MAX_SILENCE_ID = 200

/** A silence id from an answer, or null when it is not one a tool issues (too long, or a character a path misreads). */
export function silenceIdOf(value: unknown): string | null {
  return typeof value === 'string' && value.length <= MAX_SILENCE_ID && /^[A-Za-z0-9_-]+$/.test(value) ? value : null
}

/** The mark in a silence's comment that says which action made it. */
export const markerOf = (actionId: number): string => `hookbell:action/${actionId}`

/** A label value in a filter matcher: quoted, with `\`, `"` and newlines escaped (Alertmanager's matcher syntax). */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

interface ListedSilence {
  id: string
  state: string
  startsAt: string | null
  comment: string
}

/** The silences of a lookup's answer that still run (active or pending); an unreadable answer lists none. */
function running(found: SourceAnswer | undefined): ListedSilence[] {
  if (!Array.isArray(found?.body)) return []
  const out: ListedSilence[] = []
  for (const s of found.body as unknown[]) {
    const silence = s as { id?: unknown; status?: { state?: unknown }; startsAt?: unknown; comment?: unknown } | null
    const id = silenceIdOf(silence?.id)
    const state = silence?.status?.state
    if (!id || (state !== 'active' && state !== 'pending')) continue
    out.push({
      id,
      state,
      startsAt: typeof silence?.startsAt === 'string' ? silence.startsAt : null,
      comment: typeof silence?.comment === 'string' ? silence.comment : '',
    })
  }
  return out
}

export function headersFor(spec: Pick<SilenceToolSpec, 'authorization'>, credential: string): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' }
  const auth = spec.authorization(credential)
  if (auth) headers.authorization = auth
  return headers
}

export function silenceTool(spec: SilenceToolSpec): SourceTool {
  const endsAt = (input: ActionInput) => input.now + input.connection.silenceMinutes * 60_000

  const labelsOf = (input: ActionInput) => Object.entries(parseLabels(input.incident.facts?.labels))

  /**
   * The silence to update rather than create: one this action made on an attempt whose answer was lost (its
   * marker in the comment), else the incident's last silence while it still runs. Only from a lookup's answer.
   */
  function reusable(input: ActionInput): ListedSilence | null {
    const listed = running(input.found)
    const marker = markerOf(input.actionId)
    return listed.find((s) => s.comment.split(/\s+/).includes(marker)) ?? listed.find((s) => s.id === input.previousRef) ?? null
  }

  function silence(input: ActionInput, id: string | null): Planned {
    const matchers = labelsOf(input).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }))
    if (matchers.length === 0) return { kind: 'impossible', reason: 'the alert has no labels to silence' }
    const who = input.user.trim() || 'someone'
    const found = input.found ? reusable(input) : null
    const body: Record<string, unknown> = {
      matchers,
      // An active silence is updated in place (same id) only with its own startsAt: Alertmanager otherwise
      // expires it and makes a new one.
      startsAt: found?.state === 'active' && found.startsAt ? found.startsAt : new Date(input.now).toISOString(),
      endsAt: new Date(endsAt(input)).toISOString(),
      createdBy: `${who} (Hookbell)`,
      comment: `Acknowledged in Hookbell by ${who}: ${input.incident.title} ${markerOf(input.actionId)}`,
    }
    const reuse = found?.id ?? id
    if (reuse) body.id = reuse
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
    lookup(input) {
      const creates = input.action === 'acknowledge' || input.action === 'extend'
      if (!creates || !(input.attempted || (input.action === 'acknowledge' && input.previousRef))) return null
      // Only names Alertmanager's matcher syntax takes unquoted; the others are matched in the answer anyway.
      const filter = labelsOf(input)
        .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        .map(([name, value]) => `filter=${encodeURIComponent(`${name}=${quoted(value)}`)}`)
      if (filter.length === 0) return null
      return {
        method: 'GET',
        path: `${spec.prefix}/silences?${filter.join('&')}`,
        headers: headersFor(spec, input.connection.credential),
      }
    },
    plan(input) {
      switch (input.action) {
        case 'acknowledge':
          return silence(input, null)
        case 'extend':
          return input.previousRef ? silence(input, input.previousRef) : { kind: 'skip', why: 'no silence to extend' }
        case 'unacknowledge':
        case 'reopen':
        case 'resolve':
          if (!input.previousRef) return { kind: 'skip', why: 'no silence to expire' }
          return {
            kind: 'request',
            request: {
              method: 'DELETE',
              path: `${spec.prefix}/silence/${encodeURIComponent(input.previousRef)}`,
              headers: headersFor(spec, input.connection.credential),
            },
          }
        case 'snooze':
          return { kind: 'skip', why: `a snooze stays in Hookbell: ${spec.name} is silenced by acknowledging` }
      }
    },
    done(input, answer): Done {
      if (input.action === 'unacknowledge' || input.action === 'reopen' || input.action === 'resolve') {
        return { text: `Silence ${shortId(input.previousRef ?? '')} expired in ${spec.name}`, ref: null, forgetRef: true }
      }
      // An id that is not one (too long, or a `/` that would change a later DELETE's path) is not kept.
      const id = silenceIdOf((answer.body as { silenceID?: unknown } | null)?.silenceID)
      const ref = id ?? input.previousRef ?? null
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
