// JSON Schemas of what the API carries, one per type in src/shared (incident.ts, model.ts, target.ts).
// test/integration/openapi.test.ts checks real answers against them, so a field added to a type and not
// here fails a test rather than going undocumented.
import { KINDS, SEVERITIES, STATUSES } from '../../../shared/incident'
import { TARGET_EVENTS } from '../../../shared/target'
import { any, arr, bool, deepPartial, int, map, nullable, num, obj, oneOf, ref, str, time, type Schema } from './schema-dsl'

const severity = oneOf(SEVERITIES)
const INTEGRATION_OPTIONS = ['authScheme', 'signatureHeader', 'timestampHeader', 'payload']
const signing = oneOf(['none', 'hmac-sha256', 'standard-webhooks'])
const outcome = oneOf(['accepted', 'duplicate', 'ignored', 'rejected'])
const sourceField = obj({ label: str, placeholder: str, help: str })
const filters = obj({}, { integrations: arr(str), minSeverity: severity })

const incidentProperties = {
  required: {
    id: str,
    integrationId: str,
    provider: str,
    kind: oneOf(KINDS),
    title: str,
    severity,
    status: oneOf(STATUSES),
    dedupKey: str,
    occurrences: int,
    firstSeenAt: time,
    lastSeenAt: time,
    app: nullable(str),
    environment: nullable(str),
    url: nullable(str),
    snoozedUntil: nullable(time),
    readAt: nullable(time),
  },
  optional: {
    exception: ref('ExceptionDetail'),
    metric: ref('MetricDetail'),
    durationMs: num,
    deploy: ref('DeployDetail'),
    check: ref('CheckDetail'),
    facts: map(str),
    afterDeploy: obj({ incidentId: str, revision: str, user: nullable(str), at: num }),
    group: nullable(obj({ key: str, label: str })),
    statusBy: obj({ action: oneOf(['acknowledged', 'resolved', 'reopened', 'snoozed']), user: str, teammate: bool, at: time }),
    provenance: obj(
      { by: oneOf(['signature', 'credential', 'relay', 'url', 'none']), provider: str },
      { credential: str, relay: str },
    ),
  },
}

const targetInput = {
  required: { name: str, url: str },
  optional: {
    enabled: bool,
    events: arr(oneOf(TARGET_EVENTS)),
    filters,
    signing,
    secret: str,
    template: str,
    contentType: str,
    headers: map(str),
    secrets: map(str),
    preset: str,
  },
}

// The relay read token is write-only: sent in a patch, shown as hasReadToken.
const preferencesWith = (relay: Schema) =>
  obj({
    userName: str,
    notifications: obj({
      pausedUntil: nullable(str),
      quietHours: obj({ enabled: bool, start: str, end: str, criticalBypass: bool }),
      storm: obj({ maxToasts: int, windowSeconds: int }),
      sounds: obj(Object.fromEntries(SEVERITIES.map((s) => [s, bool]))),
      notifyResolved: bool,
      notifyDeploys: bool,
      minSeverity: map(severity),
      repeat: obj(Object.fromEntries(SEVERITIES.map((s) => [s, obj({ enabled: bool, everyMinutes: int })]))),
    }),
    relay,
    deployWindowMinutes: num,
    retention: obj({ resolvedDays: num, maxIncidents: num }),
    startAtLogin: bool,
    receiverPort: int,
    autoUpdate: bool,
  })
const preferences = preferencesWith(obj({ url: nullable(str), readToken: nullable(str), enabled: bool }))
const preferencesView = preferencesWith(obj({ url: nullable(str), hasReadToken: bool, enabled: bool }))

