// The UI's one way to reach the core, whichever shell it runs in.
import type { ApiArgs, ApiErrorBody, ApiMethod, ApiResult, PushEvent } from '../../../shared/contract'

export interface Transport {
  call(method: ApiMethod, args: unknown): Promise<unknown>
  subscribe(listener: (event: PushEvent) => void, onConnection?: (connected: boolean) => void): () => void
}

export interface Client {
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>>
  subscribe(listener: (event: PushEvent) => void, onConnection?: (connected: boolean) => void): () => void
}

/** An error the core answered with: `code` for code, `message` for people. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }

  static from(body: unknown, status?: number): ApiError {
    const error = (body as Partial<ApiErrorBody> | null)?.error
    return new ApiError(error?.code ?? 'error', error?.message ?? `request failed${status ? ` (${status})` : ''}`, status)
  }
}

export function createClient(transport: Transport): Client {
  return {
    call: (method, args) => transport.call(method, args) as never,
    subscribe: (listener, onConnection) => transport.subscribe(listener, onConnection),
  }
}
