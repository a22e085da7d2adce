import type { IncidentDetails, Kind, Severity } from '../../../shared/incident'
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

export interface SignedSample {
  body: string
  headers: Record<string, string>
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
  /** Realistic sample bodies for `hookbell send` and the setup screen, by name. */
  samples: Record<string, () => unknown>
  /** Headers the tool would send for this body (signature included when a secret is given). */
  sign(body: string, secret: string | null, now: number, options?: IntegrationOptions): Record<string, string>
}
