// `hookbell`: serve (headless app), relay, send, integrations. Plain Node; never imports electron.
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { createCore, resolveDataDir, PROVIDERS, createConfBackend, createSettings, PLAIN_CODEC, VERSION } from './core'
import { openUrl } from './headless/open-url'
import { serve } from './headless/serve'
import { RELAY_USAGE, RelayUsageError, runRelayCommand } from '../relay/relay-cli'

const USAGE = `Hookbell ${VERSION}: monitoring webhooks → verified incidents, toasts and a tray.

Usage:
  hookbell serve [--data-dir DIR] [--host 127.0.0.1] [--port 7700] [--ui-port 7701] [--no-notify] [--open]
  hookbell integrations add PROVIDER [--name N] [--secret S] [--unsigned] [--data-dir DIR] [--port 7700]
  hookbell integrations list [--data-dir DIR] [--port 7700]
  hookbell send PROVIDER [--sample NAME] [--to URL] [--secret S] [--data-dir DIR] [--port 7700]
${RELAY_USAGE}

Providers: ${[...PROVIDERS.keys()].join(', ')}
Data directory: --data-dir, else $HOOKBELL_DATA_DIR, else ${resolveDataDir(undefined)}`

const OPTIONS = {
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'ui-port': { type: 'string' },
  'no-notify': { type: 'boolean' },
  open: { type: 'boolean' },
  name: { type: 'string' },
  secret: { type: 'string' },
  unsigned: { type: 'boolean' },
  sample: { type: 'string' },
  to: { type: 'string' },
  'public-url': { type: 'string' },
  database: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const

class UsageError extends Error {}

function port(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`not a port: ${value}`)
  return n
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  if (values.version) {
    console.log(VERSION)
    return 0
  }
  const [command, ...rest] = positionals
  if (values.help || !command) {
    console.log(USAGE)
    return command || values.help ? 0 : 2
  }
  const dataDir = resolveDataDir(values['data-dir'])
  const receiverPort = port(values.port, 7700)

  switch (command) {
    case 'serve': {
      const running = await serve({
        dataDir,
        host: values.host ?? '127.0.0.1',
        port: receiverPort,
        uiPort: port(values['ui-port'], 7701),
        notify: !values['no-notify'],
        uiDir: fileURLToPath(new URL('../renderer', import.meta.url)),
      })
      if (!running.ok) {
        const r = running.running
        console.error(
          `hookbell: Hookbell ${r.version} (${r.kind}, pid ${r.pid}, since ${r.startedAt}) already runs on ${dataDir}.` +
            (r.apiUrl ? `\n  Its UI/API:   ${r.apiUrl}` : '') +
            (r.receiverUrl ? `\n  Its receiver: ${r.receiverUrl}/hooks/<integration id>` : '') +
            `\n  Stop it first, or run a second one on another folder with --data-dir.`,
        )
        return 1
      }
      const integrations = await running.core.api['integrations.list']({})
      console.log(`Hookbell ${VERSION} is running (headless mode).`)
      console.log(`  Open the UI:  ${running.uiUrl}`)
      console.log(`  Receiver:     ${running.core.receiverUrl()}/hooks/<integration id>`)
      console.log(`  Data:         ${dataDir}`)
      if (integrations.length === 0)
        console.log('  No integrations yet. Try: hookbell integrations add generic, then hookbell send generic')
      for (const i of integrations) console.log(`  ${i.name} (${i.provider}): ${i.receiverUrl}`)
      if (values.open) openUrl(running.uiUrl)
      await new Promise<void>((resolve) => {
        const shutdown = () => resolve()
        process.once('SIGINT', shutdown)
        process.once('SIGTERM', shutdown)
      })
      await running.stop()
      return 0
    }

    case 'integrations': {
      const core = createCore({ dataDir, receiver: { port: receiverPort } })
      try {
        if (rest[0] === 'add') {
          const provider = rest[1]
          if (!provider) throw new UsageError(`integrations add needs a provider: ${[...PROVIDERS.keys()].join(', ')}`)
          const created = await core.api['integrations.create']({
            provider,
            name: values.name,
            secret: values.secret,
            signed: !values.unsigned,
          })
          const i = created.integration
          console.log(`Added ${i.name} (${i.provider}), id ${i.id}`)
          console.log(`  Receiver URL: ${i.receiverUrl}`)
          if (i.relayUrl) console.log(`  Relay URL:    ${i.relayUrl}`)
          if (created.secret) console.log(`  Secret:       ${created.secret}   (shown once; paste it into the sending tool)`)
          const info = PROVIDERS.get(i.provider)!
          if (info.secret === 'provider-generated' && !values.secret)
            console.log(`  Then paste the tool's secret: set it in the UI (Settings → Integrations).`)
          if (info.secret === 'none')
            console.log('  This tool cannot sign deliveries: keep the URL secret, it is the credential.')
          console.log(
            `  Try it:       hookbell send ${i.provider}${values['data-dir'] ? ` --data-dir ${values['data-dir']}` : ''}`,
          )
        } else if (rest[0] === 'list' || rest[0] === undefined) {
          const list = await core.api['integrations.list']({})
          if (list.length === 0) console.log('No integrations. Add one: hookbell integrations add generic')
          for (const i of list) {
            const last = i.lastDelivery ? `last delivery ${i.lastDelivery.at} (${i.lastDelivery.outcome})` : 'no deliveries yet'
            console.log(
              `${i.id}  ${i.provider.padEnd(12)} ${i.name}\n  ${i.receiverUrl}\n  ${last}${i.lastRejection ? `; last rejection: ${i.lastRejection.reason}` : ''}`,
            )
          }
        } else throw new UsageError(`unknown: integrations ${rest[0]}`)
      } finally {
        await core.stop()
      }
      return 0
    }

    case 'send':
      return send(rest[0], values, dataDir, receiverPort)

    case 'relay':
      return relay(rest, values)

    default:
      throw new UsageError(`unknown command "${command}"`)
  }
}

