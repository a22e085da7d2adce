import { EventEmitter } from 'node:events'
import type { PushEvent, PushEventName, PushEvents } from '../../shared/contract'

/** Typed push events from the core to whichever shell shows them (IPC or SSE). */
export function createEventBus() {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(100)
  return {
    emit<E extends PushEventName>(type: E, data: PushEvents[E]): void {
      emitter.emit('event', { type, data } as PushEvent)
    },
    subscribe(listener: (event: PushEvent) => void): () => void {
      emitter.on('event', listener)
      return () => emitter.off('event', listener)
    },
  }
}

export type EventBus = ReturnType<typeof createEventBus>
