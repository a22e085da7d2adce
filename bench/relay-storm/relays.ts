// The relays `npm run bench -- relay-storm` compares, each as `hookbell relay` child processes on loopback
// (the built CLI), so that neither shares the recorder's event loop: SQLite (one instance), and PostgreSQL
// with two instances on one database (senders alternate between them, the reader polls the second).
import { rmSync } from 'node:fs'
import { addRelayChannel, relayCli } from '../../test/helpers/cli'
import { freePort } from '../../test/helpers/free-port'
import type { PgCluster } from '../../test/helpers/postgres'
import { tempDir } from '../../test/helpers/test-core'

export interface RelaySetup {
  label: string
  /** Where senders post (`?integration=` is added), in turn. */
  postUrls: string[]
  /** The channel URL the reader polls, and its token. */
  readUrl: string
  token: string
  /** kill -9 of the first instance, then the same instance started again on its port and data. */
  killAndRestart(downMs: number): Promise<void>
  stop(): Promise<void>
}

type Instance = Awaited<ReturnType<typeof relayCli>>

export async function startRelays(label: string, cluster: PgCluster | null, instances: number): Promise<RelaySetup> {
  const dir = tempDir('hookbell-bench-storm-')
  const database = cluster ? await cluster.createDatabase() : null
  const storeArgs = database ? ['--database', database] : []
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()))
  const start = (port: number) => relayCli(dir, ['--port', String(port), ...storeArgs])
  const running: Instance[] = []
  for (const port of ports) running.push(await start(port))
  const bases = ports.map((port) => `http://127.0.0.1:${port}`)
  const channel = await addRelayChannel(dir, bases[0]!, storeArgs)
  const path = `/r/${channel.id}`
  return {
    label,
    postUrls: bases.map((base) => `${base}${path}`),
    readUrl: `${bases[bases.length - 1]}${path}`,
    token: channel.token,
    async killAndRestart(downMs) {
      await running[0]!.stop('SIGKILL')
      await new Promise((resolve) => setTimeout(resolve, downMs))
      running[0] = await start(ports[0]!)
    },
    async stop() {
      for (const r of running) await r.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
