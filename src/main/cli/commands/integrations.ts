// `hookbell integrations add|list|set-secret|source|remove`, through the running app's API.
import { Command } from 'commander'
import type { IntegrationOptions, IntegrationView } from '../../../shared/model'
import { PROVIDERS, SOURCE_TOOLS } from '../../core'
import { connectToApp } from '../app-client'
import { HOOKBELL, type Ctx, type DataDirOptions, dataDirFlag, dataDirOf, examples, startHint, withDataDir } from '../context'
import { CliError, usageError } from '../errors'
import type { Io } from '../io'

const providerList = () => [...PROVIDERS.keys()].join(', ')
/** The tools Hookbell can act on, by provider id (`hookbell integrations source`). */
const SOURCE_PROVIDERS = SOURCE_TOOLS.map((t) => t.provider).join(', ')

export function integrationsCommand(ctx: Ctx): Command {
  const command = new Command('integrations')
    .description('add, list, change and remove the integrations (one per monitoring tool)')
    .addHelpText('after', examples('hookbell integrations add generic', 'hookbell integrations list'))

  command.addCommand(addCommand(ctx))
  command.addCommand(
    withDataDir(new Command('list').description('list integrations with their receiver URLs and last delivery'))
      .addHelpText('after', examples('hookbell integrations list'))
      .action(async (options: DataDirOptions) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        const list = await app.call('integrations.list', {})
        if (list.length === 0) ctx.io.out(`No integrations. Add one: ${HOOKBELL} integrations add generic${dataDirFlag(options)}`)
        for (const i of list) printIntegration(ctx.io, i)
      }),
  )
  command.addCommand(
    withDataDir(
      new Command('set-secret')
        .description("store the tool's secret (AppSignal's verification token, Sentry's client secret)")
        .argument('<id>', `integration id (${HOOKBELL} integrations list)`)
        .argument('<secret>', 'the secret as the tool shows it')
        .option('--replace', 'drop the secrets it had (by default they stay valid, so deliveries signed meanwhile are kept)'),
    )
      .addHelpText(
        'after',
        examples(
          'hookbell integrations set-secret 3f1c… "$APPSIGNAL_TOKEN"',
          'hookbell integrations set-secret 3f1c… s3cr3t --replace',
        ),
      )
      .action(async (id: string, secret: string, options: DataDirOptions & { replace?: boolean }) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        const { integration } = await app.call('integrations.update', { id, secret, dropOldSecrets: options.replace ?? false })
        ctx.io.out(
          `Secret stored for ${integration.name} (${integration.id}); it has ${integration.secretCount} secret${integration.secretCount === 1 ? '' : 's'}.`,
        )
        ctx.io.out(`  Try it: ${HOOKBELL} send --integration ${integration.id}${dataDirFlag(options)}`)
      }),
  )
  command.addCommand(sourceCommand(ctx))
  command.addCommand(
    withDataDir(
      new Command('remove')
        .description('remove an integration: deliveries to its URL are refused from now on; its incidents stay')
        .argument('<id>', `integration id (${HOOKBELL} integrations list)`),
    )
      .addHelpText('after', examples('hookbell integrations remove 3f1c…'))
      .action(async (id: string, options: DataDirOptions) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        const { deleted } = await app.call('integrations.delete', { id })
        if (!deleted) throw new CliError(`no integration ${id}: see ${HOOKBELL} integrations list${dataDirFlag(options)}`)
        ctx.io.out(`Removed integration ${id}.`)
      }),
  )
  return command
}

interface SourceOptions extends DataDirOptions {
  url?: string
  credential?: string
  user?: string
  silenceMinutes?: string
  clear?: boolean
  test?: boolean
}

