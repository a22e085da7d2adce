// The one raw-body HMAC check the signing providers share.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyBodyHmac } from '../../../src/main/core/providers/signature'

const hmac = (secret: string, data: string | Buffer) => createHmac('sha256', secret).update(data).digest('hex')
// Sentry's bytes: non-ASCII escaped and a float written as 12.0, neither of which JSON.stringify reproduces.
const raw = Buffer.from('{"title":"caf\\u00e9 down","p95":12.0}')

describe('verifyBodyHmac', () => {
  it('accepts the HMAC of the exact bytes received, in any case', () => {
    expect(verifyBodyHmac(raw, ['s1'], hmac('s1', raw), 'hint')).toEqual({ ok: true })
    expect(verifyBodyHmac(raw, ['s1'], hmac('s1', raw).toUpperCase(), 'hint')).toEqual({ ok: true })
  })

  it('refuses the HMAC of the re-serialized JSON, naming the hint', () => {
    const reserialized = JSON.stringify(JSON.parse(raw.toString()))
    expect(reserialized).not.toBe(raw.toString())
    expect(verifyBodyHmac(raw, ['s1'], hmac('s1', reserialized), 'is the secret current?')).toEqual({
      ok: false,
      status: 401,
      reason: 'signature mismatch: is the secret current?',
    })
  })

  it('takes a sha256= label, and names any other scheme instead of calling it a mismatch', () => {
    expect(verifyBodyHmac(raw, ['s1'], `sha256=${hmac('s1', raw)}`, 'hint')).toEqual({ ok: true })
    expect(verifyBodyHmac(raw, ['s1'], `SHA256=${hmac('s1', raw)}`, 'hint')).toEqual({ ok: true })
    for (const provided of ['md5=zz', `sha1=${hmac('s1', raw)}`, 'MD5=0123'])
      expect(verifyBodyHmac(raw, ['s1'], provided, 'hint')).toEqual({
        ok: false,
        status: 401,
        reason: `unsupported signature scheme ${provided.split('=')[0]!.toLowerCase()} (expected sha256)`,
      })
  })

  it('accepts any of the secrets while one is rotated', () => {
    expect(verifyBodyHmac(raw, ['new', 'old'], hmac('old', raw), 'hint')).toEqual({ ok: true })
    expect(verifyBodyHmac(raw, ['new'], hmac('old', raw), 'hint')).toMatchObject({ ok: false })
  })

  it('signs a prefix before the body when one is given (Grafana: "timestamp:body")', () => {
    const signed = hmac('s1', Buffer.concat([Buffer.from('1700000000:'), raw]))
    expect(verifyBodyHmac(raw, ['s1'], signed, 'hint', '1700000000:')).toEqual({ ok: true })
    expect(verifyBodyHmac(raw, ['s1'], signed, 'hint')).toMatchObject({ ok: false })
    expect(verifyBodyHmac(raw, ['s1'], hmac('s1', raw), 'hint', '1700000000:')).toMatchObject({ ok: false })
  })
})
