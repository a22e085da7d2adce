// The layer rules in eslint.config.js, run through ESLint itself on code placed at real paths.
import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const eslint = new ESLint({ cwd: root })

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) })
  return result!.messages.filter((m) => m.ruleId === 'hookbell/boundaries').map((m) => m.message)
}

describe('layer boundaries', () => {
  it.each([
    ['a provider importing the core', 'src/main/core/providers/x.ts', "import { PROVIDERS } from '../index'"],
    ['a provider importing the store', 'src/main/core/providers/x.ts', "import '../store/migrations'"],
    ['the renderer importing src/main', 'src/renderer/src/x.ts', "import '../../main/core/index'"],
    ['the renderer importing src/main via export', 'src/renderer/src/x.ts', "export * from '../../main/cli'"],
    ['the relay importing the core', 'src/relay/x.ts', "import { openDb } from '../main/core/store/migrations'"],
    ['the relay importing the core lazily', 'src/relay/x.ts', "await import('../main/core')"],
    ['a shell deep-importing the core', 'src/main/shell/x.ts', "import '../core/store/incident-store'"],
    ['the CLI deep-importing the core', 'src/main/x.ts', "import { VERSION } from './core/version'"],
    ['server-common importing the core', 'src/server-common/x.ts', "import '../main/core'"],
    ['shared importing the core', 'src/shared/x.ts', "import '../main/core'"],
  ])('refuses %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1)
  })

  it.each([
    [
      'a provider importing a sibling and src/shared',
      'src/main/core/providers/x.ts',
      "import './types'\nimport '../../../shared/incident'",
    ],
    ['a shell through the front door', 'src/main/shell/x.ts', "import { createCore } from '../core'"],
    ['the CLI through the front door', 'src/main/x.ts', "import { VERSION } from './core/index'"],
    ['the core importing itself deeply', 'src/main/core/api/x.ts', "import '../store/migrations'"],
    ['the relay importing server-common', 'src/relay/x.ts', "import '../server-common/http'"],
    ['the core importing server-common', 'src/main/core/x.ts', "import '../../server-common/sqlite'"],
    ['the renderer importing src/shared', 'src/renderer/src/x.ts', "import '../../shared/contract'"],
  ])('allows %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([])
  })
})
