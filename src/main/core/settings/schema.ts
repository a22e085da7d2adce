// One settings schema for both shells: `conf` in headless mode, `electron-store` (built on conf) in Electron.
// Incidents never live here: conf rewrites its whole file on every change (docs/ARCHITECTURE.md, "Storage").
import type { IntegrationOptions, Preferences } from '../../../shared/model'
import type { TargetInput } from '../../../shared/target'

export interface StoredIntegration {
  id: string
  provider: string
  name: string
  createdAt: string
  /** Encoded by the shell's SecretCodec. Several while a secret is being rotated. */
  secrets: string[]
  /** What the user changed on the tool's side (header names, Authorization scheme, payload); absent: defaults. */
  options?: IntegrationOptions
  /** Acting on the source (source-actions/): the tool's API and a credential encoded like `secrets`. */
  source?: StoredSourceConnection
}

export interface StoredSourceConnection {
  apiUrl: string
  credential: string
  user: string
  silenceMinutes: number
}

export interface StoredTarget extends Required<Omit<TargetInput, 'secret' | 'secrets' | 'preset'>> {
  preset?: string
  id: string
  createdAt: string
  secret: string | null
  secrets: Record<string, string>
  disabledReason: string | null
}

export interface StoredSettings {
  integrations: StoredIntegration[]
  targets: StoredTarget[]
  preferences: Preferences
  /** The relay cursor lives in SQLite with the deliveries it covers; this is only window placement. */
  window: { width: number; height: number; x?: number; y?: number }
}

export const DEFAULT_PREFERENCES: Preferences = {
  userName: '',
  notifications: {
    pausedUntil: null,
    quietHours: { enabled: false, start: '22:00', end: '08:00', criticalBypass: true },
    storm: { maxToasts: 5, windowSeconds: 30 },
    sounds: { critical: true, error: true, warning: false, info: false },
    notifyResolved: false,
    notifyDeploys: false,
    minSeverity: {},
    // A critical nobody answers keeps ringing (issue #29); the others are a choice.
    repeat: {
      critical: { enabled: true, everyMinutes: 5 },
      error: { enabled: false, everyMinutes: 5 },
      warning: { enabled: false, everyMinutes: 15 },
      info: { enabled: false, everyMinutes: 30 },
    },
  },
  relay: { url: null, readToken: null, enabled: false },
  deployWindowMinutes: 30,
  retention: { resolvedDays: 90, maxIncidents: 100_000 },
  startAtLogin: false,
  receiverPort: 7700,
  autoUpdate: true,
}

export const DEFAULT_SETTINGS: StoredSettings = {
  integrations: [],
  targets: [],
  preferences: DEFAULT_PREFERENCES,
  window: { width: 1100, height: 720 },
}

/** JSON Schema (conf validates every write with it). Kept shallow: the code validates fields it accepts. */
export const SETTINGS_SCHEMA = {
  integrations: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'provider', 'name', 'createdAt', 'secrets'],
      properties: {
        id: { type: 'string', minLength: 22 },
        provider: { type: 'string' },
        name: { type: 'string' },
        createdAt: { type: 'string' },
        secrets: { type: 'array', items: { type: 'string' } },
        options: { type: 'object' },
        source: { type: 'object' },
      },
    },
  },
  targets: { type: 'array', items: { type: 'object', required: ['id', 'name', 'url'] } },
  preferences: { type: 'object' },
  window: { type: 'object' },
} as const
