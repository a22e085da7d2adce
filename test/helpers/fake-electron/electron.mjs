// A stand-in for the `electron` module, for running the built main process under plain Node. It records
// what the app asks of Electron (windows, tray, toasts, dialogs, IPC handlers, app calls) and lets the test
// act as the user and the OS: click a tray item or a toast, fail a toast, resume from sleep, invoke IPC from
// our window or from another one, quit. Test ⇄ app talk over the child-process IPC channel (fork).
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const calls = []
const send = (message) => process.send?.(message)
// Kept here for snapshots and pushed to the test as they happen, so calls made just before an exit are seen.
const record = (api, ...args) => {
  const call = { api, args: JSON.parse(JSON.stringify(args ?? null) ?? 'null') }
  calls.push(call)
  send({ type: 'call', call })
}

const env = process.env
let readyResolve
const ready = new Promise((resolve) => (readyResolve = resolve))
const paths = {
  home: env.HOME ?? '/tmp',
  appData: env.FAKE_APPDATA ?? join(env.HOME ?? '/tmp', '.config'),
  temp: '/tmp',
}
paths.userData = join(paths.appData, env.FAKE_APP_NAME ?? 'hookbell')

class App extends EventEmitter {
  isPackaged = env.FAKE_PACKAGED === '1'
  commandLine = { appendSwitch: (...a) => record('app.commandLine.appendSwitch', ...a) }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock')
    return env.FAKE_SECOND_INSTANCE !== '1'
  }
  whenReady() {
    return ready
  }
  isReady() {
    return readyDone
  }
  getPath(name) {
    if (!(name in paths)) throw new Error(`stand-in electron: no path ${name}`)
    return paths[name]
  }
  setPath(name, value) {
    record('app.setPath', name, value)
    paths[name] = value
  }
  getAppPath() {
    return env.FAKE_APP_PATH ?? process.cwd()
  }
  getVersion() {
    return '0.0.0-stand-in'
  }
  getName() {
    return this.name ?? 'hookbell'
  }
  setName(name) {
    this.name = name
  }
  setAppUserModelId(id) {
    record('app.setAppUserModelId', id)
  }
  setToastActivatorCLSID(id) {
    record('app.setToastActivatorCLSID', id)
  }
  setLoginItemSettings(settings) {
    record('app.setLoginItemSettings', settings)
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: env.FAKE_OPENED_AT_LOGIN === '1' }
  }
  setBadgeCount(n) {
    record('app.setBadgeCount', n)
    return true
  }
  focus() {}
  quit() {
    record('app.quit')
    // Electron's order: before-quit, windows close, will-quit (preventable), then the process ends.
    const before = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    this.emit('before-quit', before)
    if (before.defaultPrevented) return
    for (const w of BrowserWindow.getAllWindows()) w.close()
    const will = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    this.emit('will-quit', will)
    if (!will.defaultPrevented) this.exit(0)
  }
  exit(code = 0) {
    record('app.exit', code)
    send({ type: 'exit', code })
    // Let the message leave before the process does.
    setImmediate(() => process.exit(code))
  }
}
let readyDone = false
export const app = new App()
// An installed app's resources folder (electron-builder puts the tray icons there).
if (app.isPackaged) process.resourcesPath = join(app.getAppPath(), 'resources')

class WebContents extends EventEmitter {
  static nextId = 1
  constructor(win) {
    super()
    this.id = WebContents.nextId++
    this.win = win
    this.url = ''
    this.mainFrame = { url: '' }
    this.session = session.defaultSession
    this.openHandler = null
  }
  send(channel, payload) {
    record('webContents.send', channel, payload)
  }
  getURL() {
    return this.url
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler
  }
  isDestroyed() {
    return this.win.destroyed
  }
}

