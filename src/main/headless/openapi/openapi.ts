// GET /api/openapi.json: the local API as OpenAPI 3.1, generated from HTTP_ROUTES (the table the HTTP
// server routes by) and one entry per contract method below, so a method cannot exist without a
// description: the type requires an entry for every ApiMethod.
import { HTTP_ROUTES, LIST_PARAMS, type ApiMethod } from '../../../shared/contract'
import { KINDS, SEVERITIES, STATUSES } from '../../../shared/incident'
import { DELIVERY_OUTCOMES } from '../../../shared/model'
import { COMPONENTS } from './components'
import { arr, bool, int, nullable, obj, oneOf, ref, str, time, type Schema } from './schema-dsl'

interface MethodDoc {
  summary: string
  /** Query parameters (GET and DELETE). */
  query?: Record<string, Schema>
  /** The JSON body (POST and PATCH); none means the route takes no body. */
  body?: Schema
  result: Schema
}

const incidentFilters: Record<string, Schema> = {
  status: { type: 'string', description: `comma-separated: ${STATUSES.join(', ')}` },
  severity: { type: 'string', description: `comma-separated: ${SEVERITIES.join(', ')}` },
  integration: { type: 'string', description: 'comma-separated integration ids' },
  kind: { type: 'string', description: `comma-separated: ${KINDS.join(', ')}` },
  q: { type: 'string', description: 'full-text search (orders by first seen)' },
  limit: { type: 'integer', minimum: 1, maximum: 500 },
  cursor: { type: 'string', description: 'nextCursor of the previous page' },
}
const deleted = obj({ deleted: bool })

export const METHOD_DOCS: { [M in ApiMethod]: MethodDoc } = {
  'incidents.list': {
    summary: "Incidents, newest first, with the totals of each group on the page (every match, not only the page's)",
    query: incidentFilters,
    result: ref('IncidentList'),
  },
  'incidents.counts': {
    summary: 'Counts per status and severity under the filters and the search',
    query: incidentFilters,
    result: ref('IncidentCounts'),
  },
  'incidents.get': {
    summary: 'An incident with its timeline and latest raw payload (secrets redacted); markRead=true marks it read',
    query: { markRead: { type: 'boolean' } },
    result: ref('IncidentDetail'),
  },
  'incidents.acknowledge': {
    summary: 'Acknowledge: repeats stay quiet until the source resolves it (answers with the detail)',
    result: ref('IncidentDetail'),
  },
  'incidents.resolve': { summary: 'Resolve (answers with the detail)', result: ref('IncidentDetail') },
  'incidents.reopen': { summary: 'Reopen (answers with the detail)', result: ref('IncidentDetail') },
  'incidents.snooze': {
    summary: 'Snooze until a time, or end the snooze with until: null (a body without until is a 400)',
    body: obj({ until: nullable(time) }),
    result: ref('IncidentDetail'),
  },
  'incidents.forward': { summary: 'Forward to a target by hand', body: obj({ targetId: str }), result: obj({ forwardId: int }) },
  'incidents.acknowledgeAll': { summary: 'Acknowledge every open incident', result: obj({ count: int }) },
  'incidents.bulk': {
    summary:
      'One action on many incidents: the given ids, or every incident matching a filter (narrowed to one group). Actions the lifecycle refuses are skipped; `previous` is what incidents.restore puts back',
    body: obj(
      { action: oneOf(['acknowledge', 'resolve', 'reopen', 'snooze']) },
      {
        until: nullable(time),
        ids: arr(str),
        query: obj(
          {},
          {
            status: arr(oneOf(STATUSES)),
            severity: arr(oneOf(SEVERITIES)),
            integration: arr(str),
            kind: arr(oneOf(KINDS)),
            q: str,
          },
        ),
        group: str,
      },
    ),
    result: ref('BulkResult'),
  },
  'incidents.restore': {
    summary: "Undo: puts incidents' status and snooze back as they were (the `previous` of an action)",
    body: obj({ items: arr(ref('RestoreItem')) }),
    result: ref('BulkResult'),
  },
  'providers.list': { summary: "Each tool's setup steps, body template and samples", result: arr(ref('ProviderInfo')) },
  'integrations.list': { summary: 'Integrations with their receiver and relay URLs', result: arr(ref('IntegrationView')) },
  'integrations.create': {
    summary: 'Add an integration; a secret Hookbell makes is in the answer, once',
    body: obj({ provider: str }, { name: str, secret: str, signed: bool, options: ref('IntegrationOptions'), id: str }),
    result: ref('IntegrationCreated'),
  },
  'integrations.update': {
    summary:
      "Rename, paste the tool secret, rotate (the new secret is in the answer, once), drop old secrets, or set the tool's settings (options)",
    body: obj({}, { name: str, secret: str, rotateSecret: bool, dropOldSecrets: bool, options: ref('IntegrationOptions') }),
    result: ref('IntegrationCreated'),
  },
  'integrations.delete': { summary: 'Remove an integration (its incidents stay)', result: deleted },
  'integrations.sendTest': {
    summary: 'Sign a sample with the stored secret inside Hookbell and post it to its own receiver',
    body: obj({}, { sample: str }),
    result: ref('SentTest'),
  },
  'integrations.setSourceConnection': {
    summary:
      'Set how Hookbell acts on the tool behind this integration (its API URL, a write-only credential, a user, silence minutes), or clear it',
    body: obj({}, { apiUrl: str, credential: str, user: str, silenceMinutes: int, clear: bool }),
    result: ref('IntegrationView'),
  },
  'integrations.testSourceConnection': {
    summary:
      "Read something harmless from the tool's API with the stored connection (or the fields given) and say what it may do",
    body: obj({}, { apiUrl: str, credential: str, user: str }),
    result: ref('SourceTestResult'),
  },
  'sourceActions.retry': {
    summary:
      "Retry a failed action on the source now: only its incident's latest action (409 `superseded` when a later one overtook it)",
    result: obj({ ok: { type: 'boolean', const: true } }),
  },
  'targets.list': { summary: 'Forward targets', result: arr(ref('TargetView')) },
  'targets.create': { summary: 'Add a forward target', body: ref('TargetInput'), result: ref('TargetView') },
  'targets.update': { summary: 'Change a forward target', body: ref('TargetPatch'), result: ref('TargetView') },
  'targets.delete': { summary: 'Remove a forward target', result: deleted },
  'targets.test': { summary: 'Send a test incident to the target now', result: ref('ForwardTestResult') },
  'targets.preview': {
    summary: "Render a target's body and headers for an incident (or a sample one)",
    body: obj({ target: ref('TargetInput') }, { incidentId: str }),
    result: ref('TemplatePreview'),
  },
  'targets.presets': {
    summary: 'Working targets for Slack, Teams, Discord, PagerDuty, Opsgenie, Jira',
    result: arr(ref('TargetInput')),
  },
  'forwards.failed': { summary: 'Forwards that gave up (dead letters)', result: arr(ref('ForwardView')) },
  'forwards.retry': { summary: 'Retry a failed forward now', result: obj({ ok: { type: 'boolean', const: true } }) },
  'deliveries.list': {
    summary: 'Every delivery, accepted or refused, with the reason',
    query: { limit: incidentFilters.limit!, cursor: str, integration: str, outcome: oneOf(DELIVERY_OUTCOMES) },
    result: ref('DeliveryList'),
  },
  'deliveries.replay': { summary: 'Run a stored delivery through verification and ingest again', result: ref('DeliveryView') },
  'settings.get': { summary: 'Preferences', result: ref('Preferences') },
  'settings.update': { summary: 'Change any part of the preferences', body: ref('PreferencesPatch'), result: ref('Preferences') },
  'status.get': { summary: 'Version, receiver, relay, notifier and store', result: ref('StatusView') },
}

