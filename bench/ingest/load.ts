// Load for `npm run bench -- ingest`: signed 1.5 KB generic deliveries (delivery.js), each a new incident, sent
// with autocannon as fast as answered, or on a fixed schedule by paced.js; and what a server process costs,
// read from /proc (Linux) so both servers are measured alike.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import autocannon from 'autocannon'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { delivery } from './delivery.js'

export interface LoadResult {
  ok: number
  non2xx: number
  errors: number
  seconds: number
  perSecond: number
  latency: { p50: number; p99: number; max: number }
  /** What the non-2xx answers and errors were: status codes, error codes, `timeout`; counts of each. */
  failed: Record<string, number>
}

function count(into: Record<string, number>, what: string): void {
  into[what] = (into[what] ?? 0) + 1
}

export function mergeFailed(results: readonly LoadResult[]): Record<string, number> {
  const all: Record<string, number> = {}
  for (const r of results) for (const [what, n] of Object.entries(r.failed)) all[what] = (all[what] ?? 0) + n
  return all
}

/** "503 ×3, ECONNRESET ×1", or "none". */
export function describeFailed(failed: Record<string, number>): string {
  const parts = Object.entries(failed).map(([what, n]) => `${what} ×${n}`)
  return parts.length > 0 ? parts.join(', ') : 'none'
}

/** POSTs fresh deliveries as fast as they are answered: for `seconds`, or `amount` of them. */
export async function load(
  url: string,
  secret: string,
  opts: { connections: number; seconds?: number; amount?: number },
): Promise<LoadResult> {
  const failed: Record<string, number> = {}
  const instance = autocannon({
    url,
    connections: opts.connections,
    // autocannon refuses keys set to undefined.
    ...(opts.seconds !== undefined && { duration: opts.seconds }),
    ...(opts.amount !== undefined && { amount: opts.amount }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: Record<string, unknown>) => {
          const { body, headers } = delivery(secret)
          return { ...request, method: 'POST', body, headers }
        },
      },
    ],
  })
  instance.on('response', (_client: unknown, status: number) => {
    if (status < 200 || status >= 300) count(failed, String(status))
  })
  // autocannon's timeout is an Error('request timed out') without a code: named as paced.js names its own.
  instance.on('reqError', (error: NodeJS.ErrnoException) =>
    count(failed, error.code ?? (error.message === 'request timed out' ? 'timeout' : error.message)),
  )
  const result = await instance
  return {
    failed,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors, // timeouts included
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  }
}

/** Deliveries on a fixed schedule (paced.js, its own process): `rate`/s for `seconds`, over `sockets` connections. */
export async function paced(
  url: string,
  secret: string,
  opts: { rate: number; seconds: number; sockets: number },
): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    ['bench/ingest/paced.js', url, secret, String(opts.rate), String(opts.seconds), String(opts.sockets)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  await once(child, 'exit')
  return JSON.parse(out) as LoadResult
}

/** User + system CPU time a process has used, in ms (/proc/<pid>/stat, in clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match![1]) * 1024
}

/**
 * The process's memory after a full garbage collection: its live heap, not what V8 has kept of the heap it
 * grew. Needs the process started with heapProbeEnv (bench/ingest/heap-probe.js).
 */
export async function liveMemory(pid: number, outFile: string): Promise<{ heapUsed: number; rss: number }> {
  rmSync(outFile, { force: true })
  process.kill(pid, 'SIGUSR2')
  for (let waited = 0; !existsSync(outFile); waited += 50) {
    if (waited > 10_000) throw new Error('the heap probe did not answer: was serve started with heapProbeEnv?')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return JSON.parse(readFileSync(outFile, 'utf8')) as { heapUsed: number; rss: number }
}

/** The environment for a process liveMemory can ask. */
export function heapProbeEnv(outFile: string): NodeJS.ProcessEnv {
  const probe = new URL('./heap-probe.js', import.meta.url).href
  return {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc --import=${probe}`.trim(),
    HOOKBELL_BENCH_HEAP_OUT: outFile,
  }
}

/** Writes back what the OS holds dirty (`sync`), so that a run does not pay for the run before it. */
export function settleDisk(): void {
  try {
    execFileSync('sync')
  } catch {
    // No `sync` (Windows): the runs still alternate, so both servers meet the same disk.
  }
}
