// The relay at the speed of a storm (issue 27): the Hookbell relay on SQLite and on PostgreSQL with two
// instances, with the same sender (bench/relay-storm/sender.js, a process of its own) and the same recorder
// (an app core in this process, timing each incident's commit), in alternating rounds: end to end p50/p99 at
// a paced 20/s and 200/s, sustained end-to-end throughput for 20,000 deliveries, and what was lost or
// duplicated with the reader offline and with the relay killed mid-stream. Every delivery is HMAC-signed and
// the app verifies the signature over the bytes it gets, so an incident is proof the bytes arrived intact.
// smee (probot/smee.io + smee-client) is run beside them only where its server can be had; see SMEE below.
import { execFile } from 'node:child_process'
import { loadavg } from 'node:os'
import { promisify } from 'node:util'
import { it } from 'vitest'
import { startPostgres, type PgCluster } from '../test/helpers/postgres'
import { startCore, type TestCore } from '../test/helpers/test-core'
import { ensureBuilt } from './ensure-built'
import { startRelays, type RelaySetup } from './relay-storm/relays'
import { ms, percentile, printTable, verdict, type Row } from './report'

const ROUNDS = Number(process.env.STORM_ROUNDS ?? 2)
const THROUGHPUT_COUNT = Number(process.env.STORM_COUNT ?? 20_000)
const SECRET = 'hbk_bench-storm-secret-0123456789'
/**
 * Why smee is not run: its server (github.com/probot/smee.io) is not on the npm registry (its package.json
 * is `"private": true`), only its client (smee-client) is, and the server cannot be fetched here otherwise.
 */
const SMEE =
  'not run: the smee.io server is not published to the npm registry (package.json "private": true); only smee-client is'

interface Sent {
  due: number[]
  acceptedAt: (number | null)[]
  keys: string[]
  retries: number
  statuses: Record<string, number>
  gaveUp: number
}

/** Runs the sender process to completion. */
async function send(urls: string[], integration: string, count: number, rate: number, sockets = 32): Promise<Sent> {
  const config = { urls: urls.map((u) => `${u}?integration=${integration}`), secret: SECRET, count, rate, sockets }
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/relay-storm/sender.js', JSON.stringify(config)], {
    maxBuffer: 64 * 1024 * 1024,
  })
  return JSON.parse(stdout) as Sent
}

/** The app reading the relay: when each incident was committed, by dedup key, and any refusal. */
async function recorder(relay: RelaySetup) {
  const t: TestCore = await startCore({ relayPolling: { waitSeconds: 30 } })
  const { integration } = await t.api['integrations.create']({ provider: 'generic', secret: SECRET })
  const created = new Map<string, number[]>()
  let rejected = 0
  let last = performance.timeOrigin + performance.now()
  t.core.events.subscribe((e) => {
    if (e.type === 'delivery.rejected') rejected++
    if (e.type !== 'incident.created') return
    last = performance.timeOrigin + performance.now()
    const at = created.get(e.data.dedupKey ?? '') ?? []
    at.push(last)
    created.set(e.data.dedupKey ?? '', at)
  })
  const online = (enabled: boolean) =>
    t.api['settings.update']({ relay: { url: relay.readUrl, readToken: relay.token, enabled } })
  await online(true)
  while ((await t.api['status.get']({})).relay.state !== 'connected') await new Promise((r) => setTimeout(r, 20))

  /** Waits until every accepted delivery is an incident, or nothing new came for 15 s; then counts. */
  async function outcome(sent: Sent) {
    const accepted = sent.keys.filter((_, i) => sent.acceptedAt[i] !== null)
    while (!accepted.every((k) => created.has(k)) && performance.timeOrigin + performance.now() - last < 15_000)
      await new Promise((r) => setTimeout(r, 50))
    const latencies = sent.keys.flatMap((k, i) => (created.has(k) ? [created.get(k)![0]! - sent.due[i]!] : []))
    // The relay's own part: from when each was due to its 2xx (the sender's clock is this machine's too).
    const answered = sent.acceptedAt.flatMap((at, i) => (at === null ? [] : [at - sent.due[i]!]))
    const mine = new Set(sent.keys)
    return {
      accepted: accepted.length,
      lost: accepted.filter((k) => !created.has(k)).length + sent.gaveUp,
      extra: [...created].reduce((n, [k, at]) => n + (mine.has(k) ? at.length - 1 : 0), 0),
      latencies,
      answered,
      firstDue: Math.min(...sent.due),
      lastCreated: Math.max(...sent.keys.map((k) => created.get(k)?.[0] ?? 0)),
      retries: sent.retries,
    }
  }
  return { integration: integration.id, online, outcome, rejected: () => rejected, stop: () => t.stop() }
}

interface Figures {
  p20: number[]
  p200: number[]
  /** The relay's answers at 200/s (due → 2xx), to tell its share of the end-to-end tail. */
  answered200: number[]
  rate: number
  offline: string
  killed: string
  lost: number
  extra: number
  rejected: number
}

