// Windows toast XML for a toast with buttons, and the activation strings its buttons hand back.
import { describe, expect, it } from 'vitest'
import { activationString, parseActivation, toastXml } from '../../../src/main/shell/toast-xml'
import type { Toast } from '../../../src/main/core'

const toast = (change: Partial<Toast> = {}): Toast => ({
  title: 'HighErrorRate: 8 alerts firing (checkout & "api")',
  body: 'critical · Alertmanager <prod>\nsecond line\nthird line',
  severity: 'critical',
  incidentId: 'inc-1',
  sound: false,
  actions: [
    { id: 'acknowledge', label: 'Acknowledge' },
    { id: 'snooze-1h', label: 'Snooze 1 h' },
  ],
  subject: { group: 'exception:TypeError@app/models/order.rb:total&x=1' },
  ...change,
})

describe('toast XML', () => {
  it('escapes the text, keeps two body lines, is silent when the toast is, and gives each button its activation', () => {
    const xml = toastXml(toast())
    expect(xml).toContain('<text>HighErrorRate: 8 alerts firing (checkout &amp; &quot;api&quot;)</text>')
    expect(xml).toContain('<text>critical · Alertmanager &lt;prod&gt;</text><text>second line</text></binding>')
    expect(xml).not.toContain('third line')
    expect(xml).toContain('<audio silent="true"/>')
    const args = [...xml.matchAll(/<action [^>]*arguments="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'))
    expect(args.map(parseActivation)).toEqual([
      { action: 'acknowledge', subject: { group: 'exception:TypeError@app/models/order.rb:total&x=1' } },
      { action: 'snooze-1h', subject: { group: 'exception:TypeError@app/models/order.rb:total&x=1' } },
    ])
  })

  it('has no <actions> for a toast without buttons, and plays the default sound when it has one', () => {
    const xml = toastXml(toast({ actions: [], subject: null, sound: true }))
    expect(xml).not.toContain('<actions>')
    expect(xml).not.toContain('<audio')
    expect(parseActivation(/launch="([^"]*)"/.exec(xml)![1]!.replaceAll('&amp;', '&'))).toEqual({
      action: 'open',
      incidentId: 'inc-1',
    })
  })

  it('round-trips every subject, and refuses malformed activation strings', () => {
    for (const subject of [{ incident: 'a1' }, { group: 'alertname=HighErrorRate' }, { incidents: ['a1', 'b2', 'c3'] }])
      expect(parseActivation(activationString({ action: 'acknowledge', subject }))).toEqual({ action: 'acknowledge', subject })
    expect(parseActivation(activationString({ action: 'open', incidentId: null }))).toEqual({ action: 'open', incidentId: null })
    expect(parseActivation('action=delete&incident=a1')).toBeNull()
    expect(parseActivation('action=acknowledge')).toBeNull()
    expect(parseActivation('')).toBeNull()
  })
})
