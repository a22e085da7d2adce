// How the CLI fails: a CliError carries a message a person can act on and an exit status (2 for a wrong
// command line, 1 for everything else); anything else is a bug and is printed with its stack.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

export const usageError = (message: string) => new CliError(message, 2)

/** A port already taken, with the flag that picks another one. */
export function portInUse(error: unknown, flagFor: (port: number) => string): CliError | null {
  const e = error as NodeJS.ErrnoException & { port?: number; address?: string }
  if (e?.code !== 'EADDRINUSE') return null
  const port = e.port ?? 0
  return new CliError(
    `port ${port} on ${e.address ?? 'this machine'} is already in use (another Hookbell, or another program): ` +
      `pick another with ${flagFor(port)}`,
  )
}

export function parsePort(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 65535) throw usageError(`not a port number: ${value} (0-65535; 0 picks a free one)`)
  return n
}

/** The candidate nearest to a mistyped word (edit distance at most a third of its length), if any. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate)
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]!
}
