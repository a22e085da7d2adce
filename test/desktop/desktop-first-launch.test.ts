// The first-launch list, against the built main process under the stand-in electron: start-up failures in a
// dialog, one Hookbell per data folder, secrets in the keychain through the async safeStorage calls, start at
// login on Linux, desktops without a tray, updates only in installed builds, catching up after sleep.
import { DatabaseSync } from 'node:sqlite'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireInstance } from '../../src/main/core'
import { invokeApi, launchDesktop, localApi, type Desktop, type Snapshot } from '../helpers/desktop'
import { freePort } from '../helpers/free-port'
import { tempDir } from '../helpers/test-core'

let app: Desktop | null = null
const held: { release(): void }[] = []
afterEach(() => {
  app?.kill()
  app = null
  for (const h of held.splice(0)) h.release()
})

async function folder(settings: Record<string, unknown> = {}) {
  const home = tempDir('hookbell-desktop-')
  const dataDir = join(home, 'data')
  mkdirSync(dataDir, { recursive: true })
  const preferences = { receiverPort: await freePort(), ...(settings.preferences as object) }
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ ...settings, preferences }))
  return { home, dataDir }
}

function start(where: { home: string; dataDir: string }, options: { env?: Record<string, string>; args?: string[] } = {}) {
  app = launchDesktop({ ...where, ...options })
  return app
}

const calls = (s: Snapshot, api: string) => s.calls.filter((c) => c.api === api)
const trayReady = (s: Snapshot) => (s.tray && s.tray.menu.length > 0 ? s : null)

/**
 * The dialog a failed start showed, and the exit code. Read once the process has closed: it exits right after
 * the dialog, so polling it for a snapshot races its exit.
 */
async function failedStart(a: Desktop) {
  const code = await a.closed
  const shown = /\[hookbell\] could not start/.test(a.output())
  const dialog = a.seen('dialog.showErrorBox')[0]
  if (!dialog) throw new Error(`no error dialog before the app exited\n${a.output()}`)
  return { code, shown, dialog }
}

describe('start-up failures say what happened and what to do', () => {
  it('a database from a newer Hookbell', async () => {
    const where = await folder()
    const db = new DatabaseSync(join(where.dataDir, 'hookbell.db'))
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)')
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(999, Date.now())
    db.close()
    const a = start(where)
    const { code, shown, dialog } = await failedStart(a)
    expect(dialog.args[0]).toBe('Hookbell is older than its data')
    expect(dialog.args[1]).toMatch(/schema v999 is newer.*Install the latest Hookbell/s)
    expect({ code, shown }).toEqual({ code: 1, shown: true })
    expect(existsSync(join(where.dataDir, 'instance.json'))).toBe(false)
  })

  it('a settings file that fails validation, left untouched', async () => {
    const where = await folder()
    const broken = JSON.stringify({
      integrations: [{ id: 'short', provider: 'generic', name: 'x', createdAt: 'now', secrets: [] }],
    })
    writeFileSync(join(where.dataDir, 'settings.json'), broken)
    const a = start(where)
    const { code, shown, dialog } = await failedStart(a)
    expect(dialog.args[0]).toBe('Hookbell cannot read its settings')
    expect(dialog.args[1]).toMatch(/settings\.json does not match.*Hookbell left it untouched/s)
    expect({ code, shown }).toEqual({ code: 1, shown: true })
    expect(readFileSync(join(where.dataDir, 'settings.json'), 'utf8')).toBe(broken)
  })

  it('a keychain that refuses', async () => {
    const sealed = `enc:${Buffer.from(`sealed:${Buffer.from('hbk_secret').toString('base64')}`).toString('base64')}`
    const where = await folder({
      integrations: [
        { id: 'i'.repeat(24), provider: 'generic', name: 'Generic', createdAt: new Date().toISOString(), secrets: [sealed] },
      ],
    })
    const a = start(where, { env: { FAKE_KEYCHAIN: 'refuse' } })
    const { code, shown, dialog } = await failedStart(a)
    expect(dialog.args[0]).toBe('Hookbell cannot unlock its secrets')
    expect(dialog.args[1]).toMatch(/Unlock the system keychain/)
    expect({ code, shown }).toEqual({ code: 1, shown: true })
  })
})

