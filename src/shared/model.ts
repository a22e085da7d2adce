// Everything besides incidents that crosses the UI ↔ core boundary.
import type { Incident, Kind, Severity, Status } from './incident'

/** A body to post and, with a secret, the header that signs it: `<prefix><hex HMAC-SHA256(secret, body)>`. */
export interface CurlExample {
  body: string
  signatureHeader: string
  signaturePrefix: string
}

export interface ProviderInfo {
  id: string
  name: string
  /** Who makes the secret: the tool (AppSignal's token, Sentry's client secret), the user, or nobody. */
  secret: 'provider-generated' | 'user-chosen' | 'none'
  /** Steps the user follows in the monitoring tool, as plain text lines. */
  setup: string[]
  /** A body template the user pastes into the tool (Checkly), if the tool needs one. */
  template?: string
  /** A delivery anyone can send by hand with curl, signed as the tool signs: the window shows it ready to run. */
  curl?: CurlExample
  samples: string[]
  /** The verification and payload settings this tool lets its users change (see IntegrationOptions). */
  options: IntegrationOptionName[]
  /** How long the tool waits for an answer before it counts a timeout (Sentry: 1 s); null when it has no such limit. */
  answerLimitMs: number | null
}

/**
 * What a user may have changed on the tool's side, so Hookbell checks deliveries as that tool really sends
 * them. Absent fields mean the tool's defaults.
 */
export interface IntegrationOptions {
  /** The Authorization scheme the tool sends the secret with (Alertmanager `authorization.type`, Grafana's
   * "Authorization Header - Scheme"); default Bearer. Basic auth with the secret as password always works. */
  authScheme?: string
  /** Grafana HMAC "Header"; default: Grafana's own names when left blank. */
  signatureHeader?: string
  /** Grafana HMAC "Timestamp header": a header name, or null when the timestamp is not sent (nor signed). */
  timestampHeader?: string | null
  /** `generic`: the tool sends a body the user templated, read with the generic field mapping. */
  payload?: 'native' | 'generic'
}

export type IntegrationOptionName = keyof IntegrationOptions

/** Time from a delivery's first byte to Hookbell's 2xx answer, per integration, over the last day. */
export interface AnswerTimes {
  count: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** The tool's own limit (Sentry 1 s), if it has one. */
  limitMs: number | null
  /** Said when p99 comes near the tool's limit. */
  warning: string | null
}

/** An integration as the UI sees it: never its secrets. */
export interface IntegrationView {
  id: string
  provider: string
  name: string
  createdAt: string
  secretCount: number
  receiverUrl: string
  relayUrl: string | null
  lastDelivery: { at: string; outcome: DeliveryOutcome; reason: string | null } | null
  lastRejection: { at: string; reason: string } | null
  options: IntegrationOptions
  /** The provider's setup steps with this integration's values filled in (header names, scheme...). */
  setup: string[]
  /** Null until a delivery was answered in the last day. */
  answerTimes: AnswerTimes | null
  /** What Hookbell can do at this tool (Act on the source); absent or null when it cannot act on it. */
  sourceTool?: SourceToolInfo | null
  /** The connection set up for acting on the source; null when none. The credential is never shown. */
  source?: SourceConnectionView | null
}

export interface SourceFieldInfo {
  label: string
  placeholder: string
  help: string
}

export interface SourceToolInfo {
  name: string
  /** The actions it takes there (acknowledge, resolve…). */
  actions: string[]
  fields: { apiUrl: SourceFieldInfo; credential: SourceFieldInfo; user?: SourceFieldInfo }
  /** Whether acknowledging silences (Alertmanager, Grafana): the form asks how long. */
  silences: boolean
  /**
   * A URL to offer (never to use unasked): named by the latest accepted delivery (Alertmanager's
   * externalURL), else the tool's default. The user takes it with a click (window) or `--url` (CLI).
   */
  suggestedUrl: string | null
  /** Where `suggestedUrl` comes from: the latest accepted delivery, or the tool's default; null when none. */
  suggestedFrom: 'delivery' | 'default' | null
}

export interface SourceConnectionView {
  apiUrl: string
  user: string
  silenceMinutes: number
  hasCredential: boolean
}

/** What "Test connection" found: whether the tool answered, and what the credential may do there. */
export interface SourceTestResult {
  ok: boolean
  status: number | null
  message: string
}

export interface IntegrationCreated {
  integration: IntegrationView
  /** Shown once, right after creation or rotation. */
  secret: string | null
}

export const DELIVERY_OUTCOMES = ['accepted', 'duplicate', 'ignored', 'rejected'] as const
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number]

/** What the receiver answered to a test delivery the core signed and sent. */
export interface SentTest {
  sample: string
  status: number
  outcome: DeliveryOutcome
  /** Why it was refused (`signature mismatch`, a missing token…); null when accepted. */
  reason: string | null
  incidentIds: string[]
}

