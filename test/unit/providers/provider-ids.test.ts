// Adding a provider is its file, its samples and one registry line: no provider id is a special case anywhere
// else (grouping, the registry, the UI). A rule about one tool belongs in its file, as a field of Provider
// (groupOf, customPayload, conformance...), so every other tool can declare the same.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'

const ROOT = join(import.meta.dirname, '../../..')
const SRC = join(ROOT, 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : []
  })
}

/** Where an id may appear: its own provider file and its samples. */
const own = (id: string, file: string) =>
  file === `src/main/core/providers/${id}.ts` || file === `src/main/core/providers/samples/${id}.ts`

/** Literals that name a provider id but are not about that provider, each with why. */
const ALLOWED: { id: string | RegExp; file: RegExp; line: RegExp; why: string }[] = [
  {
    id: /./,
    file: /^src\/main\/core\/forward\/presets\.ts$/,
    line: /^\s*preset: '[a-z-]+',$/,
    why: 'a forward preset names the destination it sends to (PagerDuty Events API v2), not an incoming provider',
  },
  {
    id: 'generic',
    file: /./,
    line: /payload/i,
    why: "the `payload: 'native' | 'generic'` option value (a custom payload read with the generic fields)",
  },
  {
    id: 'sentry',
    file: /^src\/main\/core\/forward\/payload\.ts$/,
    line: /provider: 'sentry'/,
    why: 'SAMPLE_INCIDENT, the made-up incident the forward preview renders, names a source like a real one',
  },
  {
    id: 'generic',
    file: /^src\/renderer\/src\/components\/settings\/IntegrationsSettings\.tsx$/,
    line: /CurlExample/,
    why: "the setup card's curl example signs as the generic webhook does (to move into ProviderInfo with the renderer's next change)",
  },
]

const allows = (rule: string | RegExp, id: string) => (typeof rule === 'string' ? rule === id : rule.test(id))

function hardCoded(ids: readonly string[]): string[] {
  const found: string[] = []
  for (const path of sourceFiles(SRC)) {
    const file = relative(ROOT, path).replaceAll('\\', '/')
    const lines = readFileSync(path, 'utf8').split('\n')
    lines.forEach((line, n) => {
      // Comments may name a tool; only code can special-case one.
      if (/^\s*(\/\/|\/\*|\*)/.test(line)) return
      for (const id of ids) {
        if (own(id, file) || !new RegExp(`['"\`]${id}['"\`]`).test(line)) continue
        if (ALLOWED.some((a) => allows(a.id, id) && a.file.test(file) && a.line.test(line))) continue
        found.push(`${file}:${n + 1}: ${id}`)
      }
    })
  }
  return found
}

describe('provider ids', () => {
  it('appear as string literals only in their own provider file and samples', () => {
    expect(hardCoded([...PROVIDERS.keys()])).toEqual([])
  })

  it('the scan finds a hard-coded id (it would fail on the old grouping rule)', () => {
    // group-of.ts once read `incident.provider === 'alertmanager' || incident.provider === 'grafana'`.
    const line = "if (incident.provider === 'grafana') return byAlertName(incident)"
    expect(new RegExp(`['"\`]grafana['"\`]`).test(line)).toBe(true)
    expect(ALLOWED.some((a) => allows(a.id, 'grafana') && a.line.test(line))).toBe(false)
  })
})