describe('one Hookbell per data folder', () => {
  it('started while hookbell serve runs on the folder, it names the running one and offers its UI', async () => {
    const where = await folder()
    const lock = acquireInstance(where.dataDir, { kind: 'serve', version: '0.1.0', apiUrl: 'http://127.0.0.1:7701' })
    if (!lock.ok) throw new Error('could not take the folder')
    held.push(lock)
    const a = start(where)
    expect(await a.exited).toBe(0)
    expect(a.seen('dialog.showMessageBox')[0]!.args[0]).toMatchObject({
      message: 'Hookbell is already running: hookbell serve (headless mode).',
      detail: expect.stringContaining('http://127.0.0.1:7701'),
      buttons: ['Open it in the browser', 'Close'],
    })
    // The user took the first button: the running one's UI, with the folder's API token.
    const token = readFileSync(join(where.dataDir, 'api-token'), 'utf8').trim()
    expect(a.seen('shell.openExternal')).toEqual([{ api: 'shell.openExternal', args: [`http://127.0.0.1:7701/#token=${token}`] }])
    expect(a.seen('Tray')).toEqual([])
    expect(JSON.parse(readFileSync(join(where.dataDir, 'instance.json'), 'utf8'))).toMatchObject({ kind: 'serve' })
  })
})

describe('secrets through the async safeStorage calls', () => {
  it('are sealed in settings.json, read back after a restart, and a test delivery verifies', async () => {
    const where = await folder()
    const a = start(where)
    await a.waitFor(trayReady, 'tray')
    const created = await invokeApi<{ integration: { id: string }; secret: string }>(a, 'integrations.create', {
      provider: 'generic',
    })
    if (!created.ok) throw new Error(created.error.message)
    const stored = () =>
      JSON.parse(readFileSync(join(where.dataDir, 'settings.json'), 'utf8')).integrations[0].secrets[0] as string
    await a.waitFor(() => stored().startsWith('enc:'), 'the secret sealed on disk')
    expect(readFileSync(join(where.dataDir, 'settings.json'), 'utf8')).not.toContain(created.result.secret)
    await a.call('clickTrayItem', { label: 'Quit Hookbell' })
    expect(await a.exited).toBe(0)

    const again = start(where)
    await again.waitFor(trayReady, 'tray')
    // The CLI's path: the local API from instance.json; the core signs with the unsealed secret.
    const sent = await localApi<{ status: number }>(again, 'POST', `/api/integrations/${created.result.integration.id}/test`, {})
    expect(sent.status).toBe(200)
    expect(JSON.stringify(sent.body)).toMatch(/"status":202/)
    const list = await localApi<{ lastDelivery: { outcome: string } | null }[]>(again, 'GET', '/api/integrations')
    expect(list.body[0]!.lastDelivery).toMatchObject({ outcome: 'accepted' })
  })

  it('a secret the CLI wrote as-is is sealed at the next start', async () => {
    const where = await folder({
      integrations: [
        {
          id: 'c'.repeat(24),
          provider: 'generic',
          name: 'Generic',
          createdAt: new Date().toISOString(),
          secrets: ['hbk_from_cli'],
        },
      ],
    })
    const a = start(where)
    await a.waitFor(trayReady, 'tray')
    await a.waitFor(
      () => !readFileSync(join(where.dataDir, 'settings.json'), 'utf8').includes('hbk_from_cli'),
      'the plain secret replaced by a sealed one',
    )
  })
})

