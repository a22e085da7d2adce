// The contract's methods, implemented once for both transports (IPC and HTTP).
import type { Api, ApiArgs } from '../../../shared/contract'
import { KINDS, SEVERITIES, STATUSES, type Incident } from '../../../shared/incident'
import { DELIVERY_OUTCOMES, type IntegrationView, type StatusView } from '../../../shared/model'
import { badRequest, HttpError, notFound } from '../../../server-common/errors'
import type { EventBus } from '../events'
import type { Forwarder } from '../forward/forwarder'
import type { SourceActor } from '../source-actions/actor'
import { sourceToolFor } from '../source-actions/tools'
import { sourceToolInfo, sourceView, updatedConnection, testedConnection } from './source-connection'
import type { Ingest } from '../ingest/pipeline'
import type { Notifier } from '../notify/notifier'
import { providerInfo, setupSteps } from '../providers'
import { validateOptions } from '../providers/options'
import type { AnswerTimesLog } from '../ingest/answer-times'
import type { Provider } from '../providers/types'
import type { Integration, Settings } from '../settings/settings'
import { newSecret } from '../settings/settings'
import { checkSecret, checkUnguessableId } from '../settings/credential-strength'
import { validatePreferences } from '../settings/validate-preferences'
import { keepingWriteOnly, viewPreferences } from '../settings/preferences-view'
import type { DeliveryLog } from '../store/delivery-log'
import type { UserAction } from '../incident/lifecycle'
import type { Effects } from '../incident/effects'
import type { IncidentStore } from '../store/incident-store'
import { sendTestDelivery } from './send-test'
import { createBulk } from './bulk'
import {
  optionalBoolean,
  optionalInt,
  optionalList,
  optionalOneOf,
  optionalString,
  optionalTime,
  requireString,
} from './validate'

export interface HandlerDeps {
  version: string
  settings: Settings
  incidents: IncidentStore
  deliveries: DeliveryLog
  providers: ReadonlyMap<string, Provider>
  events: EventBus
  notifier: Notifier
  forwarder: Forwarder
  sourceActions: SourceActor
  ingest: Ingest
  receiverUrl: () => string
  receiverState: () => { listening: boolean; error: string | null }
  relayStatus: () => StatusView['relay']
  relayUrlFor: (integrationId: string) => string | null
  answerTimes: AnswerTimesLog
  dbPath: string
  now: () => number
  onSettingsChanged: () => void
  /** After a user's change committed (its forwards and team note with it): UI events, tray, sending. */
  effects: Pick<Effects, 'afterCommit'>
}

