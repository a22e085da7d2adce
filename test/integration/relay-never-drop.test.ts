// Nothing the relay answered 2xx is ever dropped unread: with its only reader away, a channel is filled past
// its byte quota, its count quota and its rate limit (small limits, so it is bounded), the cleanup runs, and
// every delivery that was answered 2xx still reaches the reader, in order, bytes intact. What did not fit
// was refused before any answer (507 or 503, with the reason), so its sender still has it to retry.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createRelayServer } from '../../src/relay/relay-server'
import { DEFAULT_RETENTION, type RelayStore } from '../../src/relay/store/types'
import { postFrom } from '../helpers/raw-http'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'

afterAll(() => stopPostgres())

let cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

const DAY = 86_400_000

// An Alertmanager webhook payload (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config),
// padded to the size each step needs.
function alert(n: number, size: number): string {
  const payload = {
    version: '4',
    groupKey: `{}:{alertname="DiskFull${n}"}`,
    status: 'firing',
    receiver: 'hookbell',
    groupLabels: { alertname: `DiskFull${n}` },
    commonLabels: { alertname: `DiskFull${n}`, severity: 'critical' },
    commonAnnotations: { summary: '' },
    externalURL: 'http://alertmanager:9093',
    alerts: [{ status: 'firing', labels: { alertname: `DiskFull${n}` }, startsAt: '2026-11-02T09:00:00Z' }],
  }
  const base = JSON.stringify(payload).length
  payload.commonAnnotations.summary = 'x'.repeat(Math.max(0, size - base))
  return JSON.stringify(payload)
}

describe.each(RELAY_BACKENDS)('a full channel on %s', (name) => {
  it('refuses what does not fit before answering, and every delivery answered 2xx reaches the reader', async () => {
    let clock = Date.UTC(2026, 10, 2, 9, 0, 0)
    const backend: RelayBackend = await startRelayBackend(name)
    const store: RelayStore = await backend.openStore()
    const { id, token } = await store.addChannel('laptop', 'laptop', clock)
    const retention = { ...DEFAULT_RETENTION, maxPerChannel: 30, maxBytesPerChannel: 15_500 }
    const server = createRelayServer({
      store,
      host: '127.0.0.1',
      port: 0,
      log: () => undefined,
      now: () => clock,
      retention,
      rate: { perSecond: 0.01, burst: 45 },
    })
    const base = `http://127.0.0.1:${await server.start()}`
    cleanup.push(async () => {
      await server.stop()
      await backend.stop()
    })

    // The reader is away. 25 alerts of 400 bytes, then 2 of 2,000 reach the byte quota (the third is refused),
    // 3 more small ones the count quota (30), then the rate limit (45 requests) refuses the rest.
    const accepted: string[] = []
    const refusals: { status: number; code: string; message: string; retryAfter: number }[] = []
    for (let n = 1; n <= 50; n++) {
      const body = alert(n, n >= 26 && n <= 28 ? 2000 : 400)
      const answer = await postFrom(`${base}/r/${id}?integration=am1`, body, {})
      if (answer.status === 202) accepted.push(body)
      else {
        const { error } = JSON.parse(answer.body) as { error: { code: string; message: string } }
        refusals.push({ status: answer.status, ...error, retryAfter: Number(answer.headers['retry-after']) })
      }
    }
    expect(accepted).toHaveLength(30)
    expect(refusals.map((r) => r.status)).toEqual([...Array(15).fill(507), ...Array(5).fill(503)])
    expect(refusals[0]!.message).toMatch(/holds 13\.7 KB not yet acknowledged by its readers, and its quota is 15\.1 KB/)
    expect(refusals[1]!.message).toMatch(/holds 30 deliveries not yet .*, and its quota is 30 deliveries/)
    expect(refusals.at(-1)).toMatchObject({ code: 'rate_limited' })
    expect(refusals.every((r) => r.retryAfter >= 1)).toBe(true)

    // The cleanup runs (as every minute) a day later, still within the age limit: it must delete nothing.
    clock += DAY
    await store.prune(clock, retention)

    const page = (await (
      await fetch(`${base}/r/${id}/deliveries?after=0&limit=100`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { deliveries: { seq: number; body: string }[] }
    expect(page.deliveries.map((d) => Buffer.from(d.body, 'base64').toString('utf8'))).toEqual(accepted)
    expect(page.deliveries.map((d) => d.seq)).toEqual(accepted.map((_, i) => i + 1))

    // Once the reader has acknowledged them, the channel takes deliveries again.
    const ack = await fetch(`${base}/r/${id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ upTo: accepted.length }),
    })
    expect(ack.status).toBe(200)
    clock += 10 * 60_000
    expect((await postFrom(`${base}/r/${id}?integration=am1`, alert(99, 300), {})).status).toBe(202)
  })
})
