import { readFileSync, statSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createConfBackend, PLAIN_CODEC } from '../../src/main/core/settings/backend'
import { openKeychain } from '../../src/main/shell/secrets'
import { DEFAULT_PREFERENCES } from '../../src/main/core/settings/schema'
import { createSettings } from '../../src/main/core/settings/settings'
import { ensureApiToken, resolveDataDir } from '../../src/main/core/data-dir'
import { startCore, tempDir, type TestCore } from '../helpers/test-core'
import { startHttpApi } from '../helpers/http-api'

let t: TestCore | null = null
afterEach(async () => {
  await t?.stop()
  t = null
})

describe('headless settings (conf)', () => {
  it('writes settings and the API token readable by the user only', async () => {
    t = await startCore()
    await t.api['integrations.create']({ provider: 'generic', secret: 'my-secret' })
    expect(statSync(join(t.dataDir, 'settings.json')).mode & 0o777).toBe(0o600)
    const token = ensureApiToken(t.dataDir)
    expect(token.length).toBeGreaterThanOrEqual(43)
    expect(statSync(join(t.dataDir, 'api-token')).mode & 0o777).toBe(0o600)
    expect(ensureApiToken(t.dataDir)).toBe(token)
    expect(statSync(t.dataDir).mode & 0o777).toBe(0o700)
  })

  it('starts from the documented defaults and keeps what is saved across restarts', async () => {
    const dir = tempDir()
    t = await startCore({ dataDir: dir })
    // The user name teammates see starts as the OS user name.
    // The relay read token is write-only: the view says whether one is stored.
    expect(await t.api['settings.get']({})).toEqual({
      ...DEFAULT_PREFERENCES,
      userName: userInfo().username,
      relay: { url: null, hasReadToken: false, enabled: false },
    })
    await t.api['settings.update']({
      notifications: { quietHours: { enabled: true, start: '23:00' }, minSeverity: { 'int-a': 'error' } },
    })
    await t.stop(false)
    t = await startCore({ dataDir: dir })
    const prefs = await t.api['settings.get']({})
    expect(prefs.notifications.quietHours).toEqual({ enabled: true, start: '23:00', end: '08:00', criticalBypass: true })
    expect(prefs.notifications.minSeverity).toEqual({ 'int-a': 'error' })
    await t.api['settings.update']({ notifications: { minSeverity: { 'int-b': 'warning' } } })
    expect((await t.api['settings.get']({})).notifications.minSeverity).toEqual({ 'int-a': 'error', 'int-b': 'warning' })
  })

  it('refuses invalid preferences without saving them', async () => {
    t = await startCore()
    await expect(t.api['settings.update']({ notifications: { quietHours: { start: '25h' } } })).rejects.toMatchObject({
      status: 400,
    })
    await expect(t.api['settings.update']({ notifications: { minSeverity: { x: 'loud' as never } } })).rejects.toThrow(
      /not one of/,
    )
    expect((await t.api['settings.get']({})).notifications.quietHours.start).toBe('22:00')
  })

  it('repeats criticals every 5 minutes by default; an interval that is not 1–1440 whole minutes is refused by name', async () => {
    t = await startCore()
    const { repeat } = (await t.api['settings.get']({})).notifications
    expect(repeat.critical).toEqual({ enabled: true, everyMinutes: 5 })
    expect([repeat.error.enabled, repeat.warning.enabled, repeat.info.enabled]).toEqual([false, false, false])
    for (const everyMinutes of [0, 2.5, 1441, -5])
      await expect(t.api['settings.update']({ notifications: { repeat: { critical: { everyMinutes } } } })).rejects.toMatchObject(
        {
          status: 400,
          code: 'bad_settings',
          message: `notifications.repeat.critical.everyMinutes must be a whole number of minutes from 1 to 1440, not ${everyMinutes}`,
        },
      )
    await expect(
      t.api['settings.update']({ notifications: { repeat: { warning: { enabled: 'yes' as never } } } }),
    ).rejects.toThrow(/notifications\.repeat\.warning\.enabled must be a boolean/)
    const saved = await t.api['settings.update']({ notifications: { repeat: { warning: { enabled: true, everyMinutes: 30 } } } })
    expect(saved.notifications.repeat.warning).toEqual({ enabled: true, everyMinutes: 30 })
    expect(saved.notifications.repeat.critical).toEqual({ enabled: true, everyMinutes: 5 })
  })

  it('refuses a preference of the wrong type (400 naming the field and the type) over HTTP, saving nothing', async () => {
    t = await startCore()
    const http = await startHttpApi(t)
    try {
      const cases: [unknown, RegExp][] = [
        [{ notifications: { pausedUntil: 42 } }, /notifications\.pausedUntil must be a string or null/],
        [{ notifications: { storm: { maxToasts: '5' } } }, /notifications\.storm\.maxToasts must be a number/],
        [{ deployWindowMinutes: '30' }, /deployWindowMinutes must be a number/],
        [{ notifications: { sounds: { critical: 'yes' } } }, /notifications\.sounds\.critical must be a boolean/],
        [{ notifications: { notifyResolved: 1 } }, /notifications\.notifyResolved must be a boolean/],
        [{ notifications: { quietHours: null } }, /notifications\.quietHours must be an object/],
        [{ relay: { url: 7 } }, /relay\.url must be a string or null/],
        [{ retention: { resolvedDays: null } }, /retention\.resolvedDays must be a number/],
      ]
      for (const [change, message] of cases) {
        const response = await http.send<{ error: { code: string; message: string } }>('PATCH', '/api/settings', change)
        expect(response.status, JSON.stringify(change)).toBe(400)
        expect(JSON.stringify(response.body)).toMatch(message)
      }
      expect((await t.api['settings.get']({})).notifications.pausedUntil).toBeNull()
      expect((await http.send('PATCH', '/api/settings', { notifications: { pausedUntil: 'forever' } })).status).toBe(200)
    } finally {
      await http.stop()
    }
  })

  it('never returns a secret after creation, and rotation keeps the old one valid until dropped', async () => {
    t = await startCore()
    const created = await t.api['integrations.create']({ provider: 'checkly' })
    expect(created.secret).toMatch(/^hbk_/)
    expect(JSON.stringify(await t.api['integrations.list']({}))).not.toContain(created.secret!)
    const rotated = await t.api['integrations.update']({ id: created.integration.id, rotateSecret: true })
    expect(rotated.secret).not.toBe(created.secret)
    expect(rotated.integration.secretCount).toBe(2)
    const dropped = await t.api['integrations.update']({ id: created.integration.id, dropOldSecrets: true })
    expect(dropped.integration.secretCount).toBe(1)
    expect(dropped.secret).toBeNull()
  })

  it('an unsigned generic integration has no secret; a pasted one is not echoed', async () => {
    t = await startCore()
    expect((await t.api['integrations.create']({ provider: 'generic', signed: false })).secret).toBeNull()
    const pasted = await t.api['integrations.create']({ provider: 'sentry', secret: 'from-sentry' })
    expect(pasted.secret).toBeNull()
    expect(pasted.integration.secretCount).toBe(1)
    await expect(t.api['integrations.create']({ provider: 'nope' })).rejects.toThrow(/unknown provider "nope"/)
    await expect(t.api['integrations.create']({ provider: 'retrace', secret: 'x' })).rejects.toThrow(/the URL is the secret/)
  })

  it('sees an integration another process added to the file', async () => {
    const dir = tempDir()
    const settings = createSettings(createConfBackend(dir, false), PLAIN_CODEC)
    const writer = createSettings(createConfBackend(dir, false), settings.codec)
    const added = writer.addIntegration({ provider: 'generic', name: 'from the CLI', secret: null })
    expect(settings.integration(added.id)?.name).toBe('from the CLI')
    settings.close()
    writer.close()
  })
})

