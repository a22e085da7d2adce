// The notification policy with a fake clock: no timers, no OS.
import { describe, expect, it } from 'vitest'
import { createNotifyPolicy, inQuietHours, type Candidate } from '../../../src/main/core/notify/policy'
import { MAX_STORM_ITEMS, StormTally } from '../../../src/main/core/notify/storm-summary'
import { DEFAULT_PREFERENCES } from '../../../src/main/core/settings/schema'
import type { Incident, Severity } from '../../../src/shared/incident'
import { anIncident } from '../../helpers/incident'
import type { NotificationSettings } from '../../../src/shared/model'

const prefs = (change: Partial<NotificationSettings> = {}): NotificationSettings => ({
  ...DEFAULT_PREFERENCES.notifications,
  ...change,
})
const incident = anIncident
const candidate = (
  severity: Severity = 'error',
  source = 'Sentry',
  extra: Partial<Incident> = {},
  reason: Candidate['reason'] = 'new',
): Candidate => ({ incident: incident(severity, extra), reason, source })
const NOON = new Date(2026, 10, 20, 12, 0, 0).getTime()

describe('what toasts', () => {
  it('shows a new incident with its severity, source and where', () => {
    const p = createNotifyPolicy()
    const decision = p.decide(candidate('critical'), prefs(), NOON)
    expect(decision).toEqual({
      shown: {
        title: expect.stringMatching(/^Incident \d+$/),
        body: 'critical · Sentry · shop · production',
        severity: 'critical',
        incidentId: expect.any(String),
        sound: true,
        actions: [
          { id: 'acknowledge', label: 'Acknowledge' },
          { id: 'snooze-1h', label: 'Snooze 1 h' },
        ],
        subject: { incident: expect.any(String) },
      },
    })
  })

  it('prefixes reopen and escalation', () => {
    const p = createNotifyPolicy()
    expect(p.decide(candidate('error', 'Sentry', {}, 'regression'), prefs(), NOON)).toMatchObject({
      shown: { title: expect.stringMatching(/^Reopened: /) },
    })
    expect(p.decide(candidate('critical', 'Sentry', {}, 'escalation'), prefs(), NOON)).toMatchObject({
      shown: { title: expect.stringMatching(/^Escalated: /) },
    })
  })

  it('skips resolved and deploy toasts unless turned on', () => {
    const p = createNotifyPolicy()
    expect(p.decide(candidate('error', 'Sentry', {}, 'resolved'), prefs(), NOON)).toEqual({ skipped: 'resolved-off' })
    expect(p.decide(candidate('info', 'AppSignal', {}, 'deploy'), prefs(), NOON)).toEqual({ skipped: 'deploy-off' })
    expect(p.decide(candidate('error', 'Sentry', {}, 'resolved'), prefs({ notifyResolved: true }), NOON)).toHaveProperty('shown')
    expect(p.decide(candidate('info', 'AppSignal', {}, 'deploy'), prefs({ notifyDeploys: true }), NOON)).toHaveProperty('shown')
  })

  it('skips a snoozed incident until the snooze ends', () => {
    const p = createNotifyPolicy()
    const until = new Date(NOON + 3_600_000).toISOString()
    expect(p.decide(candidate('critical', 'Sentry', { snoozedUntil: until }), prefs(), NOON)).toEqual({ skipped: 'snoozed' })
    expect(p.decide(candidate('critical', 'Sentry', { snoozedUntil: until }), prefs(), NOON + 3_600_001)).toHaveProperty('shown')
  })

  it('skips what is below the integration minimum severity', () => {
    const p = createNotifyPolicy()
    const minimum = prefs({ minSeverity: { 'int-1': 'error' } })
    expect(p.decide(candidate('warning'), minimum, NOON)).toEqual({ skipped: 'below-minimum' })
    expect(p.decide(candidate('error'), minimum, NOON)).toHaveProperty('shown')
  })

  it('plays a sound per severity setting', () => {
    const p = createNotifyPolicy()
    const quietWarnings = prefs({ sounds: { critical: true, error: false, warning: false, info: false } })
    expect(p.decide(candidate('critical'), quietWarnings, NOON)).toMatchObject({ shown: { sound: true } })
    expect(p.decide(candidate('error'), quietWarnings, NOON + 1)).toMatchObject({ shown: { sound: false } })
  })
})

