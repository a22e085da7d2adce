// Wires the core: receiver, ingest, store, settings, notifier, forwarder, relay poller and the API
// handlers. Plain Node: both shells (Electron and headless) start the same core. Wiring only: what a change
// causes is incident/effects.ts, what a delivery goes through is ingest/pipeline.ts.
import { join } from 'node:path'
import type { Api } from '../../shared/contract'
import { createHandlers } from './api/handlers'
import { createEventBus } from './events'
import { createUiEvents } from './ui-events'
import { createEffects } from './incident/effects'
import { createForwarder } from './forward/forwarder'
import { createTargets } from './forward/targets'
import { createSourceActor } from './source-actions/actor'
import { createAnswerTimes } from './ingest/answer-times'
import { createIngest } from './ingest/pipeline'
import { createCertStore } from './ingest/cert-store'
import { createNotifier, type NotificationPort } from './notify/notifier'
import { createToastActor } from './notify/toast-actions'
import { PROVIDERS } from './providers'
import { createReceiver, receiverFailure, RECEIVER_LIMITS } from './receiver/receiver'
import { createRelayPoller } from './relay/poller'
import { createTeamNotes } from './relay/team-notes'
import { createConfBackend, PLAIN_CODEC, type SecretCodec, type SettingsBackend } from './settings/backend'
import { createSettings, ensureUserName } from './settings/settings'
import { openDb } from '../../server-common/sqlite'
import { ensurePrivateDir, makePrivate } from '../../server-common/private-files'
import { createGroupCommit } from '../../server-common/group-commit'
import { createCheckpointer } from '../../server-common/checkpointer'
import { MIGRATIONS } from './store/migrations'
import { createDeliveryLog } from './store/delivery-log'
import { createIncidentStore } from './store/incident-store'
import { createPruneLoop } from './store/retention'
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
  /** Acting on the source: its retry schedule, request timeout and silence-extension sweep (tests shorten them). */
  sourceActions?: { retryDelaysMs?: readonly number[]; timeoutMs?: number; sweepMs?: number }
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
  ensureUserName(settings)
  const events = createEventBus()
  const uiEvents = createUiEvents(events)
  const effects = createEffects({ events })
  const incidents = createIncidentStore(db, { deployWindowMinutes: () => settings.preferences().deployWindowMinutes, effects })
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
    openIncidents: (severity, limit) => incidents.list({ status: ['open'], severity, limit }).incidents,
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
    effects,
  })

  const sourceActions = createSourceActor({
    db,
    settings,
    incidents,
    now,
    log,
    fetch: options.fetch,
    effects,
    ...options.sourceActions,
  })

  // Under a steady load, WAL checkpoints run on a worker so that commits, and so answers, stay short.
  const checkpointer = createCheckpointer(db, dbPath, { log })
  const groupCommit = createGroupCommit(db, [incidents.searchBatch], checkpointer.beforeWrite)
  const ingest = createIngest({
    commit: groupCommit,
    settings,
    incidents,
    deliveries,
    providers: PROVIDERS,
    // SNS signing certificates, kept next to the database so an offline laptop still verifies.
    services: createCertStore({ dir: join(options.dataDir, 'sns-certs'), fetch: options.fetch, log }),
    now,
    log,
    effects,
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
    effects,
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
    sourceActions,
    ingest,
    receiverUrl,
    receiverState: () => ({ listening: receiver.listening, error: receiverError }),
    relayStatus: () => relay.status(),
    relayUrlFor: (integrationId) => relay.urlFor(integrationId),
    answerTimes,
    dbPath,
    now,
    onSettingsChanged: () => relay.wake(),
    effects,
  })
  // A toast's button (toast-actions.ts): the same API calls as the window's buttons.
  const toastAction = createToastActor({ api, now, log })

  effects.connect({
    forward: forwarder,
    teamNotes,
    sourceActions,
    notifier,
    // One status push after a change, so the tray and the window's badge need no request of their own.
    status: () => void api['status.get']({}).then((status) => events.emit('status.changed', status)),
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

  const pruning = createPruneLoop({
    pruneBatch: incidents.pruneBatch,
    pruneDeliveries: deliveries.prune,
    retention: () => settings.preferences().retention,
    now,
    log,
  })

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
    sourceActions,
    relay,
    teamNotes,
    /** A toast's Acknowledge or Snooze 1 h, as the shell hands it back: the toast's subject and the action's id. */
    toastAction,
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
      sourceActions.start()
      relay.start()
      teamNotes.start()
      pruning.start()
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
      pruning.stop()
      await forwarder.stop()
      await sourceActions.stop()
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