/** `hookbell integrations source <id>`: how your acknowledge reaches the tool (an Alertmanager silence). */
function sourceCommand({ io }: Ctx): Command {
  return withDataDir(
    new Command('source')
      .description(
        `act on the source: your acknowledge, resolve, reopen or snooze reaches the tool behind this integration (${SOURCE_PROVIDERS}; Alertmanager and Grafana: a silence)`,
      )
      .argument('<id>', `integration id (${HOOKBELL} integrations list)`)
      .option(
        '--url <url>',
        "the tool's API URL as this computer reaches it (required the first time; a new host needs --credential again)",
      )
      .option('--credential <value>', "the tool's API credential (a token); stored like a secret, never shown again")
      .option(
        '--user <user>',
        'PagerDuty: the From email of the user acting (needed with a general access key); Opsgenie: the user named on the alert; Sentry: the organization slug',
      )
      .option('--silence-minutes <n>', 'Alertmanager, Grafana: how long a silence lasts before it is extended (default 60)')
      .option('--test', 'after saving, read something harmless from the API and say what the credential may do')
      .option('--clear', 'stop acting on the source for this integration'),
  )
    .addHelpText(
      'after',
      examples(
        'hookbell integrations source 3f1c… --url http://alertmanager:9093 --test',
        'hookbell integrations source 3f1c… --url https://grafana.example.com --credential "$GRAFANA_SA_TOKEN"',
        'hookbell integrations source 3f1c… --clear',
      ),
    )
    .action(async (id: string, options: SourceOptions) => {
      const app = connectToApp(dataDirOf(options), startHint(options))
      if (options.clear) {
        const cleared = await app.call('integrations.setSourceConnection', { id, clear: true })
        io.out(`${cleared.name} no longer acts on its source.`)
        return
      }
      const minutes = options.silenceMinutes === undefined ? undefined : Number(options.silenceMinutes)
      if (minutes !== undefined && !Number.isInteger(minutes)) throw usageError('--silence-minutes must be a whole number')
      const current = (await app.call('integrations.list', {})).find((i) => i.id === id)
      if (!current) throw usageError(`no integration ${id}: see ${HOOKBELL} integrations list`)
      const tool = current.sourceTool
      if (!tool) throw usageError(`Hookbell cannot act on ${current.provider}: it acts on ${SOURCE_PROVIDERS}`)
      // Without --url the stored URL stays (the core keeps it). A first connection needs --url: the URL a
      // delivery names is only offered, never used unasked, since the credential goes wherever it points.
      if (options.url === undefined && !current.source) {
        const hint = tool.suggestedUrl
          ? ` (${tool.suggestedFrom === 'delivery' ? 'the latest delivery names' : `${tool.name}'s default is`} ${tool.suggestedUrl}: pass it as --url ${tool.suggestedUrl} if that is where it is)`
          : ''
        throw usageError(`--url is required: where this computer reaches ${tool.name}'s API${hint}`)
      }
      if (minutes !== undefined && (minutes < 5 || minutes > 7 * 24 * 60))
        throw usageError('--silence-minutes must be from 5 to 10080 (a week)')
      const integration = await app.call('integrations.setSourceConnection', {
        id,
        apiUrl: options.url,
        credential: options.credential,
        user: options.user,
        silenceMinutes: minutes,
      })
      printIntegration(io, integration)
      if (options.test) {
        const result = await app.call('integrations.testSourceConnection', { id })
        io.out(`  Test: ${result.ok ? 'OK' : 'failed'}${result.status !== null ? ` (${result.status})` : ''}: ${result.message}`)
        if (!result.ok) throw new CliError('the connection test failed: the settings are saved, fix them and try again')
      }
    })
}

