// Load for `npm run bench -- ingest`: signed 1.5 KB generic deliveries (delivery.js), each a new incident, sent
// with autocannon as fast as answered, or on a fixed schedule by paced.js; and what a server process costs,
// read from /proc (Linux) so both servers are measured alike.
import { readFileSync } from 'node:fs'
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
}

/** POSTs fresh deliveries as fast as they are answered: for `seconds`, or `amount` of them. */
export async function load(
  url: string,
  secret: string,
  opts: { connections: number; seconds?: number; amount?: number },
): Promise<LoadResult> {
  const result = await autocannon({
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
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
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

/** Writes back what the OS holds dirty (`sync`), so that a run does not pay for the run before it. */
export function settleDisk(): void {
  try {
    execFileSync('sync')
  } catch {
    // No `sync` (Windows): the runs still alternate, so both servers meet the same disk.
  }
}
