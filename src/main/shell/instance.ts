// One Hookbell per data folder. A second desktop app hands over to the first (Electron's single-instance
// lock: the first one shows its window); a desktop app started while `hookbell serve` runs on the same
// folder (instance.json, taken by the core) says which one runs and how to reach it, then quits.
import { app, dialog, shell } from 'electron'
import { acquireInstance, ensureApiToken, VERSION, type InstanceInfo, type InstanceLock } from '../core'

export type Claim = { ok: true; lock: Extract<InstanceLock, { ok: true }> } | { ok: false; running: InstanceInfo | null }

/** Before `ready`. `running: null` means another desktop app took over (it shows its window). */
export function claimDataFolder(dataDir: string): Claim {
  if (!app.requestSingleInstanceLock()) return { ok: false, running: null }
  const lock = acquireInstance(dataDir, { kind: 'desktop', version: VERSION })
  return lock.ok ? { ok: true, lock } : { ok: false, running: lock.running }
}

export function describeRunning(running: InstanceInfo, dataDir: string): { message: string; detail: string } {
  const what = running.kind === 'serve' ? 'hookbell serve (headless mode)' : 'the Hookbell desktop app'
  const lines = [
    `Started ${running.startedAt} as process ${running.pid} (version ${running.version}), on ${dataDir}.`,
    running.apiUrl ? `Its window is in your browser: ${running.apiUrl}` : null,
    running.receiverUrl ? `Its receiver: ${running.receiverUrl}/hooks/<integration id>` : null,
    running.kind === 'serve'
      ? 'To use the desktop app instead, stop hookbell serve (Ctrl+C in its terminal) and start Hookbell again.'
      : 'Quit it from its tray menu to start this one.',
  ]
  return { message: `Hookbell is already running: ${what}.`, detail: lines.filter(Boolean).join('\n') }
}

/** After `ready`: says who runs and offers its UI in the browser (with the API token from the folder). */
export async function tellAlreadyRunning(running: InstanceInfo, dataDir: string): Promise<void> {
  const { message, detail } = describeRunning(running, dataDir)
  const buttons = running.apiUrl ? ['Open it in the browser', 'Close'] : ['Close']
  const { response } = await dialog.showMessageBox({ type: 'info', title: 'Hookbell', message, detail, buttons })
  if (running.apiUrl && response === 0) await shell.openExternal(`${running.apiUrl}/#token=${ensureApiToken(dataDir)}`)
}