async function send(
  providerId: string | undefined,
  values: Record<string, string | boolean | undefined>,
  dataDir: string,
  receiverPort: number,
): Promise<number> {
  const provider = providerId ? PROVIDERS.get(providerId) : undefined
  if (!provider) throw new UsageError(`send needs a provider: ${[...PROVIDERS.keys()].join(', ')}`)
  const sampleName = (values.sample as string | undefined) ?? Object.keys(provider.samples)[0]!
  const sample = provider.samples[sampleName]
  if (!sample) throw new UsageError(`${provider.id} samples: ${Object.keys(provider.samples).join(', ')}`)

  let url = values.to as string | undefined
  let secret = (values.secret as string | undefined) ?? null
  if (!url) {
    // No --to: use this data directory's first integration of that provider, as a try-out would.
    const settings = createSettings(createConfBackend(dataDir, false), PLAIN_CODEC)
    const integration = settings.integrations().find((i) => i.provider === provider.id)
    if (!integration)
      throw new UsageError(
        `no ${provider.id} integration in ${dataDir}: run hookbell integrations add ${provider.id}, or pass --to URL`,
      )
    url = `http://127.0.0.1:${receiverPort}/hooks/${integration.id}`
    secret ??= integration.secrets[0] ?? null
  }
  const body = JSON.stringify(sample(), null, 2)
  const headers = provider.sign(body, secret, Date.now())
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', body, headers })
  } catch (error) {
    console.error(
      `could not reach ${url}: ${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message}. Is hookbell serve running?`,
    )
    return 1
  }
  const text = await response.text()
  console.log(`${provider.name} sample "${sampleName}" → ${response.status} ${text}`)
  return response.ok ? 0 : 1
}

function relay(rest: string[], values: Record<string, string | boolean | undefined>): Promise<number> {
  return runRelayCommand(rest, {
    version: VERSION,
    dataDir:
      (values['data-dir'] as string | undefined) ??
      process.env.HOOKBELL_RELAY_DATA_DIR ??
      join(resolveDataDir(undefined), 'relay'),
    database: values.database as string | undefined,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    port: port(values.port as string | undefined, 7780),
    name: values.name as string | undefined,
    publicUrl: values['public-url'] as string | undefined,
  })
}

export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv)
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof RelayUsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`hookbell: ${(error as Error).message}\n\n${USAGE}`)
      process.exitCode = 2
    } else if ((error as { code?: string }).code === 'EADDRINUSE') {
      console.error(`hookbell: ${(error as Error).message}: is Hookbell already running? Use --port / --ui-port to pick others.`)
      process.exitCode = 1
    } else if (error instanceof Error && 'status' in error) {
      console.error(`hookbell: ${error.message}`)
      process.exitCode = 1
    } else {
      console.error(error)
      process.exitCode = 1
    }
  }
}

run(process.argv.slice(2))
