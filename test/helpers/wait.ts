// Waiting for something an outside process does (a server to be ready, a row to appear): polls `check` until
// it returns a value, and names what it waited for when it gives up. For checks written as assertions, see
// `eventually` in test-core.ts.
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
