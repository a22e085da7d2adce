// docs/ARCHITECTURE.md is where a newcomer learns where things live: every file or folder it names in
// backticks must exist. A path is read as the doc writes it: from the repository root, from `src/`, from
// `src/main/`, or from the core (`ingest/pipeline.ts` is `src/main/core/ingest/pipeline.ts`).
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const doc = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8')
const BASES = ['', 'src', 'src/main', 'src/main/core']

const exists = (path: string) => BASES.some((base) => existsSync(join(root, base, path)))

/**
 * Backticked words that look like a module path (a file with a source or doc extension, or a folder ending in
 * /), as the doc reads them: a bare file name (`outbox.ts`) is in the folder named last before it (`forward/`).
 */
function namedPaths(text: string): { named: string; path: string }[] {
  const found: { named: string; path: string }[] = []
  let folder = ''
  for (const [, code] of text.matchAll(/`([^`\n]+)`/g)) {
    const isFile = /^[\w.-]+(\/[\w.-]+)*\.(ts|tsx|js|md|json|yaml)$/.test(code!)
    const isFolder = /^[\w.-]+(\/[\w.-]+)*\/$/.test(code!)
    if (!isFile && !isFolder) continue
    const path = isFile && !code!.includes('/') && !exists(code!) ? folder + code! : code!
    if (isFolder) folder = code!
    if (!found.some((f) => f.named === code && f.path === path)) found.push({ named: code!, path })
  }
  return found
}

describe('docs/ARCHITECTURE.md', () => {
  const paths = namedPaths(doc)

  it('names modules (the check reads something)', () => {
    expect(paths.map((p) => p.path)).toEqual(
      expect.arrayContaining(['ingest/pipeline.ts', 'incident/effects.ts', 'src/main/core/', 'forward/outbox.ts']),
    )
  })

  it.each(paths.map((p) => [p.named, p.path]))('names %s (%s), which exists', (_named, path) => {
    expect(exists(path)).toBe(true)
  })

  it('a path that does not exist is caught', () => {
    expect(namedPaths('`forward/`: `outbox.ts`, `no-such-module.ts`').map((p) => exists(p.path))).toEqual([true, true, false])
  })
})
