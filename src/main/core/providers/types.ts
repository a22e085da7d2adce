import type { Incident, IncidentDetails, IncidentGroupRef, Kind, Severity } from '../../../shared/incident'
import type { IntegrationOptionName, IntegrationOptions, ProviderInfo } from '../../../shared/model'

/** A delivery exactly as it arrived, direct or through the relay. Header names are lower-case. */
export interface RawRequest {
  method: string
  headers: Record<string, string>
  query: string
  body: Buffer
  receivedAt: number
  via: 'direct' | 'relay'
}

/** Expected failures are values: a bad signature is not an exception. */
export type VerifyResult = { ok: true } | { ok: false; status: 400 | 401; reason: string }

export type IncidentAction =
  /** Open the incident, or count an occurrence, or reopen it (regression). */
  | 'trigger'
  /** The source says it is over. */
  | 'resolve'
  /** The source says someone is on it. */
  | 'acknowledge'
  /** Informational (deploy markers): stored resolved, no toast unless enabled. */
  | 'log'
  /** A state the source has not settled on (AppSignal "warming up"): stored, no status change. */
  | 'pending'

export interface IncidentEvent extends IncidentDetails {
  dedupKey: string
  action: IncidentAction
  kind: Kind
  title: string
  severity: Severity
  app?: string | null
  environment?: string | null
  url?: string | null
  /** When the source says it happened (ms since epoch); receipt time when absent. */
  occurredAt?: number
  /**
   * The source's own ordering stamp (ms): when the payload says the alert last changed (Alertmanager/Grafana
   * startsAt or endsAt, Checkly's timestamp, Sentry metric alert and AppSignal anomaly dates, Retrace
   * Started/Ended). A delivery older than the stamp already applied to the incident is recorded but changes
   * nothing (incident/lifecycle.ts): Checkly retries can deliver a failure after its recovery. Left unset where
   * the time is an occurrence's (exceptions), so a late occurrence still counts.
   */
  sourceTimestamp?: number
  /** What the source says about why it sent this (Alertmanager's notification_reason), for the timeline. */
  sourceNote?: string
  /** A reminder of something already known: counts an occurrence, never toasts. */
  reminder?: boolean
}

/**
 * What a provider fetched before verifying (SNS: the signing certificate its delivery names). Verification
 * stays synchronous; only providers that need a key from elsewhere have a `prepare` step, which the
 * pipeline awaits for them alone.
 */
export interface Prepared {
  /** A PEM certificate whose public key checks the delivery's signature. */
  certificate?: string
}

export type PrepareResult = { ok: true; prepared: Prepared } | { ok: false; status: 400 | 401 | 503; reason: string }

/** Where a provider's `prepare` finds keys: a cache first, then the vendor (injected, so tests stay offline). */
export interface ProviderServices {
  /** The PEM certificate at `url` (already checked to be a vendor's signing-certificate URL). */
  certificate(url: string): Promise<{ ok: true; pem: string } | { ok: false; reason: string }>
}

export type NormalizeResult = { ok: true; events: IncidentEvent[]; note?: string } | { ok: false; reason: string }

/** What grouping reads of an incident (core/groups/group-of.ts). */
export type Groupable = Pick<Incident, 'provider' | 'kind' | 'facts' | 'check' | 'exception' | 'title'>

/**
 * What the conformance suite (test/unit/providers/conformance.test.ts, whose header states the contract) needs
 * to know about a provider beyond its samples. Every field is optional; the defaults hold for a tool that signs
 * its body without a timestamp.
 */
