// One data folder for both shells: Electron's userData becomes the folder `hookbell serve` and the CLI use
// by default (the rule lives in the core's resolveDataDir), so incidents, settings and instance.json are
// shared. Electron's own default differs on Linux (`~/.config/hookbell` from package.json's name).
import { app } from 'electron'
import { mkdirSync } from 'node:fs'
import { resolveDataDir } from '../core'

/** Must run before `ready`: the single-instance lock and electron-store read userData. */
export function useSharedDataFolder(): string {
  const dataDir = resolveDataDir(undefined)
  // It holds secrets (settings, api-token): the user's alone, as the core makes it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  app.setPath('userData', dataDir)
  return dataDir
}
