import Conf from 'conf'
import { DEFAULT_SETTINGS, SETTINGS_SCHEMA, type StoredSettings } from './schema'

/** The part of conf / electron-store the core uses, so either can back the settings. */
export interface SettingsBackend {
  get<K extends keyof StoredSettings>(key: K): StoredSettings[K]
  set<K extends keyof StoredSettings>(key: K, value: StoredSettings[K]): void
  /** Reports changes made by another process (`hookbell integrations add` while `serve` runs). */
  onDidAnyChange?(callback: () => void): () => void
  _closeWatcher?(): void
  /** The JSON file behind it (conf and electron-store both have one), for a read that skips their cache. */
  readonly path?: string
}

/** Turns secrets into what is written to disk and back (Electron: safeStorage; headless: as-is, file 0600). */
export interface SecretCodec {
  encode(plain: string): string
  decode(stored: string): string
}

export const PLAIN_CODEC: SecretCodec = { encode: (s) => s, decode: (s) => s }

/** Headless settings: `<data-dir>/settings.json`, readable by the user only. */
export function createConfBackend(dataDir: string, watch = true): SettingsBackend {
  return new Conf<StoredSettings>({
    cwd: dataDir,
    configName: 'settings',
    projectName: 'hookbell',
    schema: SETTINGS_SCHEMA as never,
    defaults: DEFAULT_SETTINGS as never,
    configFileMode: 0o600,
    // A hand-edited file that fails validation must not wipe the user's integrations.
    clearInvalidConfig: false,
    watch,
  })
}