export class BrowserWindow extends EventEmitter {
  static all = []
  static getAllWindows() {
    return BrowserWindow.all.filter((w) => !w.destroyed)
  }
  constructor(options = {}) {
    super()
    this.options = options
    this.destroyed = false
    this.visible = false
    this.bounds = { x: 0, y: 0, width: options.width ?? 800, height: options.height ?? 600 }
    this.webContents = new WebContents(this)
    BrowserWindow.all.push(this)
    record('BrowserWindow', { ...options, icon: options.icon ? String(options.icon) : undefined })
    app.emit('web-contents-created', {}, this.webContents)
  }
  loadURL(url) {
    record('win.loadURL', url)
    this.webContents.url = url
    this.webContents.mainFrame.url = url
    setImmediate(() => this.emit('ready-to-show'))
    return Promise.resolve()
  }
  loadFile(file, options = {}) {
    record('win.loadFile', file, existsSync(file), options)
    return this.loadURL(`file://${file}${options.hash ? `#${options.hash}` : ''}`)
  }
  show() {
    record('win.show')
    this.visible = true
  }
  hide() {
    record('win.hide')
    this.visible = false
  }
  focus() {}
  isVisible() {
    return this.visible
  }
  isDestroyed() {
    return this.destroyed
  }
  isMinimized() {
    return false
  }
  restore() {}
  getBounds() {
    return this.bounds
  }
  setMenu(menu) {
    record('win.setMenu', menu ? menu.labels() : null)
  }
  setMenuBarVisibility(v) {
    record('win.setMenuBarVisibility', v)
  }
  setAutoHideMenuBar(v) {
    record('win.setAutoHideMenuBar', v)
  }
  setTitle(t) {
    record('win.setTitle', t)
  }
  close() {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    this.emit('close', event)
    if (!event.defaultPrevented) this.destroy()
  }
  destroy() {
    if (this.destroyed) return
    this.destroyed = true
    this.emit('closed')
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed')
  }
}

const images = []
export const nativeImage = {
  createFromPath(path) {
    const image = {
      path,
      exists: existsSync(path),
      template: false,
      isEmpty: () => !existsSync(path),
      setTemplateImage(v) {
        image.template = v
      },
    }
    images.push(image)
    return image
  },
  createEmpty: () => ({ path: null, isEmpty: () => true, setTemplateImage() {} }),
}

class MenuObject {
  constructor(template) {
    this.items = template.map((t) => ({ ...t, submenu: t.submenu ? new MenuObject(t.submenu) : undefined }))
  }
  labels() {
    return this.items.map((i) => (i.type === 'separator' ? '---' : i.submenu ? { [i.label]: i.submenu.labels() } : i.label))
  }
  find(label) {
    for (const item of this.items) {
      if (item.label === label) return item
      const inner = item.submenu?.find(label)
      if (inner) return inner
    }
    return null
  }
}
let applicationMenu = null
export const Menu = {
  buildFromTemplate: (template) => new MenuObject(template),
  setApplicationMenu(menu) {
    applicationMenu = menu
    record('Menu.setApplicationMenu', menu ? menu.labels() : null)
  },
  getApplicationMenu: () => applicationMenu,
}

const trays = []
export class Tray extends EventEmitter {
  constructor(image) {
    super()
    this.image = image
    this.menu = null
    this.tooltip = ''
    this.title = ''
    this.destroyed = false
    trays.push(this)
    record('Tray', { path: image.path, exists: image.exists, template: image.template })
  }
  setImage(image) {
    this.image = image
  }
  setToolTip(text) {
    this.tooltip = text
  }
  setTitle(text) {
    this.title = text
  }
  setContextMenu(menu) {
    this.menu = menu
  }
  destroy() {
    this.destroyed = true
    record('tray.destroy')
  }
  isDestroyed() {
    return this.destroyed
  }
}

const notifications = []
let failToasts = env.FAKE_TOAST_FAILS === '1'
/** Windows: the one callback every toast activation reaches (Notification.handleActivation, Electron 42+). */
let activationHandler = null
export class Notification extends EventEmitter {
  static isSupported() {
    return env.FAKE_NO_TOASTS !== '1'
  }
  static handleActivation(callback) {
    record('Notification.handleActivation')
    activationHandler = callback
  }
  constructor(options) {
    super()
    this.options = options
    this.id = notifications.length
    notifications.push(this)
  }
  show() {
    record('notification.show', this.id, this.options.title)
    // Like macOS/Windows: the outcome is an event after show() returns.
    setImmediate(() =>
      failToasts ? this.emit('failed', {}, 'the notification could not be shown (stand-in)') : this.emit('show', {}),
    )
  }
  close() {
    this.emit('close', {})
  }
}

const handlers = new Map()
export const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel, handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    handlers.set(channel, handler)
  },
  removeHandler(channel) {
    handlers.delete(channel)
  },
})

