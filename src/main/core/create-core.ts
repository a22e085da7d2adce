// Wires the core: receiver, ingest, store, settings, notifier, forwarder, relay poller and the API
// handlers. Plain Node: both shells (Electron and headless) start the same core.
import { userInfo } from 'node:os'
import { join } from 'node:path'
import type { Api } from '../../shared/contract'
import { createHandlers } from './api/handlers'
import { createEventBus } from './events'
import type { TargetEvent } from '../../shared/target'
import type { TeamAction } from '../../server-common/relay-protocol'
import { createUiEvents } from './ui-events'
import { forwardEventFor } from './incident/lifecycle'
import { createForwarder } from './forward/forwarder'
import { createTargets } from './forward/targets'
import { createAnswerTimes } from './ingest/answer-times'
import { createIngest, type IngestResult } from './ingest/pipeline'
import { createCertStore } from './ingest/cert-store'
import { createNotifier, type NotificationPort } from './notify/notifier'
import { PROVIDERS } from './providers'
import { createReceiver, RECEIVER_LIMITS } from './receiver/receiver'
import { createRelayPoller } from './relay/poller'
import { createTeamNotes } from './relay/team-notes'
import { createConfBackend, PLAIN_CODEC, type SecretCodec, type SettingsBackend } from './settings/backend'
import { createSettings } from './settings/settings'
import { openDb } from '../../server-common/sqlite'
import { ensurePrivateDir, makePrivate } from '../../server-common/private-files'
import { createGroupCommit } from '../../server-common/group-commit'
import { createCheckpointer } from '../../server-common/checkpointer'
import { MIGRATIONS } from './store/migrations'
import { createDeliveryLog } from './store/delivery-log'
import { createIncidentStore, type Applied, type IncidentStore } from './store/incident-store'
import { provenanceOf } from './providers/provenance'
import { RELAY_CHECK_HEADER } from './providers/relay-check'
import { VERSION } from './version'

export interface CoreOptions {
  dataDir: string
  receiver?: { host?: string; port?: number }
  /** Tests and benchmarks tighten these; the defaults are in receiver/receiver.ts. */
  receiverLimits?: Partial<typeof RECEIVER_LIMITS>
  /** electron-store in the Electron shell; conf in `<dataDir>` otherwise. */
  settingsBackend?: SettingsBackend
  secretCodec?: SecretCodec
  notificationPort?: NotificationPort
  now?: () => number
  log?: (message: string) => void
  fetch?: typeof fetch
  /** Relay polling: long-poll wait (s) and pause between polls (ms); benchmarks compare plain polling. */
  relayPolling?: { waitSeconds?: number; intervalMs?: number; backoffSeconds?: number[]; minIntervalMs?: number }
  /** Forward retry schedule (ms before each attempt); the default is about 5 hours in all. */
  forwardRetryDelaysMs?: readonly number[]
}

const NO_TOASTS: NotificationPort = { show: async () => ({ status: 'not_sent', reason: 'notifications are off (--no-notify)' }) }

