// The one list of detail fields: what pickDetails copies is what the detail view has sections for.
import { describe, expect, it } from 'vitest'
import { DETAIL_FIELDS, pickDetails, type Incident } from '../../../src/shared/incident'

describe('pickDetails', () => {
  it('copies the detail fields that are set and nothing else', () => {
    const source = {
      title: 'Slow checkout',
      durationMs: 2412,
      facts: { path: '/checkout' },
      exception: undefined,
      afterDeploy: { incidentId: 'x', revision: 'abc', user: null, at: 1 },
    } as Partial<Incident>
    const picked = pickDetails(source)
    expect(picked).toEqual({ durationMs: 2412, facts: { path: '/checkout' } })
    expect(Object.keys(picked)).toEqual(['durationMs', 'facts'])
  })

  it('lists exception, metric, duration, deploy, check, facts and provenance', () => {
    expect(DETAIL_FIELDS).toEqual(['exception', 'metric', 'durationMs', 'deploy', 'check', 'facts', 'provenance'])
  })
})
