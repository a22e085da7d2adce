// A storm's toast: what the policy (policy.ts) coalesced in one window, tallied in bounded memory and told as
// one summary folded into the core's groups.
import { worstSeverity, type Incident, type Severity } from '../../../shared/incident'
import type { NotificationSettings } from '../../../shared/model'
import type { ToastReason } from '../incident/lifecycle'
import type { Candidate, Toast } from './policy'
import { MAX_SUBJECT_IDS, OPEN_INCIDENT_ACTIONS, type ToastSubject } from './toast-actions'

/**
 * What a storm summary needs of a candidate. A storm window keeps these rather than the incidents: at a few
 * thousand deliveries a second, a 30 s window held ~60,000 incidents with their details (~100 MB of heap in
 * `hookbell serve` under `npm run bench -- ingest`, still there after a full GC).
 */
interface StormItem {
  id: string
  group: Incident['group']
  title: string
  kind: Incident['kind']
  app: string | null
  severity: Severity
  lastSeenAt: string
  reason: ToastReason
  source: string
}

/** Incidents past the window's MAX_STORM_ITEMS: counted into the summary's totals, not kept. */
interface StormOverflow {
  n: number
  bySource: Map<string, number>
  /** By group key, for up to MAX_OVERFLOW_GROUPS groups. */
  byGroup: Map<string, { label: string; n: number }>
  /** In no group, or in a group past MAX_OVERFLOW_GROUPS: each one a group of its own, unnamed. */
  loose: number
  critical: number
  /** The first two criticals' names: what a summary most needs to say. */
  criticalNames: string[]
  worst: Severity
}

/** A storm keeps this many incidents by name (~300 bytes each); the rest are counted (StormOverflow). */
export const MAX_STORM_ITEMS = 5_000
const MAX_OVERFLOW_GROUPS = 100

/** The latest candidate of each incident, in the order incidents first came: one incident counts once. */
export class StormTally {
  readonly items = new Map<string, StormItem>()
  readonly overflow: StormOverflow = {
    n: 0,
    bySource: new Map(),
    byGroup: new Map(),
    loose: 0,
    critical: 0,
    criticalNames: [],
    worst: 'info',
  }

  add(candidate: Candidate): void {
    const { incident, reason, source } = candidate
    if (this.items.size < MAX_STORM_ITEMS || this.items.has(incident.id)) {
      const { id, group, title, kind, app, severity, lastSeenAt } = incident
      this.items.set(id, { id, group, title, kind, app, severity, lastSeenAt, reason, source })
      return
    }
    // Past the cap an incident seen twice is counted twice: a storm that large is told by its order of size.
    const o = this.overflow
    o.n++
    o.bySource.set(source, (o.bySource.get(source) ?? 0) + 1)
    const group = incident.group
    let counted = group && o.byGroup.get(group.key)
    if (group && !counted && o.byGroup.size < MAX_OVERFLOW_GROUPS)
      o.byGroup.set(group.key, (counted = { label: group.label, n: 0 }))
    if (counted) counted.n++
    else o.loose++
    if (incident.severity === 'critical') {
      o.critical++
      if (o.criticalNames.length < 2) o.criticalNames.push(incident.group?.label ?? incident.title)
    }
    o.worst = worstSeverity([o.worst, incident.severity])
  }

  static of(candidates: Candidate[]): StormTally {
    const tally = new StormTally()
    for (const c of candidates) tally.add(c)
    return tally
  }
}

const GROUP_NOUN: Partial<Record<Incident['kind'], [string, string]>> = {
  alert: ['alerts firing', 'alerts resolved'],
  check: ['checks failing', 'checks recovered'],
  exception: ['errors', 'errors resolved'],
}

/**
 * One toast for a storm, folded into the core's groups (core/groups/group-of.ts) as the window and the tray
 * fold them:
 * - one group: "HighErrorRate: 30 alerts firing (api)";
 * - several: "14 new incidents in 3 groups: HighErrorRate ×10, NoMethodError ×3, Payment API down";
 * - none: "14 new incidents: 9 AppSignal, 5 Sentry".
 * The body names the sources and the first criticals.
 */
