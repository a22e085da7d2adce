// Opsgenie's alert action data as its Webhook integration sends it (test/fixtures/opsgenie/README.md).
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { normalizeWith, refusal } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'

const T = Date.parse('2026-11-20T10:00:00Z')
const opsgenie = PROVIDERS.get('opsgenie')!
const result = (body: string) => opsgenie.normalize(JSON.parse(body), rawRequest(body))

describe('opsgenie.normalize', () => {
  it('opens an incident on Create, field by field (updatedAt read as nanoseconds)', () => {
    expect(normalizeWith('opsgenie', fixture('opsgenie', 'create'))).toEqual([
      {
        dedupKey: 'alert:052652ac-5d1c-464a-812a-7dd18bbfba8c',
        action: 'trigger',
        kind: 'alert',
        title: 'Checkout API error rate above 5%',
        severity: 'critical',
        app: 'checkout-api',
        environment: null,
        url: null,
        occurredAt: T,
        sourceTimestamp: T,
        facts: {
          action: 'Create',
          priority: 'P1',
          alias: 'checkout-api-error-rate',
          'tiny id': '23',
          description: '7.2% of checkout requests failed over 5 minutes',
          details: 'env=production, runbook=https://runbooks.example.com/checkout-5xx',
          tags: 'checkout, production',
          'alert source': 'prometheus',
          by: 'dana@example.com',
          via: 'web',
          integration: 'Hookbell',
          source: 'Opsgenie',
        },
      },
    ])
  })

  it('acknowledges on Acknowledge and resolves on Close, on the same alert, in order', () => {
    const [create, ack, close] = ['create', 'acknowledge', 'close'].map(
      (n) => normalizeWith('opsgenie', fixture('opsgenie', n))[0]!,
    )
    expect([ack!.action, close!.action]).toEqual(['acknowledge', 'resolve'])
    expect(new Set([create!.dedupKey, ack!.dedupKey, close!.dedupKey]).size).toBe(1)
    expect(create!.sourceTimestamp! < ack!.sourceTimestamp! && ack!.sourceTimestamp! < close!.sourceTimestamp!).toBe(true)
  })

  it('resolves a deleted alert, and says so on the timeline', () => {
    const body = fixture('opsgenie', 'close').replace('"action": "Close"', '"action": "Delete"')
    expect(normalizeWith('opsgenie', body)[0]).toMatchObject({ action: 'resolve', sourceNote: 'Opsgenie: alert deleted' })
  })

  it("maps P2 to P5, and a missing priority to P3 (warning), Opsgenie's default", () => {
    const body = fixture('opsgenie', 'create')
    const of = (p: string) => normalizeWith('opsgenie', body.replace('"priority": "P1"', `"priority": "${p}"`))[0]!.severity
    expect(['P2', 'P3', 'P4', 'P5', ''].map(of)).toEqual(['error', 'warning', 'info', 'info', 'warning'])
  })

  it('records AddNote, UnAcknowledge and actions it does not know, with the reason, and makes no incident', () => {
    expect(result(fixture('opsgenie', 'add-note'))).toEqual({
      ok: true,
      events: [],
      note: 'Opsgenie action AddNote on alert 052652ac-5d1c-464a-812a-7dd18bbfba8c recorded; Hookbell acts on Create, Acknowledge, Close and Delete',
    })
    for (const action of ['UnAcknowledge', 'SomethingNew']) {
      const body = fixture('opsgenie', 'create').replace('"action": "Create"', `"action": "${action}"`)
      expect(result(body)).toMatchObject({ ok: true, events: [], note: expect.stringContaining(`action ${action}`) })
    }
  })

  it('refuses a body that is not an Opsgenie alert action', () => {
    expect(refusal('opsgenie', '{"alerts": []}')).toMatch(/^no action or alert/)
    expect(refusal('opsgenie', '{"action": "Create", "alert": {"message": "x"}}')).toMatch(/^no alert.alertId/)
  })
})