async function measure(relay: RelaySetup): Promise<Figures> {
  const r = await recorder(relay)
  try {
    // Warm-up, not counted: connections, prepared statements and the JIT, which a relay in use has done.
    await r.outcome(await send(relay.postUrls, r.integration, 100, 100))
    const paced20 = await r.outcome(await send(relay.postUrls, r.integration, 200, 20))
    const paced200 = await r.outcome(await send(relay.postUrls, r.integration, 2000, 200))
    const storm = await r.outcome(await send(relay.postUrls, r.integration, THROUGHPUT_COUNT, 0))
    // The laptop offline while 200 arrive, then back.
    await r.online(false)
    const sentOffline = await send(relay.postUrls, r.integration, 200, 200)
    await r.online(true)
    const offline = await r.outcome(sentOffline)
    // The relay killed (kill -9) a second into 500 deliveries at 200/s, back a second later.
    const sending = send(relay.postUrls, r.integration, 500, 200)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    await relay.killAndRestart(1000)
    const killed = await r.outcome(await sending)
    const all = [paced20, paced200, storm, offline, killed]
    const got = (o: typeof offline) => `${o.accepted - o.lost} of ${o.accepted} (${o.lost} lost, ${o.extra} extra)`
    return {
      p20: paced20.latencies,
      p200: paced200.latencies,
      answered200: paced200.answered,
      rate: (storm.accepted - storm.lost) / ((storm.lastCreated - storm.firstDue) / 1000),
      offline: got(offline),
      killed: `${got(killed)}, ${killed.retries} retries`,
      lost: all.reduce((n, o) => n + o.lost, 0),
      extra: all.reduce((n, o) => n + o.extra, 0),
      rejected: r.rejected(),
    }
  } finally {
    await r.stop()
  }
}

it('relay storm: Hookbell relay on SQLite and on PostgreSQL (2 instances), beside smee', async () => {
  ensureBuilt()
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')
  const cluster: PgCluster = await startPostgres()
  const runs: Record<string, Figures[]> = { sqlite: [], 'pg-2': [] }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating order, so neither always runs on a warmer (or busier) machine.
      const order = round % 2 ? (['pg-2', 'sqlite'] as const) : (['sqlite', 'pg-2'] as const)
      for (const label of order) {
        const relay = await startRelays(label, label === 'sqlite' ? null : cluster, label === 'sqlite' ? 1 : 2)
        try {
          runs[label]!.push(await measure(relay))
        } finally {
          await relay.stop()
        }
      }
    }
  } finally {
    cluster.stop()
  }
  const rows: Row[] = []
  for (const [label, figures] of Object.entries(runs)) {
    const name = label === 'sqlite' ? 'SQLite' : 'PostgreSQL, 2 instances'
    const each = (f: (x: Figures) => string) => figures.map(f).join(' | ')
    const p = (xs: number[], q: number) => percentile(xs, q)
    rows.push(
      {
        measure: `${name}: e2e p50 / p99 at 20/s`,
        value: each((x) => `${ms(p(x.p20, 50))} / ${ms(p(x.p20, 99))}`),
        goal: 'p50 ≤ 20 ms',
        verdict: verdict(figures.every((x) => p(x.p20, 50) <= 20)),
      },
      {
        measure: `${name}: e2e p50 / p99 at 200/s`,
        value: each((x) => `${ms(p(x.p200, 50))} / ${ms(p(x.p200, 99))}`),
        goal: 'p50 ≤ 50, p99 ≤ 100 ms',
        verdict: verdict(figures.every((x) => p(x.p200, 50) <= 50 && p(x.p200, 99) <= 100)),
      },
      {
        measure: `${name}: the relay's answer p50 / p99 at 200/s`,
        value: each((x) => `${ms(p(x.answered200, 50))} / ${ms(p(x.answered200, 99))}`),
      },
      {
        measure: `${name}: sustained e2e, ${THROUGHPUT_COUNT.toLocaleString('en')} deliveries`,
        value: each((x) => `${x.rate.toFixed(0)}/s`),
        goal: '≥ 1,000/s',
        verdict: verdict(figures.every((x) => x.rate >= 1000)),
      },
      { measure: `${name}: reader offline, 200 sent`, value: each((x) => x.offline) },
      { measure: `${name}: relay killed mid-stream, 500 sent`, value: each((x) => x.killed) },
      {
        measure: `${name}: lost / extra incidents, all rounds; signatures refused`,
        value: each((x) => `${x.lost} / ${x.extra}; ${x.rejected}`),
        goal: '0 / 0; 0',
        verdict: verdict(figures.every((x) => x.lost === 0 && x.extra === 0 && x.rejected === 0)),
      },
    )
  }
  rows.push({ measure: 'smee (smee.io server + smee-client)', value: SMEE })
  printTable(`Relay storm (${ROUNDS} alternating rounds, loopback; load average before: ${load})`, rows)
})