function addCommand({ io }: Ctx): Command {
  return withDataDir(
    new Command('add')
      .description('add an integration: prints its receiver URL and, when Hookbell makes one, its secret (once)')
      .argument('<provider>', providerList())
      .option('--name <name>', 'a name to tell it apart (default: the tool name)')
      .option('--secret <secret>', "the tool's secret (AppSignal's verification token, Sentry's client secret), or your own")
      .option('--unsigned', 'generic: accept deliveries without a signature (the URL is then the only credential)')
      .option('--auth-scheme <scheme>', 'alertmanager, grafana: the Authorization scheme the tool sends (default Bearer)')
      .option('--signature-header <name>', "grafana: the HMAC Signature 'Header' set in the contact point")
      .option('--timestamp-header <name>', "grafana: the HMAC 'Timestamp header', or none when it is left blank")
      .option('--payload <kind>', 'alertmanager, grafana: generic when the tool sends a custom payload template')
      .option('--id <id>', "team relay: join a teammate's integration (same id and --secret on every laptop)"),
  )
    .addHelpText(
      'after',
      examples(
        'hookbell integrations add generic',
        'hookbell integrations add appsignal --secret "$APPSIGNAL_WEBHOOK_TOKEN"',
        'hookbell integrations add sentry --name "Checkout Sentry" --secret "$SENTRY_CLIENT_SECRET"',
        'hookbell integrations add grafana --signature-header X-Acme-Signature --timestamp-header none',
        'hookbell integrations add alertmanager --auth-scheme HookbellKey --payload generic',
      ),
    )
    .action(async (providerId: string, options: DataDirOptions & AddOptions) => {
      const provider = PROVIDERS.get(providerId)
      if (!provider) throw usageError(`unknown provider "${providerId}": one of ${providerList()}`)
      const app = connectToApp(dataDirOf(options), startHint(options))
      const created = await app.call('integrations.create', {
        provider: provider.id,
        name: options.name,
        secret: options.secret,
        signed: !options.unsigned,
        options: integrationOptions(options),
        id: options.id,
      })
      const i = created.integration
      io.out(`Added ${i.name} (${i.provider}), id ${i.id}`)
      io.out(`  Receiver URL: ${i.receiverUrl}`)
      if (i.relayUrl) io.out(`  Relay URL:    ${i.relayUrl}`)
      if (created.secret) io.out(`  Secret:       ${created.secret}   (shown once; paste it into ${provider.name})`)
      if (provider.secret === 'provider-generated' && !options.secret)
        io.out(
          `  Then store ${provider.name}'s secret: ${HOOKBELL} integrations set-secret ${i.id} SECRET${dataDirFlag(options)}`,
        )
      if (provider.secret === 'none')
        io.out(`  ${provider.name} cannot sign deliveries: keep the URL private, it is the credential.`)
      io.out(`  In ${provider.name}:`)
      for (const step of i.setup) io.out(`    - ${step}`)
      // The body the steps say to paste (Checkly's template, Datadog's payload): on screen, ready to copy.
      if (provider.template) {
        io.out(`  Template to paste into ${provider.name}:`)
        for (const line of provider.template.split('\n')) io.out(`    ${line}`)
      }
      const siblings = (await app.call('integrations.list', {})).filter((x) => x.provider === i.provider)
      io.out(`  Try it:       ${sendCommandFor(i, siblings.length)}${dataDirFlag(options)}`)
    })
}

interface AddOptions {
  name?: string
  secret?: string
  unsigned?: boolean
  authScheme?: string
  signatureHeader?: string
  timestampHeader?: string
  payload?: string
  /** Team relay: a teammate's integration id to join. */
  id?: string
}

/** The tool-side settings given as flags; the core checks them (validateOptions) and says what is wrong. */
function integrationOptions(options: AddOptions): IntegrationOptions | undefined {
  const out: Record<string, unknown> = {}
  if (options.authScheme !== undefined) out.authScheme = options.authScheme
  if (options.signatureHeader !== undefined) out.signatureHeader = options.signatureHeader
  if (options.timestampHeader !== undefined)
    out.timestampHeader = options.timestampHeader.toLowerCase() === 'none' ? null : options.timestampHeader
  if (options.payload !== undefined) out.payload = options.payload
  return Object.keys(out).length ? (out as IntegrationOptions) : undefined
}

export function printIntegration(io: Io, i: IntegrationView): void {
  const last = i.lastDelivery ? `last delivery ${i.lastDelivery.at} (${i.lastDelivery.outcome})` : 'no deliveries yet'
  io.out(`${i.id}  ${i.provider.padEnd(12)} ${i.name}`)
  io.out(`  Receiver URL: ${i.receiverUrl}`)
  if (i.relayUrl) io.out(`  Relay URL:    ${i.relayUrl}`)
  io.out(`  ${i.secretCount} secret${i.secretCount === 1 ? '' : 's'}; ${last}`)
  if (i.lastRejection) io.out(`  last rejection ${i.lastRejection.at}: ${i.lastRejection.reason}`)
  if (i.source && i.sourceTool) {
    const extra = [
      i.source.hasCredential ? 'credential set' : 'no credential',
      i.source.user ? `as ${i.source.user}` : null,
      i.sourceTool.silences ? `silences of ${i.source.silenceMinutes} min` : null,
    ].filter(Boolean)
    io.out(`  Acts on ${i.sourceTool.name} at ${i.source.apiUrl} (${extra.join(', ')})`)
  }
}

/** `hookbell send PROVIDER` while it is the only one of its tool; `--integration ID` once there are more. */
export const sendCommandFor = (i: IntegrationView, sameProvider: number) =>
  sameProvider > 1 ? `${HOOKBELL} send --integration ${i.id}` : `${HOOKBELL} send ${i.provider}`
