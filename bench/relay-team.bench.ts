// The relay for a team: deliveries/s into the relay on SQLite, on PostgreSQL, and on two PostgreSQL instances
// sharing one database; then end to end (POST to the relay → incident committed in each of 10 app cores,
// each with its own read token) for the same three set-ups. The one-instance figures are the baselines.
// Everything runs in this process on loopback (the instances too, so they share its CPU), with a throwaway
// PostgreSQL cluster; compare the ratios, not the absolute numbers.
import autocannon from 'autocannon'
import { rmSync } from 'node:fs'
import { it } from 'vitest'
import { createRelayServer } from '../src/relay/relay-server'
import { openRelayStore } from '../src/relay/store/open-store'
import type { RelayStore } from '../src/relay/store/types'
import { startPostgres } from '../test/helpers/postgres'
import { hmacHex } from '../test/helpers/sign'
import { startCore, tempDir, type TestCore } from '../test/helpers/test-core'
import { ms, percentile, printTable, verdict } from './report'

const LOAD_SECONDS = 5
const CONNECTIONS = 20
const READERS = 10
const SAMPLES = 30
const UNLIMITED = { perSecond: 1e9, burst: 1e9 }

interface Setup {
  label: string
  stores: RelayStore[]
  bases: string[]
  stop(): Promise<void>
}

async function setup(label: string, database: string | null, instances: number): Promise<Setup> {
  const dir = tempDir('hookbell-bench-relay-')
  const stores: RelayStore[] = []
  const servers: ReturnType<typeof createRelayServer>[] = []
  const bases: string[] = []
  for (let i = 0; i < instances; i++) {
    const store = await openRelayStore({ database, dataDir: dir }, { log: () => undefined })
    const server = createRelayServer({ store, host: '127.0.0.1', port: 0, rate: UNLIMITED, log: () => undefined })
    bases.push(`http://127.0.0.1:${await server.start()}`)
    stores.push(store)
    servers.push(server)
  }
  return {
    label,
    stores,
    bases,
    async stop() {
      for (const s of servers) await s.stop()
      for (const s of stores) await s.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Deliveries/s with CONNECTIONS connections split over the instances, for LOAD_SECONDS. */
async function throughput(s: Setup): Promise<number> {
  const { id } = await s.stores[0]!.addChannel('load', 'laptop', Date.now())
  const body = JSON.stringify({ summary: 'Load probe', dedup_key: 'load', severity: 'warning' })
  const results = await Promise.all(
    s.bases.map((base) =>
      autocannon({
        url: `${base}/r/${id}?integration=bench`,
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        connections: Math.ceil(CONNECTIONS / s.bases.length),
        duration: LOAD_SECONDS,
      }),
    ),
  )
  const accepted = results.reduce((n, r) => n + (r['2xx'] ?? 0), 0)
  return accepted / LOAD_SECONDS
}

/** POST → incident in each of READERS cores; the cores are spread over the instances, posts go to the first. */
async function endToEnd(s: Setup): Promise<number[]> {
  const now = Date.now()
  const channel = await s.stores[0]!.addChannel('team', 'reader-0', now)
  const tokens = [channel.token]
  for (let i = 1; i < READERS; i++) tokens.push((await s.stores[0]!.addReader(channel.id, `reader-${i}`, now))!.token)
  const secret = 'hbk_bench-team-secret'
  const integration = 'bench_team_integration_0001'
  const cores: TestCore[] = []
  for (let i = 0; i < READERS; i++) {
    const core = await startCore({ relayPolling: { waitSeconds: 30, intervalMs: 0 } })
    await core.api['integrations.create']({ provider: 'generic', id: integration, secret })
    const base = s.bases[i % s.bases.length]!
    await core.api['settings.update']({ relay: { url: `${base}/r/${channel.id}`, readToken: tokens[i]!, enabled: true } })
    cores.push(core)
  }
  for (const core of cores)
    while ((await core.api['status.get']({})).relay.state !== 'connected') await new Promise((r) => setTimeout(r, 20))
  const latencies: number[] = []
  for (let n = 0; n < SAMPLES; n++) {
    // Arrivals at random moments, as providers send them, not in step with the polls.
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 150))
    const key = `${s.label}-${n}`
    const seen = cores.map(
      (core) =>
        new Promise<number>((resolve) => {
          const off = core.core.events.subscribe((e) => {
            if (e.type === 'incident.created' && e.data.dedupKey === key) {
              off()
              resolve(performance.now())
            }
          })
        }),
    )
    const body = JSON.stringify({ summary: `Team probe ${n}`, dedup_key: key, severity: 'error' })
    const start = performance.now()
    await fetch(`${s.bases[0]}/r/${channel.id}?integration=${integration}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret, body)}` },
    })
    for (const at of await Promise.all(seen)) latencies.push(at - start)
  }
  for (const core of cores) await core.stop()
  return latencies
}

it('relay for a team: SQLite vs PostgreSQL vs two PostgreSQL instances', async () => {
  const cluster = await startPostgres()
  try {
    const runs = [
      { label: 'sqlite', database: null, instances: 1 },
      { label: 'pg-1', database: await cluster.createDatabase(), instances: 1 },
      { label: 'pg-2', database: await cluster.createDatabase(), instances: 2 },
    ]
    const figures: Record<string, { rate: number; latencies: number[] }> = {}
    for (const run of runs) {
      const s = await setup(run.label, run.database, run.instances)
      try {
        figures[run.label] = { rate: await throughput(s), latencies: await endToEnd(s) }
      } finally {
        await s.stop()
      }
    }
    const f = (label: string) => figures[label]!
    const rate = (label: string) => `${f(label).rate.toFixed(0)}/s`
    const p = (label: string, q: number) => percentile(f(label).latencies, q)
    printTable(
      `Relay for a team (${CONNECTIONS} connections × ${LOAD_SECONDS} s; end to end: ${SAMPLES} deliveries × ${READERS} readers, loopback, one process)`,
      [
        { measure: 'deliveries/s into the relay, SQLite', value: rate('sqlite') },
        {
          measure: 'deliveries/s, PostgreSQL, 1 instance',
          value: rate('pg-1'),
          baseline: `${rate('sqlite')} SQLite (${(f('pg-1').rate / f('sqlite').rate).toFixed(2)}×)`,
        },
        {
          measure: 'deliveries/s, PostgreSQL, 2 instances',
          value: rate('pg-2'),
          baseline: `${rate('pg-1')} one instance (${(f('pg-2').rate / f('pg-1').rate).toFixed(2)}×)`,
        },
        { measure: 'end to end p50 / p99, SQLite', value: `${ms(p('sqlite', 50))} / ${ms(p('sqlite', 99))}`, goal: '< 150 ms' },
        {
          measure: 'end to end p50 / p99, PostgreSQL, 1 instance',
          value: `${ms(p('pg-1', 50))} / ${ms(p('pg-1', 99))}`,
          baseline: `${ms(p('sqlite', 50))} / ${ms(p('sqlite', 99))} SQLite`,
          goal: '< 150 ms',
          verdict: verdict(p('pg-1', 50) < 150),
        },
        {
          measure: 'end to end p50 / p99, 2 instances (posted to A, half the readers on B)',
          value: `${ms(p('pg-2', 50))} / ${ms(p('pg-2', 99))}`,
          baseline: `${ms(p('pg-1', 50))} / ${ms(p('pg-1', 99))} one instance`,
          goal: '< 150 ms',
          verdict: verdict(p('pg-2', 50) < 150),
        },
      ],
    )
  } finally {
    cluster.stop()
  }
})
