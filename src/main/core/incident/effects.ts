// What an applied change causes, whatever caused it: a delivery (ingest/pipeline.ts), your action (one click
// through store/incident-store.ts `act`, or many through api/bulk.ts), or a teammate's note applied from the
// relay (relay/team-notes.ts). Two halves:
// - inside the change's transaction, what must survive with it or not at all: the outbox rows of automatic
//   forwards, the team note to post and, for your own changes, the action on the source (source-actions/:
//   an Alertmanager silence for your acknowledge). A crash after the commit then loses none of them (a kill -9 between
//   a commit and a later write used to lose the forward of an acknowledge).
// - after the commit, what only informs: UI events (coalesced by ui-events.ts), toasts, the tray's status,
//   and waking the forwarder, the team-note poster and the source actor to send what was committed.
// The incident's own row, timeline, search index and group key are the store's writes, in the same transaction.
import type { Incident } from '../../../shared/incident'
import type { TargetEvent } from '../../../shared/target'
import type { DeliveryView } from '../../../shared/model'
import type { EventBus } from '../events'
import type { Applied } from '../store/incident-store'
import { forwardEventFor, type Transition } from './lifecycle'

/** Who caused a change: a source's delivery, you, or a teammate through the team relay. */
export type Cause = 'delivery' | 'user' | 'teammate'

export interface EffectsDeps {
  events: EventBus
}

/** The parts the effects reach, connected once they exist (the forwarder and team notes need the store). */
export interface EffectTargets {
  /** Commits the outbox rows of the forward rules matching `event`; returns how many. Inside a transaction. */
  forward: { record(incident: Incident, event: TargetEvent): number; wake(): void }
  /** Commits the note your change becomes for the team channel, if the incident came through it. */
  teamNotes: { record(incident: Incident, event: TargetEvent): boolean; send(): void }
  /**
   * Commits the action on the source your change becomes (source-actions/actor.ts), when the incident's
   * integration acts on its source. Only your own changes: a delivery came from the source, and a teammate's
   * Hookbell acted on the source when they acknowledged.
   */
  sourceActions: { record(incident: Incident, transition: Transition): boolean; wake(): void }
  /** Toast reasons of a delivery's transitions; the notifier's policy decides. */
  notifier: { onApplied(applied: Applied[]): unknown }
  /** Pushes the status (tray, badge) after a change you or a teammate made. */
  status: () => void
}

export function createEffects(deps: EffectsDeps) {
  let targets: EffectTargets | null = null
  /** Whether a change since the last wake recorded outbox rows: the forwarder has something to send. */
  let forwardsRecorded = false
  let notesRecorded = false
  let sourceActionsRecorded = false

  const connected = (): EffectTargets => {
    if (!targets) throw new Error('effects used before the core connected them')
    return targets
  }

  /** Call inside the change's transaction, with every incident it changed. */
  function inTransaction(applied: readonly Applied[], cause: Cause): void {
    const t = connected()
    for (const a of applied) {
      const event = forwardEventFor(a.transition)
      if (!event) continue
      if (cause === 'user' && t.sourceActions.record(a.incident, a.transition)) sourceActionsRecorded = true
      if (t.forward.record(a.incident, event) > 0) forwardsRecorded = true
      // Only your own changes go to the team: a teammate's note applied here is theirs, not to be echoed.
      if (cause === 'user' && t.teamNotes.record(a.incident, event)) notesRecorded = true
    }
  }

  /** Call after the commit. Waking looks up what is due (two queries): only when something was recorded. */
  function wake(): void {
    if (forwardsRecorded) {
      forwardsRecorded = false
      connected().forward.wake()
    }
    if (notesRecorded) {
      notesRecorded = false
      connected().teamNotes.send()
    }
    if (sourceActionsRecorded) {
      sourceActionsRecorded = false
      connected().sourceActions.wake()
    }
  }

  /** After the commit of a change you or a teammate made (one click, one bulk call, one note). */
  function afterCommit(changed: readonly Incident[]): void {
    if (changed.length === 0) return
    for (const incident of changed) deps.events.emit('incident.updated', incident)
    wake()
    connected().status()
  }

  /** A line was added to an incident's timeline outside a change (what became of a forward): the UI hears it. */
  function timelineChanged(incident: Incident): void {
    deps.events.emit('incident.updated', incident)
  }

  /** After a delivery's commit (and its answer): the log's event, the incidents' events, toasts. */
  function afterDelivery(delivery: DeliveryView, applied: readonly Applied[]): void {
    deps.events.emit(delivery.outcome === 'rejected' ? 'delivery.rejected' : 'delivery.received', delivery)
    for (const a of applied)
      deps.events.emit(a.transition.previous === null ? 'incident.created' : 'incident.updated', a.incident)
    wake()
    connected().notifier.onApplied(applied as Applied[])
  }

  return {
    inTransaction,
    afterCommit,
    afterDelivery,
    timelineChanged,
    connect(parts: EffectTargets): void {
      targets = parts
    },
  }
}

export type Effects = ReturnType<typeof createEffects>
