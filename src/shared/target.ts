// Outgoing webhook targets (forwarding).
import type { Severity } from './incident'

export const TARGET_EVENTS = [
  'incident.created',
  'incident.acknowledged',
  'incident.resolved',
  'incident.snoozed',
  'incident.updated',
  'incident.forwarded',
] as const
export type TargetEvent = (typeof TARGET_EVENTS)[number]

export type SigningMode = 'none' | 'hmac-sha256' | 'standard-webhooks'

export interface TargetInput {
  name: string
  url: string
  enabled?: boolean
  /** Events forwarded automatically; `incident.forwarded` is what "Forward to…" sends by hand. */
  events?: TargetEvent[]
  filters?: { integrations?: string[]; minSeverity?: Severity }
  signing?: SigningMode
  /** Signing secret (`whsec_…` for Standard Webhooks). Write-only: never returned. */
  secret?: string
  /** Handlebars body; empty means the default OpsKnight-style JSON body. */
  template?: string
  contentType?: string
  /** Extra headers; values are templates and may use `{{secret "NAME"}}`. */
  headers?: Record<string, string>
  /** Named values for `{{secret "NAME"}}`. Write-only: never returned. */
  secrets?: Record<string, string>
  preset?: string
}

export interface TargetView {
  id: string
  name: string
  /** A user name and password in it are shown as *** (write-only); sending *** back keeps them. */
  url: string
  hasUrlCredentials: boolean
  enabled: boolean
  events: TargetEvent[]
  filters: { integrations?: string[]; minSeverity?: Severity }
  signing: SigningMode
  hasSecret: boolean
  template: string
  contentType: string
  headers: Record<string, string>
  secretNames: string[]
  preset: string | null
  disabledReason: string | null
  createdAt: string
  /** The Standard Webhooks secret Hookbell made for this target: in the answer that made it only (shown once). */
  newSecret?: string
}

export interface ForwardTestResult {
  ok: boolean
  status: number | null
  latencyMs: number
  bodyExcerpt: string
  error: string | null
}

export interface TemplatePreview {
  ok: boolean
  body: string
  headers: Record<string, string>
  error: string | null
}

export interface ForwardView {
  id: number
  incidentId: string
  targetId: string
  targetName: string
  event: string
  state: 'pending' | 'delivered' | 'failed'
  attempts: number
  lastStatus: number | null
  lastError: string | null
  nextAttemptAt: string | null
  createdAt: string
}
