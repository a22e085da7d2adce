// Data files are the user's alone even when the folder (or a file in it) already existed with looser modes.
import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureApiToken } from '../../src/main/core/data-dir'
import { openSqliteRelayStore } from '../../src/relay/store/sqlite-store'
import { startCore, tempDir } from '../helpers/test-core'

const mode = (path: string) => statSync(path).mode & 0o777

describe.skipIf(process.platform === 'win32')('file permissions', () => {
  it('tightens an existing data folder to 0700 and its database, WAL, settings and token to 0600', async () => {
    const dir = join(tempDir(), 'existing')
    mkdirSync(dir, { mode: 0o755 })
    chmodSync(dir, 0o755)
    writeFileSync(join(dir, 'settings.json'), '{}', { mode: 0o644 })
    writeFileSync(join(dir, 'api-token'), `${'t'.repeat(43)}\n`, { mode: 0o644 })
    chmodSync(join(dir, 'settings.json'), 0o644)
    chmodSync(join(dir, 'api-token'), 0o644)
    ensureApiToken(dir)
    const t = await startCore({ dataDir: dir })
    try {
      await t.api['integrations.create']({ provider: 'generic' })
      expect(mode(dir)).toBe(0o700)
      for (const name of ['hookbell.db', 'hookbell.db-wal', 'hookbell.db-shm', 'settings.json', 'api-token'])
        expect([name, mode(join(dir, name))]).toEqual([name, 0o600])
    } finally {
      await t.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("makes the relay's database 0600 in a 0700 folder, even one that existed", async () => {
    const dir = tempDir('hookbell-relay-perm-')
    chmodSync(dir, 0o755)
    const store = openSqliteRelayStore(dir)
    try {
      await store.addChannel('laptop', 'laptop', Date.now())
      expect(mode(dir)).toBe(0o700)
      expect(mode(join(dir, 'relay.db'))).toBe(0o600)
      expect(mode(join(dir, 'relay.db-wal'))).toBe(0o600)
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
