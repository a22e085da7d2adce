import { describe, expect, it } from 'vitest'
import { FIELD_LIMITS, limitEvent, MAX_DEDUP_KEY, MAX_FRAMES, truncate } from '../../../src/main/core/limits/field-limits'
import type { IncidentEvent } from '../../../src/main/core/providers/types'

const base: IncidentEvent = { dedupKey: 'k', action: 'trigger', kind: 'alert', title: 'Database down', severity: 'critical' }

describe('limitEvent', () => {
  it('leaves an ordinary event as it is', () => {
    const event: IncidentEvent = {
      ...base,
      url: 'https://example.com/a',
      exception: { type: 'Error', message: 'boom', frames: [{ file: 'a.js', line: 1, function: 'f', inApp: true }] },
      facts: { region: 'eu' },
    }
    expect(limitEvent(event)).toEqual(event)
  })

  it('cuts a 1,040,000-character title to the title limit, ending in an ellipsis', () => {
    const limited = limitEvent({ ...base, title: 'x'.repeat(1_040_000) })
    expect(limited.title).toHaveLength(FIELD_LIMITS.title!)
    expect(limited.title.endsWith('…')).toBe(true)
  })

  it('keeps the first and last frames of a huge stack, with a marker saying how many were left out', () => {
    const frames = Array.from({ length: 5000 }, (_, i) => ({ file: `f${i}.js`, line: i, function: 'fn', inApp: false }))
    const limited = limitEvent({ ...base, kind: 'exception', exception: { type: 'E', message: 'm', frames } })
    const kept = limited.exception!.frames
    expect(kept).toHaveLength(MAX_FRAMES + 1)
    expect(kept[0]!.file).toBe('f0.js')
    expect(kept[MAX_FRAMES / 2]!.file).toBe('… 4800 frames omitted …')
    expect(kept.at(-1)!.file).toBe('f4999.js')
  })

  it('limits messages, facts and tags', () => {
    const limited = limitEvent({
      ...base,
      exception: { type: 'E', message: 'm'.repeat(100_000), frames: [] },
      facts: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'.repeat(10_000)])),
      check: { name: 'c', checkId: '1', tags: Array.from({ length: 1000 }, () => 't') },
    })
    expect(limited.exception!.message.length).toBe(FIELD_LIMITS.message)
    expect(Object.keys(limited.facts!)).toHaveLength(100)
    expect(limited.facts!.k0!.length).toBeLessThanOrEqual(4000)
    expect(limited.check!.tags).toHaveLength(100)
  })

  it('keeps two long dedup keys that differ only at the end apart', () => {
    const a = limitEvent({ ...base, dedupKey: 'x'.repeat(10_000) + 'a' }).dedupKey
    const b = limitEvent({ ...base, dedupKey: 'x'.repeat(10_000) + 'b' }).dedupKey
    expect(a.length).toBeLessThanOrEqual(MAX_DEDUP_KEY)
    expect(a).not.toBe(b)
  })

  it('drops a URL past the limit rather than storing a cut (and broken) link', () => {
    expect(limitEvent({ ...base, url: `https://example.com/${'a'.repeat(5000)}` }).url).toBeNull()
  })
})

describe('truncate', () => {
  it('never splits a surrogate pair', () => {
    const cut = truncate('a' + '😀'.repeat(10), 4)
    expect(cut).toBe('a😀…')
    expect(cut.length).toBeLessThanOrEqual(4)
  })
})