export function stormSummary(tally: StormTally, prefs: NotificationSettings): Toast {
  const unique = [...tally.items.values()]
  const more = tally.overflow
  // Each group with the incidents kept of it and how many more were counted.
  const buckets = new Map<string, { items: StormItem[]; label: string | null; size: number }>()
  for (const item of unique) {
    const key = item.group?.key ?? `incident:${item.id}`
    const bucket = buckets.get(key) ?? { items: [], label: item.group?.label ?? null, size: 0 }
    bucket.items.push(item)
    bucket.size++
    buckets.set(key, bucket)
  }
  for (const [key, { label, n }] of more.byGroup) {
    const bucket = buckets.get(key) ?? { items: [], label, size: 0 }
    bucket.size += n
    buckets.set(key, bucket)
  }
  const ranked = [...buckets.values()].sort((a, b) => b.size - a.size)
  const groupCount = ranked.length + more.loose
  const bySource = new Map<string, number>()
  for (const item of unique) bySource.set(item.source, (bySource.get(item.source) ?? 0) + 1)
  for (const [name, n] of more.bySource) bySource.set(name, (bySource.get(name) ?? 0) + n)
  const sources = [...bySource]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${n} ${name}`)
    .join(', ')
  const critical = unique.filter((i) => i.severity === 'critical')
  const criticals = critical.length + more.critical
  const named = [...new Set([...critical.map((c) => c.group?.label ?? c.title), ...more.criticalNames])].slice(0, 2)
  const criticalText = criticals ? ` — ${criticals} critical: ${named.join('; ')}` : ''
  const severity = worstSeverity([more.worst, ...unique.map((i) => i.severity)])
  const n = unique.length + more.n
  let title: string
  let incidentId: string | null = null
  let subject: ToastSubject | null = null
  // One group: its members are all among the incidents kept (the cap leaves at least one kept).
  const first = groupCount === 1 ? ranked[0]!.items[0] : undefined
  if (first?.group && n > 1) {
    const resolved = unique.every((c) => c.reason === 'resolved')
    const noun = GROUP_NOUN[first.kind]?.[resolved ? 1 : 0] ?? (resolved ? 'incidents resolved' : 'new incidents')
    const apps = [...new Set(unique.map((c) => c.app).filter(Boolean))]
    const where = apps.length ? ` (${apps.slice(0, 3).join(', ')}${apps.length > 3 ? ', …' : ''})` : ''
    title = `${first.group.label}: ${n} ${noun}${where}`
    // A click opens the group's newest member, shown inside its group. Acknowledge answers the incidents this
    // toast told of, by id, so a press from Action Center an hour later does not take in members that arrived
    // since; only a storm too large to name (past MAX_SUBJECT_IDS, or partly counted, not kept) acts on the
    // group's open members, as the window's "Acknowledge all" does.
    incidentId = newest(unique).id
    if (!resolved)
      subject =
        more.n === 0 && unique.length <= MAX_SUBJECT_IDS ? { incidents: unique.map((c) => c.id) } : { group: first.group.key }
  } else if (groupCount < n) {
    const names = ranked.slice(0, 3).map((b) => (b.size > 1 ? `${b.label} ×${b.size}` : (b.items[0]?.title ?? b.label)))
    title = `${n} new incidents in ${groupCount} groups: ${names.join(', ')}${groupCount > 3 ? ', …' : ''}`
  } else {
    title = `${n} new incident${n === 1 ? '' : 's'}: ${sources}`
  }
  return {
    title: title.length > 120 ? `${title.slice(0, 119)}…` : title,
    body: `${sources}${criticalText}`.slice(0, 300),
    severity,
    incidentId,
    sound: prefs.sounds[severity] ?? false,
    // Several groups in one summary are not one answer: a click opens the list, where each is acknowledged.
    actions: subject ? OPEN_INCIDENT_ACTIONS : [],
    subject,
  }
}

function newest(items: StormItem[]): StormItem {
  return items.reduce((a, b) => (b.lastSeenAt > a.lastSeenAt ? b : a))
}
