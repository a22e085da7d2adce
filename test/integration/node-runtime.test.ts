// The two commands on an old Node: `hookbell`, `npm start` and `npm test` switch to a suitable Node and say
// so in one line (`hookbell` once per shell session, not on every command). An old Node is simulated by a preload that makes this one report v20.1.0 (the switched-to
// process does not get the preload), and the "cached" Node is a link to this one, so nothing is downloaded.
import { spawnSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isSuitable } from '../../scripts/node-runtime.js'
import { tempDir } from '../helpers/test-core'

const pretendOld = join(tempDir(), 'pretend-node-20.mjs')
writeFileSync(
  pretendOld,
  "Object.defineProperty(process.versions, 'node', { value: '20.1.0' }); Object.defineProperty(process, 'version', { value: 'v20.1.0' })\n",
)

function cachedNodeHome(): string {
  const home = tempDir('hookbell-node-home-')
  mkdirSync(join(home, 'node_modules', 'node', 'bin'), { recursive: true })
  symlinkSync(process.execPath, join(home, 'node_modules', 'node', 'bin', 'node'))
  return home
}

/** `newSession`: run it as a command typed in another terminal (setsid: a session of its own). */
function runOld(args: string[], env: Record<string, string | undefined>, newSession = false) {
  const { npm_execpath: _npm, HOOKBELL_NODE_REEXEC: _reexec, ...base } = process.env
  const command = [process.execPath, '--import', pretendOld, ...args]
  if (newSession) command.unshift('setsid', '--wait')
  return spawnSync(command[0]!, command.slice(1), {
    encoding: 'utf8',
    env: { ...base, ...env },
    timeout: 60_000,
  })
}

describe('node-runtime', () => {
  it('knows which versions are new enough (node:sqlite with FTS5: 22.16, not 23)', () => {
    expect(['20.20.2', '22.12.0', '18.19.1'].map((v) => isSuitable(v))).toEqual([false, false, false])
    expect(['22.13.0', '22.15.1', '22.16.0', '23.11.0', '24.0.0', '24.21.0'].map((v) => isSuitable(v))).toEqual([
      false,
      false,
      true,
      false,
      true,
      true,
    ])
  })

  it('hookbell on an old Node runs on the cached one, saying so in one line', () => {
    const home = cachedNodeHome()
    const r = runOld(['bin/hookbell.js', '--version'], { HOOKBELL_NODE_HOME: home })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    expect(r.stderr).toBe(
      `Node v20.1.0 cannot run Hookbell (it needs 22.16+ or 24+: node:sqlite with full-text search): running on the Node in ${home}\n`,
    )
  })

  it('hookbell says it once per shell session: the next commands of the session are quiet, another terminal is told', () => {
    const home = cachedNodeHome()
    const line = `Node v20.1.0 cannot run Hookbell (it needs 22.16+ or 24+: node:sqlite with full-text search): running on the Node in ${home}\n`
    expect(runOld(['bin/hookbell.js', '--version'], { HOOKBELL_NODE_HOME: home }).stderr).toBe(line)
    for (let i = 0; i < 2; i++) {
      const again = runOld(['bin/hookbell.js', '--version'], { HOOKBELL_NODE_HOME: home })
      expect(again.status, again.stderr).toBe(0)
      expect(again.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
      expect(again.stderr).toBe('')
    }
    const elsewhere = runOld(['bin/hookbell.js', '--version'], { HOOKBELL_NODE_HOME: home }, true)
    expect(elsewhere.status, elsewhere.stderr).toBe(0)
    expect(elsewhere.stderr).toBe(line)
  })

  it('npm test switches before vitest loads, and passes its arguments and exit status through', () => {
    const home = cachedNodeHome()
    const r = runOld(['scripts/test.js', '--help'], { HOOKBELL_NODE_HOME: home })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/vitest\/\d+\.\d+\.\d+/)
    expect(r.stderr.split('\n')[0]).toBe(
      `Node v20.1.0 cannot run Hookbell (it needs 22.16+ or 24+: node:sqlite with full-text search): running on the Node in ${home}`,
    )
    const failing = runOld(['scripts/test.js', 'test/no-such-folder'], { HOOKBELL_NODE_HOME: home })
    expect(failing.status).toBe(1)
    // npm test (and npm start) say it every time: they are run on purpose, not many times a minute.
    expect(failing.stderr.split('\n')[0]).toMatch(/^Node v20\.1\.0 cannot run Hookbell .*: running on the Node in /)
  })

  it('when no Node can be fetched, says exactly what to run', () => {
    const home = tempDir('hookbell-node-home-')
    // A registry nobody listens on: npm fails at once instead of downloading.
    const r = runOld(['bin/hookbell.js', '--version'], {
      HOOKBELL_NODE_HOME: home,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: join(home, 'npm-cache'),
      npm_config_offline: 'false',
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(`fetching node@24 from the npm registry into ${home} (once) and running on it`)
    expect(r.stderr).toContain('could not fetch node@24 from the npm registry')
    expect(r.stderr).toContain(
      `Install Node.js 24 (or 22.16+) from https://nodejs.org/, or run \`npm install --prefix ${home} node@24\` and try again.`,
    )
  })

  it('does not loop when the Node it switched to is still too old', () => {
    const r = runOld(['bin/hookbell.js', '--version'], { HOOKBELL_NODE_REEXEC: '1' })
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('Node v20.1.0 cannot run Hookbell, even after switching: install Node.js 24 (or 22.16+).\n')
  })
})
