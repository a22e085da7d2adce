// `hookbell relay`: run the relay server and manage its channels (on the relay machine), and point the
// running app at a relay (`relay connect` / `relay disconnect`, on the laptop).
import { join } from 'node:path'
import { Command, Option } from 'commander'
import { formatChannels } from '../../../relay/channel-list'
import { RELAY_LIMITS } from '../../../relay/relay-limits'
import { createRelayServer } from '../../../relay/relay-server'
import { isPostgresUrl, openRelayStore } from '../../../relay/store/open-store'
import { redactUrl } from '../../../relay/store/postgres-store'
import { DEFAULT_RETENTION, type RateLimit, type RelayStore } from '../../../relay/store/types'
import { dataDirProblem, resolveDataDir, VERSION } from '../../core'
import { connectToApp } from '../app-client'
import { HOOKBELL, type Ctx, type DataDirOptions, dataDirOf, examples, startHint, withDataDir } from '../context'
import { CliError, closest, parsePort, portInUse, usageError } from '../errors'

interface RelayOptions {
  dataDir?: string
  database?: string
  host: string
  port: number
  channelQuota: number
  channelMaxItems: number
  channelRate: number
  channelBurst: number
  sourceRate: number
  sourceBurst: number
  readerRate: number
  readerBurst: number
  trustProxy?: boolean
}

/** `--X-rate` and `--X-burst` for one of the relay's token buckets (RELAY_LIMITS), listed by --help. */
function rateOptions(command: Command, name: string, limit: RateLimit, what: string): Command {
  return command
    .addOption(
      new Option(`--${name}-rate <per-second>`, `${what}: requests per second, sustained; past it 503 + Retry-After`)
        .default(limit.perSecond)
        .argParser(parseCount(`--${name}-rate`)),
    )
    .addOption(
      new Option(`--${name}-burst <n>`, `${what}: requests taken at once before the rate applies`)
        .default(limit.burst)
        .argParser(parseCount(`--${name}-burst`)),
    )
}

/** A whole number above 0, for the flag named. */
const parseCount = (flag: string) => (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw usageError(`${flag} takes a whole number above 0 (got "${value}")`)
  return n
}

/** Megabytes, a positive number (the byte quota per channel). */
function parseMegabytes(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw usageError(`--channel-quota takes megabytes, a number above 0 (got "${value}")`)
  return n
}

interface StoreOptions {
  dataDir?: string
  database?: string
}

const databaseOption = () =>
  new Option(
    '--database <url>',
    'a PostgreSQL connection string (postgres://user:password@host:5432/db) for several relay instances; else $HOOKBELL_RELAY_DATABASE, else SQLite in the data folder',
  )

/** PostgreSQL when a connection string is given, else SQLite in the relay's data folder. */
async function openStore(options: StoreOptions): Promise<RelayStore> {
  const database = options.database ?? process.env.HOOKBELL_RELAY_DATABASE ?? null
  if (database && !isPostgresUrl(database))
    throw usageError(`--database takes a postgres:// connection string; SQLite lives in --data-dir (got "${database}")`)
  const dataDir = database ? (options.dataDir ?? '.') : relayDataDir(options)
  try {
    return await openRelayStore({ database, dataDir })
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error as Error).message
    throw new CliError(`cannot open the relay database at ${database ? redactUrl(database) : dataDir}: ${reason}`)
  }
}

function publicBase(options: { publicUrl?: string; port: number }): string {
  return options.publicUrl
    ? httpUrl(options.publicUrl, '--public-url', 'https://relay.example.com')
    : `http://127.0.0.1:${options.port}`
}

const relayDataDirOption = () =>
  new Option(
    '--data-dir <dir>',
    `the relay's data folder (else $HOOKBELL_RELAY_DATA_DIR, else ${join(resolveDataDir(undefined), 'relay')})`,
  )

function relayDataDir(options: { dataDir?: string }): string {
  const dir = options.dataDir ?? process.env.HOOKBELL_RELAY_DATA_DIR ?? join(resolveDataDir(undefined), 'relay')
  const problem = dataDirProblem(dir)
  if (problem) throw new CliError(`cannot use the relay's data folder: ${problem}.\n  Pick another with --data-dir DIR.`)
  return dir
}

function httpUrl(value: string, flag: string, example: string): string {
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '')
  } catch {
    // fall through
  }
  throw usageError(`${flag} must be an http(s) URL, such as ${example} (got "${value}")`)
}

