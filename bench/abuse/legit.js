// The legitimate sender for bench/abuse.bench.ts, in its own process (pinned beside `hookbell serve`) so that
// neither the attacker nor the bench's own event loop is part of the latency it measures. Signed generic
// deliveries at a steady rate from 127.0.0.2 (loopback too, so per-source limits can tell it from the
// attacker). Usage:
//   node bench/abuse/legit.js RECEIVER_BASE INTEGRATION_ID SECRET SECONDS PER_SECOND TAG
// Prints one JSON line: each delivery's [wall-clock start ms, ms taken, status], its own loop timeline and
// the CPU time it used (µs).
import { createHmac } from 'node:crypto'
import { Agent, request } from 'node:http'
import { loopTimeline } from './loop-probe.js'

const [receiverBase, integrationId, secret, seconds, perSecond, tag] = process.argv.slice(2)

/** One POST; resolves with the status, or 0 when the connection was closed or reset first. */
function post(url, body, headers, agent) {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, agent, localAddress: '127.0.0.2' },
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

const agent = new Agent({ keepAlive: true, maxSockets: 8 })
const deliveries = []
const pending = []
const total = Number(seconds) * Number(perSecond)
const started = performance.now()
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / Number(perSecond)
  const wait = due - performance.now()
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  const body = Buffer.from(
    JSON.stringify({ summary: `Checkout latency above 2 s (${tag} ${i})`, severity: 'warning', dedup_key: `${tag}-${i}` }),
  )
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
  const t0 = performance.now()
  pending.push(
    post(`${receiverBase}/hooks/${integrationId}`, body, { 'x-signature': signature }, agent).then((status) => {
      deliveries.push([Math.round(performance.timeOrigin + t0), performance.now() - t0, status])
    }),
  )
}
await Promise.all(pending)
agent.destroy()
process.stdout.write(`${JSON.stringify({ deliveries, loop: loopTimeline(), cpu: process.cpuUsage() })}\n`)
process.exit(0)
