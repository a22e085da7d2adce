// Rollbar webhooks, read from captured deliveries and Rollbar's documented item format
// (test/fixtures/rollbar/README.md). Rollbar cannot sign: nothing to verify but the URL.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { parseBounded } from '../../../src/main/core/limits/json-limits'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'

const rollbar = PROVIDERS.get('rollbar')!

describe('rollbar.normalize', () => {
  it('reads a captured new_item delivery, field by field', () => {
    const [e] = normalizeWith('rollbar', fixture('rollbar', 'new_item'))
    expect(e).toEqual({
      dedupKey: 'item:496445267',
      action: 'trigger',
      kind: 'exception',
      title: 'An Error',
      severity: 'error',
      app: null,
      environment: 'production',
      url: 'https://rollbar.com/item/uuid/?uuid=9342eca6-09e7-4bab-89f1-ff16da631853',
      occurredAt: 1515470048_000,
      reminder: false,
      facts: {
        event: 'new_item',
        item: '#7',
        'project id': '162774',
        occurrences: '1',
        language: 'python 3.6.3',
        host: 'DESKTOP-6LMFI2P',
      },
    })
  })

  it('maps an occurrence trace into frames, oldest first as Rollbar orders them', () => {
    const [e] = normalizeWith('rollbar', fixture('rollbar', 'new_item-trace'))
    expect(e!.exception).toEqual({
      type: 'NameError',
      message: "global name 'foo' is not defined",
      frames: [
        { file: '/Users/brian/www/mox/mox/views/project.py', line: 26, function: 'index', inApp: true },
        { file: '/Users/brian/www/mox/mox/views/project.py', line: 497, function: '_save_last_project', inApp: true },
      ],
    })
  })

  it('resolves the item reopened_item opened: both carry data.item.id', () => {
    const [opened] = normalizeWith('rollbar', fixture('rollbar', 'reopened_item'))
    const [closed] = normalizeWith('rollbar', fixture('rollbar', 'resolved_item'))
    expect(opened).toMatchObject({ dedupKey: 'item:495300143', action: 'trigger', reminder: false })
    expect(closed).toMatchObject({ dedupKey: 'item:495300143', action: 'resolve', title: 'All set.' })
  })

  it.each([
    ['occurrence', true],
    ['exp_repeat_item', true],
    ['item_velocity', false],
    ['reactivated_item', false],
  ])('%s triggers the item (reminder: %s)', (event, reminder) => {
    const body = fixture('rollbar', 'new_item').replace('"event_name": "new_item"', `"event_name": "${event}"`)
    expect(normalizeWith('rollbar', body)[0]).toMatchObject({ dedupKey: 'item:496445267', action: 'trigger', reminder })
  })

  it.each([
    ['critical', 50, 'critical'],
    ['warning', 30, 'warning'],
    ['info', 20, 'info'],
  ])('reads the level by name (%s) and, without an occurrence, by number (%i)', (name, number, severity) => {
    const body = JSON.parse(fixture('rollbar', 'new_item'))
    body.data.item.last_occurrence.level = name
    expect(normalizeWith('rollbar', JSON.stringify(body))[0]!.severity).toBe(severity)
    delete body.data.item.last_occurrence
    body.data.item.level = number
    expect(normalizeWith('rollbar', JSON.stringify(body))[0]!.severity).toBe(severity)
  })

  it("records Rollbar's test notification and unknown events, with the reason", () => {
    const test = rollbar.normalize(JSON.parse(fixture('rollbar', 'test')), rawRequest('{}'))
    expect(test).toEqual({ ok: true, events: [], note: 'Rollbar event "test" recorded; not an incident Hookbell knows' })
  })

  it('logs a deploy without opening anything', () => {
    const [e] = normalizeWith('rollbar', JSON.stringify(rollbar.samples.deploy!()))
    expect(e).toMatchObject({ dedupKey: 'deploy:8279063', action: 'log', kind: 'deploy', deploy: { user: 'alice' } })
  })

  it('refuses an item event without an id, and an XML body with what to change in Rollbar', () => {
    expect(rollbar.normalize({ event_name: 'new_item', data: { item: { title: 'x' } } }, rawRequest('{}'))).toEqual({
      ok: false,
      reason: 'new_item without data.item.id',
    })
    const xml = parseBounded(Buffer.from('<?xml version="1.0"?><webhook/>'), rollbar.parse!.bind(rollbar))
    expect(xml).toMatchObject({ ok: false, reason: expect.stringMatching(/set the webhook rule format to JSON/) })
  })

  it('takes any delivery to its secret URL: Rollbar has nothing else to check', () => {
    expect(rollbar.verify(rawRequest(fixture('rollbar', 'new_item')), [], Date.now())).toEqual({ ok: true })
    expect(rollbar.secret).toBe('none')
  })
})