describe('start at login on Linux', () => {
  it('writes an XDG autostart entry that starts hidden, and removes it when turned off', async () => {
    const where = await folder()
    const a = start(where, { env: { FAKE_PACKAGED: '1', APPIMAGE: '/home/me/Apps/Hookbell 0.1.0.AppImage' } })
    await a.waitFor(trayReady, 'tray')
    const entry = join(where.home, '.config/autostart/hookbell.desktop')
    expect(existsSync(entry)).toBe(false)
    expect(await invokeApi(a, 'settings.update', { startAtLogin: true })).toMatchObject({ ok: true })
    await a.waitFor(() => existsSync(entry), 'the autostart entry')
    const text = readFileSync(entry, 'utf8')
    expect(text).toContain('[Desktop Entry]')
    expect(text).toContain('Exec="/home/me/Apps/Hookbell 0.1.0.AppImage" --hidden')
    expect(await invokeApi(a, 'settings.update', { startAtLogin: false })).toMatchObject({ ok: true })
    await a.waitFor(() => !existsSync(entry), 'the entry removed')
    expect(calls(await a.snapshot(), 'app.setLoginItemSettings')).toEqual([])
  })

  it('a development build registers nothing', async () => {
    const where = await folder()
    const a = start(where)
    await a.waitFor(trayReady, 'tray')
    expect(await invokeApi(a, 'settings.update', { startAtLogin: true })).toMatchObject({ ok: true })
    await new Promise((r) => setTimeout(r, 300))
    expect(existsSync(join(where.home, '.config/autostart/hookbell.desktop'))).toBe(false)
  })
})

describe('a Linux desktop without a tray', () => {
  it('shows the window with a menu that says how to quit, and closing the window quits', async () => {
    const where = await folder()
    const a = start(where, { env: { HOOKBELL_NO_TRAY: '1' }, args: ['--hidden'] })
    const s = await a.waitFor((s) => (s.windows[0]?.visible ? s : null), 'the window, even when started at login')
    expect(s.tray).toBeNull()
    const menu = JSON.stringify(calls(s, 'Menu.setApplicationMenu')[0]!.args)
    expect(menu).toContain('Closing this window quits Hookbell')
    expect(menu).toContain('Quit Hookbell')
    expect(calls(s, 'BrowserWindow')[0]!.args[0]).toMatchObject({ autoHideMenuBar: false })
    await a.call('closeWindow')
    expect(await a.exited).toBe(0)
    expect(existsSync(join(where.dataDir, 'instance.json'))).toBe(false)
  })
})

describe('updates', () => {
  it('never load in development', async () => {
    const a = start(await folder())
    const s = await a.waitFor(trayReady, 'tray')
    expect(calls(s, 'electron-updater.load')).toEqual([])
  })

  it('in an installed app, a downloaded update adds "Restart to update" to the tray menu', async () => {
    const a = start(await folder(), { env: { FAKE_PACKAGED: '1' } })
    await a.waitFor((s) => calls(s, 'electron-updater.load').length > 0 && trayReady(s), 'updater loaded')
    await a.call('updateDownloaded', { version: '0.2.0' })
    const s = await a.waitFor(
      (s) => (JSON.stringify(s.tray?.menu).includes('Restart to update (0.2.0)') ? s : null),
      'the menu item',
    )
    const menu = s.tray!.menu as string[]
    expect(menu.indexOf('Restart to update (0.2.0)')).toBe(menu.indexOf('Quit Hookbell') - 1)
    await a.call('clickTrayItem', { label: 'Restart to update (0.2.0)' })
    expect(calls(await a.snapshot(), 'autoUpdater.quitAndInstall')).toHaveLength(1)
  })
})

