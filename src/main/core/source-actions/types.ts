// Acting on the source: what your acknowledge, resolve or snooze in Hookbell becomes in the tool that sent
// the alert (a silence in Alertmanager, an acknowledged PagerDuty incident, a closed Opsgenie alert). One
// file per tool in `tools/`, each pure: it turns an action on an incident into the HTTP request the tool's
// API documents, and reads what the tool answered. Sending, retrying, the outbox and the timeline lines are
// the actor's job (actor.ts), the same for every tool.
import type { Incident } from '../../../shared/incident'

/**
 * What happened here that the source may hear of. `unacknowledge` and `reopen` undo an earlier action
 * (Alertmanager: expire the silence); `extend` keeps a silence alive while the incident stays acknowledged.
 */
export type SourceActionKind = 'acknowledge' | 'unacknowledge' | 'resolve' | 'reopen' | 'snooze' | 'extend'

/** The connection a user set up for one integration. Kept with the integration; the credential like a secret. */
export interface SourceConnection {
  /** The tool's API base URL, no trailing slash (http://alertmanager:9093, https://api.pagerduty.com). */
  apiUrl: string
  /** The API credential, decoded (a token, an API key, a routing key). */
  credential: string
  /** A second value some tools need (PagerDuty's `From` email, Opsgenie's user); empty when unused. */
  user: string
  /** How long a silence lasts before it is extended (Alertmanager, Grafana), in minutes. */
  silenceMinutes: number
}

/** One request to the tool's API. `path` is appended to the connection's `apiUrl`. */
export interface SourceRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  headers: Record<string, string>
  /** Sent as JSON when present. */
  body?: unknown
}

export interface ActionInput {
  action: SourceActionKind
  /** The action's row id: a tool marks what it creates with it (`hookbell:action/<id>`) to find it again. */
  actionId: number
  /**
   * An earlier attempt of this action may have reached the tool: it was retried (no answer in time, an answer
   * lost, a 5xx), or Hookbell stopped or crashed while it was in flight. A tool whose request is not idempotent
   * (a POST that creates) looks before sending it again (`lookup`).
   */
  attempted: boolean
  incident: Incident
  connection: SourceConnection
  /** Who did it here (Preferences.userName), for the comment or note the tool keeps. */
  user: string
  /**
   * What the last successful action on this incident left at the tool (Alertmanager: the silence id). For an
   * undo (un-acknowledge, reopen, resolve): the ref it targeted when it was made, not whatever is there now.
   */
  previousRef: string | null
  /** Snooze: until when (ms since epoch); null otherwise. */
  until: number | null
  now: number
  /** The 2xx answer to the tool's `lookup`, when it asked for one; `plan` reuses what it found. */
  found?: SourceAnswer
}

/**
 * What a tool makes of an action: a request, nothing to do (`skip`: Sentry has no acknowledge; no silence to
 * expire), or a reason it cannot (no source id in the incident).
 */
export type Planned =
  { kind: 'request'; request: SourceRequest } | { kind: 'skip'; why: string } | { kind: 'impossible'; reason: string }

/** The tool's answer, as the actor received it. `body` is parsed JSON when it was JSON, else the text. */
export interface SourceAnswer {
  status: number
  headers: Record<string, string>
  body: unknown
}

/** What a 2xx answer did, in one timeline line ("Silenced in Alertmanager until 14:00 — silence 3f2a…"). */
export interface Done {
  text: string
  /** What a later action needs (the silence id); null keeps the previous one. */
  ref: string | null
  /** When the thing `ref` names stops by itself (a silence's endsAt, ms), so the actor can extend it in time. */
  refUntil?: number
  /** The thing `ref` named is gone (an expired silence): later actions start afresh. */
  forgetRef?: boolean
}

export interface ConnectionField {
  label: string
  placeholder: string
  /** Shown under the field: where to find or make the value. */
  help: string
}

export interface SourceTool {
  /** The provider id this tool acts for (`alertmanager`, `pagerduty`...). */
  provider: string
  /** The tool's name in timeline lines ("PagerDuty refused: 403 …"). */
  name: string
  /** The actions it supports; the others are never planned. */
  actions: readonly SourceActionKind[]
  /** What the connection form asks for. `user` absent: the tool needs no second value. */
  fields: { apiUrl: ConnectionField; credential: ConnectionField; user?: ConnectionField }
  /** The API URL to prefill: from the latest payload where it names one (Alertmanager's externalURL), else a default. */
  suggestUrl(rawBody: unknown): string | null
  /**
   * Optional, the first step of a two-step action: a read that finds what an earlier attempt may have made
   * (Alertmanager: the silence a POST whose answer was lost created), or null when none is needed. The actor
   * sends it first; a 2xx answer goes to `plan` as `input.found`, any other answer is that attempt's outcome
   * (retried or failed like the action itself). Tools stay pure: the actor does every request.
   */
  lookup?(input: ActionInput): SourceRequest | null
  plan(input: ActionInput): Planned
  done(input: ActionInput, answer: SourceAnswer): Done
  /**
   * Why the tool refused, from its error body (PagerDuty's `error.message`, Opsgenie's `message`), for
   * "PagerDuty refused: 403, <this>". The actor adds the status and its general meaning.
   */
  refusal(answer: SourceAnswer): string | null
  /** A harmless read for Settings' "Test connection". */
  probe(connection: SourceConnection): SourceRequest
  /** What the probe's 2xx answer says the credential may do ("reads and writes silences"). */
  describeProbe(answer: SourceAnswer): string
}
