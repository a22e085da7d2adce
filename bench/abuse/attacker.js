// The attacker for bench/abuse.bench.ts, in its own process so that its load does not slow the process
// that measures the legitimate deliveries. Loopback only. Usage:
//   node bench/abuse/attacker.js RECEIVER_BASE RELAY_CHANNEL_URL SECONDS
// Prints one JSON line with what it got back and the CPU time it used (µs).
import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { connect } from 'node:net'

const [receiverBase, relayUrl, seconds] = process.argv.slice(2)
const until = Date.now() + Number(seconds) * 1000
const JUNK_WORKERS = 8
const RELAY_JUNK_WORKERS = 2
const SLOW_SOCKETS = 2000

function post(url, body, localAddress) {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false, localAddress },
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

/** Junk to random ids, as fast as answered: 1 KiB to 2 MiB (over the limit). */
async function flood(url, localAddress, statuses) {
  const sizes = [1024, 64 * 1024, 512 * 1024, 1024 * 1024 - 512, 2 * 1024 * 1024]
  const bodies = sizes.map((n) => Buffer.from(`{"summary":"${'x'.repeat(n - 20)}"}`))
  let n = 0
  while (Date.now() < until) {
    const status = await post(url(randomBytes(16).toString('hex')), bodies[n++ % bodies.length], localAddress)
    statuses[status] = (statuses[status] ?? 0) + 1
  }
}

/** Sockets that send a header line now and then and never finish; re-opened when the server hangs up. */
function slowSockets(port, stats) {
  const open = () => {
    if (Date.now() >= until) return
    stats.opened++
    const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.3' })
    const born = Date.now()
    socket.on('error', () => undefined)
    socket.on('connect', () => socket.write('POST /hooks/slow HTTP/1.1\r\nHost: x\r\n'))
    const trickle = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 1000)
    socket.on('close', () => {
      clearInterval(trickle)
      if (Date.now() - born < 100) stats.refusedAtOnce++
      else stats.timedOut++
      // Back for more a moment later: an attacker with a loop, not a fork bomb.
      setTimeout(open, 50)
    })
    setTimeout(() => socket.destroy(), until - Date.now()).unref()
  }
  for (let i = 0; i < SLOW_SOCKETS; i++) setTimeout(open, i % 1000)
}

const receiverStatuses = {}
const relayStatuses = {}
const slow = { opened: 0, refusedAtOnce: 0, timedOut: 0 }
const only = process.env.ABUSE_ONLY
if (!only || only === 'slow') slowSockets(Number(new URL(receiverBase).port), slow)
await Promise.all([
  ...Array.from({ length: !only || only === 'junk' ? JUNK_WORKERS : 0 }, () =>
    flood((id) => `${receiverBase}/hooks/${id}`, '127.0.0.1', receiverStatuses),
  ),
  ...Array.from({ length: !only || only === 'relay' ? RELAY_JUNK_WORKERS : 0 }, () =>
    flood((id) => `${relayUrl}?integration=${id}`, '127.0.0.4', relayStatuses),
  ),
  new Promise((resolve) => setTimeout(resolve, until - Date.now())),
])
process.stdout.write(`${JSON.stringify({ receiverStatuses, relayStatuses, slow, cpu: process.cpuUsage() })}\n`)
process.exit(0)