/** `:id` → `{id}`. */
export const openApiPath = (pattern: string) => pattern.replace(/:(\w+)/g, '{$1}')

/** The status a successful call answers with (the HTTP server uses the same rule). */
export const successStatus = (method: ApiMethod) => (method === 'integrations.create' || method === 'targets.create' ? 201 : 200)

export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  const json = (schema: Schema) => ({ 'application/json': { schema } })
  const error = { description: 'refused: see error.message', content: json(ref('Error')) }
  for (const [method, [verb, pattern]] of Object.entries(HTTP_ROUTES) as [ApiMethod, readonly [string, string]][]) {
    const doc = METHOD_DOCS[method]
    const parameters = [
      ...[...pattern.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: str })),
      ...Object.entries(doc.query ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema,
        ...(LIST_PARAMS.has(name) ? { style: 'form', explode: false } : {}),
      })),
    ]
    paths[openApiPath(pattern)] ??= {}
    paths[openApiPath(pattern)]![verb.toLowerCase()] = {
      operationId: method,
      summary: doc.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(doc.body ? { requestBody: { required: true, content: json(doc.body) } } : {}),
      responses: {
        [successStatus(method)]: { description: 'OK', content: json(doc.result) },
        '4XX': error,
        '5XX': error,
      },
    }
  }
  paths['/api/events'] = {
    get: {
      operationId: 'events',
      summary:
        'Server-Sent Events, coalesced to a few a second in a storm: incident.created, incident.updated, incidents.changed (many at once: reload), delivery.received, delivery.rejected, relay.status, status.changed',
      responses: { 200: { description: 'an event stream', content: { 'text/event-stream': { schema: str } } } },
    },
  }
  paths['/api/openapi.json'] = {
    get: {
      operationId: 'openapi',
      summary: 'This description',
      security: [],
      responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
    },
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hookbell local API',
      version,
      description:
        'The contract the Hookbell window uses, over HTTP on the UI port (127.0.0.1 only). The bearer token is in <data-dir>/api-token; the address is apiUrl in <data-dir>/instance.json. Errors are {"error": {"code", "message"}}.',
    },
    servers: [{ url: 'http://127.0.0.1:7701' }],
    security: [{ bearer: [] }],
    paths,
    components: { schemas: COMPONENTS, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  }
}
