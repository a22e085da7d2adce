import { describe, expect, it } from 'vitest'
import { jsonDepthExceeds, MAX_JSON_DEPTH, parseBounded } from '../../../src/main/core/limits/json-limits'
import { MAX_BODY_BYTES } from '../../../src/server-common/http'

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels)

describe('parseBounded', () => {
  it('parses a payload within the limits', () => {
    expect(parseBounded(Buffer.from('{"a":[1,{"b":"x"}]}'))).toEqual({ ok: true, value: { a: [1, { b: 'x' }] } })
  })

  it("ignores a leading UTF-8 byte order mark (RFC 8259 §8.1), for a provider's own parser too", () => {
    const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])
    expect(parseBounded(marked)).toEqual({ ok: true, value: { a: 1 } })
    const seen: string[] = []
    expect(parseBounded(marked, (b) => (seen.push(b.toString('utf8')), JSON.parse(b.toString('utf8'))))).toMatchObject({
      ok: true,
    })
    expect(seen).toEqual(['{"a":1}'])
    // Only one: a second mark is malformed, and named, not quoted invisibly.
    const twice = parseBounded(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), marked]))
    expect(twice).toMatchObject({ ok: false, reason: expect.stringContaining("Unexpected token '\\ufeff'") })
  })

  it('escapes control and binary characters the parser quotes in its error', () => {
    const gzipped = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0x56, 0x4a, 0x54, 0xb2])
    const result = parseBounded(gzipped)
    expect(result.ok).toBe(false)
    const reason = (result as { reason: string }).reason
    expect(reason).toMatch(/^malformed JSON: .*\\u001f/)
    expect(reason).not.toMatch(/[\p{Cc}\ufffd]/u)
  })

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more, with the reason`, () => {
    expect(parseBounded(Buffer.from(nested(MAX_JSON_DEPTH))).ok).toBe(true)
    expect(parseBounded(Buffer.from(nested(MAX_JSON_DEPTH + 1)))).toEqual({
      ok: false,
      reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
    })
  })

  it('refuses 5,000 levels without walking them (no stack overflow)', () => {
    const result = parseBounded(Buffer.from(`{"a":${'{"b":'.repeat(5000)}1${'}'.repeat(5000)}}`))
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/nested deeper/) })
  })

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ title: '['.repeat(500) + '\\"{{{{' + '{'.repeat(500) })
    expect(jsonDepthExceeds(text)).toBe(false)
    expect(parseBounded(Buffer.from(text)).ok).toBe(true)
  })

  it('refuses a body over the size limit (a relayed body is held to the same limit)', () => {
    const result = parseBounded(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20))
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/limit is 1048576/) })
  })

  it('says why malformed JSON is malformed', () => {
    expect(parseBounded(Buffer.from('{"a":'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed JSON: /) })
  })

  it('reads invalid UTF-8 as replacement characters rather than refusing the alert', () => {
    const body = Buffer.concat([Buffer.from('{"title":"db '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])
    expect(parseBounded(body)).toEqual({ ok: true, value: { title: 'db \ufffd\ufffd' } })
  })

  it("applies the depth limit before a provider's own lenient parser", () => {
    let called = false
    const result = parseBounded(Buffer.from(nested(200)), () => {
      called = true
      return null
    })
    expect(result.ok).toBe(false)
    expect(called).toBe(false)
  })
})
