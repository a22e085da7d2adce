// `hookbell targets add|list|test|remove`: where incidents are forwarded, through the running app's API.
import { Command, Option } from 'commander'
import { TARGET_EVENTS, type TargetEvent, type TargetInput } from '../../../shared/target'
import { connectToApp } from '../app-client'
import { HOOKBELL, type Ctx, type DataDirOptions, dataDirFlag, dataDirOf, examples, startHint, withDataDir } from '../context'
import { CliError, usageError } from '../errors'

interface AddOptions extends DataDirOptions {
  name?: string
  url: string
  preset?: string
  events?: string
  signing?: 'none' | 'hmac-sha256' | 'standard-webhooks'
  secret?: string
}

export function targetsCommand({ io }: Ctx): Command {
  const command = new Command('targets')
    .description('forward incidents to other systems (Slack, PagerDuty, any webhook): add, list, test, remove')
    .addHelpText(
      'after',
      examples('hookbell targets add --preset slack --url https://hooks.slack.com/services/…', 'hookbell targets list'),
    )

  command.addCommand(
    withDataDir(
      new Command('add')
        .description('add a forward target')
        .requiredOption('--url <url>', 'where to POST (http or https)')
        .option('--name <name>', 'a name for it (default: the preset name, else the host)')
        .option('--preset <preset>', 'a working template: slack, teams, discord, pagerduty, opsgenie, jira')
        .option('--events <list>', `comma-separated: ${TARGET_EVENTS.join(', ')}`)
        .addOption(new Option('--signing <mode>', 'how to sign the body').choices(['none', 'hmac-sha256', 'standard-webhooks']))
        .option('--secret <secret>', 'signing secret (whsec_… for standard-webhooks)'),
    )
      .addHelpText(
        'after',
        examples(
          'hookbell targets add --preset slack --url https://hooks.slack.com/services/T000/B000/XXXX',
          'hookbell targets add --name ops --url https://ops.example.com/hooks --signing hmac-sha256 --secret s3cr3t --events incident.created,incident.resolved',
        ),
      )
      .action(async (options: AddOptions) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        let input: TargetInput = { name: '', url: options.url }
        if (options.preset) {
          const presets = await app.call('targets.presets', {})
          const preset = presets.find((p) => p.preset === options.preset)
          if (!preset) throw usageError(`unknown preset "${options.preset}": one of ${presets.map((p) => p.preset).join(', ')}`)
          input = { ...preset, url: options.url }
        }
        const events = options.events
          ?.split(',')
          .map((e) => e.trim())
          .filter(Boolean)
        const unknown = events?.find((e) => !TARGET_EVENTS.includes(e as TargetEvent))
        if (unknown) throw usageError(`unknown event "${unknown}": one of ${TARGET_EVENTS.join(', ')}`)
        input = {
          ...input,
          name: options.name ?? (input.name || hostOf(options.url)),
          ...(events ? { events: events as TargetEvent[] } : {}),
          ...(options.signing ? { signing: options.signing } : {}),
          ...(options.secret ? { secret: options.secret } : {}),
        }
        const target = await app.call('targets.create', input)
        io.out(`Added target ${target.name}, id ${target.id}: ${target.url}`)
        io.out(`  Forwards: ${target.events.join(', ') || 'by hand only'}; signing: ${target.signing}`)
        io.out(`  Try it:   ${HOOKBELL} targets test ${target.id}${dataDirFlag(options)}`)
      }),
  )
  command.addCommand(
    withDataDir(new Command('list').description('list forward targets'))
      .addHelpText('after', examples('hookbell targets list'))
      .action(async (options: DataDirOptions) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        const targets = await app.call('targets.list', {})
        if (targets.length === 0)
          io.out(`No targets. Add one: ${HOOKBELL} targets add --preset slack --url URL${dataDirFlag(options)}`)
        for (const t of targets) {
          io.out(`${t.id}  ${t.name}${t.enabled ? '' : ' (disabled)'}`)
          io.out(`  ${t.url}`)
          io.out(`  forwards: ${t.events.join(', ') || 'by hand only'}; signing: ${t.signing}`)
          if (t.disabledReason) io.out(`  disabled: ${t.disabledReason}`)
        }
      }),
  )
  command.addCommand(
    withDataDir(
      new Command('test').description('send a test incident to a target now and show the answer').argument('<id>', 'target id'),
    )
      .addHelpText('after', examples('hookbell targets test 7a2e…'))
      .action(async (id: string, options: DataDirOptions) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        const result = await app.call('targets.test', { id })
        const line = `${result.status ?? 'no answer'} in ${result.latencyMs} ms${result.bodyExcerpt ? `: ${result.bodyExcerpt}` : ''}`
        if (!result.ok) throw new CliError(`test to target ${id} failed: ${result.error ?? line}`)
        io.out(`Test delivered: ${line}`)
      }),
  )
  command.addCommand(
    withDataDir(new Command('remove').description('remove a forward target').argument('<id>', 'target id'))
      .addHelpText('after', examples('hookbell targets remove 7a2e…'))
      .action(async (id: string, options: DataDirOptions) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        const { deleted } = await app.call('targets.delete', { id })
        if (!deleted) throw new CliError(`no target ${id}: see ${HOOKBELL} targets list${dataDirFlag(options)}`)
        io.out(`Removed target ${id}.`)
      }),
  )
  return command
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
