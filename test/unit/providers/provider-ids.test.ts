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

/** Where an id may appear: its own provider file, its samples, and the file of the tool that acts on its source. */
const own = (id: string, file: string) =>
  file === `src/main/core/providers/${id}.ts` ||
  file === `src/main/core/providers/samples/${id}.ts` ||
  file === `src/main/core/source-actions/tools/${id}.ts`

/** Literals that name a provider id but are not about that provider, each with why. */
const ALLOWED: { id: string | RegExp; file: RegExp; line: RegExp; why: string }[] = [
  {
    id: 'alertmanager',
    file: /^src\/main\/core\/providers\/samples\/grafana-oncall\.ts$/,
    line: /type: 'alertmanager'/,
    why: 'a Grafana OnCall payload names the kind of OnCall integration that received the alert, as OnCall sends it',
  },
  {
    id: /./,
    file: /^src\/main\/core\/forward\/presets\.ts$/,
    line: /^\s*preset: '[a-z-]+',$/,
    why: 'a forward preset names the destination it sends to (PagerDuty Events API v2), not an incoming provider',
  },
  {
    id: 'generic',
    file: /./,
    // Comparisons and declarations of the option, not any line that happens to mention a payload.
    line: /payload\s*(?:[!=]==?|\?:|:)\s*'(?:native|generic)'|'native' \| 'generic'|'native', 'generic'|raw [!=]== 'generic'|<option value="generic">/,
    why: "the `payload: 'native' | 'generic'` option value (a custom payload read with the generic fields)",
  },
  {
    id: 'sentry',
    file: /^src\/main\/core\/forward\/payload\.ts$/,
    line: /provider: 'sentry'/,
    why: 'SAMPLE_INCIDENT, the made-up incident the forward preview renders, names a source like a real one',
  },
]

const allows = (rule: string | RegExp, id: string) => (typeof rule === 'string' ? rule === id : rule.test(id))

/** `file:line: id` for each literal id outside its own files and the allow-list. */
function hardCoded(files: readonly { file: string; text: string }[], ids: readonly string[]): string[] {
  const found: string[] = []
  for (const { file, text } of files)
    text.split('\n').forEach((line, n) => {
      // Comments may name a tool; only code can special-case one.
      if (/^\s*(\/\/|\/\*|\*)/.test(line)) return
      for (const id of ids) {
        if (own(id, file) || !new RegExp(`['"\`]${id}['"\`]`).test(line)) continue
        if (ALLOWED.some((a) => allows(a.id, id) && a.file.test(file) && a.line.test(line))) continue
        found.push(`${file}:${n + 1}: ${id}`)
      }
    })
  return found
}

const SOURCES = sourceFiles(SRC).map((path) => ({
  file: relative(ROOT, path).replaceAll('\\', '/'),
  text: readFileSync(path, 'utf8'),
}))

describe('provider ids', () => {
  it('appear as string literals only in their own provider file and samples', () => {
    expect(hardCoded(SOURCES, [...PROVIDERS.keys()])).toEqual([])
  })

  it("finds the old grouping rule, a registry special case and a UI one, but not a tool's own file", () => {
    const files = [
      {
        file: 'src/main/core/groups/group-of.ts',
        text: "  if (incident.provider === 'alertmanager' || incident.provider === 'grafana') {",
      },
      { file: 'src/main/core/providers/index.ts', text: "  return suggest(body, provider.id === 'grafana' ? 'grafana' : 'x')" },
      { file: 'src/renderer/src/components/Row.tsx', text: '  {incident.provider === "sentry" ? <Frames /> : null}' },
      { file: 'src/main/core/providers/grafana.ts', text: "  normalize: (p) => read(p, 'grafana')," },
      { file: 'src/main/core/providers/options.ts', text: "  if (raw === 'generic') options.payload = raw" },
      { file: 'src/main/core/api/send-test.ts', text: "  if (provider.id === 'generic' && payload) return payload" },
    ]
    expect(hardCoded(files, ['alertmanager', 'grafana', 'sentry', 'generic'])).toEqual([
      'src/main/core/groups/group-of.ts:1: alertmanager',
      'src/main/core/groups/group-of.ts:1: grafana',
      'src/main/core/providers/index.ts:1: grafana',
      'src/renderer/src/components/Row.tsx:1: sentry',
      'src/main/core/api/send-test.ts:1: generic',
    ])
  })
})
