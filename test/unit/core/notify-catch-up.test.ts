// A catch-up after sleep that ends during quiet hours: what arrived while the laptop slept joins the quiet-hours
// digest (shown once they end), and a critical in it toasts at once when critical bypass is on, as a live
// delivery's would. The notifier with a fake clock and a fake toast port: no timers, no OS.
import { describe, expect, it } from 'vitest'
import { createNotifier } from '../../../src/main/core/notify/notifier'
import type { Toast } from '../../../src/main/core/notify/policy'
import { DEFAULT_PREFERENCES } from '../../../src/main/core/settings/schema'
import type { Applied } from '../../../src/main/core/store/incident-store'
import type { Severity } from '../../../src/shared/incident'
import { anIncident } from '../../helpers/incident'
import type { NotificationSettings } from '../../../src/shared/model'

/** 23:30 local time: inside 22:00–07:00 quiet hours. */
const NIGHT = new Date(2026, 10, 20, 23, 30, 0).getTime()
const MORNING = new Date(2026, 10, 21, 7, 30, 0).getTime()

const prefsWith = (criticalBypass: boolean): NotificationSettings => ({
  ...DEFAULT_PREFERENCES.notifications,
  quietHours: { enabled: true, start: '22:00', end: '07:00', criticalBypass },
})

function applied(severity: Severity): Applied {
  return { incident: anIncident(severity), transition: { toast: 'new' } as Applied['transition'] }
}

function notifierAt(criticalBypass: boolean) {
  const shown: Toast[] = []
  let now = NIGHT
  const notifier = createNotifier({
    port: { show: async (toast) => (shown.push(toast), { status: 'shown' }) },
    prefs: () => prefsWith(criticalBypass),
    now: () => now,
    log: () => {},
    isOpen: () => true,
    sourceName: () => 'Sentry',
    openIncidents: () => [],
  })
  return { notifier, shown, morning: () => (now = MORNING) }
}

describe('a catch-up that ends during quiet hours', () => {
  it('joins the quiet-hours digest, shown once quiet hours end', async () => {
    const { notifier, shown, morning } = notifierAt(false)
    notifier.beginCatchUp()
    notifier.onApplied([applied('error'), applied('warning')])
    notifier.onApplied([applied('critical')])
    notifier.endCatchUp()
    notifier.tick()
    await Promise.resolve()
    expect(shown).toEqual([])

    morning()
    notifier.tick()
    await Promise.resolve()
    expect(shown).toEqual([
      expect.objectContaining({ title: '3 incidents during quiet hours, 3 still open', severity: 'critical' }),
    ])
  })

  it('toasts a critical in it at once with critical bypass on; the rest waits for the digest', async () => {
    const { notifier, shown, morning } = notifierAt(true)
    notifier.beginCatchUp()
    const critical = applied('critical')
    notifier.onApplied([applied('error'), critical])
    notifier.endCatchUp()
    await Promise.resolve()
    expect(shown).toEqual([expect.objectContaining({ severity: 'critical', incidentId: critical.incident.id })])

    morning()
    notifier.tick()
    await Promise.resolve()
    expect(shown.slice(1)).toEqual([
      expect.objectContaining({ title: '1 incident during quiet hours, 1 still open', severity: 'error' }),
    ])
  })
})