export function createHandlers(deps: HandlerDeps): Api {
  const { settings, incidents, deliveries, providers } = deps
  const userName = () => settings.preferences().userName

  function view(integration: Integration): IntegrationView {
    const { last, lastRejected } = deliveries.lastFor(integration.id)
    const provider = providers.get(integration.provider)
    const limit = provider?.answerLimitMs ? { ms: provider.answerLimitMs, tool: provider.name } : null
    return {
      id: integration.id,
      provider: integration.provider,
      name: integration.name,
      createdAt: integration.createdAt,
      secretCount: integration.secrets.length,
      receiverUrl: `${deps.receiverUrl()}/hooks/${integration.id}`,
      relayUrl: deps.relayUrlFor(integration.id),
      lastDelivery: last ? { at: last.receivedAt, outcome: last.outcome, reason: last.reason } : null,
      lastRejection: lastRejected ? { at: lastRejected.receivedAt, reason: lastRejected.reason ?? '' } : null,
      options: integration.options,
      setup: provider ? setupSteps(provider, integration.options) : [],
      answerTimes: deps.answerTimes.summary(integration.id, deps.now(), limit),
      sourceTool: sourceToolInfo(integration, deliveries),
      source: sourceView(integration),
    }
  }

  function checkedOptions(provider: Provider, input: unknown) {
    const result = validateOptions(provider.name, provider.options ?? [], input)
    if (!result.ok) throw badRequest(result.reason, 'invalid_options')
    return result.options
  }

  function query(args: ApiArgs<'incidents.list'>) {
    return {
      status: optionalList(args, 'status', STATUSES),
      severity: optionalList(args, 'severity', SEVERITIES),
      integration: optionalList(args, 'integration'),
      kind: optionalList(args, 'kind', KINDS),
      q: optionalString(args, 'q', 500),
      limit: optionalInt(args, 'limit', 1, 500),
      cursor: optionalString(args, 'cursor', 200),
    }
  }

  /** A refused action (acknowledge a resolved incident) is a 409 with the lifecycle's reason. */
  function userAction(id: string, action: UserAction): Incident {
    const result = incidents.act(id, action, deps.now(), { user: userName(), teammate: false })
    if (!result.ok) throw new HttpError(409, result.refusal.code, result.refusal.message)
    if (result.changed) deps.effects.afterCommit([result.incident])
    return result.incident
  }

  const bulk = createBulk({ incidents, now: deps.now, effects: deps.effects })

  /** The detail with the incident's actions on the source (a failed one shows a Retry button). */
  const detailOf = (id: string) => ({ ...incidents.getDetail(id), sourceActions: deps.sourceActions.forIncident(id) })
  const detailAfter = (incident: Incident) => detailOf(incident.id)

  const api: Api = {
    'incidents.list': async (args) => incidents.list(query(args)),
    'incidents.counts': async (args) => incidents.counts(query(args)),
    'incidents.get': async (args) => {
      const id = requireString(args, 'id')
      if (optionalBoolean(args, 'markRead')) {
        const before = incidents.get(id)
        const read = incidents.markRead(id, deps.now())
        if (before && before.readAt !== read.readAt) deps.events.emit('incident.updated', read)
      }
      return detailOf(id)
    },
    // User actions answer with the detail (timeline included): the window needs no second request.
    'incidents.acknowledge': async (args) => detailAfter(userAction(requireString(args, 'id'), { type: 'acknowledge' })),
    'incidents.resolve': async (args) => detailAfter(userAction(requireString(args, 'id'), { type: 'resolve' })),
    'incidents.reopen': async (args) => detailAfter(userAction(requireString(args, 'id'), { type: 'reopen' })),
    'incidents.snooze': async (args) => {
      // A forgotten field must not silently end a snooze: ending one is an explicit `until: null`.
      if (typeof args !== 'object' || args === null || !('until' in args) || args.until === undefined)
        throw badRequest('until is required: an ISO 8601 time, or null to end the snooze')
      const until = optionalTime(args, 'until')
      if (until !== null && until <= deps.now()) throw badRequest('until must be in the future')
      return detailAfter(userAction(requireString(args, 'id'), { type: 'snooze', until }))
    },
    'incidents.forward': async (args) => {
      const id = requireString(args, 'id')
      const incident = incidents.get(id)
      if (!incident) throw notFound(`no incident ${id}`)
      return { forwardId: deps.forwarder.forwardByHand(incident, requireString(args, 'targetId')) }
    },
    'incidents.bulk': async (args) => bulk.run(args, (q) => query(q as ApiArgs<'incidents.list'>)),
    'incidents.restore': async (args) => bulk.restore(args?.items),
    'incidents.acknowledgeAll': async () => ({
      count: bulk.run({ action: 'acknowledge', query: { status: ['open'] } }, (q) => query(q as ApiArgs<'incidents.list'>)).count,
    }),

    'providers.list': async () => [...providers.values()].map(providerInfo),

    'integrations.list': async () => settings.integrations().map(view),
    'integrations.create': async (args) => {
      const providerId = requireString(args, 'provider', 50)
      const provider = providers.get(providerId)
      if (!provider)
        throw badRequest(`unknown provider "${providerId}"; one of ${[...providers.keys()].join(', ')}`, 'unknown_provider')
      const name = optionalString(args, 'name', 200) ?? provider.name
      const given = optionalString(args, 'secret', 500)
      const signed = optionalBoolean(args, 'signed') ?? true
      if (provider.secret === 'none' && given)
        throw badRequest(`${provider.name} does not sign deliveries: the URL is the secret`)
      if (given !== undefined) checkSecret(given)
      const secret = given ?? (provider.secret === 'user-chosen' && signed ? newSecret() : null)
      const options = checkedOptions(provider, args.options)
      // On a team relay every laptop verifies the same deliveries, so a teammate's integration is joined by id.
      const id = optionalString(args, 'id', 64)
      if (id !== undefined) {
        if (!/^[A-Za-z0-9_-]{22,64}$/.test(id)) throw badRequest('id must be 22–64 letters, digits, - or _ (an integration id)')
        if (secret === null) checkUnguessableId(id)
        if (settings.integration(id)) throw new HttpError(409, 'exists', `integration ${id} exists already`)
      }
      const integration = settings.addIntegration({ provider: provider.id, name, secret, options, id })
      // Shown once: a secret the user pasted is theirs already; one Hookbell made must be shown to be used.
      return { integration: view(integration), secret: given ? null : secret }
    },
    'integrations.update': async (args) => {
      const id = requireString(args, 'id')
      const name = optionalString(args, 'name', 200)
      const pasted = optionalString(args, 'secret', 500)
      const rotate = optionalBoolean(args, 'rotateSecret') ?? false
      const dropOld = optionalBoolean(args, 'dropOldSecrets') ?? false
      const existing = settings.integrations().find((i) => i.id === id)
      const provider = existing ? providers.get(existing.provider) : undefined
      // An unknown id is answered as such below, whatever was pasted.
      if (pasted !== undefined && existing) checkSecret(pasted)
      const options = provider && args.options !== undefined ? checkedOptions(provider, args.options) : undefined
      let shown: string | null = null
      const updated = settings.updateIntegration(id, (current) => {
        let secrets = current.secrets
        if (pasted) secrets = [pasted, ...secrets.filter((s) => s !== pasted)]
        if (rotate) {
          shown = newSecret()
          secrets = [shown, ...secrets]
        }
        // Old secrets stay valid until dropped, so deliveries signed during the switch are not lost.
        if (dropOld) secrets = secrets.slice(0, 1)
        return { ...current, name: name ?? current.name, secrets, options: options ?? current.options }
      })
      if (!updated) throw notFound(`no integration ${id}`)
      return { integration: view(updated), secret: shown }
    },
    'integrations.delete': async (args) => {
      const id = requireString(args, 'id')
      deps.answerTimes.forget(id)
      return { deleted: settings.removeIntegration(id) }
    },
    'integrations.sendTest': async (args) =>
      sendTestDelivery(deps, requireString(args, 'id'), optionalString(args, 'sample', 100)),

    'integrations.setSourceConnection': async (args) => {
      const id = requireString(args, 'id')
      const existing = settings.integration(id)
      if (!existing) throw notFound(`no integration ${id}`)
      if (!sourceToolFor(existing.provider)) throw badRequest(`Hookbell cannot act on ${existing.provider} yet`, 'no_source_tool')
      const source = updatedConnection(existing, args)
      const updated = settings.updateIntegration(id, (current) => {
        const { source: _old, ...rest } = current
        return source ? { ...rest, source } : rest
      })
      if (!updated) throw notFound(`no integration ${id}`)
      return view(updated)
    },
    'integrations.testSourceConnection': async (args) => {
      const id = requireString(args, 'id')
      const existing = settings.integration(id)
      if (!existing) throw notFound(`no integration ${id}`)
      return deps.sourceActions.test(id, testedConnection(existing, args))
    },
    'sourceActions.retry': async (args) => {
      const id = optionalInt(args, 'id', 1, Number.MAX_SAFE_INTEGER)
      if (id === undefined) throw badRequest('id is required')
      const retried = deps.sourceActions.retryNow(id)
      if (retried === 'not-failed') throw notFound(`no failed action on the source ${id}`)
      if (retried === 'superseded')
        throw new HttpError(
          409,
          'superseded',
          `action on the source ${id} was overtaken by a later action on its incident: only the latest can be retried`,
        )
      return { ok: true as const }
    },
    'targets.list': async () => deps.forwarder.targets.list(),
    'targets.create': async (args) => deps.forwarder.targets.create(args),
    'targets.update': async (args) => deps.forwarder.targets.update(requireString(args, 'id'), args),
    'targets.delete': async (args) => ({ deleted: deps.forwarder.targets.remove(requireString(args, 'id')) }),
    'targets.test': async (args) => deps.forwarder.test(requireString(args, 'id')),
    'targets.preview': async (args) => {
      const incidentId = optionalString(args, 'incidentId')
      const incident = incidentId ? incidents.get(incidentId) : undefined
      if (incidentId && !incident) throw notFound(`no incident ${incidentId}`)
      if (!args || typeof args.target !== 'object' || args.target === null) throw badRequest('target is required')
      return deps.forwarder.preview(args.target, incident)
    },
    'targets.presets': async () => deps.forwarder.presets(),
    'forwards.failed': async () => deps.forwarder.failed(),
    'forwards.retry': async (args) => {
      const id = optionalInt(args, 'id', 1, Number.MAX_SAFE_INTEGER)
      if (id === undefined) throw badRequest('id is required')
      if (!deps.forwarder.retryNow(id)) throw notFound(`no failed forward ${id}`)
      return { ok: true as const }
    },

    'deliveries.list': async (args) => {
      // Over HTTP `integration` is a list parameter (as for incidents), so `?integration=ID` arrives as [ID].
      const integration = optionalList(args, 'integration')
      if (integration && integration.length > 1) throw badRequest('deliveries: one integration at a time')
      return deliveries.list({
        limit: optionalInt(args, 'limit', 1, 500),
        cursor: optionalString(args, 'cursor', 50),
        integration: integration?.[0],
        outcome: optionalOneOf(args, 'outcome', DELIVERY_OUTCOMES),
      })
    },

    'deliveries.replay': async (args) => {
      const id = optionalInt(args, 'id', 1, Number.MAX_SAFE_INTEGER)
      if (id === undefined) throw badRequest('id is required')
      const stored = deliveries.request(id)
      if (!stored) throw notFound(`delivery ${id} has no stored body to replay (too large, or past retention)`)
      if (!stored.integrationId)
        throw badRequest('this delivery was for an unknown integration: there is nothing to replay it into')
      if (stored.headers.authorization === '[redacted]')
        throw badRequest('its Authorization header was a secret and is not kept: ask the sender to resend')
      const result = await deps.ingest.ingest(stored.integrationId, {
        method: 'POST',
        headers: stored.headers,
        query: '',
        body: stored.body,
        receivedAt: deps.now(),
        via: stored.via,
      })
      return result.delivery
    },
    'settings.get': async () => viewPreferences(settings.preferences()),
    'settings.update': async (args) => {
      if (typeof args !== 'object' || args === null) throw badRequest('expected an object of preferences')
      const next = settings.updatePreferences(keepingWriteOnly(args), validatePreferences)
      deps.onSettingsChanged()
      deps.events.emit('status.changed', await api['status.get']({}))
      return viewPreferences(next)
    },
    'status.get': async () => {
      const totals = incidents.totals()
      const receiver = deps.receiverState()
      return {
        version: deps.version,
        receiver: { url: deps.receiverUrl(), listening: receiver.listening, error: receiver.error },
        relay: deps.relayStatus(),
        notifier: deps.notifier.status(),
        store: { incidents: totals.incidents, open: totals.open, openGroups: totals.openGroups, path: deps.dbPath },
        worst: totals.worst,
      }
    },
  }
  return api
}
