// HTTP at the socket level, for what fetch will not do: a chosen source address (127.0.0.2 is loopback too),
// a malformed request line, a body that trickles or never ends.
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** POSTs with node:http from `localAddress` (so per-source limits can tell senders apart on loopback). */
export function postFrom(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
  localAddress = '127.0.0.1',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Opens a socket and writes `head` as is; resolves with what came back and when the server closed it. */
export function openSocket(port: number, localAddress = '127.0.0.1') {
  const socket: Socket = connect({ port, host: '127.0.0.1', localAddress })
  let received = ''
  socket.setEncoding('latin1')
  socket.on('data', (chunk: string) => (received += chunk))
  socket.on('error', () => undefined)
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())))
  const connected = new Promise<void>((resolve) => socket.on('connect', () => resolve()))
  return {
    socket,
    connected,
    closed,
    received: () => received,
    write: (text: string | Buffer) => new Promise<void>((resolve) => socket.write(text, () => resolve())),
  }
}
