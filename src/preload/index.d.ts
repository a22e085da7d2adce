import type { ApiErrorBody, ApiMethod, PushEvent } from '../shared/contract'

/** What `invoke` resolves with: results and errors both as values, since IPC flattens thrown errors. */
export type IpcEnvelope = { ok: true; result: unknown } | ({ ok: false } & ApiErrorBody)

export interface HookbellBridge {
  invoke(method: ApiMethod, args: unknown): Promise<IpcEnvelope>
  onEvent(listener: (event: PushEvent) => void): () => void
}

declare global {
  interface Window {
    api?: HookbellBridge
  }
}