export const COMPONENTS: Record<string, Schema> = {
  Error: obj({ error: obj({ code: str, message: str }) }),
  StackFrame: obj({ file: str, line: nullable(int), function: str, inApp: bool }),
  ExceptionDetail: obj({ type: str, message: str, frames: arr(ref('StackFrame')) }),
  MetricDetail: obj(
    {
      name: str,
      field: str,
      lastValue: nullable(num),
      peakValue: nullable(num),
      meanValue: nullable(num),
      comparisonOperator: nullable(str),
      comparisonValue: nullable(num),
      human: obj({}, { lastValue: str, peakValue: str, meanValue: str, comparisonValue: str }),
    },
    {
      state: str,
      openedAt: nullable(str),
      closedAt: nullable(str),
      warmupMinutes: nullable(num),
      cooldownMinutes: nullable(num),
    },
  ),
  DeployDetail: obj({ revision: str, user: nullable(str), repository: nullable(str) }),
  CheckDetail: obj(
    { name: str, checkId: str },
    {
      checkType: str,
      alertType: str,
      location: str,
      responseTimeMs: nullable(num),
      statusCode: nullable(int),
      statusText: str,
      errorMessage: str,
      resultLink: str,
      sslDaysRemaining: nullable(num),
      sslDomain: str,
      tags: arr(str),
      group: str,
    },
  ),
  Incident: obj(incidentProperties.required, incidentProperties.optional),
  IncidentDetail: obj(
    {
      ...incidentProperties.required,
      timeline: arr(
        obj(
          {
            id: int,
            at: time,
            type: oneOf(['received', 'occurrence', 'status', 'severity', 'snoozed', 'stale', 'forward', 'note', 'source']),
            actor: oneOf(['source', 'user', 'teammate', 'hookbell']),
            text: str,
          },
          { count: int },
        ),
      ),
      raw: nullable(obj({ headers: map(str), body: any })),
    },
    { ...incidentProperties.optional, sourceActions: arr(ref('SourceActionView')) },
  ),
  SourceActionView: obj({
    id: int,
    tool: str,
    action: oneOf(['acknowledge', 'unacknowledge', 'resolve', 'reopen', 'snooze', 'extend']),
    state: oneOf(['pending', 'done', 'skipped', 'failed']),
    attempts: int,
    lastStatus: nullable(int),
    lastError: nullable(str),
    nextAttemptAt: nullable(time),
    createdAt: time,
    retryable: bool,
  }),
  SourceTestResult: obj({ ok: bool, status: nullable(int), message: str }),
  GroupTotals: obj(
    {
      count: int,
      status: obj(Object.fromEntries(STATUSES.map((s) => [s, int]))),
      severity: obj(Object.fromEntries(SEVERITIES.map((s) => [s, int]))),
    },
    { capped: bool },
  ),
  IncidentList: obj({ incidents: arr(ref('Incident')), nextCursor: nullable(str), groups: map(ref('GroupTotals')) }),
  RestoreItem: obj({ id: str, status: oneOf(STATUSES), snoozedUntil: nullable(time) }),
  BulkResult: obj({
    count: int,
    incidents: arr(ref('Incident')),
    truncated: bool,
    previous: arr(ref('RestoreItem')),
  }),
  IncidentCounts: obj(
    {
      total: int,
      status: obj(Object.fromEntries(STATUSES.map((s) => [s, int]))),
      severity: obj(Object.fromEntries(SEVERITIES.map((s) => [s, int]))),
    },
    { capped: bool },
  ),
  ProviderInfo: obj(
    {
      id: str,
      name: str,
      secret: oneOf(['provider-generated', 'user-chosen', 'none']),
      setup: arr(str),
      samples: arr(str),
      options: arr(oneOf(INTEGRATION_OPTIONS)),
      answerLimitMs: nullable(int),
    },
    { template: str, curl: obj({ body: str, signatureHeader: str, signaturePrefix: str }) },
  ),
  IntegrationOptions: obj(
    {},
    { authScheme: str, signatureHeader: str, timestampHeader: nullable(str), payload: oneOf(['native', 'generic']) },
  ),
  AnswerTimes: obj({
    count: int,
    p50Ms: num,
    p99Ms: num,
    maxMs: num,
    limitMs: nullable(int),
    warning: nullable(str),
  }),
  IntegrationView: obj(
    {
      id: str,
      provider: str,
      name: str,
      createdAt: time,
      secretCount: int,
      receiverUrl: str,
      relayUrl: nullable(str),
      lastDelivery: nullable(obj({ at: time, outcome, reason: nullable(str) })),
      lastRejection: nullable(obj({ at: time, reason: str })),
      options: ref('IntegrationOptions'),
      setup: arr(str),
      answerTimes: nullable(ref('AnswerTimes')),
    },
    {
      sourceTool: nullable(
        obj({
          name: str,
          actions: arr(str),
          fields: obj({ apiUrl: sourceField, credential: sourceField }, { user: sourceField }),
          silences: bool,
          suggestedUrl: nullable(str),
          suggestedFrom: nullable(oneOf(['delivery', 'default'])),
        }),
      ),
      source: nullable(obj({ apiUrl: str, user: str, silenceMinutes: int, hasCredential: bool })),
    },
  ),
  IntegrationCreated: obj({ integration: ref('IntegrationView'), secret: nullable(str) }),
  SentTest: obj({ sample: str, status: int, outcome, reason: nullable(str), incidentIds: arr(str) }),
  DeliveryView: obj({
    id: int,
    receivedAt: time,
    integrationId: nullable(str),
    provider: nullable(str),
    via: oneOf(['direct', 'relay']),
    status: int,
    outcome,
    reason: nullable(str),
    incidentIds: arr(str),
    size: int,
  }),
  DeliveryList: obj({ deliveries: arr(ref('DeliveryView')), nextCursor: nullable(str) }),
  TargetInput: obj(targetInput.required, targetInput.optional),
  TargetPatch: obj({}, { ...targetInput.required, ...targetInput.optional }),
  TargetView: obj(
    {
      id: str,
      name: str,
      url: str,
      enabled: bool,
      events: arr(oneOf(TARGET_EVENTS)),
      filters,
      signing,
      hasSecret: bool,
      hasUrlCredentials: bool,
      template: str,
      contentType: str,
      headers: map(str),
      secretNames: arr(str),
      preset: nullable(str),
      disabledReason: nullable(str),
      createdAt: time,
    },
    // Made by Hookbell for Standard Webhooks signing without a secret: in the create or update answer only.
    { newSecret: str },
  ),
  ForwardTestResult: obj({ ok: bool, status: nullable(int), latencyMs: num, bodyExcerpt: str, error: nullable(str) }),
  TemplatePreview: obj({ ok: bool, body: str, headers: map(str), error: nullable(str) }),
  ForwardView: obj({
    id: int,
    incidentId: str,
    targetId: str,
    targetName: str,
    event: str,
    state: oneOf(['pending', 'delivered', 'failed']),
    attempts: int,
    lastStatus: nullable(int),
    lastError: nullable(str),
    nextAttemptAt: nullable(time),
    createdAt: time,
  }),
  Preferences: preferencesView,
  PreferencesPatch: deepPartial(preferences),
  StatusView: obj({
    version: str,
    receiver: obj({ url: str, listening: bool, error: nullable(str) }),
    relay: obj({
      state: oneOf(['off', 'connected', 'connecting', 'disconnected']),
      lastDeliveryAt: nullable(time),
      lagMs: nullable(num),
      error: nullable(str),
    }),
    notifier: obj({
      state: oneOf(['ok', 'unavailable', 'paused']),
      error: nullable(str),
      notShown: int,
      waiting: obj({ count: int, worst: nullable(severity) }),
    }),
    store: obj({ incidents: int, open: int, openGroups: int, path: str }),
    worst: nullable(severity),
  }),
}
