// Ingest at the limit: `hookbell serve` beside a bare node:http + node:sqlite receiver (bench/ingest/
// bare-server.js), both child processes on loopback, measured in alternating rounds of the same run with
// autocannon as the load generator for throughput, and a paced sender (bench/ingest/paced.js) for the steady
// rate, since autocannon's own rate limit sends each second's deliveries in one burst. Then a storm: 10,000 deliveries as fast as they are answered with the
// UI's event stream (SSE) connected. Goals from issue 13: ratio ≥ 0.8, p99 < 20 ms at 500/s, no non-2xx,
// a bounded event stream, memory back to its baseline.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { serveCli, servedApi, type Served } from '../test/helpers/cli'
import { tempDir } from '../test/helpers/test-core'
import {
  cpuMs,
  describeFailed,
  heapProbeEnv,
  liveMemory,
  load,
  mergeFailed,
  paced,
  rssBytes,
  settleDisk,
  type LoadResult,
} from './ingest/load'
import { ensureBuilt } from './ensure-built'
import { mb, median, ms, printTable, us, verdict } from './report'

const CONNECTIONS = 20
const ROUNDS = 3
const ROUND_SECONDS = 6
const STEADY_RATE = 500
const STEADY_SECONDS = 8
const STORM = 10_000

async function startBare(dir: string, secret: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bench/ingest/bare-server.js', dir, secret], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer]
  const port = /listening (\d+)/.exec(chunk.toString())![1]
  return { child, url: `http://127.0.0.1:${port}/hooks/bench` }
}

/** One load run against one server process, with the CPU time that process spent on it. */
async function measured(pid: number, run: () => Promise<LoadResult>) {
  const cpuBefore = cpuMs(pid)
  const result = await run()
  return { ...result, cpuPerDeliveryUs: ((cpuMs(pid) - cpuBefore) * 1000) / Math.max(1, result.ok + result.non2xx) }
}