describe('storms', () => {
  it('shows up to the threshold, then coalesces into one summary per window naming criticals', () => {
    const p = createNotifyPolicy()
    const settings = prefs({ storm: { maxToasts: 5, windowSeconds: 30 } })
    const decisions = Array.from({ length: 14 }, (_, i) =>
      p.decide(
        candidate(i === 9 ? 'critical' : 'error', i % 2 ? 'AppSignal' : 'Sentry', i === 9 ? { title: 'Payment API down' } : {}),
        settings,
        NOON + i * 100,
      ),
    )
    expect(decisions.filter((d) => 'shown' in d)).toHaveLength(5)
    expect(decisions.filter((d) => 'coalesced' in d)).toHaveLength(9)
    expect(p.flush(settings, NOON + 29_000, () => true)).toEqual([])
    const [summary] = p.flush(settings, NOON + 31_000, () => true)
    expect(summary).toMatchObject({ title: '9 new incidents: 5 AppSignal, 4 Sentry', severity: 'critical', incidentId: null })
    expect(summary!.body).toContain('1 critical: Payment API down')
  })

  it('goes back to single toasts once the storm window has passed', () => {
    const p = createNotifyPolicy()
    const settings = prefs({ storm: { maxToasts: 2, windowSeconds: 10 } })
    for (let i = 0; i < 4; i++) p.decide(candidate(), settings, NOON + i)
    p.flush(settings, NOON + 10_100, () => true)
    expect(p.decide(candidate(), settings, NOON + 25_000)).toHaveProperty('shown')
  })

  it('does not storm below the threshold', () => {
    const p = createNotifyPolicy()
    const settings = prefs({ storm: { maxToasts: 5, windowSeconds: 30 } })
    for (let i = 0; i < 5; i++) expect(p.decide(candidate(), settings, NOON + i * 7_000)).toHaveProperty('shown')
  })
})

