// The baseline for `npm run bench -- ingest`: the least a webhook receiver can do and still be correct —
// check the HMAC over the raw bytes, parse the JSON, insert one SQLite row in its own transaction (WAL,
// synchronous=NORMAL, as Hookbell's store) and answer 202. Prints `listening <port>` once ready.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

const [dir, secret] = process.argv.slice(2)
const db = new DatabaseSync(join(dir, 'bare.db'))
db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
  CREATE TABLE IF NOT EXISTS deliveries (id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, dedup_key TEXT, body TEXT NOT NULL)`)
const insert = db.prepare('INSERT INTO deliveries (received_at, dedup_key, body) VALUES (?, ?, ?)')

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    const given = Buffer.from(String(req.headers['x-signature'] ?? '').replace(/^sha256=/, ''), 'hex')
    const expected = createHmac('sha256', secret).update(body).digest()
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"signature mismatch"}')
      return
    }
    let payload
    try {
      payload = JSON.parse(body.toString('utf8'))
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"malformed JSON"}')
      return
    }
    // Autocommit: the insert is its own transaction, committed before the answer.
    const { lastInsertRowid } = insert.run(Date.now(), String(payload.dedup_key ?? ''), body.toString('utf8'))
    res.writeHead(202, { 'content-type': 'application/json' }).end(`{"status":"accepted","deliveryId":${lastInsertRowid}}`)
  })
})
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`))
process.on('SIGTERM', () => server.close(() => (db.close(), process.exit(0))))
