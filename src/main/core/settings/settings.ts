import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import type { DeepPartial } from '../../../shared/contract'
import type { IntegrationOptions, Preferences } from '../../../shared/model'
import type { SecretCodec, SettingsBackend } from './backend'
import { estimatedIdBits, MIN_ID_BITS } from './credential-strength'
import type { SourceConnection } from '../source-actions/types'
import { DEFAULT_PREFERENCES, type StoredIntegration, type StoredSettings, type StoredTarget } from './schema'

export interface Integration {
  id: string
  provider: string
  name: string
  createdAt: string
  /** Decoded; newest first. */
  secrets: string[]
  options: IntegrationOptions
  /** The connection for acting on the source, credential decoded; absent when none was set up. */
  source?: SourceConnection
}

/** ≥128 bits: for Retrace, which cannot sign, the receiver URL itself is the secret (docs/providers.md). */
// Never starting with '-' or '_': ids are typed on command lines, where `-Tt…` reads as an option. Never one
// that a teammate could not join by (the rare draw with no lower-case letter, say, estimates under 128 bits
// by settings/credential-strength.ts); skipping those few costs a fraction of a bit.
export function newIntegrationId(): string {
  for (;;) {
    const id = randomBytes(18).toString('base64url')
    if (/^[A-Za-z0-9]/.test(id) && estimatedIdBits(id) >= MIN_ID_BITS) return id
  }
}

export function newSecret(): string {
  return `hbk_${randomBytes(24).toString('base64url')}`
}

/**
 * Settings with an in-memory copy: conf re-reads and re-parses its file on every access, which must not sit
 * on the ingest path. All writes go through here, so the copy stays current.
 */
/** Teammates see this name on what you acknowledge; until you pick one it is your OS user name. */
export function ensureUserName(settings: Settings): void {
  if (!settings.preferences().userName.trim()) settings.updatePreferences({ userName: osUserName() })
}

function osUserName(): string {
  try {
    return userInfo().username || 'teammate'
  } catch {
    // No passwd entry (some containers): the environment may still know.
    return process.env.USER ?? process.env.USERNAME ?? 'teammate'
  }
}

export function createSettings(backend: SettingsBackend, codec: SecretCodec) {
  let integrations = backend.get('integrations').map(decodeIntegration)
  let preferences = mergeDeep(DEFAULT_PREFERENCES, backend.get('preferences'))
  let targets = backend.get('targets')
  let lastReload = 0
  function reload(): void {
    integrations = backend.get('integrations').map(decodeIntegration)
    preferences = mergeDeep(DEFAULT_PREFERENCES, backend.get('preferences'))
    targets = backend.get('targets')
  }
  // Another process (the CLI) may change the file; reload the copy when it does.
  const unwatch = backend.onDidAnyChange?.(reload)

  function decodeIntegration(stored: StoredIntegration): Integration {
    const { source, ...rest } = stored
    const decoded: Integration = { ...rest, secrets: stored.secrets.map((s) => codec.decode(s)), options: stored.options ?? {} }
    if (source) decoded.source = { ...source, credential: source.credential ? codec.decode(source.credential) : '' }
    return decoded
  }

  function saveIntegrations(next: Integration[]): void {
    backend.set(
      'integrations',
      next.map((i) => {
        const { source, ...rest } = i
        const stored: StoredIntegration = { ...rest, secrets: i.secrets.map((s) => codec.encode(s)) }
        if (source) stored.source = { ...source, credential: source.credential ? codec.encode(source.credential) : '' }
        return stored
      }),
    )
    integrations = next
  }

  return {
    integrations: (): readonly Integration[] => integrations,
    integration(id: string): Integration | undefined {
      const found = integrations.find((i) => i.id === id)
      if (found || !backend.path || Date.now() - lastReload < 1000) return found
      // A miss may be an integration the CLI added a moment ago, before the file watcher reported it (and
      // conf answers from its cache until then): read the file itself, at most once a second, so stray
      // requests to unknown ids cannot turn into disk reads.
      lastReload = Date.now()
      try {
        const onDisk = (JSON.parse(readFileSync(backend.path, 'utf8')) as Partial<StoredSettings>).integrations
        if (Array.isArray(onDisk)) integrations = onDisk.map(decodeIntegration)
      } catch {
        // Unreadable mid-write: the watcher reports the change once the write is done.
      }
      return integrations.find((i) => i.id === id)
    },

    addIntegration(input: {
      provider: string
      name: string
      secret: string | null
      options?: IntegrationOptions
      id?: string
    }): Integration {
      const integration: Integration = {
        id: input.id ?? newIntegrationId(),
        provider: input.provider,
        name: input.name,
        createdAt: new Date().toISOString(),
        secrets: input.secret ? [input.secret] : [],
        options: input.options ?? {},
      }
      saveIntegrations([...integrations, integration])
      return integration
    },

    updateIntegration(id: string, change: (current: Integration) => Integration): Integration | undefined {
      const current = integrations.find((i) => i.id === id)
      if (!current) return undefined
      const next = change(current)
      saveIntegrations(integrations.map((i) => (i.id === id ? next : i)))
      return next
    },

    removeIntegration(id: string): boolean {
      const next = integrations.filter((i) => i.id !== id)
      if (next.length === integrations.length) return false
      saveIntegrations(next)
      return true
    },

    preferences: (): Preferences => preferences,
    /** Merges `change`, lets `check` refuse the result (by throwing), and only then saves it. */
    updatePreferences(change: DeepPartial<Preferences>, check: (next: Preferences) => void = () => {}): Preferences {
      const next = mergeDeep(preferences, change)
      check(next)
      backend.set('preferences', next)
      preferences = next
      return preferences
    },

    targets: (): readonly StoredTarget[] => targets,
    saveTargets(next: StoredTarget[]): void {
      backend.set('targets', next)
      targets = next
    },
    codec,
    window: (): StoredSettings['window'] => backend.get('window'),
    saveWindow: (w: StoredSettings['window']): void => backend.set('window', w),
    close(): void {
      unwatch?.()
      backend._closeWatcher?.()
    },
  }
}

export type Settings = ReturnType<typeof createSettings>

/** Maps keyed by ids, where any key is valid. */
const FREE_FORM = new Set(['notifications.minSeverity'])

/** Deep merge of plain objects; arrays and scalars in `change` replace. Unknown keys in `change` are dropped. */
export function mergeDeep<T>(base: T, change: unknown, path = ''): T {
  if (!isPlain(base) || !isPlain(change)) return (change === undefined ? base : change) as T
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(change)) {
    if (!(key in base) && !FREE_FORM.has(path)) continue
    const childPath = path ? `${path}.${key}` : key
    out[key] = isPlain(value) && isPlain(out[key]) ? mergeDeep(out[key], value, childPath) : value
  }
  return out as T
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
