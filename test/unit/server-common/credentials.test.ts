import { describe, expect, it } from 'vitest'
import { authorizationRule, credentialFrom } from '../../../src/server-common/credentials'

const where = { tool: 'Alertmanager', setting: 'http_config authorization' }

describe('the credential an integration accepts', () => {
  it('takes the token after the configured scheme, case-insensitively', () => {
    expect(credentialFrom('Bearer s3cret', authorizationRule({}), where)).toEqual({
      ok: true,
      credential: 's3cret',
      via: 'scheme',
    })
    expect(credentialFrom('token s3cret', authorizationRule({ authScheme: 'Token' }), where)).toMatchObject({
      ok: true,
      credential: 's3cret',
    })
  })

  it('takes the basic-auth password whatever the scheme setting', () => {
    const header = `Basic ${Buffer.from('any:pa:ss').toString('base64')}`
    expect(credentialFrom(header, authorizationRule({ authScheme: 'Token' }), where)).toEqual({
      ok: true,
      credential: 'pa:ss',
      via: 'basic',
    })
    expect(credentialFrom('Basic bm9jb2xvbg==', authorizationRule({}), where)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not base64/),
    })
  })

  it('says what is wrong and where to fix it', () => {
    expect(credentialFrom(undefined, authorizationRule({ authScheme: 'Token' }), where)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Authorization missing: set Alertmanager's http_config authorization to Token/),
    })
    expect(credentialFrom('Bearer', authorizationRule({}), where)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/has no credentials/),
    })
    expect(credentialFrom('Bearer x', authorizationRule({ authScheme: 'Token' }), where)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Authorization scheme is Bearer, this integration expects Token/),
    })
  })

  it('falls back to Bearer for a stored scheme that is not valid', () => {
    expect(authorizationRule({ authScheme: 'two words' })).toEqual({ scheme: 'Bearer' })
    expect(authorizationRule(undefined)).toEqual({ scheme: 'Bearer' })
  })
})
