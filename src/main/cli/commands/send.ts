// `hookbell send`: a realistic sample delivery. To an integration of the running app, the app signs it
// with the stored secret and posts it to its own receiver; with --to, this process signs it with --secret
// and posts it anywhere (another machine, a relay URL).
import { Command } from 'commander'
import { PROVIDERS } from '../../core'
import { connectToApp } from '../app-client'
import { HOOKBELL, type Ctx, type DataDirOptions, dataDirFlag, dataDirOf, examples, startHint, withDataDir } from '../context'
import { CliError, usageError } from '../errors'

interface SendOptions extends DataDirOptions {
  integration?: string
  sample?: string
  to?: string
  secret?: string
}

const sampleList = () =>
  [...PROVIDERS.values()].map((p) => `  ${p.id.padEnd(13)} ${Object.keys(p.samples).join(', ')}`).join('\n')

export function sendCommand({ io }: Ctx): Command {
  return withDataDir(
    new Command('send')
      .description('send a realistic, correctly signed sample delivery to an integration')
      .argument('[provider]', `which tool's sample: ${[...PROVIDERS.keys()].join(', ')}`)
      .option('--integration <id>', 'the integration to send to (needed when a tool has several)')
      .option('--sample <name>', "which sample (default: the tool's first)")
      .option('--to <url>', 'post to this URL instead, signed here with --secret (no running Hookbell needed)')
      .option('--secret <secret>', 'with --to: the secret to sign with'),
  )
    .addHelpText(
      'after',
      `\nSamples:\n${sampleList()}\n` +
        examples(
          'hookbell send generic',
          'hookbell send appsignal --sample anomaly',
          'hookbell send --integration 3f1c… --sample resolved',
          'hookbell send sentry --to https://relay.example.com/r/ch_…?integration=3f1c… --secret "$SENTRY_CLIENT_SECRET"',
        ),
    )
    .action(async (providerId: string | undefined, options: SendOptions) => {
      if (providerId && !PROVIDERS.has(providerId))
        throw usageError(`unknown provider "${providerId}": one of ${[...PROVIDERS.keys()].join(', ')}`)
      if (options.to) return sendTo(io, providerId, options)
      if (options.secret) throw usageError('--secret goes with --to: an integration of the app is signed with its stored secret')
      if (!providerId && !options.integration)
        throw usageError(`say which: ${HOOKBELL} send PROVIDER, or ${HOOKBELL} send --integration ID`)

      const app = connectToApp(dataDirOf(options), startHint(options))
      const integrations = await app.call('integrations.list', {})
      let target = options.integration ? integrations.find((i) => i.id === options.integration) : undefined
      if (options.integration && !target)
        throw new CliError(`no integration ${options.integration}: see ${HOOKBELL} integrations list${dataDirFlag(options)}`)
      if (target && providerId && target.provider !== providerId)
        throw usageError(`integration ${target.id} is ${target.provider}, not ${providerId}`)
      if (!target) {
        const candidates = integrations.filter((i) => i.provider === providerId)
        if (candidates.length === 0)
          throw new CliError(
            `no ${providerId} integration yet: ${HOOKBELL} integrations add ${providerId}${dataDirFlag(options)}`,
          )
        if (candidates.length > 1)
          throw usageError(
            `${candidates.length} ${providerId} integrations: pass --integration ID, one of\n` +
              candidates.map((i) => `  ${i.id}  ${i.name}`).join('\n'),
          )
        target = candidates[0]!
      }
      const provider = PROVIDERS.get(target.provider)!
      if (options.sample && !provider.samples[options.sample])
        throw usageError(`${provider.id} samples: ${Object.keys(provider.samples).join(', ')}`)

      const sent = await app.call('integrations.sendTest', { id: target.id, sample: options.sample })
      const incidents = sent.incidentIds.length ? `, incident ${sent.incidentIds.join(', ')}` : ''
      if (sent.outcome !== 'rejected') {
        io.out(`${provider.name} sample "${sent.sample}" → ${target.receiverUrl}: ${sent.status} ${sent.outcome}${incidents}`)
        return
      }
      const hint =
        provider.secret === 'provider-generated' && target.secretCount === 0
          ? `\n  Store ${provider.name}'s secret first: ${HOOKBELL} integrations set-secret ${target.id} SECRET${dataDirFlag(options)}`
          : ''
      throw new CliError(`${provider.name} sample "${sent.sample}" was refused (${sent.status}): ${sent.reason}${hint}`)
    })
}

async function sendTo(io: Ctx['io'], providerId: string | undefined, options: SendOptions): Promise<void> {
  if (!providerId) throw usageError(`with --to, say which tool the sample is from: ${HOOKBELL} send PROVIDER --to URL`)
  if (options.integration) throw usageError('--to and --integration do not go together')
  const provider = PROVIDERS.get(providerId)!
  const sampleName = options.sample ?? Object.keys(provider.samples)[0]!
  const sample = provider.samples[sampleName]
  if (!sample) throw usageError(`${provider.id} samples: ${Object.keys(provider.samples).join(', ')}`)
  let url: URL
  try {
    url = new URL(options.to!)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http')
  } catch {
    throw usageError(`--to must be an http(s) URL, such as http://127.0.0.1:7700/hooks/ID (got "${options.to}")`)
  }
  const body = JSON.stringify(sample(), null, 2)
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', body, headers: provider.sign(body, options.secret ?? null, Date.now()) })
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message
    throw new CliError(`could not reach ${url} (${code})`)
  }
  const text = await response.text()
  if (!response.ok) throw new CliError(`${provider.name} sample "${sampleName}" → ${url}: ${response.status} ${text}`)
  io.out(`${provider.name} sample "${sampleName}" → ${url}: ${response.status} ${text}`)
}
