// Every tool's titles come out as one tidy line: the tools' own text ends with spaces and holds newlines
// (Retrace's error Message ends with a space), and the title is made once, where deliveries are normalized.
import { describe, expect, it } from 'vitest'
import { normalizeDelivery, PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { rawRequest } from '../../helpers/request'

const titlesOf = (provider: string, body: string, options = {}) => {
  const result = normalizeDelivery(PROVIDERS.get(provider)!, JSON.parse(body), rawRequest(body), options)
  if (!result.ok) throw new Error(result.reason)
  return result.events.map((e) => e.title)
}

describe('incident titles', () => {
  it('a Retrace error whose Message ends with a space has no space at the end of its title', () => {
    const body = fixture('retrace', 'error')
    expect(JSON.parse(body).Message).toMatch(/ $/)
    expect(titlesOf('retrace', body)).toEqual([
      'System.NullReferenceException: Object reference not set to an instance of an object.',
    ])
  })

  it('a generic summary with newlines and padding is one line', () => {
    const body = JSON.stringify({ summary: '  Database connection timeout\n  on api-gateway \n', severity: 'critical' })
    expect(titlesOf('generic', body)).toEqual(['Database connection timeout on api-gateway'])
  })

  it('an Alertmanager custom payload read with the generic fields too', () => {
    const body = JSON.stringify({ summary: 'Checkout 5xx rate above 5%\n', status: 'firing', dedup_key: 'g1' })
    expect(titlesOf('alertmanager', body, { payload: 'generic' })).toEqual(['Checkout 5xx rate above 5%'])
  })
})