export function createCore(options: CoreOptions) {
  const now = options.now ?? Date.now
  const log = options.log ?? ((message: string) => console.error(message))
  // The folder holds secrets (settings, api-token): the user's alone.
  ensurePrivateDir(options.dataDir)
  const dbPath = join(options.dataDir, 'hookbell.db')
  const db = openDb(dbPath, MIGRATIONS)
  const settingsBackend = options.settingsBackend ?? createConfBackend(options.dataDir)
  // conf and electron-store set the mode only when they create the file.
  if (settingsBackend.path) makePrivate(settingsBackend.path)
  const settings = createSettings(settingsBackend, options.secretCodec ?? PLAIN_CODEC)
  // Teammates see this name on what you acknowledge; until you pick one it is your OS user name.
  if (!settings.preferences().userName.trim()) settings.updatePreferences({ userName: osUserName() })
  const events = createEventBus()
  const uiEvents = createUiEvents(events)
  const incidents = createIncidentStore(db, { deployWindowMinutes: () => settings.preferences().deployWindowMinutes })
  const deliveries = createDeliveryLog(db)
  const host = options.receiver?.host ?? '127.0.0.1'
  let receiverError: string | null = null

  const sourceName = (integrationId: string): string => {
    const integration = settings.integration(integrationId)
    return integration?.name ?? PROVIDERS.get(integration?.provider ?? '')?.name ?? 'unknown source'
  }

  const notifier = createNotifier({
    port: options.notificationPort ?? NO_TOASTS,
    prefs: () => settings.preferences().notifications,
    now,
    log,
    isOpen: (id) => incidents.get(id)?.status === 'open',
    sourceName,
  })

  const forwarder = createForwarder({
    db,
    targets: createTargets(settings),
    incidents,
    sourceName,
    version: VERSION,
    now,
    log,
    fetch: options.fetch,
    retryDelaysMs: options.forwardRetryDelaysMs,
    onFinished: (incidentId) => {
      const incident = incidents.get(incidentId)
      if (incident) events.emit('incident.updated', incident)
    },
  })

  /** Whether a delivery since the last wake recorded outbox rows: the forwarder has something to send. */
  let forwardsRecorded = false
  /** Outbox rows of automatic forwards, committed with the delivery that caused them. */
  function inTransaction(applied: Applied[]): void {
    for (const a of applied) {
      const event = forwardEventFor(a.transition)
      if (event && forwarder.recordForIngest(a.incident, event).length > 0) forwardsRecorded = true
    }
  }

  function afterCommit(result: IngestResult): void {
    events.emit(result.delivery.outcome === 'rejected' ? 'delivery.rejected' : 'delivery.received', result.delivery)
    for (const applied of result.applied) {
      events.emit(applied.transition.previous === null ? 'incident.created' : 'incident.updated', applied.incident)
    }
    // Waking looks up what is due (two queries): only worth it when a rule matched, not per delivery.
    if (forwardsRecorded) {
      forwardsRecorded = false
      forwarder.wake()
    }
    notifier.onApplied(result.applied)
  }

  // Each event carries how its delivery proved its origin (signed by the provider, or vouched for by the
  // relay; providers/provenance.ts), kept with the incident's details and on its timeline.
  const withProvenance: IncidentStore = {
    ...incidents,
    apply(integrationId, providerId, event, raw, at, fingerprint) {
      const integration = settings.integration(integrationId)
      const provider = PROVIDERS.get(providerId)
      if (!integration || !provider) return incidents.apply(integrationId, providerId, event, raw, at, fingerprint)
      // The receiver drops this header from direct deliveries: only the relay poller sets it.
      const via = raw.headers[RELAY_CHECK_HEADER] !== undefined ? 'relay' : 'direct'
      const provenance = provenanceOf(provider, integration, { headers: raw.headers, via })
      return incidents.apply(integrationId, providerId, { ...event, provenance }, raw, at, fingerprint)
    },
  }
  // Under a steady load, WAL checkpoints run on a worker so that commits, and so answers, stay short.
  const checkpointer = createCheckpointer(db, dbPath, { log })
  const groupCommit = createGroupCommit(db, [incidents.searchBatch], checkpointer.beforeWrite)
  const ingest = createIngest({
    commit: groupCommit,
    settings,
    incidents: withProvenance,
    deliveries,
    providers: PROVIDERS,
    // SNS signing certificates, kept next to the database so an offline laptop still verifies.
    services: createCertStore({ dir: join(options.dataDir, 'sns-certs'), fetch: options.fetch, log }),
    now,
    log,
    inTransaction,
    afterCommit,
  })

  const answerTimes = createAnswerTimes()
  const receiver = createReceiver({
    host,
    port: options.receiver?.port ?? 7700,
    ingest,
    isKnown: (integrationId) => settings.integration(integrationId) !== undefined,
    now,
    log,
    limits: options.receiverLimits,
    onAnswered: (integrationId, ms) => answerTimes.record(integrationId, ms, now()),
  })

  /** The port the receiver is meant to listen on (a setting in the desktop app; `--port` in headless mode). */
  let receiverPort = options.receiver?.port ?? 7700
  const receiverUrl = () => `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${receiver.port ?? receiverPort}`

  const teamNotes = createTeamNotes({
    db,
    settings,
    incidents,
    deliveries,
    now,
    log,
    fetch: options.fetch,
    onApplied: (incident) => events.emit('incident.updated', incident),
  })

  const relay = createRelayPoller({
    teamNotes,
    settings,
    ingest,
    db,
    notifier,
    now,
    log,
    fetch: options.fetch,
    ...options.relayPolling,
    onStatus: (status) => events.emit('relay.status', status),
  })

  const api: Api = createHandlers({
    version: VERSION,
    settings,
    incidents,
    deliveries,
    providers: PROVIDERS,
    events,
    notifier,
    forwarder,
    ingest,
    receiverUrl,
    receiverState: () => ({ listening: receiver.listening, error: receiverError }),
    relayStatus: () => relay.status(),
    relayUrlFor: (integrationId) => relay.urlFor(integrationId),
    answerTimes,
    dbPath,
    now,
    onSettingsChanged: () => relay.wake(),
    onUserChange: (incident, transition) => {
      events.emit('incident.updated', incident)
      const event = forwardEventFor(transition)
      if (event) forwarder.onIncidentEvent(incident, event)
      const action = event ? TEAM_ACTIONS_BY_EVENT[event] : undefined
      if (action) teamNotes.record(incident, action, action === 'snoozed' ? incident.snoozedUntil : null)
    },
  })

  async function listenOn(port: number, atStart: boolean): Promise<number> {
    receiverPort = port
    try {
      const bound = await receiver.start(port)
      receiverError = null
      if (!atStart) events.emit('status.changed', await api['status.get']({}))
      return bound
    } catch (error) {
      receiverError = receiverFailure(error, host, port)
      events.emit('status.changed', await api['status.get']({}))
      throw error
    }
  }

  let pruneTimer: NodeJS.Timeout | null = null
  /** Retention in small batches, yielding between them so ingest never waits behind a long delete. */
  function prune(): void {
    const { retention } = settings.preferences()
    const step = () => {
      const removed = incidents.pruneBatch({ ...retention, now: now() })
      if (removed > 0) setImmediate(step)
      else deliveries.prune(now())
    }
    try {
      step()
    } catch (error) {
      log(`[store] pruning failed: ${String(error)}`)
    }
  }

  return {
    api,
    events,
    /** The events coalesced for the window, the browser UI and the tray (ui-events.ts). */
    uiEvents,
    ingest,
    groupCommit,
    settings,
    notifier,
    forwarder,
    relay,
    teamNotes,
    dataDir: options.dataDir,
    dbPath,
    receiverUrl,
    /**
     * Starts background work (toasts, forwarding, relay polling, pruning), then the receiver. Resolves with
     * the receiver's bound port. A receiver that cannot listen (the port is taken) rejects, but everything
     * else keeps running: the relay still delivers, and status says why the receiver is down.
     */
    async start(): Promise<{ receiverPort: number }> {
      notifier.start()
      forwarder.start()
      relay.start()
      teamNotes.start()
      prune()
      pruneTimer = setInterval(prune, 10 * 60_000)
      pruneTimer.unref()
      return { receiverPort: await listenOn(receiverPort, true) }
    },
    /**
     * Moves the receiver to another port (the desktop's setting changed). Resolves whether it listens; when
     * it cannot, status says why and the rest keeps running, as at start.
     */
    async moveReceiver(port: number): Promise<boolean> {
      await receiver.stop()
      return listenOn(port, false).then(
        () => true,
        () => false,
      )
    },
    async stop(): Promise<void> {
      if (pruneTimer) clearInterval(pruneTimer)
      await forwarder.stop()
      notifier.stop()
      await receiver.stop()
      await relay.stop()
      await teamNotes.stop()
      // Deliveries already read are committed (and answered) before the database closes.
      await groupCommit.idle()
      await checkpointer.stop()
      uiEvents.close()
      settings.close()
      db.close()
    },
  }
}

export type Core = ReturnType<typeof createCore>

/** What a user can do about a receiver that cannot listen. */
function receiverFailure(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE')
    return `port ${port} on ${host} is already in use by another program. Pick another receiver port in Settings → Receiver & relay (then update the URLs in your tools), or stop the other program. Deliveries through the relay still arrive.`
  if (code === 'EACCES') return `not allowed to listen on port ${port}: pick a port above 1023 in Settings → Receiver & relay.`
  return `the receiver could not listen on ${host}:${port}: ${(error as Error).message}`
}

/** The user's changes a teammate hears about, by the event they are for forwarding. */
const TEAM_ACTIONS_BY_EVENT: Partial<Record<TargetEvent, TeamAction>> = {
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.updated': 'reopened',
  'incident.snoozed': 'snoozed',
}

function osUserName(): string {
  try {
    return userInfo().username || 'teammate'
  } catch {
    // No passwd entry (some containers): the environment may still know.
    return process.env.USER ?? process.env.USERNAME ?? 'teammate'
  }
}
