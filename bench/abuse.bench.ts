// Abuse: `hookbell serve` and `hookbell relay` (child processes, loopback only) under a flood of junk to
// unknown ids, junk through the relay, and thousands of trickling sockets, while signed deliveries keep
// arriving from another address (127.0.0.2: loopback too, so per-source limits can tell them apart).
// Reports the data folder's growth, the legitimate deliveries' p50/p99 and their failures, beside the same
// legitimate load measured alone in the same run. Goals from issue 17: growth under the refusal quota,
// p99 < 100 ms, 0 failures. Bounded in time: ATTACK_SECONDS plus start-up.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createHmac } from 'node:crypto'
import { Agent, request } from 'node:http'
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { REFUSAL_QUOTA_BYTES } from '../src/main/core/store/delivery-log'
import { addRelayChannel, relayCli, serveCli, servedApi } from '../test/helpers/cli'
import { tempDir } from '../test/helpers/test-core'
import { ensureBuilt } from './ensure-built'
import { mb, ms, percentile, printTable, verdict } from './report'

const BASELINE_SECONDS = 5
const ATTACK_SECONDS = 20
const LEGIT_PER_SECOND = 20

const folderBytes = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  )

/**
 * Connections the kernel dropped because a listen queue was full (Linux, whole network namespace: other
 * processes on the machine count too). A dropped SYN is retried by TCP after 1 s, which a sender sees as
 * a 1 s delivery. Null where /proc/net/netstat does not exist.
 */
function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n')
    for (let i = 0; i + 1 < lines.length; i += 2) {
      if (!lines[i]!.startsWith('TcpExt:')) continue
      const names = lines[i]!.split(' ')
      return Number(lines[i + 1]!.split(' ')[names.indexOf('ListenOverflows')])
    }
  } catch {
    // not Linux
  }
  return null
}

/** One POST; resolves with the status, or 0 when the connection was closed or reset first. */
function post(url: string, body: Buffer, headers: Record<string, string>, agent: Agent | false, localAddress: string) {
  return new Promise<number>((resolve) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, agent, localAddress },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', () => resolve(res.statusCode ?? 0))
      },
    )
    req.setTimeout(10_000, () => req.destroy())
    req.on('error', () => resolve(0))
    req.end(body)
  })
}

/** Signed generic deliveries at a steady rate from 127.0.0.2; latency and failures of each. */
async function legitimate(receiverBase: string, integrationId: string, secret: string, seconds: number, tag: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 })
  const latencies: number[] = []
  let failures = 0
  const pending: Promise<void>[] = []
  const total = seconds * LEGIT_PER_SECOND
  const started = performance.now()
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / LEGIT_PER_SECOND
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const body = Buffer.from(
      JSON.stringify({ summary: `Checkout latency above 2 s (${tag} ${i})`, severity: 'warning', dedup_key: `${tag}-${i}` }),
    )
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
    const t0 = performance.now()
    pending.push(
      post(`${receiverBase}/hooks/${integrationId}`, body, { 'x-signature': signature }, agent, '127.0.0.2').then((status) => {
        if (status === 202 || status === 200) latencies.push(performance.now() - t0)
        else failures++
      }),
    )
  }
  await Promise.all(pending)
  agent.destroy()
  return { latencies, failures, sent: total }
}

it('abuse: junk floods, junk through the relay and trickling sockets beside signed deliveries', async () => {
  ensureBuilt()
  const dataDir = tempDir('hookbell-bench-abuse-')
  const relayDir = tempDir('hookbell-bench-abuse-relay-')
  const relay = await relayCli(relayDir)
  const channel = await addRelayChannel(relayDir, relay.base)
  const served = await serveCli(dataDir)
  const api = servedApi(() => served, dataDir)
  try {
    const { integration, secret } = await api<{ integration: { id: string }; secret: string }>('POST', '/api/integrations', {
      provider: 'generic',
      name: 'Checkout',
    })
    await api('PATCH', '/api/settings', { relay: { url: channel.url, readToken: channel.token, enabled: true } })

    const alone = await legitimate(served.receiverBase, integration.id, secret, BASELINE_SECONDS, 'alone')
    const before = folderBytes(dataDir)
    const overflowsBefore = listenOverflows()

    const attacker = spawn(
      process.execPath,
      ['bench/abuse/attacker.js', served.receiverBase, channel.url, String(ATTACK_SECONDS)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let attackerOut = ''
    attacker.stdout!.on('data', (d: Buffer) => (attackerOut += d.toString()))
    // Signed deliveries keep arriving once the attack is under way.
    await new Promise((r) => setTimeout(r, 2000))
    const attacked = await legitimate(served.receiverBase, integration.id, secret, ATTACK_SECONDS - 4, 'attacked')
    await once(attacker, 'exit')
    const overflowsAfter = listenOverflows()
    const attack = JSON.parse(attackerOut) as {
      receiverStatuses: Record<string, number>
      relayStatuses: Record<string, number>
      slow: { opened: number; refusedAtOnce: number; timedOut: number }
    }
    // Let the app drain what the relay took in, so its refusals count in the growth.
    await new Promise((r) => setTimeout(r, 3000))
    const grown = folderBytes(dataDir) - before

    const answers = (statuses: Record<string, number>) =>
      Object.entries(statuses)
        .map(([k, v]) => `${k === '0' ? 'closed' : k}×${v}`)
        .join(' ')
    const p99 = percentile(attacked.latencies, 99)
    printTable(`Abuse (${ATTACK_SECONDS} s, loopback; legitimate ${LEGIT_PER_SECOND}/s from 127.0.0.2)`, [
      {
        measure: 'data folder growth',
        value: mb(grown),
        baseline: `quota ${mb(REFUSAL_QUOTA_BYTES)} for refusals`,
        goal: '< quota',
        verdict: verdict(grown < REFUSAL_QUOTA_BYTES),
      },
      {
        measure: 'legitimate p50',
        value: ms(percentile(attacked.latencies, 50)),
        baseline: `${ms(percentile(alone.latencies, 50))} alone`,
      },
      {
        measure: 'legitimate p99',
        value: ms(p99),
        baseline: `${ms(percentile(alone.latencies, 99))} alone`,
        goal: '< 100 ms',
        verdict: verdict(p99 < 100),
      },
      {
        measure: 'legitimate failures',
        value: `${attacked.failures} of ${attacked.sent}`,
        baseline: `${alone.failures} of ${alone.sent} alone`,
        goal: '0',
        verdict: verdict(attacked.failures === 0),
      },
      { measure: 'junk to receiver (answers)', value: answers(attack.receiverStatuses) },
      { measure: 'junk to relay (answers)', value: answers(attack.relayStatuses) },
      {
        measure: 'listen queue overflows',
        value: overflowsBefore === null || overflowsAfter === null ? 'n/a' : String(overflowsAfter - overflowsBefore),
        baseline: 'whole machine; each one is a SYN retried after 1 s',
      },
      {
        measure: 'trickling sockets',
        value: `${attack.slow.opened} opened: ${attack.slow.refusedAtOnce} closed at once, ${attack.slow.timedOut} timed out`,
      },
    ])
  } finally {
    await served.stop()
    await relay.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(relayDir, { recursive: true, force: true })
  }
})
