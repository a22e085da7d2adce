// The one typed contract between UI and core. The Electron shell carries it over IPC, the headless shell
// over HTTP + SSE; both derive their wiring from the tables below, so a method exists everywhere or nowhere.
import type { Incident, IncidentDetail } from './incident'
import type {
  BulkArgs,
  BulkResult,
  DeliveryOutcome,
  DeliveryView,
  IncidentCounts,
  IncidentPage,
  IncidentQuery,
  IntegrationCreated,
  IntegrationOptions,
  IntegrationView,
  Preferences,
  PreferencesView,
  SentTest,
  SourceTestResult,
  ProviderInfo,
  RestoreItem,
  StatusView,
} from './model'
import type { ForwardTestResult, ForwardView, TargetInput, TargetView, TemplatePreview } from './target'

type Id = { id: string }

export interface ApiMethods {
  /** A page of incidents, with its groups' totals under the same filter. */
  'incidents.list': { args: IncidentQuery; result: IncidentPage }
  'incidents.counts': { args: IncidentQuery; result: IncidentCounts }
  /** With `markRead`, opening an incident is one request: it is marked read and returned. */
  'incidents.get': { args: Id & { markRead?: boolean }; result: IncidentDetail }
  // User actions answer with the whole detail (timeline included), so the window needs no second request.
  'incidents.acknowledge': { args: Id; result: IncidentDetail }
  'incidents.resolve': { args: Id; result: IncidentDetail }
  'incidents.reopen': { args: Id; result: IncidentDetail }
  'incidents.snooze': { args: Id & { until: string | null }; result: IncidentDetail }
  'incidents.forward': { args: Id & { targetId: string }; result: { forwardId: number } }
  'incidents.acknowledgeAll': { args: Record<string, never>; result: { count: number } }
  /** One call for many incidents: chosen ids, one group under a filter, or everything matching a filter. */
  'incidents.bulk': { args: BulkArgs; result: BulkResult }
  /** Puts incidents back as they were before an action (the window's Undo). */
  'incidents.restore': { args: { items: RestoreItem[] }; result: BulkResult }
  'providers.list': { args: Record<string, never>; result: ProviderInfo[] }
  'integrations.list': { args: Record<string, never>; result: IntegrationView[] }
  'integrations.create': {
    /** `id`: join a teammate's integration on a team relay (same id and secret on every laptop). */
    args: { provider: string; name?: string; secret?: string; signed?: boolean; options?: IntegrationOptions; id?: string }
    result: IntegrationCreated
  }
  'integrations.update': {
    args: Id & {
      name?: string
      rotateSecret?: boolean
      secret?: string
      dropOldSecrets?: boolean
      /** Replaces the integration's options; a field set to undefined goes back to the tool's default. */
      options?: IntegrationOptions
    }
    result: IntegrationCreated
  }
  'integrations.delete': { args: Id; result: { deleted: boolean } }
  /** Signs a sample with the stored secret inside the core and posts it to the running receiver. */
  'integrations.sendTest': { args: Id & { sample?: string }; result: SentTest }
  /**
   * Sets (or with `clear`, removes) how Hookbell acts on the tool behind this integration. The credential is
   * write-only: left out, the stored one is kept; views say `hasCredential` only.
   */
  'integrations.setSourceConnection': {
    args: Id & { apiUrl?: string; credential?: string; user?: string; silenceMinutes?: number; clear?: boolean }
    result: IntegrationView
  }
  /** Sends the tool's harmless read with the stored connection (or the fields given) and says what it may do. */
  'integrations.testSourceConnection': {
    args: Id & { apiUrl?: string; credential?: string; user?: string }
    result: SourceTestResult
  }
  /** Tries a failed action on the source again, with a fresh schedule. */
  'sourceActions.retry': { args: { id: number }; result: { ok: true } }
  'targets.list': { args: Record<string, never>; result: TargetView[] }
  'targets.create': { args: TargetInput; result: TargetView }
  'targets.update': { args: Id & Partial<TargetInput>; result: TargetView }
  'targets.delete': { args: Id; result: { deleted: boolean } }
  'targets.test': { args: Id; result: ForwardTestResult }
  'targets.preview': { args: { target: TargetInput; incidentId?: string }; result: TemplatePreview }
  'targets.presets': { args: Record<string, never>; result: TargetInput[] }
  'forwards.failed': { args: Record<string, never>; result: ForwardView[] }
  'forwards.retry': { args: { id: number }; result: { ok: true } }
  'deliveries.list': {
    /** `outcome: 'rejected'`: only the refusals (the log's "rejected only"). */
    args: { limit?: number; cursor?: string; integration?: string; outcome?: DeliveryOutcome }
    result: { deliveries: DeliveryView[]; nextCursor: string | null }
  }
  /** Runs a stored delivery through ingest again (after pasting a missing secret, say). */
  'deliveries.replay': { args: { id: number }; result: DeliveryView }
  'settings.get': { args: Record<string, never>; result: PreferencesView }
  'settings.update': { args: DeepPartial<Preferences>; result: PreferencesView }
  'status.get': { args: Record<string, never>; result: StatusView }
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] }

