// Layer boundaries as one lint rule (docs/ARCHITECTURE.md, "Layers"). Each zone names the files it covers
// and the folders they must not import from; relative imports are resolved against the importing file, so
// `../../main/core/x` and `../core/x` are judged by where they land, not by how they are spelled.
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The entry points of the Electron shell and of the `hookbell` command, beside their folders. */
const SHELL = ['src/main/shell/', 'src/main/index.ts', 'src/preload/']
const CLI = ['src/main/cli/', 'src/main/cli.ts']

/**
 * The whole table of docs/ARCHITECTURE.md, "Layers". Paths are relative to the repository root, with `/`;
 * `files` and `forbid` are folders (ending in `/`) or files. Within a zone, `allow` clears an import that
 * `forbid` would refuse. The first zone an import breaks gives the message.
 */
export const ZONES = [
  {
    files: 'src/main/core/providers/',
    forbid: ['src/main/', 'src/relay/', 'src/renderer/', 'src/preload/'],
    allow: ['src/main/core/providers/'],
    message: 'providers are pure parsers: they import only each other, src/shared and src/server-common.',
  },
  {
    files: 'src/main/core/',
    forbid: [...SHELL, 'src/main/headless/', ...CLI, 'src/relay/', 'src/renderer/'],
    message: 'the core runs on its own in plain Node: it never imports the shells, the CLI, the relay server or the renderer.',
  },
  {
    files: SHELL,
    forbid: ['src/main/headless/', ...CLI, 'src/relay/', 'src/renderer/'],
    allow: ['src/main/headless/http-api.ts'],
    message:
      'the Electron shell adapts the core (its front door) to the desktop; of the rest only the local API (headless/http-api.ts).',
  },
  {
    files: 'src/main/headless/',
    forbid: [...SHELL, ...CLI, 'src/relay/', 'src/renderer/'],
    message:
      'the headless shell is the core (its front door) over HTTP: it never imports the Electron shell, the CLI, the relay or the renderer.',
  },
  {
    files: CLI,
    forbid: [...SHELL, 'src/renderer/'],
    message:
      "the hookbell command reaches the app through the core's front door, its API, `serve` and the relay: never the Electron shell or the renderer.",
  },
  {
    files: 'src/renderer/',
    forbid: ['src/main/', 'src/relay/', 'src/server-common/'],
    message: 'the renderer talks to the app through src/shared/contract.ts only, never src/main.',
  },
  {
    files: 'src/relay/',
    forbid: ['src/main/'],
    message: "the relay server never imports the app's code: what both use lives in src/server-common.",
  },
  {
    files: 'src/server-common/',
    forbid: ['src/main/', 'src/relay/', 'src/renderer/'],
    message: 'src/server-common is shared by the core and the relay, so it imports neither.',
  },
  {
    files: 'src/shared/',
    forbid: ['src/main/', 'src/relay/', 'src/renderer/', 'src/server-common/', 'src/preload/'],
    message: 'src/shared holds types and pure helpers every side uses; it imports none of them.',
  },
  {
    files: 'src/',
    except: ['src/main/core/'],
    forbid: ['src/main/core/'],
    allow: ['src/main/core/index.ts'],
    message: 'outside the core, import it through its front door: src/main/core (index.ts).',
  },
]

const under = (path, folder) => path === folder.replace(/\/$/, '') || path.startsWith(folder)

/** Where a relative import lands, as a repository path; index files and extensions are tried like TS does. */
function target(fromFile, spec) {
  const abs = resolve(dirname(fromFile), spec)
  const rel = relative(ROOT, abs).split(sep).join('/')
  if (/\.(ts|tsx|js)$/.test(rel)) return [rel]
  return [`${rel}.ts`, `${rel}.tsx`, `${rel}/index.ts`, rel]
}

/** The first zone message an import from `file` (repo path) to `spec` breaks, or null. */
export function violation(file, spec) {
  if (!spec.startsWith('.')) return null
  const fromRel = relative(ROOT, file).split(sep).join('/')
  const candidates = target(file, spec)
  for (const zone of ZONES) {
    if (![zone.files].flat().some((files) => under(fromRel, files))) continue
    if (zone.except?.some((folder) => under(fromRel, folder))) continue
    // `./core` resolves to core/index.ts: any candidate being allowed clears the import.
    const lands = candidates.filter((path) => zone.forbid.some((folder) => under(path, folder)))
    if (lands.length === 0) continue
    if (zone.allow?.some((allowed) => candidates.some((path) => under(path, allowed)))) continue
    return zone.message
  }
  return null
}

const rule = {
  meta: { type: 'problem', schema: [], docs: { description: 'Keeps imports inside the layers of docs/ARCHITECTURE.md' } },
  create(context) {
    const check = (node) => {
      const source = node.source
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return
      const message = violation(context.filename, source.value)
      if (message) context.report({ node: source, message: `${source.value}: ${message}` })
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    }
  },
}

export default { rules: { boundaries: rule } }
