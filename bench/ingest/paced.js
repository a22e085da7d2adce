// The steady rate for `npm run bench -- ingest`: deliveries sent on a fixed schedule (one every 1/rate s),
// whether or not earlier ones were answered, from a process of its own. autocannon's `overallRate` is not
// steady: each connection sends its share of a second back to back at the start of the second, so 500/s is a
// burst of 500 every second, and its latency correction then fills in values for a 1 ms interval. Latency is
// timed from when a delivery was due, so a server that falls behind shows it (no coordinated omission).
// Usage: node bench/ingest/paced.js URL SECRET RATE SECONDS SOCKETS
// Prints one JSON line: { ok, non2xx, errors, seconds, perSecond, latency: { p50, p99, max } (ms), failed }, where
// failed counts each status code and error code that was not a 2xx.
import { Agent, request } from 'node:http'
import { delivery } from './delivery.js'

const [url, secret, rate, seconds, sockets] = process.argv.slice(2)
const agent = new Agent({ keepAlive: true, maxSockets: Number(sockets) })
const total = Number(rate) * Number(seconds)
const latencies = []
let ok = 0
let non2xx = 0
let errors = 0
const failed = {}
const fail = (what) => (failed[what] = (failed[what] ?? 0) + 1)

function post(due) {
  const { body, headers } = delivery(secret)
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      res.resume()
      res.on('end', () => {
        latencies.push(performance.now() - due)
        if (res.statusCode >= 200 && res.statusCode < 300) ok++
        else {
          non2xx++
          fail(String(res.statusCode))
        }
        resolve()
      })
    })
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })))
    req.on('error', (error) => (errors++, fail(error.code ?? error.message), resolve()))
    req.end(body)
  })
}

const pending = []
const started = performance.now()
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / Number(rate)
  const wait = due - performance.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  pending.push(post(due))
}
await Promise.all(pending)
const elapsed = (performance.now() - started) / 1000
agent.destroy()
latencies.sort((a, b) => a - b)
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
process.stdout.write(
  `${JSON.stringify({ ok, non2xx, errors, seconds: elapsed, perSecond: ok / elapsed, latency: { p50: at(0.5), p99: at(0.99), max: at(1) }, failed })}\n`,
)
