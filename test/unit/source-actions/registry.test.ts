// What every tool in SOURCE_TOOLS promises, whatever its vendor: it acts for a registered provider, plans a
// request only for the actions it lists (the others are a skip or an impossibility with a reason), keeps the
// credential in headers only, and probes with a read that changes nothing.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { SOURCE_TOOLS, sourceToolFor } from '../../../src/main/core/source-actions/tools'
import type { SourceConnection } from '../../../src/main/core/source-actions/types'
import { actionInput, incidentFromSample, NOW, SOURCE_ACTION_KINDS } from '../../helpers/source-actions'

const CREDENTIAL = 'cred-7Hq2-secret-value'
const connection: SourceConnection = {
  apiUrl: 'https://api.example.test',
  credential: CREDENTIAL,
  user: 'ana@example.com',
  silenceMinutes: 60,
}

/** An incident each tool's provider makes from its first sample. */
function sampleIncident(provider: string) {
  const sample = Object.keys(PROVIDERS.get(provider)!.samples)[0]!
  return incidentFromSample(provider, sample).incident
}

describe('SOURCE_TOOLS', () => {
  it('holds one tool per registered provider, found by its id', () => {
    const ids = SOURCE_TOOLS.map((t) => t.provider)
    expect(new Set(ids).size).toBe(ids.length)
    for (const tool of SOURCE_TOOLS) {
      expect(PROVIDERS.has(tool.provider)).toBe(true)
      // The tool's name as timeline lines say it: the provider's, or its short form ("Silenced in Alertmanager").
      expect(PROVIDERS.get(tool.provider)!.name).toContain(tool.name)
      expect(sourceToolFor(tool.provider)).toBe(tool)
    }
    expect(ids).toEqual(expect.arrayContaining(['alertmanager', 'grafana', 'pagerduty', 'opsgenie', 'sentry', 'grafana-oncall']))
    // incident.io's API cannot acknowledge or resolve: no connection is offered that would do nothing.
    expect(sourceToolFor('incidentio')).toBeUndefined()
    expect(sourceToolFor('uptimekuma')).toBeUndefined()
  })

  for (const tool of SOURCE_TOOLS)
    describe(tool.provider, () => {
      const open = sampleIncident(tool.provider)

      it('plans a request only for the actions it lists, and each listed one is sent or said why not', () => {
        for (const action of SOURCE_ACTION_KINDS) {
          // Snoozing an acknowledged incident is refused by some tools, by others only allowed: try both. Undoing
          // or extending needs what an earlier action left (a silence id): try with and without one.
          const planned = (['open', 'acknowledged'] as const).flatMap((status) =>
            [null, '3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c'].map((previousRef) =>
              tool.plan(actionInput(action, { ...open, status }, connection, { until: NOW + 3_600_000, previousRef })),
            ),
          )
          // A listed action is sent, or said on the timeline as left to the tool ("no silence to expire").
          if (tool.actions.includes(action)) expect(planned.some((p) => p.kind === 'request' || p.kind === 'skip')).toBe(true)
          else for (const p of planned) expect(p.kind).not.toBe('request')
        }
      })

      it('gives a reason whenever it does not send, and keeps the credential out of paths and bodies', () => {
        for (const action of SOURCE_ACTION_KINDS) {
          const planned = tool.plan(actionInput(action, open, connection, { until: NOW + 3_600_000 }))
          if (planned.kind === 'skip') expect(planned.why.length).toBeGreaterThan(10)
          if (planned.kind === 'impossible') expect(planned.reason.length).toBeGreaterThan(10)
          if (planned.kind !== 'request') continue
          expect(planned.request.path.startsWith('/')).toBe(true)
          expect(planned.request.path + JSON.stringify(planned.request.body ?? null)).not.toContain(CREDENTIAL)
          expect(Object.values(planned.request.headers).some((v) => v.includes(CREDENTIAL))).toBe(true)
        }
      })

      it('probes with a GET that carries no body, and its form says where each value comes from', () => {
        const probe = tool.probe(connection)
        expect(probe.method).toBe('GET')
        expect(probe.body).toBeUndefined()
        for (const field of [tool.fields.apiUrl, tool.fields.credential, tool.fields.user].filter((f) => f !== undefined)) {
          expect(field.label).not.toBe('')
          expect(field.help).not.toBe('')
        }
      })
    })
})
