// `hookbell relay`: run the relay server and manage its channels (on the relay machine), and point the
// running app at a relay (`relay connect` / `relay disconnect`, on the laptop).
import { join } from 'node:path'
import { Command, Option } from 'commander'
import { openRelayStore } from '../../../relay/relay-store'
import { createRelayServer } from '../../../relay/relay-server'
import { dataDirProblem, resolveDataDir, VERSION } from '../../core'
import { connectToApp } from '../app-client'
import { type Ctx, type DataDirOptions, dataDirOf, examples, startHint, withDataDir } from '../context'
import { CliError, closest, parsePort, portInUse, usageError } from '../errors'

interface RelayOptions {
  dataDir?: string
  host: string
  port: number
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
    .addOption(new Option('--host <address>', 'where the relay listens').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'relay port (0: any free port)').default(7780).argParser(parsePort))
    .addHelpText(
      'after',
      examples(
        'hookbell relay --host 127.0.0.1 --port 7780 --data-dir /var/lib/hookbell-relay',
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
      const dataDir = relayDataDir(options)
      const store = openRelayStore(dataDir)
      const server = createRelayServer({ store, host: options.host, port: options.port })
      let bound: number
      try {
        bound = await server.start()
      } catch (error) {
        store.close()
        throw portInUse(error, () => '--port N') ?? error
      }
      ctx.io.out(`Hookbell relay ${VERSION} listening on ${options.host}:${bound} (data: ${dataDir})`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await server.stop()
      store.close()
    })

  const channels = new Command('channels')
    .description("the relay's channels: one per laptop (run these on the relay machine)")
    .addHelpText('after', examples('hookbell relay channels add --name laptop --public-url https://relay.example.com'))
  channels.addCommand(
    new Command('add')
      .description('create a channel: prints its relay URL and a read token (shown once, stored hashed)')
      .option('--name <name>', 'whose channel', 'laptop')
      .option('--public-url <url>', 'the relay as providers reach it, e.g. https://relay.example.com')
      .addOption(new Option('--port <port>', 'without --public-url: the local relay port').default(7780).argParser(parsePort))
      .addOption(relayDataDirOption())
      .addHelpText('after', examples('hookbell relay channels add --name laptop --public-url https://relay.example.com'))
      .action((options: { name: string; publicUrl?: string; port: number; dataDir?: string }) => {
        const base = options.publicUrl
          ? httpUrl(options.publicUrl, '--public-url', 'https://relay.example.com')
          : `http://127.0.0.1:${options.port}`
        const store = openRelayStore(relayDataDir(options))
        try {
          const { id, token } = store.addChannel(options.name)
          ctx.io.out(`Channel "${options.name}" created.`)
          ctx.io.out(`  Relay URL:   ${base}/r/${id}`)
          ctx.io.out(`  Read token:  ${token}   (shown once; stored hashed)`)
          ctx.io.out(`  On the laptop: hookbell relay connect ${base}/r/${id} ${token}`)
          ctx.io.out('  (or Settings → Receiver & relay). Providers then post to the relay URL shown per integration.')
        } finally {
          store.close()
        }
      }),
  )
  channels.addCommand(
    new Command('list')
      .description('list channels and how many deliveries wait in each')
      .addOption(relayDataDirOption())
      .addHelpText('after', examples('hookbell relay channels list --data-dir /var/lib/hookbell-relay'))
      .action((options: { dataDir?: string }) => {
        const store = openRelayStore(relayDataDir(options))
        try {
          const list = store.listChannels()
          if (list.length === 0) ctx.io.out('No channels. Create one: hookbell relay channels add --public-url URL')
          for (const c of list) ctx.io.out(`${c.id}  ${c.name}  created ${c.createdAt}  ${c.pending} waiting`)
        } finally {
          store.close()
        }
      }),
  )
  command.addCommand(channels)

  command.addCommand(
    withDataDir(
      new Command('connect')
        .description('make the running Hookbell poll a relay channel')
        .argument('<url>', 'the channel URL from `hookbell relay channels add` (…/r/ch_…)')
        .argument('<token>', 'its read token'),
    )
      .addHelpText('after', examples('hookbell relay connect https://relay.example.com/r/ch_… TOKEN'))
      .action(async (url: string, token: string, options: DataDirOptions) => {
        const relayUrl = httpUrl(url, 'the relay URL', 'https://relay.example.com/r/ch_…')
        const app = connectToApp(dataDirOf(options), startHint(options))
        await app.call('settings.update', { relay: { url: relayUrl, readToken: token, enabled: true } })
        ctx.io.out(`Connected to ${relayUrl}: Hookbell polls it from now on (hookbell status shows how it goes).`)
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
