// Hostile inputs for property tests: what a sender on the internet can put in a delivery.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { PROVIDERS } from '../../src/main/core/providers'
import { fixture } from '../fixtures/load'

/**
 * Every fixture, by provider (each provider's folder in test/fixtures, so a new provider's fixtures join
 * without a list to edit): the realistic starting points that mutations are made from.
 */
export const FIXTURES: Record<string, string[]> = Object.fromEntries(
  [...PROVIDERS.keys()].map((provider) => [
    provider,
    readdirSync(join(import.meta.dirname, '..', 'fixtures', provider))
      .filter((name) => name.endsWith('.json'))
      .map((name) => fixture(provider, name.replace(/\.json$/, ''))),
  ]),
)

/** The fixtures that are strict JSON (a Checkly one has a raw newline on purpose), as values. */
export function fixtureValues(provider: string): unknown[] {
  return FIXTURES[provider]!.flatMap((text) => {
    try {
      return [JSON.parse(text) as unknown]
    } catch {
      return []
    }
  })
}

/** A JSON value with a random subtree of `base` replaced by something else (wrong type, huge, empty). */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = []
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path)
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]))
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k])
  }
  walk(base, [])
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, '', 0, -1, 1e308, [], {}, true),
    fc.string({ minLength: 20_000, maxLength: 60_000 }),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 500, maxLength: 1000 }),
  )
  return fc.tuple(fc.constantFrom(...paths), replacement).map(([path, value]) => {
    if (path.length === 0) return value
    const copy = structuredClone(base) as Record<string | number, unknown>
    let node = copy
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
    node[path.at(-1)!] = value
    return copy
  })
}

const nested = (depth: number) =>
  fc.constantFrom('[', '{"a":').map((open) => open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth))

/** Bodies, from plausible to hostile. */
export function hostileBody(provider: string): fc.Arbitrary<Buffer> {
  const fixtures = FIXTURES[provider]!
  return fc.oneof(
    // A realistic payload with one part replaced.
    fc
      .constantFrom(...fixtureValues(provider))
      .chain((value) => mutated(value).map((v) => Buffer.from(JSON.stringify(v) ?? 'null'))),
    // Cut off anywhere.
    fc.constantFrom(...fixtures).chain((text) => fc.nat({ max: text.length }).map((n) => Buffer.from(text.slice(0, n)))),
    // Random bytes, invalid UTF-8 included.
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    // Valid JSON with bytes that are not UTF-8 inside a string.
    fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((bytes) =>
        Buffer.concat([
          Buffer.from('{"title":"'),
          Buffer.from(bytes.map((b) => (b === 0x22 || b === 0x5c ? 0xff : b))),
          Buffer.from('"}'),
        ]),
      ),
    // Deep nesting, at and far past the limit.
    fc
      .integer({ min: 60, max: 20_000 })
      .chain(nested)
      .map((text) => Buffer.from(text)),
    // Huge strings where a title goes.
    fc
      .integer({ min: 100_000, max: 1_000_000 })
      .map((n) => Buffer.from(JSON.stringify({ title: 'x'.repeat(n), summary: 'y'.repeat(n / 2) }))),
    fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  )
}

export const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
  'application/json, text/plain',
)
