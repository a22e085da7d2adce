// `hookbell relay …`: run the relay, and manage channels and their readers. The database is
// --database / $HOOKBELL_RELAY_DATABASE (PostgreSQL), else SQLite in --data-dir.
import { createRelayServer } from './relay-server'
import { isPostgresUrl, openRelayStore } from './store/open-store'
import { redactUrl } from './store/postgres-store'
import { DEFAULT_RETENTION, type ChannelSummary, type RelayStore } from './store/types'

export interface RelayCliOptions {
  version: string
  dataDir: string
  database?: string | null
  host: string
  port: number
  name?: string
  publicUrl?: string
}

export class RelayUsageError extends Error {}

export const RELAY_USAGE = `  hookbell relay [--database postgres://…] [--data-dir DIR] [--host 127.0.0.1] [--port 7780]
  hookbell relay channels add [--name N] [--public-url URL]
  hookbell relay channels add-reader CHANNEL [--name N] [--public-url URL]
  hookbell relay channels remove-reader CHANNEL READER
  hookbell relay channels list`

const ago = (iso: string, now: number) => {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 120) return `${s} s ago`
  if (s < 7200) return `${Math.round(s / 60)} min ago`
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86_400)} days ago`
}

const bytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`

export function formatChannels(channels: ChannelSummary[], now: number): string {
  if (channels.length === 0) return 'No channels. Add one: hookbell relay channels add --name team'
  const lines: string[] = []
  for (const c of channels) {
    lines.push(`${c.id}  ${c.name}  created ${c.createdAt}  ${c.held} held (${bytes(c.heldBytes)}), last seq ${c.lastSeq}`)
    if (c.readers.length === 0) lines.push('  no readers: hookbell relay channels add-reader to add one')
    for (const r of c.readers) {
      const lag = r.behind === 0 ? 'caught up' : `${r.behind} behind (oldest ${ago(r.oldestWaiting!, now)})`
      const idle = r.idle ? '  idle: no longer holds deliveries back' : ''
      lines.push(`  ${r.id}  ${r.name.padEnd(16)} ${lag.padEnd(28)} last seen ${ago(r.lastSeenAt, now)}${idle}`)
    }
  }
  return lines.join('\n')
}

export async function runRelayCommand(rest: string[], o: RelayCliOptions): Promise<number> {
  const database = o.database ?? process.env.HOOKBELL_RELAY_DATABASE ?? null
  if (database && !isPostgresUrl(database))
    throw new RelayUsageError(`--database takes a postgres:// connection string; SQLite lives in --data-dir (got "${database}")`)
  let store: RelayStore
  try {
    store = await openRelayStore({ database, dataDir: o.dataDir })
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error as Error).message
    const where = database ? redactUrl(database) : o.dataDir
    // `status` makes the CLI print the message alone, without a stack trace.
    throw Object.assign(new Error(`cannot open the relay database at ${where}: ${reason}`), { status: 1 })
  }
  const base = (o.publicUrl ?? `http://127.0.0.1:${o.port}`).replace(/\/+$/, '')
  const now = Date.now()
  if (rest[0] === 'channels') {
    try {
      const [, sub, channel, reader] = rest
      if (sub === 'add') {
        const name = o.name ?? 'laptop'
        const created = await store.addChannel(name, name, now)
        console.log(`Channel "${name}" created.`)
        console.log(`  Relay URL:   ${base}/r/${created.id}`)
        console.log(`  Read token:  ${created.token}   (reader ${created.readerId}; shown once, stored hashed)`)
        console.log('  In Hookbell: Settings → Relay, paste both. Providers then post to the relay URL shown per integration.')
        console.log(`  Another laptop: hookbell relay channels add-reader ${created.id} --name NAME`)
      } else if (sub === 'add-reader') {
        if (!channel) throw new RelayUsageError('relay channels add-reader needs a channel id (see relay channels list)')
        const name = o.name ?? 'laptop'
        const added = await store.addReader(channel, name, now)
        if (!added) throw new RelayUsageError(`no channel ${channel} (see relay channels list)`)
        console.log(`Reader "${name}" added to ${channel}.`)
        console.log(`  Relay URL:   ${base}/r/${channel}`)
        console.log(`  Read token:  ${added.token}   (reader ${added.id}; shown once, stored hashed)`)
        console.log('  On that laptop: Settings → Relay, paste both.')
      } else if (sub === 'remove-reader') {
        if (!channel || !reader)
          throw new RelayUsageError('relay channels remove-reader needs a channel id and a reader id or name')
        if (!(await store.removeReader(channel, reader))) throw new RelayUsageError(`no reader "${reader}" on channel ${channel}`)
        console.log(`Reader "${reader}" removed from ${channel}: its token no longer works, and it holds nothing back.`)
      } else if (sub === 'list' || sub === undefined) {
        console.log(formatChannels(await store.listChannels(now, DEFAULT_RETENTION), now))
      } else throw new RelayUsageError(`unknown: relay channels ${sub}`)
    } finally {
      await store.close()
    }
    return 0
  }
  if (rest.length > 0) {
    await store.close()
    throw new RelayUsageError(`unknown: relay ${rest.join(' ')}`)
  }
  const server = createRelayServer({ store, host: o.host, port: o.port })
  const bound = await server.start()
  console.log(`Hookbell relay ${o.version} listening on ${o.host}:${bound} (${store.kind}: ${store.location})`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await server.stop()
  await store.close()
  return 0
}