export type ApiMethod = keyof ApiMethods
export type ApiArgs<M extends ApiMethod> = ApiMethods[M]['args']
export type ApiResult<M extends ApiMethod> = ApiMethods[M]['result']

/** What the core implements and what both transports expose. */
export type Api = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>> }

export interface PushEvents {
  'incident.created': Incident
  'incident.updated': Incident
  'delivery.received': DeliveryView
  'delivery.rejected': DeliveryView
  /** More incidents changed at once than are worth sending one by one (a storm): reload the list. */
  'incidents.changed': { count: number }
  'relay.status': StatusView['relay']
  'status.changed': StatusView
  /** The shell asks the window to show one incident (a toast or tray item was clicked). */
  'ui.open': { incidentId: string | null; view?: 'settings' }
}
export type PushEventName = keyof PushEvents
export type PushEvent = { [E in PushEventName]: { type: E; data: PushEvents[E] } }[PushEventName]

export type HttpVerb = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/**
 * HTTP shape of each method (README, "API"). `:id` segments come from args; the remaining args go
 * to the query string for GET and to a JSON body otherwise.
 */
export const HTTP_ROUTES: { [M in ApiMethod]: readonly [HttpVerb, string] } = {
  'incidents.list': ['GET', '/api/incidents'],
  'incidents.counts': ['GET', '/api/incidents/counts'],
  'incidents.get': ['GET', '/api/incidents/:id'],
  'incidents.acknowledge': ['POST', '/api/incidents/:id/acknowledge'],
  'incidents.resolve': ['POST', '/api/incidents/:id/resolve'],
  'incidents.reopen': ['POST', '/api/incidents/:id/reopen'],
  'incidents.snooze': ['POST', '/api/incidents/:id/snooze'],
  'incidents.forward': ['POST', '/api/incidents/:id/forward'],
  'incidents.acknowledgeAll': ['POST', '/api/incidents/acknowledge-all'],
  'incidents.bulk': ['POST', '/api/incidents/bulk'],
  'incidents.restore': ['POST', '/api/incidents/restore'],
  'providers.list': ['GET', '/api/providers'],
  'integrations.list': ['GET', '/api/integrations'],
  'integrations.create': ['POST', '/api/integrations'],
  'integrations.update': ['PATCH', '/api/integrations/:id'],
  'integrations.delete': ['DELETE', '/api/integrations/:id'],
  'integrations.sendTest': ['POST', '/api/integrations/:id/test'],
  'integrations.setSourceConnection': ['POST', '/api/integrations/:id/source'],
  'integrations.testSourceConnection': ['POST', '/api/integrations/:id/source/test'],
  'sourceActions.retry': ['POST', '/api/source-actions/:id/retry'],
  'targets.list': ['GET', '/api/targets'],
  'targets.create': ['POST', '/api/targets'],
  'targets.update': ['PATCH', '/api/targets/:id'],
  'targets.delete': ['DELETE', '/api/targets/:id'],
  'targets.test': ['POST', '/api/targets/:id/test'],
  'targets.preview': ['POST', '/api/targets/preview'],
  'targets.presets': ['GET', '/api/targets/presets'],
  'forwards.failed': ['GET', '/api/forwards/failed'],
  'forwards.retry': ['POST', '/api/forwards/:id/retry'],
  'deliveries.list': ['GET', '/api/deliveries'],
  'deliveries.replay': ['POST', '/api/deliveries/:id/replay'],
  'settings.get': ['GET', '/api/settings'],
  'settings.update': ['PATCH', '/api/settings'],
  'status.get': ['GET', '/api/status'],
}

/** Query-string keys that carry lists (`?status=open,acknowledged`). */
export const LIST_PARAMS = new Set(['status', 'severity', 'integration', 'kind'])

/** The error body every transport returns: a stable `code` for code, a `message` for people. */
export interface ApiErrorBody {
  error: { code: string; message: string }
}