export interface DeliveryView {
  id: number
  receivedAt: string
  integrationId: string | null
  provider: string | null
  via: 'direct' | 'relay'
  status: number
  outcome: DeliveryOutcome
  reason: string | null
  incidentIds: string[]
  size: number
}

export interface NotificationSettings {
  /** ISO time until which toasts are paused; 'forever' pauses until resumed; null: not paused. */
  pausedUntil: string | null
  quietHours: { enabled: boolean; start: string; end: string; criticalBypass: boolean }
  storm: { maxToasts: number; windowSeconds: number }
  sounds: Record<Severity, boolean>
  notifyResolved: boolean
  notifyDeploys: boolean
  /** Minimum severity per integration id; missing means 'info'. */
  minSeverity: Record<string, Severity>
  /**
   * Per severity: re-notify an open, unacknowledged, unsnoozed incident every `everyMinutes` until someone
   * answers it (here or a teammate through the relay). Quiet hours and pauses hold repeats as they hold toasts.
   */
  repeat: Record<Severity, RepeatSetting>
}

export interface RepeatSetting {
  enabled: boolean
  /** Whole minutes, 1 to 1440. */
  everyMinutes: number
}

export interface RelaySettings {
  url: string | null
  readToken: string | null
  enabled: boolean
}

/** The relay settings as shown: the read token is write-only, like every other secret. */
export interface RelaySettingsView {
  url: string | null
  hasReadToken: boolean
  enabled: boolean
}

export interface Preferences {
  /** Shown to teammates on a team relay ("acknowledged by Dana"); the OS user name until changed. */
  userName: string
  notifications: NotificationSettings
  relay: RelaySettings
  deployWindowMinutes: number
  retention: { resolvedDays: number; maxIncidents: number }
  startAtLogin: boolean
  /** The desktop app's receiver port (headless mode takes `--port`); applies when the receiver restarts. */
  receiverPort: number
  /** Packaged desktop builds download updates from the GitHub releases and offer "Restart to update". */
  autoUpdate: boolean
}

/**
 * Preferences as `settings.get` and `settings.update` answer them. To change the read token, send
 * `relay.readToken`; left out (or blank) it keeps the stored one, null removes it.
 */
export interface PreferencesView extends Omit<Preferences, 'relay'> {
  relay: RelaySettingsView
}

export interface StatusView {
  version: string
  receiver: { url: string; listening: boolean; error: string | null }
  relay: {
    state: 'off' | 'connected' | 'connecting' | 'disconnected'
    lastDeliveryAt: string | null
    lagMs: number | null
    error: string | null
  }
  /** `notShown`: toasts the OS did not show since start (no service, Focus Assist, an unsigned macOS build). */
  /**
   * `waiting`: open, unacknowledged incidents of a severity that repeats (Preferences.notifications.repeat)
   * whose toast went unanswered for an interval, still waiting for an answer; `worst` is their worst severity.
   */
  notifier: {
    state: 'ok' | 'unavailable' | 'paused'
    error: string | null
    notShown: number
    waiting: { count: number; worst: Severity | null }
  }
  /** `openGroups`: open problems as the window lists them, a group (core/groups) counting once. */
  store: { incidents: number; open: number; openGroups: number; path: string }
  worst: Severity | null
}

export interface IncidentQuery {
  status?: Status[]
  severity?: Severity[]
  integration?: string[]
  kind?: Kind[]
  q?: string
  limit?: number
  cursor?: string
}

export interface IncidentCounts {
  total: number
  status: Record<Status, number>
  severity: Record<Severity, number>
  /** A search matched more than the core counts (core/store/incident-list.ts): these are of its newest matches. */
  capped?: boolean
}

/** One group's incidents under a filter: every match, not only the ones on a page. */
export interface GroupTotals {
  count: number
  status: Record<Status, number>
  severity: Record<Severity, number>
  /** Under a search that matched more than the core counts: the totals are of its newest matches (at least). */
  capped?: boolean
}

export interface IncidentPage {
  incidents: Incident[]
  nextCursor: string | null
  /** Totals under the same filter (search included) for each group with a member on this page, by key. */
  groups: Record<string, GroupTotals>
}

export type BulkAction = 'acknowledge' | 'resolve' | 'reopen' | 'snooze'

export interface BulkArgs {
  action: BulkAction
  /** Snooze only: ISO time, or null to clear. */
  until?: string | null
  /** Exactly one of: these incidents, */
  ids?: string[]
  /** or every incident matching this filter (narrowed to one group with `group`). */
  query?: IncidentQuery
  group?: string
}

/** How an incident was before an action: what Undo puts back. */
export interface RestoreItem {
  id: string
  status: Status
  snoozedUntil: string | null
}

export interface BulkResult {
  /** Incidents the action changed. */
  count: number
  /** The changed incidents, up to BULK_RETURN_LIMIT; `truncated` says there were more. */
  incidents: Incident[]
  truncated: boolean
  previous: RestoreItem[]
}

export const BULK_RETURN_LIMIT = 500