describe("storms in the core's groups", () => {
  const alert = (name: string | null, app = 'api', severity: Severity = 'critical') =>
    candidate(severity, 'Alertmanager', {
      provider: 'alertmanager',
      kind: 'alert',
      app,
      group: name ? { key: `alert:${name}`, label: name } : null,
    })

  it('one delivery past the threshold is one summary now, named by its group; what follows waits for the window', () => {
    const p = createNotifyPolicy()
    const settings = prefs({ storm: { maxToasts: 5, windowSeconds: 30 } })
    const storm = Array.from({ length: 30 }, () => alert('HighErrorRate'))
    const decisions = p.decideBatch(storm, settings, NOON)
    const shown = decisions.filter((d) => 'shown' in d)
    expect(shown).toHaveLength(1)
    expect(decisions.filter((d) => 'coalesced' in d)).toHaveLength(29)
    expect(shown[0]).toMatchObject({
      shown: { title: 'HighErrorRate: 30 alerts firing (api)', severity: 'critical', incidentId: storm[0]!.incident.id },
    })
    // Past what a toast can name, its Acknowledge answers the group (api/bulk.ts selects the group's open members).
    expect(shown[0]).toMatchObject({
      shown: {
        actions: [{ id: 'acknowledge' }, { id: 'snooze-1h' }],
        subject: { group: storm[0]!.incident.group!.key },
      },
    })
    expect(p.decideBatch([alert('HighErrorRate')], settings, NOON + 1000)).toEqual([{ coalesced: true }])
  })

  it('a storm small enough to name answers the incidents it told of, not members that arrive after it', () => {
    const p = createNotifyPolicy()
    const settings = prefs({ storm: { maxToasts: 5, windowSeconds: 30 } })
    const storm = Array.from({ length: 8 }, () => alert('KubePodCrashLooping'))
    const shown = p.decideBatch(storm, settings, NOON).filter((d) => 'shown' in d)
    expect(shown).toHaveLength(1)
    // By id: an Acknowledge pressed from Action Center an hour later takes in none of the group's newer members.
    expect(shown[0]).toMatchObject({ shown: { subject: { incidents: storm.map((c) => c.incident.id) } } })
  })

  it('a delivery within the threshold still toasts one by one', () => {
    const p = createNotifyPolicy()
    const settings = prefs({ storm: { maxToasts: 5, windowSeconds: 30 } })
    const decisions = p.decideBatch([alert('A'), alert('A'), alert('B')], settings, NOON)
    expect(decisions.every((d) => 'shown' in d && d.shown.incidentId !== null)).toBe(true)
  })

  it('a storm of several groups names the largest first, and counts an incident seen twice once', () => {
    const p = createNotifyPolicy()
    const settings = prefs({ storm: { maxToasts: 1, windowSeconds: 10 } })
    p.decide(alert('Warmup'), settings, NOON)
    const twice = alert('DiskFull', 'db', 'warning')
    const items = [
      ...Array.from({ length: 4 }, () => alert('HighErrorRate', 'api')),
      ...Array.from({ length: 2 }, () => alert('HighErrorRate', 'web')),
      twice,
      { ...twice, reason: 'escalation' as const },
      alert('DiskFull', 'db', 'warning'),
      candidate('error', 'Sentry', { title: 'Payment API down' }),
    ]
    for (const c of items) expect(p.decide(c, settings, NOON + 10)).toEqual({ coalesced: true })
    const [summary] = p.flush(settings, NOON + 10_100, () => true)
    expect(summary).toMatchObject({
      title: '9 new incidents in 3 groups: HighErrorRate ×6, DiskFull ×2, Payment API down',
      body: '8 Alertmanager, 1 Sentry — 6 critical: HighErrorRate',
      incidentId: null,
      // Three groups are not one answer: no buttons, a click opens the list.
      actions: [],
      subject: null,
    })
  })
})

describe('a storm of any size', () => {
  it('keeps what the summary needs of each incident, not the incident, and at most MAX_STORM_ITEMS of them', () => {
    const tally = new StormTally()
    const big = (i: number) =>
      candidate(i % 100 === 0 ? 'critical' : 'error', i % 2 ? 'Alertmanager' : 'Grafana', {
        kind: 'alert',
        group: { key: `alert:G${i % 3}`, label: `G${i % 3}` },
        exception: { type: 'Error', message: 'x'.repeat(2000), frames: [] },
      })
    for (let i = 0; i < MAX_STORM_ITEMS + 3_000; i++) tally.add(big(i))
    expect(tally.items.size).toBe(MAX_STORM_ITEMS)
    const kept = [...tally.items.values()][0]!
    expect(Object.keys(kept).sort()).toEqual([
      'app',
      'group',
      'id',
      'kind',
      'lastSeenAt',
      'reason',
      'severity',
      'source',
      'title',
    ])
    expect(tally.overflow).toMatchObject({ n: 3_000, critical: 30, worst: 'critical' })
  })

  const stormOf = (candidates: (i: number) => Candidate, count: number) => {
    const p = createNotifyPolicy()
    const settings = prefs({ storm: { maxToasts: 1, windowSeconds: 60 } })
    p.decide(candidate(), settings, NOON)
    for (let i = 0; i < count; i++) expect(p.decide(candidates(i), settings, NOON + 10)).toEqual({ coalesced: true })
    return p.flush(settings, NOON + 60_100, () => true)[0]
  }
  const total = MAX_STORM_ITEMS + 2_000

  it('past MAX_STORM_ITEMS the summary still counts every incident, its groups, sources and criticals', () => {
    const summary = stormOf(
      (i) =>
        candidate(i >= MAX_STORM_ITEMS && i % 500 === 0 ? 'critical' : 'error', i % 4 ? 'Alertmanager' : 'Sentry', {
          kind: 'alert',
          group: { key: `alert:${i % 2 ? 'HighErrorRate' : 'DiskFull'}`, label: i % 2 ? 'HighErrorRate' : 'DiskFull' },
        }),
      total,
    )
    expect(summary).toMatchObject({
      title: `${total} new incidents in 2 groups: DiskFull ×${total / 2}, HighErrorRate ×${total / 2}`,
      // The criticals all came past the cap, and are still named.
      body: `${total * 0.75} Alertmanager, ${total * 0.25} Sentry — 4 critical: DiskFull`,
      severity: 'critical',
    })
  })

  it('past MAX_STORM_ITEMS one group is still named as one, and incidents in no group are still counted by source', () => {
    const alert = () =>
      candidate('error', 'Alertmanager', {
        kind: 'alert',
        app: 'api',
        group: { key: 'alert:HighErrorRate', label: 'HighErrorRate' },
      })
    expect(stormOf(alert, total)).toMatchObject({ title: `HighErrorRate: ${total} alerts firing (api)` })
    expect(stormOf(() => candidate('error', 'Sentry'), total)).toMatchObject({
      title: `${total} new incidents: ${total} Sentry`,
    })
  })
})

