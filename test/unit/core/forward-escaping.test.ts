// Forwarding output is always valid: helpers work on raw values and escaping comes last, form bodies are
// percent-encoded, and a value that cannot be a header is refused when rendered, with the reason.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../src/main/core/forward/presets'
import { render } from '../../../src/main/core/forward/render'
import { checkJson, renderTemplate, templateVariables } from '../../../src/main/core/forward/template'
import { SAMPLE_INCIDENT, snapshotOf } from '../../../src/main/core/forward/payload'
import type { Target } from '../../../src/main/core/forward/targets'
import type { Incident } from '../../../src/shared/incident'

const NOW = Date.parse('2026-11-20T10:00:00Z')
const snapshot = (incident: Incident) => snapshotOf('incident.created', incident, 'Checkout', NOW)
const target = (over: Partial<Target>): Target =>
  ({ id: 'tgt_1', name: 'T', url: 'https://example.com/hook', enabled: true, events: [], filters: {}, ...over }) as Target

describe('JSON presets', () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))(
    '%s: any title (quotes and backslashes at the truncation point included) renders valid JSON',
    (_name, preset) => {
      const awkward = fc.stringMatching(/^["\\\n\t\u2028a-z]{0,3000}$/)
      fc.assert(
        fc.property(fc.oneof(awkward, fc.string({ maxLength: 3000 })), (title) => {
          const rendered = render(target(preset), snapshot({ ...SAMPLE_INCIDENT, title }), 'msg_1', NOW, '1.0.0')
          expect(rendered.ok).toBe(true)
          if (rendered.ok) expect(checkJson(rendered.body)).toBeNull()
        }),
        { numRuns: 150 },
      )
    },
  )

  it('cuts the raw title, not its escaped form: a quote at the cut stays a quote', () => {
    const vars = templateVariables(snapshot({ ...SAMPLE_INCIDENT, title: 'ab"cdef' }))
    const out = renderTemplate('{"t": "{{truncate INCIDENT_TITLE 4}}"}', vars, { json: true, secrets: {} })
    expect(out.ok && JSON.parse(out.text)).toEqual({ t: 'ab"…' })
  })

  it('upper-cases the raw text, so an escaped newline stays \\n', () => {
    const vars = templateVariables(snapshot({ ...SAMPLE_INCIDENT, title: 'line one\nline two' }))
    const out = renderTemplate('{"t": "{{upper INCIDENT_TITLE}}"}', vars, { json: true, secrets: {} })
    expect(out.ok && JSON.parse(out.text)).toEqual({ t: 'LINE ONE\nLINE TWO' })
  })

  it('keeps an empty value falsy for #if and #unless, and eq compares raw text', () => {
    const vars = templateVariables(snapshot({ ...SAMPLE_INCIDENT, url: null, title: 'a"b' }))
    const out = renderTemplate(
      "{{#if INCIDENT_URL}}url{{else}}none{{/if}} {{#unless INCIDENT_URL}}no-url{{/unless}} {{#eq INCIDENT_TITLE 'a\"b'}}same{{/eq}}",
      vars,
      { json: true, secrets: {} },
    )
    expect(out).toEqual({ ok: true, text: 'none no-url same' })
  })

  it('{{json}} still inserts whole values from raw text', () => {
    const vars = templateVariables(snapshot({ ...SAMPLE_INCIDENT, title: 'say "hi"' }))
    const out = renderTemplate('{"t": {{json INCIDENT_TITLE}}, "n": {{json INCIDENT_OCCURRENCES}} }', vars, {
      json: true,
      secrets: {},
    })
    expect(out.ok && JSON.parse(out.text)).toEqual({ t: 'say "hi"', n: SAMPLE_INCIDENT.occurrences })
  })
})

describe('form-encoded bodies', () => {
  it('percent-encode values, so a title cannot add or override a parameter', () => {
    const incident = { ...SAMPLE_INCIDENT, title: 'db down&channel=#attacker&x=1 ü' }
    const rendered = render(
      target({ contentType: 'application/x-www-form-urlencoded', template: 'channel=ops&text={{INCIDENT_TITLE}}' }),
      snapshot(incident),
      'msg_1',
      NOW,
      '1.0.0',
    )
    expect(rendered.ok).toBe(true)
    const params = new URLSearchParams(rendered.ok ? rendered.body : '')
    expect(params.getAll('channel')).toEqual(['ops'])
    expect(params.get('text')).toBe(incident.title)
    expect([...params.keys()]).toEqual(['channel', 'text'])
  })
})

describe('headers', () => {
  it('refuses a header value with a line break at render time, naming the header', () => {
    const rendered = render(
      target({ headers: { 'X-Title': '{{INCIDENT_TITLE}}' } }),
      snapshot({ ...SAMPLE_INCIDENT, title: 'ok\r\nX-Injected: 1' }),
      'msg_1',
      NOW,
      '1.0.0',
    )
    expect(rendered).toEqual({
      ok: false,
      error: 'header X-Title: the value has a line break or a character a header cannot carry',
    })
  })

  it('keeps an ordinary header value', () => {
    const rendered = render(
      target({ headers: { 'X-Title': '{{INCIDENT_TITLE}}' } }),
      snapshot(SAMPLE_INCIDENT),
      'msg_1',
      NOW,
      '1.0.0',
    )
    expect(rendered.ok && rendered.headers['x-title']).toBe(SAMPLE_INCIDENT.title)
  })
})
