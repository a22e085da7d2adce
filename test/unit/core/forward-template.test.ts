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

  it('names the line of invalid JSON', () => {
    expect(checkJson('{\n  "a": 1,\n  "b": oops\n}')).toMatch(/^the rendered body is not valid JSON \(line 3\)/)
  })
})
