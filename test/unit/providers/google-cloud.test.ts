// Google Cloud Monitoring webhooks, schema 1.2: fixtures from Google's docs (test/fixtures/google-cloud/README.md).
import { describe, expect, it } from 'vitest'
import { googleCloud } from '../../../src/main/core/providers/google-cloud'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'

const SECRET = 'generated-by-hookbell-0123456789'
const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`hookbell:${password}`).toString('base64')}` })

describe('google-cloud.verify', () => {
  const body = fixture('google-cloud', 'open')

  it('accepts the secret as the basic-auth password (webhook with basic auth)', () => {
    expect(googleCloud.verify(rawRequest(body, basic(SECRET)), [SECRET], Date.now())).toEqual({ ok: true })
    expect(googleCloud.verify(rawRequest(body, basic('nope')), [SECRET], Date.now())).toMatchObject({ ok: false, status: 401 })
  })

  it('accepts the secret as auth_token in the endpoint URL (token auth), and refuses a wrong one', () => {
    const ok = rawRequest(body, {}, { query: `?auth_token=${SECRET}` })
    expect(googleCloud.verify(ok, [SECRET], Date.now())).toEqual({ ok: true })
    const wrong = rawRequest(body, {}, { query: '?auth_token=guess' })
    expect(googleCloud.verify(wrong, [SECRET], Date.now())).toEqual({
      ok: false,
      status: 401,
      reason: "auth_token in the endpoint URL does not match this integration's secret",
    })
  })

  it('keeps an old secret working during rotation', () => {
    const old = rawRequest(body, {}, { query: '?auth_token=old-secret' })
    expect(googleCloud.verify(old, [SECRET, 'old-secret'], Date.now())).toEqual({ ok: true })
  })

  it('refuses a delivery with neither, naming the channel setting', () => {
    expect(googleCloud.verify(rawRequest(body), [SECRET], Date.now())).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/Google Cloud Monitoring's webhook channel "Use HTTP Basic Auth" password/),
    })
  })
})

describe('google-cloud.normalize', () => {
  it('opens an incident per incident_id, and closed resolves it', () => {
    const [open] = normalizeWith('google-cloud', fixture('google-cloud', 'open'))
    const [closed] = normalizeWith('google-cloud', fixture('google-cloud', 'closed'))
    expect(open).toMatchObject({
      dedupKey: 'incident:0.opqiw61fsv7p',
      action: 'trigger',
      kind: 'alert',
      title: expect.stringMatching(/^CPU utilization for internal-project .* is above the threshold of 0\.900/),
      severity: 'warning',
      app: 'gke-cluster-1-16-default-pool-e2df4cbd-dgp3',
      environment: 'internal-project',
      url: 'https://console.cloud.google.com/monitoring/alerting/incidents/0.lxfiw61fsv7p?project=internal-project',
      occurredAt: 1577840461000,
      sourceTimestamp: 1577840461000,
      facts: {
        policy: 'Monitor-Project-Cluster',
        condition: 'VM Instance - CPU utilization [MAX]',
        resource: 'VM Instance: internal-project gke-cluster-1-16-default-pool-e2df4cbd-dgp3',
        metric: 'CPU utilization',
        'observed value': '0.935',
        threshold: '0.9',
        'Google severity': 'no severity',
      },
    })
    expect(closed).toMatchObject({
      dedupKey: open!.dedupKey,
      action: 'resolve',
      occurredAt: 1577877071000,
      sourceTimestamp: 1577877071000,
    })
  })

  it('maps the policy severity, and reads the upper-case states of test notifications', () => {
    const body = fixture('google-cloud', 'open')
      .replace('"no severity"', '"Critical"')
      .replace('"state": "open"', '"state": "OPEN"')
    expect(normalizeWith('google-cloud', body)[0]).toMatchObject({ severity: 'critical', action: 'trigger' })
  })

  it('records a state it does not know, and refuses a body that is not an incident', () => {
    const body = JSON.parse(fixture('google-cloud', 'open').replace('"state": "open"', '"state": "snoozed"'))
    expect(googleCloud.normalize(body, rawRequest('{}'))).toEqual({
      ok: true,
      events: [],
      note: 'incident.state snoozed is not open or closed: recorded, no incident',
    })
    expect(googleCloud.normalize({ version: '1.2' }, rawRequest('{}'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no incident object/),
    })
  })
})