export interface Conformance {
  /**
   * What `sign(body, secret, now)` (no options) proves: `body` an HMAC or hash over the bytes (default),
   * `credential` a secret sent as is (Authorization, X-Gitlab-Token: TLS protects the body), `none` nothing
   * (the URL is the credential; `secret` is 'none'), `vendor` only the vendor can sign (SNS's RSA key): the
   * provider's own tests check its signatures with a planted test key, and `sign` must not produce one.
   */
  verifies?: 'body' | 'credential' | 'none' | 'vendor'
  /** How far a signed timestamp may be from now (ms), for schemes that sign one (Standard Webhooks: 5 min). */
  toleranceMs?: number
  /** Samples that are recorded without an incident by design (GitHub's ping), each with why. */
  notes?: Record<string, string>
  /**
   * A delivery of this tool's own shape with an event type Hookbell does not know: it must verify and
   * normalize to no incident, with a note saying what was recorded. `{ none }` for a tool whose deliveries
   * have no event type (an Alertmanager group, the generic fields), saying why.
   */
  unknownEvent: (() => { body: unknown; headers?: Record<string, string> }) | { none: string }
}

export interface Provider extends Omit<ProviderInfo, 'samples' | 'options' | 'answerLimitMs'> {
  /** Settings the tool lets its users change that change how deliveries look (none when absent). */
  options?: IntegrationOptionName[]
  /** How long the tool waits for an answer (Sentry: 1 s), when it documents a limit. */
  answerLimitMs?: number
  /** The setup steps with an integration's options filled in; `setup` is the tool's defaults. */
  setupFor?(options: IntegrationOptions): string[]
  /**
   * Headers carrying a signature. Not secrets (an HMAC does not reveal its key), so the delivery log keeps
   * them for replay; the incident view shows them redacted.
   */
  signatureHeaders: string[]
  /**
   * Media types (lower-case, without parameters) the tool posts its bodies as; absent: JSON only
   * (`application/json` and `application/*+json`). SNS posts JSON as `text/plain`.
   */
  contentTypes?: readonly string[]
  /**
   * Fetches what `verify` needs that the delivery only points at (SNS's signing certificate). Awaited by the
   * pipeline before `verify`, for the providers that have it only.
   */
  prepare?(request: RawRequest, services: ProviderServices): Promise<PrepareResult>
  /**
   * Headers that carry the integration's secret itself (Honeybadger-Token), as Authorization does for the
   * tools that send a token: never kept in the delivery log nor shown, and proof of a credential checked here.
   */
  secretHeaders?: string[]
  verify(
    request: RawRequest,
    secrets: readonly string[],
    now: number,
    options?: IntegrationOptions,
    prepared?: Prepared,
  ): VerifyResult
  /**
   * Whether a relay may vouch for this integration's deliveries: it authenticates with an Authorization
   * credential, which the relay checks against the hash the app registered and removes. Absent: never (the
   * provider signs its body, so a relay cannot forge a delivery). Must agree with `verify`.
   */
  relayMayVouch?(options: IntegrationOptions): boolean
  /**
   * What to tell the user when the tool sent something other than JSON, in the tool's words (Datadog's
   * "Encode as form"): the 415's reason names it, so the refusal says which setting to change.
   */
  contentTypeAdvice?: string
  /** Parses the verified body; JSON.parse unless the provider's bodies need leniency (Checkly templates). */
  parse?(body: Buffer): unknown
  normalize(payload: unknown, request: RawRequest, options?: IntegrationOptions): NormalizeResult
  /**
   * The group an incident of this tool belongs to (core/groups/group-of.ts), when the tool has a label people
   * use for one problem (Alertmanager's alertname); null or absent: the kind-based rules decide.
   */
  groupOf?(incident: Groupable): IncidentGroupRef | null
  /**
   * What the custom payload its setup steps suggest renders to for one of its samples, for tools with the
   * `payload` option (`hookbell send` to an integration reading a custom payload).
   */
  customPayload?(sample: unknown): unknown
  /** What the conformance suite needs to hold this provider to the shared bar (see Conformance). */
  conformance?: Conformance
  /** Realistic sample bodies for `hookbell send` and the setup screen, by name. */
  samples: Record<string, () => unknown>
  /** Headers the tool would send for this body (signature included when a secret is given). */
  sign(body: string, secret: string | null, now: number, options?: IntegrationOptions): Record<string, string>
}
