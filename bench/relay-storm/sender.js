// The sender for `npm run bench -- relay-storm`, a process of its own: posts N signed deliveries (the ingest
// bench's generic alert, bench/ingest/delivery.js) to one or more relay URLs in turn, either on a fixed
// schedule (RATE per second, timed from when each was due: no coordinated omission) or as fast as SOCKETS
// connections allow (RATE 0). Like a provider, it retries a delivery that was not answered 2xx (a refusal or
// a connection error, as when the relay is killed) until it is, for up to 60 s.
// Usage: node bench/relay-storm/sender.js '{"urls":[…],"secret":"…","count":N,"rate":R,"sockets":S,"prefix":"…"}'
// Prints one JSON line: { due: [epoch ms per delivery], acceptedAt: [epoch ms or null], keys: [dedup key],
//   retries, statuses: { status or error code: count } (of the answers that were not 2xx), gaveUp }.
import { Agent, request } from 'node:http'
import { delivery } from '../ingest/delivery.js'

const config = JSON.parse(process.argv[2])
const agent = new Agent({ keepAlive: true, maxSockets: config.sockets })
const now = () => performance.timeOrigin + performance.now()
const due = new Array(config.count).fill(0)
const acceptedAt = new Array(config.count).fill(null)
const keys = new Array(config.count).fill('')
const statuses = {}
let retries = 0
let gaveUp = 0

function once(url, body, headers) {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(String(res.statusCode)))
    })
    req.setTimeout(10_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })))
    req.on('error', (error) => resolve(error.code ?? error.message))
    req.end(body)
  })
}

async function send(i) {
  const { body, headers } = delivery(config.secret)
  keys[i] = JSON.parse(body).dedup_key
  const url = config.urls[i % config.urls.length]
  const deadline = now() + 60_000
  for (;;) {
    const status = await once(url, body, headers)
    if (/^2\d\d$/.test(status)) {
      acceptedAt[i] = now()
      return
    }
    statuses[status] = (statuses[status] ?? 0) + 1
    if (now() > deadline) {
      gaveUp++
      return
    }
    retries++
    await new Promise((resolve) => setTimeout(resolve, /^\d+$/.test(status) ? 250 : 100))
  }
}

const started = now()
if (config.rate > 0) {
  const pending = []
  for (let i = 0; i < config.count; i++) {
    due[i] = started + (i * 1000) / config.rate
    const wait = due[i] - now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    pending.push(send(i))
  }
  await Promise.all(pending)
} else {
  let next = 0
  const worker = async () => {
    while (next < config.count) {
      const i = next++
      due[i] = now()
      await send(i)
    }
  }
  await Promise.all(Array.from({ length: config.sockets }, worker))
}
agent.destroy()
process.stdout.write(`${JSON.stringify({ due, acceptedAt, keys, retries, statuses, gaveUp })}\n`)
