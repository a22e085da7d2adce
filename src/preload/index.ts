// The one bridge the renderer gets: the typed contract over IPC. Nothing else from Node or Electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { HookbellBridge } from './index.d'

const bridge: HookbellBridge = {
  invoke: (method, args) => ipcRenderer.invoke('hookbell:api', method, args),
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, pushed: Parameters<typeof listener>[0]) => listener(pushed)
    ipcRenderer.on('hookbell:event', handler)
    return () => {
      ipcRenderer.off('hookbell:event', handler)
    }
  },
}

contextBridge.exposeInMainWorld('api', bridge)
