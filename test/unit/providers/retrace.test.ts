import { describe, expect, it } from 'vitest'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { PROVIDERS } from '../../../src/main/core/providers'
import { rawRequest } from '../../helpers/request'

describe('retrace.normalize', () => {
  it('reads the documented alert payload, field by field', () => {
    const [e] = normalizeWith('retrace', fixture('retrace', 'alert'))
    expect(e).toEqual({
      dedupKey: 'monitor:12345:1234',
      action: 'trigger',
      kind: 'alert',
      title: 'Website Check: http://google.com (from My System)',
      severity: 'warning',
      app: 'My Awesome Application',
      environment: 'My Environment',
      url: null,
      occurredAt: Date.parse('2019-04-16T17:18:19.8590545+00:00'),
      sourceTimestamp: Date.parse('2019-04-16T17:18:19.8590545+00:00'),
      reminder: false,
      facts: {
        device: 'My Device',
        group: 'External Web Site Check',
        monitor: 'http://google.com (from My System)',
        result: '200 - OK',
        state: 'Open',
        'Retrace severity': 'Warning',
        event: 'alert',
      },
    })
  })

  it('orders an alert by Started, its clear by Ended', () => {
    const [reminder] = normalizeWith('retrace', fixture('retrace', 'reminder'))
    const [clear] = normalizeWith('retrace', fixture('retrace', 'clear'))
    expect(reminder).toMatchObject({ reminder: true, sourceTimestamp: Date.parse('2019-04-16T17:18:19.859Z') })
    expect(clear).toMatchObject({ action: 'resolve', sourceTimestamp: Date.parse('2019-04-16T17:20:19.859Z') })
  })

  it.each([
    [1, 'trigger', false],
    [2, 'resolve', false],
    [3, 'trigger', true],
    [4, 'trigger', false],
  ])('EventType %i is %s (reminder: %s)', (type, action, reminder) => {
    const body = fixture('retrace', 'alert').replace('"EventType": 1', `"EventType": ${type}`)
    expect(normalizeWith('retrace', body)[0]).toMatchObject({ action, reminder })
  })

  it.each([
    ['Warning', 'warning'],
    ['Critical', 'error'],
    ['Outage', 'critical'],
  ])('keeps the order of SeverityName %s → %s so an escalation is one', (name, severity) => {
    const body = fixture('retrace', 'alert').replace('"SeverityName": "Warning"', `"SeverityName": "${name}"`)
    expect(normalizeWith('retrace', body)[0]!.severity).toBe(severity)
  })

  it('reads an error with its stack trace split into frames, crash site last', () => {
    const [e] = normalizeWith('retrace', fixture('retrace', 'error'))
    expect(e).toMatchObject({
      dedupKey: 'error:12345',
      action: 'trigger',
      kind: 'exception',
      severity: 'error',
      title: 'System.NullReferenceException: Object reference not set to an instance of an object. ',
      app: 'My Application',
      environment: 'My Environment',
      facts: { method: 'Foo.MyMethod()', event: 'new' },
    })
    expect(e!.exception!.frames).toEqual([
      {
        file: '',
        line: null,
        function: 'System.Web.Mvc.ControllerActionInvoker.InvokeAction(ControllerContext controllerContext, String actionName)',
        inApp: false,
      },
      {
        file: 'C:\\src\\Shop.Web\\Controllers\\CartController.cs',
        line: 18,
        function: 'Shop.Web.Controllers.CartController.Index()',
        inApp: true,
      },
      { file: 'C:\\src\\Shop\\Cart\\CartService.cs', line: 42, function: 'Shop.Cart.CartService.Total(Cart cart)', inApp: true },
    ])
  })

  it('reads a regressed error (EventType 6) as a trigger', () => {
    const body = fixture('retrace', 'error').replace('"EventType": 5', '"EventType": 6')
    expect(normalizeWith('retrace', body)[0]).toMatchObject({ action: 'trigger', facts: { event: 'regressed' } })
  })

  it('records an unknown EventType with a note, not an incident', () => {
    const result = PROVIDERS.get('retrace')!.normalize({ EventType: 9, MonitorId: 1 }, rawRequest('{}'))
    expect(result).toEqual({ ok: true, events: [], note: expect.stringMatching(/^EventType 9 is not a Retrace alert/) })
  })

  it('refuses a body without EventType', () => {
    expect(() => normalizeWith('retrace', '{"MonitorId": 1}')).toThrow(/no EventType/)
  })
})