export function relayCommand(ctx: Ctx): Command {
  const command = new Command('relay')
    .description('run a relay for laptops providers cannot reach; or connect this Hookbell to one')
    .enablePositionalOptions()
    .addOption(relayDataDirOption())
    .addOption(databaseOption())
    .addOption(new Option('--host <address>', 'where the relay listens').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'relay port (0: any free port)').default(7780).argParser(parsePort))
    .addOption(
      new Option(
        '--channel-quota <MB>',
        'megabytes a channel may hold unacknowledged; past it deliveries are answered 507 until a reader catches up',
      )
        .default(DEFAULT_RETENTION.maxBytesPerChannel / 1024 / 1024)
        .argParser(parseMegabytes),
    )
    .addOption(
      new Option(
        '--channel-max-items <n>',
        'deliveries a channel may hold unacknowledged; past it deliveries are answered 507 (never deleted unread)',
      )
        .default(DEFAULT_RETENTION.maxPerChannel)
        .argParser(parseCount('--channel-max-items')),
    )
  rateOptions(command, 'channel', RELAY_LIMITS.perChannel, 'deliveries per channel, from all its senders together')
  rateOptions(command, 'source', RELAY_LIMITS.perSource, 'deliveries per sending address, over all channels')
  rateOptions(
    command,
    'reader',
    RELAY_LIMITS.readsPerSource,
    "readers' polls and acknowledgements per address (a bucket of their own)",
  )
  command
    .addOption(
      new Option(
        '--trust-proxy',
        'behind a reverse proxy: rate-limit by the last X-Forwarded-For address (the client the proxy saw), not the proxy',
      ),
    )
    .addHelpText(
      'after',
      examples(
        'hookbell relay --host 127.0.0.1 --port 7780 --data-dir /var/lib/hookbell-relay',
        'hookbell relay --database postgres://hookbell:secret@db:5432/hookbell_relay',
        'hookbell relay channels add --name laptop --public-url https://relay.example.com',
        'hookbell relay connect https://relay.example.com/r/ch_… TOKEN',
      ),
    )
    // `relay` runs the server itself, so a mistyped subcommand arrives as an argument: name the nearest one.
    .allowExcessArguments()
    .action(async (options: RelayOptions, self: Command) => {
      if (self.args.length > 0) {
        const near = closest(self.args[0]!, ['channels', 'connect', 'disconnect'])
        throw usageError(`unknown command 'relay ${self.args[0]}'${near ? ` (did you mean relay ${near}?)` : ''}`)
      }
      const store = await openStore(options)
      const maxBytesPerChannel = Math.round(options.channelQuota * 1024 * 1024)
      const server = createRelayServer({
        store,
        host: options.host,
        port: options.port,
        retention: { ...DEFAULT_RETENTION, maxBytesPerChannel, maxPerChannel: options.channelMaxItems },
        rate: { perSecond: options.channelRate, burst: options.channelBurst },
        limits: {
          trustProxy: options.trustProxy === true,
          perSource: { perSecond: options.sourceRate, burst: options.sourceBurst },
          readsPerSource: { perSecond: options.readerRate, burst: options.readerBurst },
        },
      })
      let bound: number
      try {
        bound = await server.start()
      } catch (error) {
        await store.close()
        throw portInUse(error, () => '--port N') ?? error
      }
      ctx.io.out(`Hookbell relay ${VERSION} listening on ${options.host}:${bound} (${store.kind}: ${store.location})`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await server.stop()
      await store.close()
    })

  const channels = new Command('channels')
    .description(
      "the relay's channels (run these on the relay machine): one for your laptop, or one per on-call rotation " +
        'that every laptop of the rotation reads with its own token',
    )
    .addHelpText(
      'after',
      examples(
        'hookbell relay channels add --name oncall --public-url https://relay.example.com',
        'hookbell relay channels add-reader ch_… --name dana-laptop --public-url https://relay.example.com',
        'hookbell relay channels list',
      ),
    )
  const storeOptions = (c: Command) =>
    c
      .addOption(relayDataDirOption())
      .addOption(databaseOption())
      .addOption(new Option('--port <port>', 'without --public-url: the local relay port').default(7780).argParser(parsePort))
  channels.addCommand(
    storeOptions(
      new Command('add')
        .description(
          "create a channel and its first reader: prints the relay URL and the reader's token (shown once, stored hashed)",
        )
        .option('--name <name>', 'the channel (and its first reader)', 'laptop')
        .option('--public-url <url>', 'the relay as providers reach it, e.g. https://relay.example.com'),
    )
      .addHelpText('after', examples('hookbell relay channels add --name oncall --public-url https://relay.example.com'))
      .action(async (options: StoreOptions & { name: string; publicUrl?: string; port: number }) => {
        const base = publicBase(options)
        const store = await openStore(options)
        try {
          const { id, token, readerId } = await store.addChannel(options.name, options.name, Date.now())
          ctx.io.out(`Channel "${options.name}" created.`)
          ctx.io.out(`  Relay URL:   ${base}/r/${id}`)
          ctx.io.out(`  Read token:  ${token}   (reader ${readerId}; shown once, stored hashed)`)
          ctx.io.out(`  On the laptop: ${HOOKBELL} relay connect ${base}/r/${id} ${token}`)
          ctx.io.out('  (or Settings → Receiver & relay). Providers then post to the relay URL shown per integration.')
          ctx.io.out(`  Another laptop on the same channel: ${HOOKBELL} relay channels add-reader ${id} --name NAME`)
        } finally {
          await store.close()
        }
      }),
  )
  channels.addCommand(
    storeOptions(
      new Command('add-reader')
        .description('give another laptop its own read token for a channel (its own cursor); the token is shown once')
        .argument('<channel>', `the channel id (ch_…), from \`${HOOKBELL} relay channels list\``)
        .option('--name <name>', 'whose laptop', 'laptop')
        .option('--public-url <url>', 'the relay as providers reach it, e.g. https://relay.example.com'),
    )
      .addHelpText(
        'after',
        examples('hookbell relay channels add-reader ch_… --name dana-laptop --public-url https://relay.example.com'),
      )
      .action(async (channel: string, options: StoreOptions & { name: string; publicUrl?: string; port: number }) => {
        const base = publicBase(options)
        const store = await openStore(options)
        try {
          const added = await store.addReader(channel, options.name, Date.now())
          if (!added) throw usageError(`no channel ${channel} (see ${HOOKBELL} relay channels list)`)
          ctx.io.out(`Reader "${options.name}" added to ${channel}.`)
          ctx.io.out(`  Relay URL:   ${base}/r/${channel}`)
          ctx.io.out(`  Read token:  ${added.token}   (reader ${added.id}; shown once, stored hashed)`)
          ctx.io.out(`  On that laptop: ${HOOKBELL} relay connect ${base}/r/${channel} ${added.token}`)
        } finally {
          await store.close()
        }
      }),
  )
  channels.addCommand(
    new Command('remove-reader')
      .description('revoke a reader: its token stops working and it no longer holds deliveries back')
      .argument('<channel>', 'the channel id (ch_…)')
      .argument('<reader>', 'the reader id (rd_…) or name')
      .addOption(relayDataDirOption())
      .addOption(databaseOption())
      .addHelpText('after', examples('hookbell relay channels remove-reader ch_… dana-laptop'))
      .action(async (channel: string, reader: string, options: StoreOptions) => {
        const store = await openStore(options)
        try {
          if (!(await store.removeReader(channel, reader))) throw usageError(`no reader "${reader}" on channel ${channel}`)
          ctx.io.out(`Reader "${reader}" removed from ${channel}: its token no longer works, and it holds nothing back.`)
        } finally {
          await store.close()
        }
      }),
  )
  channels.addCommand(
    new Command('list')
      .description('list channels, their readers, and how far behind each reader is')
      .addOption(relayDataDirOption())
      .addHelpText('after', examples('hookbell relay channels list --data-dir /var/lib/hookbell-relay'))
      .addOption(databaseOption())
      .action(async (options: StoreOptions) => {
        const store = await openStore(options)
        try {
          const now = Date.now()
          ctx.io.out(formatChannels(await store.listChannels(now, DEFAULT_RETENTION), now))
        } finally {
          await store.close()
        }
      }),
  )
  command.addCommand(channels)

  command.addCommand(
    withDataDir(
      new Command('connect')
        .description('make the running Hookbell poll a relay channel')
        .argument('<url>', `the channel URL from \`${HOOKBELL} relay channels add\` (…/r/ch_…)`)
        .argument('<token>', 'its read token'),
    )
      .addHelpText('after', examples('hookbell relay connect https://relay.example.com/r/ch_… TOKEN'))
      .action(async (url: string, token: string, options: DataDirOptions) => {
        const relayUrl = httpUrl(url, 'the relay URL', 'https://relay.example.com/r/ch_…')
        const app = connectToApp(dataDirOf(options), startHint(options))
        await app.call('settings.update', { relay: { url: relayUrl, readToken: token, enabled: true } })
        ctx.io.out(`Connected to ${relayUrl}: Hookbell polls it from now on (${HOOKBELL} status shows how it goes).`)
        const withRelay = (await app.call('integrations.list', {})).filter((i) => i.relayUrl)
        for (const i of withRelay) ctx.io.out(`  ${i.name} (${i.provider}): ${i.relayUrl}`)
      }),
  )
  command.addCommand(
    withDataDir(new Command('disconnect').description('stop polling the relay and forget its URL and token'))
      .addHelpText('after', examples('hookbell relay disconnect'))
      .action(async (options: DataDirOptions) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        await app.call('settings.update', { relay: { url: null, readToken: null, enabled: false } })
        ctx.io.out('Disconnected from the relay; deliveries reach this Hookbell directly only.')
      }),
  )
  return command
}