describe('after sleep or an unlocked screen', () => {
  it('polls the relay at once and shows what piled up as one digest', async () => {
    // A relay stand-in: refuses the first poll (the app backs off for 5 s), then holds three deliveries.
    const { createServer: createHttpServer } = await import('node:http')
    const { createHmac } = await import('node:crypto')
    const { fixture } = await import('../fixtures/load')
    let polls = 0
    let page: unknown = { deliveries: [], latestSeq: 0 }
    const relay = createHttpServer((req, res) => {
      if (req.method === 'POST') return res.writeHead(200).end('{}')
      polls++
      if (polls === 1) return res.writeHead(503).end()
      // Like a long poll with nothing new: answer after a while, not at once.
      const answer = JSON.stringify(page)
      page = { deliveries: [], latestSeq: 3 }
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(answer), answer.includes('seq') ? 0 : 1000)
    })
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(relay.address() as { port: number }).port}/r/ch_test`
    try {
      const id = 'r'.repeat(24)
      const a = start(
        await folder({
          integrations: [
            { id, provider: 'generic', name: 'Generic', createdAt: new Date().toISOString(), secrets: ['hbk_relay'] },
          ],
          preferences: { relay: { url, readToken: 'token', enabled: true } },
        }),
      )
      await a.waitFor(trayReady, 'tray')
      await a.waitFor(() => polls >= 1, 'the first poll')
      page = {
        latestSeq: 3,
        deliveries: [1, 2, 3].map((seq) => {
          const body = fixture('generic', 'triggered').replace('db-timeout-api-gateway', `incident-${seq}`)
          return {
            seq,
            receivedAt: Date.now(),
            method: 'POST',
            query: `?integration=${id}`,
            headers: {
              'content-type': 'application/json',
              'x-signature': `sha256=${createHmac('sha256', 'hbk_relay').update(body).digest('hex')}`,
            },
            body: Buffer.from(body).toString('base64'),
          }
        }),
      }
      await a.call('power', { event: 'resume' })
      // Well before the 5 s backoff would have ended.
      const s = await a.waitFor((s) => (s.notifications.length > 0 ? s : null), 'the digest', 3000)
      expect(polls).toBeGreaterThanOrEqual(2)
      await new Promise((r) => setTimeout(r, 300))
      const toasts = (await a.snapshot()).notifications
      expect(toasts).toHaveLength(1)
      expect(`${s.notifications[0]!.title} ${s.notifications[0]!.body}`).toMatch(/3/)
      const before = polls
      await a.call('power', { event: 'unlock-screen' })
      await a.waitFor(() => polls > before, 'a poll after unlock', 3000)
    } finally {
      relay.closeAllConnections()
      relay.close()
    }
  })
})

describe('the CLI while the desktop app runs', () => {
  it('lists and adds its integrations, and sends a sample the desktop verifies with its sealed secret', async () => {
    const { runCli } = await import('../helpers/cli')
    const where = await folder()
    const a = start(where)
    await a.waitFor(trayReady, 'tray')
    const created = await invokeApi<{ integration: { id: string } }>(a, 'integrations.create', {
      provider: 'generic',
      name: 'From the window',
    })
    if (!created.ok) throw new Error(created.error.message)
    await a.waitFor(
      () => JSON.parse(readFileSync(join(where.dataDir, 'settings.json'), 'utf8')).integrations[0].secrets[0].startsWith('enc:'),
      'sealed',
    )

    const listed = await runCli(['integrations', 'list', '--data-dir', where.dataDir])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout).toContain(created.result.integration.id)

    const added = await runCli(['integrations', 'add', 'checkly', '--name', 'From the CLI', '--data-dir', where.dataDir])
    expect(added.code, added.stderr).toBe(0)
    const inWindow = await invokeApi<{ name: string }[]>(a, 'integrations.list')
    expect(inWindow.ok && inWindow.result.map((i) => i.name).sort()).toEqual(['From the CLI', 'From the window'])

    const sent = await runCli(['send', 'generic', '--data-dir', where.dataDir])
    expect(sent.code, `${sent.stdout}\n${sent.stderr}`).toBe(0)
    await a.waitFor((s) => s.notifications.length > 0, 'the toast for the sample')
    const incidents = await invokeApi<{ incidents: unknown[] }>(a, 'incidents.list', { status: ['open'] })
    expect(incidents.ok && incidents.result.incidents).toHaveLength(1)
  })
})
