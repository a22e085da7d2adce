// Runs the built desktop main process (out/main/index.js) under Node with the stand-in `electron` module
// (test/helpers/fake-electron), and drives it as the user and the OS would.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '../..')
const hooks = join(import.meta.dirname, 'fake-electron/hooks.mjs')

export interface Snapshot {
  calls: { api: string; args: unknown[] }[]
  tray: { icon: string; iconExists: boolean; template: boolean; tooltip: string; title: string; menu: unknown[] } | null
  windows: { destroyed: boolean; visible: boolean; url: string; webPreferences: Record<string, unknown> }[]
  notifications: {
    id: number
    title: string
    body: string
    actions: { type: string; text: string }[] | null
    toastXml: string | null
    silent: boolean
    listeners: string[]
  }[]
  ipcHandlers: string[]
  permissionHandler: boolean
}

export interface Desktop {
  child: ChildProcess
  dataDir: string
  home: string
  call<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T>
  snapshot(): Promise<Snapshot>
  waitFor<T>(probe: (s: Snapshot) => T | null | undefined | false, what: string, timeoutMs?: number): Promise<T>
  exited: Promise<number | null>
  /** Resolves once the process has exited and its pipes are closed: every message it sent has been read. */
  closed: Promise<number | null>
  /** Every Electron call the app made, including those just before it exited. */
  seen(api: string): { api: string; args: unknown[] }[]
  output(): string
  kill(): void
}

export function launchDesktop(
  options: { dataDir?: string; home?: string; env?: Record<string, string>; args?: string[] } = {},
): Desktop {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'hookbell-home-'))
  const dataDir = options.dataDir ?? join(home, 'data')
  const child = fork(join(root, 'out/main/index.js'), options.args ?? [], {
    cwd: root,
    execArgv: ['--import', hooks, '--no-warnings'],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      HOOKBELL_DATA_DIR: dataDir,
      // No session bus: the tray-host probe cannot ask and assumes a tray, like most desktops.
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      ELECTRON_RENDERER_URL: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  let next = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const seen: { api: string; args: unknown[] }[] = []
  child.on(
    'message',
    (m: { reply?: number; ok?: boolean; result?: unknown; error?: string; type?: string; call?: (typeof seen)[0] }) => {
      if (m.type === 'call' && m.call) seen.push(m.call)
      if (m.reply === undefined) return
      const p = pending.get(m.reply)
      pending.delete(m.reply)
      if (m.ok) p?.resolve(m.result)
      else p?.reject(new Error(m.error))
    },
  )
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`the app exited\n${out}`))
    pending.clear()
  })

  const call = <T>(command: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`the app is not running\n${out}`))
      const id = next++
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      child.send({ command, args, id })
    })
  const snapshot = () => call<Snapshot>('snapshot')
  return {
    child,
    dataDir,
    home,
    call,
    snapshot,
    async waitFor(probe, what, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs
      let last: Snapshot | null = null
      while (Date.now() < until) {
        last = await snapshot()
        const value = probe(last)
        if (value) return value
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`timed out waiting for ${what}\n${out}\n${JSON.stringify(last, null, 1).slice(0, 4000)}`)
    },
    exited,
    closed,
    seen: (api) => seen.filter((c) => c.api === api),
    output: () => out,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL')
    },
  }
}

/** The app's IPC answer, as the preload bridge gets it. */
export type IpcAnswer<T = unknown> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } }

export function invokeApi<T = unknown>(
  app: Desktop,
  method: string,
  args: unknown = {},
  from: 'ours' | 'other-window' | 'subframe' = 'ours',
) {
  return app.call<IpcAnswer<T>>('invoke', { channel: 'hookbell:api', args: [method, args], from })
}

/** The desktop app's HTTP API, found the way the CLI finds it: instance.json and the api-token file. */
export async function localApi<T = unknown>(app: Desktop, method: string, path: string, body?: unknown) {
  const { readFileSync } = await import('node:fs')
  const { apiUrl } = JSON.parse(readFileSync(join(app.dataDir, 'instance.json'), 'utf8')) as { apiUrl: string }
  const token = readFileSync(join(app.dataDir, 'api-token'), 'utf8').trim()
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as T }
}
