import type { HookbellBridge } from '../../../preload/index.d'
import { ApiError, type Transport } from './client'

/** Electron: the preload's bridge. */
export function createIpcTransport(bridge: HookbellBridge): Transport {
  return {
    async call(method, args) {
      const envelope = await bridge.invoke(method, args)
      if (!envelope.ok) throw ApiError.from(envelope)
      return envelope.result
    },
    subscribe(listener, onConnection) {
      onConnection?.(true)
      return bridge.onEvent(listener)
    },
  }
}
