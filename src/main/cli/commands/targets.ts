// `hookbell targets add|list|test|enable|disable|remove`: where incidents are forwarded, through the running app's API.
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
    .description('forward incidents to other systems (Slack, PagerDuty, any webhook): add, list, test, enable, disable, remove')
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
        .option('--secret <secret>', 'signing secret (standard-webhooks: whsec_…, made for you when left out)'),
    )
      .addHelpText(
        'after',
        examples(
          'hookbell targets add --preset slack --url https://hooks.slack.com/services/T000/B000/XXXX',
          'hookbell targets add --name ops --url https://ops.example.com/hooks --signing hmac-sha256 --secret s3cr3t --events incident.created,incident.resolved',
          'hookbell targets add --name audit --url https://audit.example.com/hooks --signing standard-webhooks',
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
        if (target.newSecret)
          io.out(`  Secret:   ${target.newSecret}   (shown once; the receiver verifies webhook-signature with it)`)
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
      new Command('test')
        .description(
          'send a test incident to a target now and show the answer; on a disabled target, say whether it would work again',
        )
        .argument('<id>', 'target id')
        .option('--enable', 'if the target is disabled and the test is delivered, enable it again'),
    )
      .addHelpText(
        'after',
        `
A disabled target (after a 410 from its receiver, or disabled by hand) is
tested all the same and says whether enabling it would now work; it stays
disabled unless you pass --enable.${examples('hookbell targets test 7a2e…', 'hookbell targets test 7a2e… --enable')}`,
      )
      .action(async (id: string, options: DataDirOptions & { enable?: boolean }) => {
        const app = connectToApp(dataDirOf(options), startHint(options))
        const target = (await app.call('targets.list', {})).find((t) => t.id === id)
        if (!target) throw new CliError(`no target ${id}: see ${HOOKBELL} targets list${dataDirFlag(options)}`)
        const result = await app.call('targets.test', { id })
        const line = `${result.status ?? 'no answer'} in ${result.latencyMs} ms${result.bodyExcerpt ? `: ${result.bodyExcerpt}` : ''}`
        const disabled = `${target.name} is disabled${target.disabledReason ? ` (${target.disabledReason})` : ''}`
        if (!result.ok) {
          const why = result.error ?? line
          if (target.enabled) throw new CliError(`test to target ${id} failed: ${why}`)
          throw new CliError(`test to target ${id} failed: ${why}\n  ${disabled}; enabling it would not work yet.`)
        }
        io.out(`Test delivered: ${line}`)
        if (target.enabled) return
        if (options.enable) {
          await app.call('targets.update', { id, enabled: true })
          io.out(`${disabled}: it answered, so it is enabled again and forwards from now on.`)
        } else
          io.out(`${disabled}; it answered, so enabling it would work: ${HOOKBELL} targets enable ${id}${dataDirFlag(options)}`)
      }),
  )
  for (const enabled of [true, false]) {
    const verb = enabled ? 'enable' : 'disable'
    command.addCommand(
      withDataDir(
        new Command(verb)
          .description(
            enabled
              ? 'forward to a disabled target again (after a 410, or disabling it by hand)'
              : 'stop forwarding to a target, keeping its settings (enable brings it back)',
          )
          .argument('<id>', 'target id'),
      )
        .addHelpText('after', examples(`hookbell targets ${verb} 7a2e…`))
        .action(async (id: string, options: DataDirOptions) => {
          const app = connectToApp(dataDirOf(options), startHint(options))
          const before = (await app.call('targets.list', {})).find((t) => t.id === id)
          if (!before) throw new CliError(`no target ${id}: see ${HOOKBELL} targets list${dataDirFlag(options)}`)
          if (before.enabled === enabled) {
            io.out(`Target ${before.name} (${id}) is already ${enabled ? 'enabled' : 'disabled'}.`)
            return
          }
          const target = await app.call('targets.update', { id, enabled })
          if (enabled)
            io.out(
              `Enabled target ${target.name} (${id})${before.disabledReason ? `; it was disabled: ${before.disabledReason}` : ''}.`,
            )
          else
            io.out(
              `Disabled target ${target.name} (${id}): nothing is forwarded to it until \`${HOOKBELL} targets enable ${id}\`.`,
            )
          if (enabled) io.out(`  Try it:   ${HOOKBELL} targets test ${id}${dataDirFlag(options)}`)
        }),
    )
  }
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
