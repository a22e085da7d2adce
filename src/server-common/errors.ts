// Boundary failures: one error class with an HTTP status and a stable code, mapped to responses in one place
// (`sendError` in server-common/http.ts) for the receiver, the API and the relay.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export const badRequest = (message: string, code = 'bad_request') => new HttpError(400, code, message)
export const notFound = (message: string) => new HttpError(404, 'not_found', message)

/** Anything thrown that carries a numeric `status` and `code` is treated as an HttpError. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error
  if (error instanceof Error && 'status' in error && typeof error.status === 'number' && 'code' in error) {
    return new HttpError(error.status, String(error.code), error.message)
  }
  return new HttpError(500, 'internal', 'internal error (see the Hookbell log)')
}
