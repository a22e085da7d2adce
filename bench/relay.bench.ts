// Relay end to end: POST to the relay → incident committed in the app, with long-polling, beside plain
// 5-second polling measured in the same run. Goal: p50 < 150 ms on loopback.
import { rmSync } from 'node:fs'
import { it } from 'vitest'
import { createRelayServer } from '../src/relay/relay-server'
import { openSqliteRelayStore } from '../src/relay/store/sqlite-store'
import { hmacHex } from '../test/helpers/sign'
import { startCore, tempDir } from '../test/helpers/test-core'
import { ms, percentile, printTable, verdict } from './report'

const SAMPLES = 20
const POLL_SAMPLES = 10

async function measure(
  label: string,
  relayPolling: { waitSeconds: number; intervalMs: number },
  relayBase: string,
  channel: { id: string; token: string },
  samples: number,
  maxGapMs: number,
) {
  const t = await startCore({ relayPolling })
  const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
  await t.api['settings.update']({ relay: { url: `${relayBase}/r/${channel.id}`, readToken: channel.token, enabled: true } })
  const latencies: number[] = []
  for (let i = 0; i < samples; i++) {
    // Arrivals at random moments, as providers send them, not in step with the poll.
    await new Promise((r) => setTimeout(r, 100 + Math.random() * maxGapMs))
    const key = `${label}-${i}`
    const created = new Promise<number>((resolve) => {
      const off = t.core.events.subscribe((e) => {
        if (e.type === 'incident.created' && e.data.dedupKey === key) {
          off()
          resolve(performance.now())
        }
      })
    })
    const body = JSON.stringify({ summary: `Latency probe ${i}`, dedup_key: key })
    const start = performance.now()
    await fetch(`${relayBase}/r/${channel.id}?integration=${integration.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret!, body)}` },
    })
    latencies.push((await created) - start)
  }
  await t.stop()
  return latencies
}

it('relay end-to-end latency', async () => {
  const dir = tempDir('hookbell-bench-relay-')
  const store = openSqliteRelayStore(dir)
  const server = createRelayServer({ store, host: '127.0.0.1', port: 0 })
  const port = await server.start()
  const base = `http://127.0.0.1:${port}`
  const longPoll = await measure(
    'long',
    { waitSeconds: 30, intervalMs: 0 },
    base,
    await store.addChannel('long', 'laptop', Date.now()),
    SAMPLES,
    900,
  )
  // Gaps spread over the whole 5 s interval, so arrivals land at every phase of the poll.
  const polling = await measure(
    'poll',
    { waitSeconds: 0, intervalMs: 5000 },
    base,
    await store.addChannel('poll', 'laptop', Date.now()),
    POLL_SAMPLES,
    5000,
  )
  const p50 = percentile(longPoll, 50)
  printTable(`Relay end to end (${SAMPLES} long-poll / ${POLL_SAMPLES} polled deliveries, loopback)`, [
    {
      measure: 'long-poll p50',
      value: ms(p50),
      baseline: `${ms(percentile(polling, 50))} plain 5 s polling`,
      goal: '< 150 ms',
      verdict: verdict(p50 < 150),
    },
    {
      measure: 'long-poll p95',
      value: ms(percentile(longPoll, 95)),
      baseline: `${ms(percentile(polling, 95))} plain 5 s polling`,
    },
    { measure: 'long-poll max', value: ms(Math.max(...longPoll)), baseline: `${ms(Math.max(...polling))} plain 5 s polling` },
  ])
  await server.stop()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})
