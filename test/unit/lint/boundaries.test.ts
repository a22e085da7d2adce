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
    ['the core importing the Electron shell', 'src/main/core/create-core.ts', "import { createTray } from '../shell/tray'"],
    ['the core importing the Electron entry', 'src/main/core/x.ts', "import '../index'"],
    ['the core importing the headless shell', 'src/main/core/api/x.ts', "import '../../headless/http-api'"],
    ['the core importing the CLI', 'src/main/core/x.ts', "import '../cli/program'"],
    ['the core importing the CLI entry', 'src/main/core/x.ts', "import '../cli'"],
    ['the core importing the relay server', 'src/main/core/relay/x.ts', "import '../../../relay/relay-server'"],
    ['the core importing the renderer', 'src/main/core/x.ts', "import '../../renderer/src/store'"],
    ['a provider importing a shell', 'src/main/core/providers/x.ts', "import '../../shell/tray'"],
    ['a provider importing the relay', 'src/main/core/providers/x.ts', "import '../../../relay/relay-server'"],
    ['the Electron shell importing the CLI', 'src/main/shell/x.ts', "import '../cli/program'"],
    ['the Electron shell importing headless beyond the local API', 'src/main/shell/x.ts', "import '../headless/serve'"],
    ['the Electron entry importing the relay', 'src/main/index.ts', "import '../relay/relay-server'"],
    ['the preload importing the renderer', 'src/preload/x.ts', "import '../renderer/src/store'"],
    ['the headless shell importing the Electron shell', 'src/main/headless/x.ts', "import '../shell/tray'"],
    ['the headless shell importing the CLI', 'src/main/headless/x.ts', "import '../cli/program'"],
    ['the CLI importing the Electron shell', 'src/main/cli/x.ts', "import '../shell/tray'"],
    ['the CLI entry importing the renderer', 'src/main/cli.ts', "import '../renderer/src/store'"],
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
    ['a provider importing server-common', 'src/main/core/providers/x.ts', "import '../../../server-common/credentials'"],
    ['the Electron shell importing the local API', 'src/main/shell/x.ts', "import '../headless/http-api'"],
    ['the headless shell importing server-common', 'src/main/headless/x.ts', "import '../../server-common/http'"],
    ['the CLI importing the relay', 'src/main/cli/x.ts', "import '../../relay/relay-server'"],
    ['the CLI starting the headless shell', 'src/main/cli/commands/x.ts', "import '../../headless/serve'"],
  ])('allows %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([])
  })

  it.each([
    ['the core', 'src/main/core/x.ts'],
    ['the CLI', 'src/main/cli/x.ts'],
    ['the CLI entry', 'src/main/cli.ts'],
    ['server-common', 'src/server-common/x.ts'],
    ['the relay', 'src/relay/x.ts'],
    ['the headless shell', 'src/main/headless/x.ts'],
  ])('keeps electron out of %s', async (_name, file) => {
    const [result] = await eslint.lintText("import { app } from 'electron'\nexport const a = app", {
      filePath: resolve(root, file),
    })
    expect(result!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports')
  })
})
