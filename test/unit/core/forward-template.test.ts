import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../src/main/core/forward/presets'
import { checkJson, renderTemplate, templateVariables } from '../../../src/main/core/forward/template'
import { SAMPLE_INCIDENT } from '../../../src/main/core/forward/payload'
import type { Incident } from '../../../src/shared/incident'

const kinds: Record<string, Incident> = {
  exception: {
    ...SAMPLE_INCIDENT,
    title: 'He said "no" \\ then left\nnewline',
    exception: { ...SAMPLE_INCIDENT.exception!, message: 'quote " backslash \\ tab \t' },
  },
  anomaly: {
    ...SAMPLE_INCIDENT,
    kind: 'anomaly',
    exception: undefined,
    url: null,
    metric: {
      name: 'error_rate',
      field: 'gauge',
      lastValue: 7.5,
      peakValue: 9,
      meanValue: 6,
      comparisonOperator: '>',
      comparisonValue: 5,
      human: { lastValue: '7.5 %' },
    },
  },
  performance: { ...SAMPLE_INCIDENT, kind: 'performance', exception: undefined, durationMs: 2004.9, severity: 'warning' },
  check: {
    ...SAMPLE_INCIDENT,
    kind: 'check',
    exception: undefined,
    status: 'resolved',
    check: { name: 'API', checkId: 'c1', errorMessage: 'timeout' },
  },
  deploy: {
    ...SAMPLE_INCIDENT,
    kind: 'deploy',
    exception: undefined,
    severity: 'info',
    deploy: { revision: 'abc123', user: null, repository: null },
    app: null,
    environment: null,
  },
}

const secrets = { ROUTING_KEY: 'R0UT1NG', API_KEY: 'k', BASIC_AUTH: 'dXNlcjp0b2tlbg==', PROJECT_KEY: 'OPS' }

describe.each(PRESETS.map((p) => [p.preset!, p] as const))('preset %s', (_name, preset) => {
  it.each(Object.entries(kinds))('renders valid JSON for a %s incident, with payload text escaped', (_kind, incident) => {
    const vars = templateVariables({
      event: 'incident.forwarded',
      timestamp: '2026-11-20T10:00:00Z',
      incident,
      sourceName: 'Sentry',
    })
    const rendered = renderTemplate(preset.template!, vars, { json: true, secrets })
    if (!rendered.ok) throw new Error(rendered.error)
    expect(checkJson(rendered.text)).toBeNull()
    const body = JSON.parse(rendered.text)
    expect(JSON.stringify(body)).toContain(
      incident.title.slice(0, 10).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`)),
    )
    for (const template of Object.values(preset.headers ?? {}))
      expect(renderTemplate(template, vars, { json: false, secrets }).ok).toBe(true)
  })
})

describe('renderTemplate', () => {
  const vars = templateVariables({ event: 'incident.created', timestamp: 't', incident: kinds.exception!, sourceName: 'Sentry' })

  it('escapes inserted strings for JSON and inserts whole values with json', () => {
    const r = renderTemplate(
      '{"t": "{{INCIDENT_TITLE}}", "frames": {{json EXCEPTION_FRAMES}}, "n": {{INCIDENT_OCCURRENCES}} }',
      vars,
      { json: true, secrets: {} },
    )
    expect(r.ok && JSON.parse(r.text)).toEqual({
      t: 'He said "no" \\ then left\nnewline',
      frames: ['loadCart (src/routes/cart.ts:41)'],
      n: 3,
    })
  })

  it('supports Checkly-style eq with else, and triple braces', () => {
    const r = renderTemplate('{{#eq INCIDENT_SEVERITY "error"}}E{{else}}other{{/eq}} {{{SOURCE_NAME}}}', vars, {
      json: false,
      secrets: {},
    })
    expect(r).toEqual({ ok: true, text: 'E Sentry' })
  })

  it('refuses a missing secret with its name', () => {
    expect(renderTemplate('{{secret "NOPE"}}', vars, { json: false, secrets: {} })).toEqual({
      ok: false,
      error: expect.stringContaining('secret "NOPE" is not set'),
    })
  })

  it('reports a template syntax error', () => {
    const r = renderTemplate('{{#if x}}open', vars, { json: true, secrets: {} })
    expect(r.ok).toBe(false)
  })

  // Shown preformatted in the target editor: line breaks kept, the caret under the spot.
  it('says where a syntax error is: line, column, the line itself and a caret', () => {
    const template = '{\n  "text": "{{INCIDENT_TITLE}",\n  "sev": "{{INCIDENT_SEVERITY}}"\n}'
    expect(renderTemplate(template, vars, { json: true, secrets: {} })).toEqual({
      ok: false,
      error: [
        'template: line 2, column 28: unexpected "}"; expected }} or }}} or a name',
        '2 |   "text": "{{INCIDENT_TITLE}",',
        '  |                            ^',
      ].join('\n'),
    })
  })

  it('says where a block is closed by the wrong name, and where a template ends inside a block', () => {
    const mismatch = renderTemplate('{\n  "a": "{{#if INCIDENT_APP}}x{{/each}}"\n}', vars, { json: true, secrets: {} })
    expect(!mismatch.ok && mismatch.error.split('\n')).toEqual([
      "template: line 2, column 12: if doesn't match each",
      '2 |   "a": "{{#if INCIDENT_APP}}x{{/each}}"',
      '  |            ^',
    ])
    const open = renderTemplate('{\n\t"a": "{{#if INCIDENT_APP}}x"\n}', vars, { json: true, secrets: {} })
    expect(!open.ok && open.error.split('\n')[0]).toMatch(/^template: line 3, column \d+: unexpected the end of the template/)
  })

  it('names the line and column of invalid JSON, tabs kept under the line', () => {
    expect(checkJson('{\n\t"a": 1,\n\t"b": oops\n}')).toBe(
      [
        'the rendered body is not valid JSON, line 3, column 7: InvalidSymbol near "oops"',
        '3 | \t"b": oops',
        '  | \t     ^',
      ].join('\n'),
    )
  })
})
