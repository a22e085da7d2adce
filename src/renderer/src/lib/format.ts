import type { Incident, IncidentDetail } from '../../../shared/incident'

export function relativeTime(iso: string | null, now: number): string {
  if (!iso) return '—'
  const seconds = Math.round((now - Date.parse(iso)) / 1000)
  // `now` is refreshed every 30 s and clocks differ by a little: something that just happened is "just now",
  // never "in the future".
  if (seconds < 45) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.round(hours / 24)
  return days < 30 ? `${days} d ago` : new Date(iso).toLocaleDateString()
}

export function absoluteTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—'
}

const PROVIDER_NAMES: Record<string, string> = {
  appsignal: 'AppSignal',
  sentry: 'Sentry',
  checkly: 'Checkly',
  retrace: 'Retrace',
  generic: 'source',
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  honeybadger: 'Honeybadger',
  rollbar: 'Rollbar',
  uptimekuma: 'Uptime Kuma',
  betterstack: 'Better Stack',
}

/** Every other tool's name as the core gives it (providers.list), so a new provider needs nothing here. */
const CORE_NAMES = new Map<string, string>()

export function learnProviderNames(providers: readonly { id: string; name: string }[]): void {
  for (const p of providers) CORE_NAMES.set(p.id, p.name)
}

export function providerName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? CORE_NAMES.get(provider) ?? provider
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}

/** "Copy as Markdown": a readable summary to paste into a chat or ticket. */
export function toMarkdown(i: IncidentDetail | Incident): string {
  const lines = [`### [${i.severity.toUpperCase()}] ${i.title}`, '']
  lines.push(`- **Status:** ${i.status} · **Occurrences:** ${i.occurrences}`)
  lines.push(
    `- **Source:** ${providerName(i.provider)}${i.app ? ` · ${i.app}` : ''}${i.environment ? ` (${i.environment})` : ''}`,
  )
  lines.push(`- **First seen:** ${i.firstSeenAt} · **Last seen:** ${i.lastSeenAt}`)
  if (i.url) lines.push(`- **Link:** ${i.url}`)
  if (i.afterDeploy)
    lines.push(`- **After deploy:** ${i.afterDeploy.revision}${i.afterDeploy.user ? ` by ${i.afterDeploy.user}` : ''}`)
  if (i.exception) {
    lines.push('', `**${i.exception.type}:** ${i.exception.message}`, '', '```')
    for (const f of [...i.exception.frames].reverse().slice(0, 15))
      lines.push(`${f.inApp ? '' : '  '}at ${f.function} (${f.file}${f.line !== null ? `:${f.line}` : ''})`)
    lines.push('```')
  }
  if (i.metric) {
    const m = i.metric
    lines.push(
      '',
      `**${m.name}** (${m.field}): last ${m.human.lastValue ?? m.lastValue}, peak ${m.human.peakValue ?? m.peakValue}, mean ${m.human.meanValue ?? m.meanValue}; threshold ${m.comparisonOperator ?? ''} ${m.human.comparisonValue ?? m.comparisonValue}`,
    )
  }
  if (i.durationMs !== undefined) lines.push('', `**Duration:** ${Math.round(i.durationMs)} ms`)
  if (i.check) lines.push('', `**Check:** ${i.check.name}${i.check.errorMessage ? ` — ${i.check.errorMessage}` : ''}`)
  return lines.join('\n')
}
