// `hookbell incidents list|show|acknowledge|resolve|reopen|snooze`: the incidents of the running app from a
// terminal, through its API, so a change made here is the same user action as a click in the window (its
// timeline, forwards, team note and the source's side).
import { Command, Option } from 'commander'
import { SEVERITIES, STATUSES, type Incident, type IncidentDetail, type Severity, type Status } from '../../../shared/incident'
import { connectToApp } from '../app-client'
import { HOOKBELL, type Ctx, type DataDirOptions, dataDirFlag, dataDirOf, examples, startHint, withDataDir } from '../context'
import { usageError } from '../errors'
import type { Io } from '../io'

interface ListOptions extends DataDirOptions {
  status?: string
  severity?: string
  search?: string
  limit?: string
}

/** A comma-separated list of known values, or a usage error naming them. */
function listOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T[] | undefined {
  if (value === undefined) return undefined
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
  const unknown = items.find((v) => !allowed.includes(v as T))
  if (unknown) throw usageError(`${flag}: unknown "${unknown}", one of ${allowed.join(', ')}`)
  return items as T[]
}

function line(i: Incident): string {
  const snoozed = i.snoozedUntil && Date.parse(i.snoozedUntil) > Date.now() ? `, snoozed until ${i.snoozedUntil}` : ''
  return `${i.id}  ${i.severity.padEnd(8)} ${i.status}${snoozed}  ${i.title}`
}

function printDetail(io: Io, d: IncidentDetail): void {
  io.out(line(d))
  io.out(
    `  ${d.provider}${d.app ? ` · ${d.app}` : ''}${d.environment ? ` · ${d.environment}` : ''} · ${d.occurrences} occurrence(s), last ${d.lastSeenAt}`,
  )
  if (d.url) io.out(`  ${d.url}`)
  for (const entry of d.timeline.slice(-10)) io.out(`  ${entry.at}  ${entry.text}`)
}

/** "1h", "30m", "2h30m" → milliseconds; null when it is not a duration. */
export function parseDuration(value: string): number | null {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(value.trim())
  if (!match || (!match[1] && !match[2])) return null
  const ms = (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60_000
  return ms > 0 && ms <= 30 * 24 * 3_600_000 ? ms : null
}

export function incidentsCommand({ io }: Ctx): Command {
  const command = new Command('incidents')
    .description('the incidents of the running Hookbell: list, show, acknowledge, resolve, reopen, snooze')
    .addHelpText('after', examples('hookbell incidents list --status open', 'hookbell incidents acknowledge 01HV…'))

  command.addCommand(
    withDataDir(
      new Command('list')
        .description('list incidents, newest first (open and acknowledged unless --status says otherwise)')
        .option('--status <list>', `comma-separated: ${STATUSES.join(', ')}`)
        .option('--severity <list>', `comma-separated: ${SEVERITIES.join(', ')}`)
        .option('--search <text>', 'full-text search (titles, messages, labels)')
        .option('--limit <n>', 'how many (default 50, at most 200)'),
    )
      .addHelpText('after', examples('hookbell incidents list', 'hookbell incidents list --status resolved --search checkout'))
      .action(async (options: ListOptions) => {
        const limit = options.limit === undefined ? 50 : Number(options.limit)
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw usageError('--limit must be a whole number from 1 to 200')
        const app = connectToApp(dataDirOf(options), startHint(options))
        const page = await app.call('incidents.list', {
          status: listOf<Status>(options.status, STATUSES, '--status') ?? ['open', 'acknowledged'],
          severity: listOf<Severity>(options.severity, SEVERITIES, '--severity'),
          q: options.search,
          limit,
        })
        if (page.incidents.length === 0) io.out('No incidents match.')
        for (const incident of page.incidents) io.out(line(incident))
        if (page.nextCursor) io.out(`(more: --limit ${Math.min(200, limit * 2)}, or narrow with --status, --severity, --search)`)
      }),
  )

  command.addCommand(
    withDataDir(
      new Command('show').description("an incident's details and its latest timeline").argument('<id>', 'incident id'),
    ).action(async (id: string, options: DataDirOptions) => {
      const app = connectToApp(dataDirOf(options), startHint(options))
      printDetail(io, await app.call('incidents.get', { id }))
    }),
  )

  for (const [verb, method, what] of [
    ['acknowledge', 'incidents.acknowledge', 'someone is on it'],
    ['resolve', 'incidents.resolve', 'it is over'],
    ['reopen', 'incidents.reopen', 'it needs looking at again'],
  ] as const)
    command.addCommand(
      withDataDir(
        new Command(verb)
          .description(`${verb} an incident: ${what}`)
          .argument('<id>', `incident id (${HOOKBELL} incidents list)`),
      )
        .addHelpText('after', examples(`hookbell incidents ${verb} 01HV…`))
        .action(async (id: string, options: DataDirOptions) => {
          const app = connectToApp(dataDirOf(options), startHint(options))
          const detail = await app.call(method, { id })
          io.out(line(detail))
          const latest = detail.timeline.at(-1)
          if (latest) io.out(`  ${latest.text}`)
          io.out(`  Details: ${HOOKBELL} incidents show ${id}${dataDirFlag(options)}`)
        }),
    )

  command.addCommand(
    withDataDir(
      new Command('snooze')
        .description('snooze an incident: no toasts for it until then')
        .argument('<id>', `incident id (${HOOKBELL} incidents list)`)
        .addOption(new Option('--for <duration>', 'how long: 30m, 1h, 2h30m (at most 30 days)').makeOptionMandatory()),
    )
      .addHelpText('after', examples('hookbell incidents snooze 01HV… --for 1h'))
      .action(async (id: string, options: DataDirOptions & { for: string }) => {
        const ms = parseDuration(options.for)
        if (ms === null) throw usageError(`--for: "${options.for}" is not a duration such as 30m, 1h or 2h30m (at most 30 days)`)
        const app = connectToApp(dataDirOf(options), startHint(options))
        const detail = await app.call('incidents.snooze', { id, until: new Date(Date.now() + ms).toISOString() })
        io.out(line(detail))
      }),
  )
  return command
}
