// Malformed input to the relay is the sender's mistake: a 4xx with the reason (never a 503 that providers
// would retry forever, nor a stack trace), charged to its source like other refusals, and logged at most
// once per source per interval. Through a real `hookbell relay` process on each store, and in process for
// the rate-limit charge.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createRelayServer } from '../../src/relay/relay-server'
import { addRelayChannel, relayCli } from '../helpers/cli'
import { openSocket, postFrom } from '../helpers/raw-http'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'
import { eventually } from '../helpers/test-core'

afterAll(() => stopPostgres())

describe.each(RELAY_BACKENDS)('malformed input to the relay (%s)', (name) => {
  let backend: RelayBackend
  let relay: Awaited<ReturnType<typeof relayCli>>
  afterEach(async () => {
    await relay.stop()
    await backend.stop()
  })

  async function started() {
    backend = await startRelayBackend(name)
    relay = await relayCli(backend.dataDir, backend.args)
    let output = ''
    relay.child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
    relay.child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
    const channel = await addRelayChannel(backend.dataDir, relay.base, backend.args)
    return { channel, output: () => output, port: Number(new URL(relay.base).port) }
  }

  /** Headers promising 1000 bytes, 10 of them, then the connection closes. */
  async function abandonUpload(port: number, path: string, localAddress: string) {
    const s = openSocket(port, localAddress)
    await s.connected
    await s.write(
      `POST ${path} HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"alerts":`,
    )
    s.socket.destroy()
    await s.closed
  }

  it('an upload closed mid-body is one log line per source per interval, without a stack trace', async () => {
    const { channel, output, port } = await started()
    const path = `/r/${channel.id}?integration=am1`
    for (let i = 0; i < 3; i++) await abandonUpload(port, path, '127.0.0.1')
    await eventually(() => expect(output()).toMatch(/malformed request from 127\.0\.0\.1: incomplete_body/))
    // Another source's line, logged after the first source's later uploads were handled.
    await abandonUpload(port, path, '127.0.0.2')
    await eventually(() => expect(output()).toMatch(/malformed request from 127\.0\.0\.2: incomplete_body/))
    expect(output().match(/from 127\.0\.0\.1/g)).toHaveLength(1)
    expect(output()).not.toMatch(/^\s+at /m)
  })

  it('a NUL in a channel path or an integration id, and after=1e400, are 4xx with the reason, not 503', async () => {
    const { channel, output } = await started()
    const asReader = { authorization: `Bearer ${channel.token}`, 'content-type': 'application/json' }
    const base = relay.base
    for (const path of ['/r/ch_%00x/deliveries?after=0', '/r/%00/ack', '/r/ch_a%00b/notes'])
      expect((await fetch(`${base}${path}`, { headers: asReader })).status).toBe(404)
    expect((await postFrom(`${base}/r/ch_%00?integration=am1`, '{}', {})).status).toBe(404)
    const nulIntegration = await postFrom(`${channel.url}?integration=am%00`, '{}', {})
    expect(nulIntegration.status).toBe(400)
    expect(nulIntegration.body).toMatch(/control characters/)
    const registration = {
      integrations: [
        { integrationId: 'am\u0000', scheme: 'Bearer', hashes: [{ salt: 'c2FsdHNhbHRzYWx0c2FsdA', hash: 'a'.repeat(64) }] },
      ],
    }
    const put = await fetch(`${channel.url}/credentials`, {
      method: 'PUT',
      headers: asReader,
      body: JSON.stringify(registration),
    })
    expect(put.status).toBe(400)
    for (const after of ['1e400', '-1', 'abc', '1.5']) {
      const answer = await fetch(`${channel.url}/deliveries?after=${after}`, { headers: asReader })
      expect(answer.status).toBe(400)
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('bad_cursor')
    }
    // The channel still works, and nothing of the above reached the database as an error.
    expect((await fetch(`${channel.url}/deliveries?after=0`, { headers: asReader })).status).toBe(200)
    expect(output()).not.toMatch(/database error|storage_unavailable/)
  })
})

describe('malformed input is charged like other refusals', () => {
  it('a source that sends only malformed requests runs out of its budget ten times sooner', async () => {
    const backend = await startRelayBackend('sqlite')
    const store = await backend.openStore()
    const { id, token } = await store.addChannel('oncall', 'dana', Date.now())
    const server = createRelayServer({
      store,
      host: '127.0.0.1',
      port: 0,
      log: () => undefined,
      // Polls draw on the readers' bucket (senders never touch it): a malformed poll is charged there.
      limits: { readsPerSource: { perSecond: 0.001, burst: 20 }, refusalCost: 10 },
    })
    const port = await server.start()
    try {
      const poll = (after: string) =>
        fetch(`http://127.0.0.1:${port}/r/${id}/deliveries?after=${after}`, { headers: { authorization: `Bearer ${token}` } })
      // 1 token per request and 10 more per refusal, from 20: after two malformed ones the bucket is empty.
      expect((await poll('1e400')).status).toBe(400)
      expect((await poll('1e400')).status).toBe(400)
      expect((await poll('0')).status).toBe(503)
    } finally {
      await server.stop()
      await backend.stop()
    }
  })
})
