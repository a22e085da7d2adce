import type { IncidentDetails, Kind, Severity } from '../../../shared/incident'
import type { ProviderInfo } from '../../../shared/model'

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
   * The source's own ordering stamp (ms). A delivery older than the stamp already applied to the incident is
   * recorded but changes nothing (Checkly retries can deliver a failure after its recovery).
   */
  sourceTimestamp?: number
  /** A reminder of something already known: counts an occurrence, never toasts. */
  reminder?: boolean
}

export type NormalizeResult = { ok: true; events: IncidentEvent[]; note?: string } | { ok: false; reason: string }

export interface SignedSample {
  body: string
  headers: Record<string, string>
}

export interface Provider extends Omit<ProviderInfo, 'samples'> {
  /**
   * Headers carrying a signature. Not secrets (an HMAC does not reveal its key), so the delivery log keeps
   * them for replay; the incident view shows them redacted.
   */
  signatureHeaders: string[]
  verify(request: RawRequest, secrets: readonly string[], now: number): VerifyResult
  /** Parses the verified body; JSON.parse unless the provider's bodies need leniency (Checkly templates). */
  parse?(body: Buffer): unknown
  normalize(payload: unknown, request: RawRequest): NormalizeResult
  /** Realistic sample bodies for `hookbell send` and the setup screen, by name. */
  samples: Record<string, () => unknown>
  /** Headers the tool would send for this body (signature included when a secret is given). */
  sign(body: string, secret: string | null, now: number): Record<string, string>
}
