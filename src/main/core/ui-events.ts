// What the window (IPC), the browser UI (SSE) and the tray hear: the core's events, coalesced. A storm
// (Alertmanager flapping, a deploy that breaks everything) must not mean one repaint per delivery, so
// incident and delivery events are gathered and sent at most every FLUSH_MS with the latest state: a few
// incidents one by one, more than that as one `incidents.changed` that has the window reload its page.
// Other events (status, relay, ui.open) are rare and pass at once.
import type { Incident } from '../../shared/incident'
import type { DeliveryView } from '../../shared/model'
import type { PushEvent } from '../../shared/contract'
import type { EventBus } from './events'

export const FLUSH_MS = 250
/** Up to this many changed incidents in one flush are sent one by one (a lone alert shows at once). */
export const ONE_BY_ONE = 3

export function createUiEvents(bus: EventBus, options: { flushMs?: number } = {}) {
  const flushMs = options.flushMs ?? FLUSH_MS
  const listeners = new Set<(event: PushEvent) => void>()
  let incidents = new Map<string, { incident: Incident; created: boolean }>()
  let received: DeliveryView | null = null
  let rejected: DeliveryView | null = null
  let timer: NodeJS.Timeout | null = null
  let lastFlush = -Infinity

  const emit = (event: PushEvent) => {
    for (const listener of listeners) listener(event)
  }

  const unsubscribe = bus.subscribe((event) => {
    switch (event.type) {
      case 'incident.created':
      case 'incident.updated': {
        const created = event.type === 'incident.created' || incidents.get(event.data.id)?.created === true
        incidents.set(event.data.id, { incident: event.data, created })
        break
      }
      case 'delivery.received':
        received = event.data
        break
      case 'delivery.rejected':
        rejected = event.data
        break
      default:
        emit(event)
        return
    }
    // The first event after a quiet spell goes out on the next tick; in a storm, once per FLUSH_MS.
    timer ??= setTimeout(flush, Math.max(0, lastFlush + flushMs - performance.now()))
  })

  function flush(): void {
    timer = null
    lastFlush = performance.now()
    const changed = [...incidents.values()]
    incidents = new Map()
    if (changed.length > ONE_BY_ONE) emit({ type: 'incidents.changed', data: { count: changed.length } })
    else for (const c of changed) emit({ type: c.created ? 'incident.created' : 'incident.updated', data: c.incident })
    if (received) emit({ type: 'delivery.received', data: received })
    if (rejected) emit({ type: 'delivery.rejected', data: rejected })
    received = null
    rejected = null
  }

  return {
    subscribe(listener: (event: PushEvent) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** Sends what is gathered now (before shutting down). */
    flush(): void {
      if (!timer) return
      clearTimeout(timer)
      flush()
    },
    close(): void {
      if (timer) clearTimeout(timer)
      timer = null
      unsubscribe()
    },
  }
}

export type UiEvents = ReturnType<typeof createUiEvents>