describe('do not disturb and quiet hours', () => {
  it('holds toasts while paused and offers one digest when the pause ends', () => {
    const p = createNotifyPolicy()
    const until = new Date(NOON + 3_600_000).toISOString()
    const paused = prefs({ pausedUntil: until })
    const held = [candidate('error'), candidate('critical'), candidate('warning')]
    for (const c of held) expect(p.decide(c, paused, NOON)).toEqual({ held: 'dnd' })
    expect(p.flush(paused, NOON + 1000, () => true)).toEqual([])
    const stillOpen = new Set([held[1]!.incident.id, held[2]!.incident.id])
    const [digest] = p.flush(paused, NOON + 3_600_001, (id) => stillOpen.has(id))
    expect(digest).toMatchObject({ title: '3 incidents while paused, 2 still open', severity: 'critical', incidentId: null })
    expect(p.flush(paused, NOON + 3_600_002, () => true)).toEqual([])
  })

  it('"until resumed" holds until the pause is cleared', () => {
    const p = createNotifyPolicy()
    expect(p.decide(candidate(), prefs({ pausedUntil: 'forever' }), NOON)).toEqual({ held: 'dnd' })
    expect(p.flush(prefs({ pausedUntil: 'forever' }), NOON + 86_400_000, () => true)).toEqual([])
    expect(p.flush(prefs({ pausedUntil: null }), NOON + 86_400_001, () => true)).toHaveLength(1)
  })

  it('holds during quiet hours, lets critical through when allowed, and digests in the morning', () => {
    const p = createNotifyPolicy()
    const night = new Date(2026, 10, 20, 23, 30).getTime()
    const morning = new Date(2026, 10, 21, 8, 1).getTime()
    const quiet = prefs({ quietHours: { enabled: true, start: '22:00', end: '08:00', criticalBypass: true } })
    expect(p.decide(candidate('error'), quiet, night)).toEqual({ held: 'quiet-hours' })
    expect(p.decide(candidate('critical'), quiet, night)).toHaveProperty('shown')
    const strict = prefs({ quietHours: { enabled: true, start: '22:00', end: '08:00', criticalBypass: false } })
    expect(p.decide(candidate('critical'), strict, night)).toEqual({ held: 'quiet-hours' })
    expect(p.flush(quiet, morning, () => true)[0]).toMatchObject({ title: '2 incidents during quiet hours, 2 still open' })
  })

  it.each([
    ['22:00', '08:00', 23, true],
    ['22:00', '08:00', 3, true],
    ['22:00', '08:00', 8, false],
    ['22:00', '08:00', 12, false],
    ['09:00', '17:00', 12, true],
    ['09:00', '17:00', 18, false],
    ['bad', '08:00', 3, false],
  ])('quiet hours %s–%s at %i:00 → %s', (start, end, hour, inside) => {
    expect(inQuietHours(start, end, new Date(2026, 10, 20, hour, 0))).toBe(inside)
  })
})