/** Counts events on the UI's stream; `idleFor` resolves once none arrived for `quietMs`. */
function openStream(uiBase: string, token: string) {
  const abort = new AbortController()
  let events = 0
  let lastAt = performance.now()
  const ready = fetch(`${uiBase}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }).then(
    async (response) => {
      const reader = response.body!.getReader()
      const decoder = new TextDecoder()
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read()
            if (done) return
            const text = decoder.decode(value, { stream: true })
            const found = text.match(/^event: /gm)?.length ?? 0
            if (found > 0) {
              events += found
              lastAt = performance.now()
            }
          }
        } catch {
          // aborted at the end of the run
        }
      })()
    },
  )
  return {
    ready,
    get events() {
      return events
    },
    async idleFor(quietMs: number, timeoutMs = 60_000) {
      const started = performance.now()
      while (performance.now() - lastAt < quietMs && performance.now() - started < timeoutMs) await sleep(100)
    },
    close: () => abort.abort(),
  }
}

const sleep = (msDelay: number) => new Promise((r) => setTimeout(r, msDelay))

it('ingest: hookbell serve beside a bare node:http + node:sqlite receiver', async () => {
  ensureBuilt()
  const dir = tempDir('hookbell-bench-ingest-')
  const dataDir = join(dir, 'hookbell')
  const bareSecret = 'bench-secret-0123456789abcdef'
  const bare = await startBare(dir, bareSecret)
  const heapOut = join(dir, 'serve-heap.json')
  let served: Served | null = await serveCli(dataDir, [], heapProbeEnv(heapOut))
  try {
    const api = servedApi(() => served!, dataDir)
    const { integration, secret } = await api<{ integration: { id: string }; secret: string }>('POST', '/api/integrations', {
      provider: 'generic',
    })
    const hookbell = { pid: served.child.pid!, url: `${served.receiverBase}/hooks/${integration.id}`, secret }
    const baseline = { pid: bare.child.pid!, url: bare.url, secret: bareSecret }

    // Warm both (JIT, page cache), then alternate so CPU steal from other work hits both alike.
    for (const s of [baseline, hookbell]) await load(s.url, s.secret, { connections: CONNECTIONS, seconds: 2 })
    const flat = { ours: [] as Awaited<ReturnType<typeof measured>>[], base: [] as Awaited<ReturnType<typeof measured>>[] }
    for (let round = 0; round < ROUNDS; round++) {
      flat.base.push(
        await measured(baseline.pid, () =>
          load(baseline.url, baseline.secret, { connections: CONNECTIONS, seconds: ROUND_SECONDS }),
        ),
      )
      flat.ours.push(
        await measured(hookbell.pid, () =>
          load(hookbell.url, hookbell.secret, { connections: CONNECTIONS, seconds: ROUND_SECONDS }),
        ),
      )
    }
    const steady = { ours: [] as LoadResult[], base: [] as LoadResult[] }
    for (let round = 0; round < 2; round++) {
      const opts = { rate: STEADY_RATE, seconds: STEADY_SECONDS, sockets: CONNECTIONS }
      // Each steady run starts with the disk's queue empty: the OS writes back what the throughput rounds
      // (and the other server's run) left dirty in its own time, and a server's write that lands on a block
      // being written back waits for it (tens of ms) - a cost of the run before, not of this one.
      settleDisk()
      steady.base.push(await paced(baseline.url, baseline.secret, opts))
      settleDisk()
      steady.ours.push(await paced(hookbell.url, hookbell.secret, opts))
    }

    // Storm, with the UI's event stream connected.
    const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim()
    const countsBefore = await api<{ total: number }>('GET', '/api/incidents/counts')
    await sleep(2000)
    const rssBefore = rssBytes(hookbell.pid)
    const liveBefore = await liveMemory(hookbell.pid, heapOut)
    const stream = openStream(served.uiBase, token)
    await stream.ready
    let rssPeak = rssBefore
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssBytes(hookbell.pid))), 100)
    const stormStart = performance.now()
    const storm = await measured(hookbell.pid, () =>
      load(hookbell.url, hookbell.secret, { connections: 50, amount: STORM }),
    ).finally(() => clearInterval(sampler))
    const stormMs = performance.now() - stormStart
    await stream.idleFor(1500)
    const streamEvents = stream.events
    stream.close()
    await sleep(5000)
    const rssAfter = rssBytes(hookbell.pid)
    const liveAfter = await liveMemory(hookbell.pid, heapOut)
    const countsAfter = await api<{ total: number }>('GET', '/api/incidents/counts')
    const stored = countsAfter.total - countsBefore.total

    const ratio = median(flat.ours.map((r) => r.perSecond)) / median(flat.base.map((r) => r.perSecond))
    const worst = (rs: LoadResult[], k: 'p50' | 'p99') => Math.max(...rs.map((r) => r.latency[k]))
    const non2xx = [...flat.ours, ...steady.ours, storm].reduce((n, r) => n + r.non2xx + r.errors, 0)
    const failedIn = (rs: LoadResult[]) => describeFailed(mergeFailed(rs))
    const p99 = worst(steady.ours, 'p99')
    const eventsPerSecond = streamEvents / (stormMs / 1000)
    const rows = [
      {
        measure: `deliveries/s (${CONNECTIONS} connections, median of ${ROUNDS})`,
        value: median(flat.ours.map((r) => r.perSecond)).toFixed(0),
        baseline: `${median(flat.base.map((r) => r.perSecond)).toFixed(0)} bare server`,
      },
      { measure: 'ratio serve / bare', value: ratio.toFixed(2), goal: '≥ 0.8', verdict: verdict(ratio >= 0.8) },
      {
        measure: 'rounds (serve; bare)',
        value: flat.ours.map((r) => r.perSecond.toFixed(0)).join(' '),
        baseline: flat.base.map((r) => r.perSecond.toFixed(0)).join(' '),
      },
      {
        measure: 'CPU per delivery (serve process)',
        value: us(median(flat.ours.map((r) => r.cpuPerDeliveryUs))),
        baseline: `${us(median(flat.base.map((r) => r.cpuPerDeliveryUs)))} bare server`,
      },
      {
        measure: `p50 at ${STEADY_RATE}/s (worst of 2 × ${STEADY_SECONDS} s)`,
        value: ms(worst(steady.ours, 'p50')),
        baseline: `${ms(worst(steady.base, 'p50'))} bare server`,
      },
      {
        measure: `p99 at ${STEADY_RATE}/s`,
        value: ms(p99),
        baseline: `${ms(worst(steady.base, 'p99'))} bare server`,
        goal: '< 20 ms',
        verdict: verdict(p99 < 20),
      },
      {
        measure: `max at ${STEADY_RATE}/s`,
        value: ms(Math.max(...steady.ours.map((r) => r.latency.max))),
        baseline: `${ms(Math.max(...steady.base.map((r) => r.latency.max)))} bare server`,
      },
      {
        measure: `achieved rate at ${STEADY_RATE}/s`,
        value: median(steady.ours.map((r) => r.perSecond)).toFixed(0),
        baseline: median(steady.base.map((r) => r.perSecond)).toFixed(0),
      },
      { measure: 'non-2xx + errors (serve, all runs)', value: String(non2xx), goal: '0', verdict: verdict(non2xx === 0) },
      {
        measure: 'what failed (serve: rounds; steady; storm)',
        value: `${failedIn(flat.ours)}; ${failedIn(steady.ours)}; ${failedIn([storm])}`,
        baseline: `bare: ${failedIn([...flat.base, ...steady.base])}`,
      },
      {
        measure: `storm: ${STORM} deliveries, 50 connections`,
        value: `${(stormMs / 1000).toFixed(1)} s, ${storm.perSecond.toFixed(0)}/s`,
        baseline: `p99 ${ms(storm.latency.p99)}, max ${ms(storm.latency.max)}`,
      },
      { measure: 'storm: stored', value: String(stored), goal: String(STORM), verdict: verdict(stored === STORM) },
      {
        measure: 'storm: SSE events',
        value: `${streamEvents} (${eventsPerSecond.toFixed(0)}/s)`,
        baseline: `${2 * STORM} if one per delivery + incident`,
        goal: '≤ 20/s',
        verdict: verdict(eventsPerSecond <= 20),
      },
      {
        measure: 'storm: live heap before / 5 s after (full GC)',
        value: `${mb(liveBefore.heapUsed)} / ${mb(liveAfter.heapUsed)}`,
        goal: 'after ≤ before + 20 MB',
        verdict: verdict(liveAfter.heapUsed <= liveBefore.heapUsed + 20 * 1024 * 1024),
      },
      {
        measure: 'storm: RSS before / peak / 5 s after',
        value: `${mb(rssBefore)} / ${mb(rssPeak)} / ${mb(rssAfter)}`,
        baseline: 'V8 keeps the heap it grew until it next collects',
      },
    ]
    printTable(
      'Ingest (autocannon 9 for throughput and the storm, bench/ingest/paced.js for the steady rate; loopback, 1.5 KB signed generic deliveries, each a new incident; shared CPU: compare ratios)',
      rows,
    )
  } finally {
    await served?.stop()
    served = null
    bare.child.kill('SIGTERM')
    await once(bare.child, 'exit')
    rmSync(dir, { recursive: true, force: true })
  }
})