describe('secrets in the keychain (the desktop shell, async safeStorage)', () => {
  // Reversible, asynchronous like Electron's: a real keychain is not reachable in tests.
  const keychain = (refuse = false) => ({
    isAsyncEncryptionAvailable: async () => true,
    encryptStringAsync: async (s: string) => Buffer.from([...s].reverse().join('')),
    decryptStringAsync: async (b: Buffer) => {
      if (refuse) throw new Error('User interaction is not allowed.')
      return { result: [...b.toString()].reverse().join(''), shouldReEncrypt: false }
    },
  })

  it('seals a secret saved while running, and reads it back after a restart', async () => {
    const dir = tempDir()
    const backend = createConfBackend(dir, false)
    const codec = await openKeychain(keychain(), backend as never, () => {})
    const settings = createSettings(backend, codec)
    settings.addIntegration({ provider: 'generic', name: 'x', secret: 'plain-secret' })
    await codec.sealed()
    const file = readFileSync(join(dir, 'settings.json'), 'utf8')
    expect(file).not.toContain('plain-secret')
    expect(file).toContain('enc:')
    settings.close()
    const backend2 = createConfBackend(dir, false)
    const again = createSettings(backend2, await openKeychain(keychain(), backend2 as never, () => {}))
    expect(again.integrations()[0]!.secrets).toEqual(['plain-secret'])
    again.close()
  })

  it('seals the credential for acting on the source like a secret, and reads it back after a restart', async () => {
    const dir = tempDir()
    const backend = createConfBackend(dir, false)
    const codec = await openKeychain(keychain(), backend as never, () => {})
    const settings = createSettings(backend, codec)
    const added = settings.addIntegration({ provider: 'grafana', name: 'Grafana', secret: 'plain-secret' })
    const source = { apiUrl: 'https://grafana.example.com', credential: 'glsa_source-credential', user: '', silenceMinutes: 60 }
    settings.updateIntegration(added.id, (current) => ({ ...current, source }))
    await codec.sealed()
    const file = readFileSync(join(dir, 'settings.json'), 'utf8')
    expect(file).not.toContain('glsa_source-credential')
    expect(file).toContain('https://grafana.example.com')
    settings.close()
    const backend2 = createConfBackend(dir, false)
    const again = createSettings(backend2, await openKeychain(keychain(), backend2 as never, () => {}))
    expect(again.integrations()[0]!.source).toEqual(source)
    again.close()
  })

  it('reads secrets written without encryption (headless, the CLI) and seals them', async () => {
    const dir = tempDir()
    const headless = createSettings(createConfBackend(dir, false), PLAIN_CODEC)
    headless.addIntegration({ provider: 'generic', name: 'x', secret: 'written-headless' })
    headless.close()
    const backend = createConfBackend(dir, false)
    const codec = await openKeychain(keychain(), backend as never, () => {})
    expect(createSettings(backend, codec).integrations()[0]!.secrets).toEqual(['written-headless'])
    await codec.sealed()
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('written-headless')
  })

  it('a keychain that refuses is an error that says so, never an empty secret', async () => {
    const dir = tempDir()
    const backend = createConfBackend(dir, false)
    const codec = await openKeychain(keychain(), backend as never, () => {})
    const settings = createSettings(backend, codec)
    settings.addIntegration({ provider: 'generic', name: 'x', secret: 's' })
    await codec.sealed()
    settings.close()
    await expect(openKeychain(keychain(true), createConfBackend(dir, false) as never, () => {})).rejects.toThrow(
      /keychain refused to decrypt Hookbell's secrets: User interaction is not allowed/,
    )
  })
})

describe('data directory', () => {
  it('is --data-dir, else HOOKBELL_DATA_DIR, else the app-data folder Electron uses', () => {
    expect(resolveDataDir('/x', { HOOKBELL_DATA_DIR: '/y' })).toBe('/x')
    expect(resolveDataDir(undefined, { HOOKBELL_DATA_DIR: '/y' })).toBe('/y')
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/home/a/.config' }, 'linux')).toBe('/home/a/.config/Hookbell')
    expect(resolveDataDir(undefined, { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Hookbell$/)
    expect(resolveDataDir(undefined, {}, 'darwin')).toMatch(/Library\/Application Support\/Hookbell$/)
  })
})