export const powerMonitor = new EventEmitter()

let keychainRefuses = env.FAKE_KEYCHAIN === 'refuse'
export const safeStorage = {
  isEncryptionAvailable() {
    throw new Error('stand-in electron: the synchronous safeStorage calls are deprecated; use the async ones')
  },
  encryptString() {
    throw new Error('stand-in electron: use encryptStringAsync')
  },
  decryptString() {
    throw new Error('stand-in electron: use decryptStringAsync')
  },
  async isAsyncEncryptionAvailable() {
    return env.FAKE_KEYCHAIN !== 'none'
  },
  async encryptStringAsync(plain) {
    if (keychainRefuses) throw new Error('The user name or passphrase you entered is not correct.')
    return Buffer.from(`sealed:${Buffer.from(plain).toString('base64')}`)
  },
  async decryptStringAsync(encrypted) {
    if (keychainRefuses) throw new Error('The user name or passphrase you entered is not correct.')
    const text = encrypted.toString()
    if (!text.startsWith('sealed:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    return { result: Buffer.from(text.slice(7), 'base64').toString(), shouldReEncrypt: false }
  },
}

export const dialog = {
  showErrorBox(title, content) {
    record('dialog.showErrorBox', title, content)
  },
  async showMessageBox(...args) {
    const options = args.at(-1)
    record('dialog.showMessageBox', {
      type: options.type,
      title: options.title,
      message: options.message,
      detail: options.detail,
      buttons: options.buttons,
    })
    return { response: 0, checkboxChecked: false }
  },
  showMessageBoxSync(...args) {
    const options = args.at(-1)
    record('dialog.showMessageBoxSync', {
      type: options.type,
      title: options.title,
      message: options.message,
      detail: options.detail,
      buttons: options.buttons,
    })
    return 0
  },
}

export const shell = {
  async openExternal(url) {
    record('shell.openExternal', url)
  },
  async openPath(path) {
    record('shell.openPath', path)
    return ''
  },
}

const permissionHandlers = {}
export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      permissionHandlers.request = handler
      record('session.setPermissionRequestHandler')
    },
    setPermissionCheckHandler(handler) {
      permissionHandlers.check = handler
      record('session.setPermissionCheckHandler')
    },
  },
}

export const autoUpdater = new EventEmitter()
export const net = {}
export const contextBridge = {}
export const ipcRenderer = {}

// ——— the test's side ———

const ourWindow = () => BrowserWindow.getAllWindows()[0] ?? null

function snapshot() {
  const tray = trays.find((t) => !t.destroyed) ?? null
  return {
    calls,
    tray: tray && {
      icon: tray.image.path,
      iconExists: tray.image.exists,
      template: tray.image.template,
      tooltip: tray.tooltip,
      title: tray.title,
      menu: tray.menu ? tray.menu.labels() : [],
    },
    windows: BrowserWindow.all.map((w) => ({
      destroyed: w.destroyed,
      visible: w.visible,
      url: w.webContents.url,
      webPreferences: w.options.webPreferences,
    })),
    notifications: notifications.map((n) => ({
      id: n.id,
      title: n.options.title,
      body: n.options.body,
      actions: n.options.actions ?? null,
      toastXml: n.options.toastXml ?? null,
      silent: n.options.silent ?? false,
      listeners: n.eventNames(),
    })),
    ipcHandlers: [...handlers.keys()],
    permissionHandler: Boolean(permissionHandlers.request),
  }
}

