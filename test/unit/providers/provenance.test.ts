// How each provider's accepted delivery is described: the README's trust model, one case per line.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { provenanceOf } from '../../../src/main/core/providers/provenance'
import { encodeRelayCheck } from '../../../src/main/core/providers/relay-check'
import { describeProvenance } from '../../../src/shared/provenance'

const RELAY = 'https://relay.example.com/r/ch_1'
const relayed = (credential: 'checked' | 'none') => ({
  'x-hookbell-relay': encodeRelayCheck({
    relay: RELAY,
    credential,
    ...(credential === 'checked' ? { via: 'basic' as const } : {}),
  }),
})
const secret = { secrets: ['s'], options: {} }

function describe_(provider: string, headers: Record<string, string>, via: 'direct' | 'relay', integration = secret) {
  return describeProvenance(provenanceOf(PROVIDERS.get(provider)!, integration, { headers, via }))
}

describe('provenance', () => {
  it.each([
    ['sentry', { 'sentry-hook-signature': '[redacted]' }, 'direct', 'Signed by Sentry'],
    ['checkly', { 'x-checkly-signature': '[redacted]', ...relayed('none') }, 'relay', `Signed by Checkly, relayed by ${RELAY}`],
    ['appsignal', { 'x-appsignal-signature': '[redacted]' }, 'direct', 'Signed by AppSignal'],
    ['generic', { 'x-signature': '[redacted]' }, 'direct', 'Signed by Generic webhook'],
    [
      'grafana',
      { 'x-grafana-alerting-signature': '[redacted]', authorization: '[redacted]' },
      'direct',
      'Signed by Grafana Alerting',
    ],
    ['grafana', { authorization: '[redacted]' }, 'direct', 'Authorization credential checked by Hookbell'],
    ['alertmanager', relayed('checked'), 'relay', `Vouched for by relay ${RELAY} (basic-auth password checked by the relay)`],
    [
      'retrace',
      relayed('none'),
      'relay',
      expect.stringMatching(/^Relayed by .*cannot sign, and the relay knows the integration URL/),
    ],
  ] as const)('%s %j (%s): %s', (provider, headers, via, text) => {
    expect(describe_(provider, headers, via)).toEqual(text)
  })

  it('says a delivery to an integration without a secret was not verified, whatever it carried', () => {
    expect(describe_('generic', { 'x-signature': 'sha256=00' }, 'direct', { secrets: [], options: {} })).toBe(
      'Not verified: this integration has no secret',
    )
  })

  it('ignores a relay claim on a direct request', () => {
    const p = provenanceOf(PROVIDERS.get('alertmanager')!, secret, { headers: relayed('checked'), via: 'direct' })
    expect(p.by).not.toBe('relay')
    expect(p.relay).toBeUndefined()
  })
})