/** For other stand-ins (electron-updater) to add what the test may ask of them. */
export function addTestCommand(name, run) {
  commands[name] = run
}

export function recordCall(api, ...args) {
  record(api, ...args)
}

const commands = {
  snapshot,
  clickTrayItem({ label }) {
    const tray = trays.find((t) => !t.destroyed)
    const item = tray?.menu?.find(label)
    if (!item?.click) throw new Error(`no tray menu item "${label}" (menu: ${JSON.stringify(tray?.menu?.labels())})`)
    item.click()
    return true
  },
  clickNotification({ id }) {
    notifications[id].emit('click', {})
    return true
  },
  /** macOS: a press of the toast's button at `index`, as Electron 45 reports it (details, then the deprecated index). */
  pressNotificationButton({ id, index }) {
    const details = { actionIndex: index, selectionIndex: -1, defaultPrevented: false, preventDefault() {} }
    notifications[id].emit('action', details, index, -1)
    return true
  },
  /** Windows: an activation from a toast (its body or a button), with the arguments string the toast XML gave it. */
  activateNotification({ type, arguments: args, actionIndex }) {
    if (!activationHandler) throw new Error('the app registered no Notification.handleActivation callback')
    activationHandler({ type, arguments: args, ...(actionIndex === undefined ? {} : { actionIndex }) })
    return true
  },
  failToasts({ fail }) {
    failToasts = fail
    return true
  },
  refuseKeychain({ refuse }) {
    keychainRefuses = refuse
    return true
  },
  power({ event }) {
    powerMonitor.emit(event)
    return true
  },
  secondInstance() {
    app.emit('second-instance', {}, [], process.cwd())
    return true
  },
  closeWindow() {
    ourWindow()?.close()
    return true
  },
  /** Calls an IPC handler as our window's main frame would, or as another window / a subframe. */
  async invoke({ channel, args, from }) {
    const handler = handlers.get(channel)
    if (!handler) throw new Error(`no IPC handler for ${channel}`)
    const win = ourWindow()
    let sender = win.webContents
    let senderFrame = win.webContents.mainFrame
    if (from === 'other-window') sender = new BrowserWindow({ show: false }).webContents
    if (from === 'subframe') senderFrame = { url: 'https://example.invalid/' }
    return handler({ sender, senderFrame }, ...args)
  },
  /** What the guards attached to our window do with a navigation, a redirect, a popup, a permission. */
  navigate({ event, url }) {
    const contents = ourWindow().webContents
    const e = {
      url,
      isMainFrame: event !== 'will-frame-navigate',
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    contents.emit(event, e, url)
    return { prevented: e.defaultPrevented }
  },
  openWindow({ url }) {
    return ourWindow().webContents.openHandler?.({ url }) ?? null
  },
  async permission({ permission }) {
    return new Promise((resolve) => permissionHandlers.request(ourWindow().webContents, permission, resolve, {}))
  },
  quit() {
    app.quit()
    return true
  },
}

process.on('message', async (message) => {
  if (!message || typeof message !== 'object' || !('command' in message)) return
  try {
    const result = await commands[message.command](message.args ?? {})
    send({ reply: message.id, ok: true, result: JSON.parse(JSON.stringify(result ?? null)) })
  } catch (error) {
    send({ reply: message.id, ok: false, error: String(error?.stack ?? error) })
  }
})

setImmediate(() => {
  readyDone = true
  app.emit('ready')
  readyResolve()
})

export default {
  app,
  BrowserWindow,
  Menu,
  Tray,
  Notification,
  ipcMain,
  powerMonitor,
  safeStorage,
  dialog,
  shell,
  session,
  nativeImage,
  autoUpdater,
  net,
  contextBridge,
  ipcRenderer,
}
