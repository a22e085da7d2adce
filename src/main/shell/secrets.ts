// Secrets at rest through the OS keychain with safeStorage's asynchronous calls (the synchronous ones are
// deprecated since Electron 45: https://www.electronjs.org/docs/latest/api/safe-storage). The core's
// SecretCodec is synchronous, so the keychain work happens around it: every stored secret is decrypted once
// at start, and a secret saved while running is written as-is and sealed a moment later (the settings file
// is the user's alone, 0600, as in headless mode). Plain secrets written by the CLI are sealed at start.
import type { SafeStorage } from 'electron'
import type { SecretCodec } from '../core'

const PREFIX = 'enc:'

type Stored = {
  integrations?: { secrets?: string[]; source?: { credential?: string } }[]
  targets?: { secret?: string | null; secrets?: Record<string, string> }[]
}

/** The part of electron-store the codec reads and rewrites. */
export interface SecretsFile {
  get(key: 'integrations' | 'targets'): unknown
  set(key: 'integrations' | 'targets', value: unknown): void
}

export class KeychainError extends Error {}

export async function openKeychain(
  safeStorage: Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>,
  file: SecretsFile,
  log: (message: string) => void,
): Promise<SecretCodec & { sealed(): Promise<void> }> {
  const plainOf = new Map<string, string>()
  const sealedOf = new Map<string, string>()
  let available: boolean
  try {
    available = await safeStorage.isAsyncEncryptionAvailable()
  } catch (error) {
    throw new KeychainError(`the system keychain is not available: ${(error as Error).message}`)
  }

  const all = (): string[] => {
    const integrations = (file.get('integrations') ?? []) as NonNullable<Stored['integrations']>
    const targets = (file.get('targets') ?? []) as NonNullable<Stored['targets']>
    return [
      ...integrations.flatMap((i) => [...(i.secrets ?? []), ...(i.source?.credential ? [i.source.credential] : [])]),
      ...targets.flatMap((t) => [...(t.secret ? [t.secret] : []), ...Object.values(t.secrets ?? {})]),
    ]
  }

  for (const stored of new Set(all().filter((s) => s.startsWith(PREFIX)))) {
    try {
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(stored.slice(PREFIX.length), 'base64'))
      plainOf.set(stored, result)
      sealedOf.set(result, stored)
    } catch (error) {
      throw new KeychainError(`the system keychain refused to decrypt Hookbell's secrets: ${(error as Error).message}`)
    }
  }

  let pending = Promise.resolve()
  /** Encrypts `plain` and replaces it in the file wherever it is stored as-is. */
  const seal = (plain: string) => {
    pending = pending
      .then(async () => {
        if (sealedOf.has(plain)) return
        const stored = PREFIX + (await safeStorage.encryptStringAsync(plain)).toString('base64')
        plainOf.set(stored, plain)
        sealedOf.set(plain, stored)
        rewrite((s) => (s === plain ? stored : s))
      })
      .catch((error: unknown) => log(`[keychain] a secret stays unencrypted in the settings file: ${String(error)}`))
  }

  const rewrite = (map: (s: string) => string) => {
    const integrations = (file.get('integrations') ?? []) as NonNullable<Stored['integrations']>
    const targets = (file.get('targets') ?? []) as NonNullable<Stored['targets']>
    // The credential for acting on the source (source-actions/) is sealed like the integration's secrets.
    const nextIntegrations = integrations.map((i) => ({
      ...i,
      secrets: (i.secrets ?? []).map(map),
      ...(i.source ? { source: { ...i.source, ...(i.source.credential ? { credential: map(i.source.credential) } : {}) } } : {}),
    }))
    const nextTargets = targets.map((t) => ({
      ...t,
      secret: t.secret ? map(t.secret) : (t.secret ?? null),
      secrets: Object.fromEntries(Object.entries(t.secrets ?? {}).map(([k, v]) => [k, map(v)])),
    }))
    if (JSON.stringify(nextIntegrations) !== JSON.stringify(integrations)) file.set('integrations', nextIntegrations)
    if (JSON.stringify(nextTargets) !== JSON.stringify(targets)) file.set('targets', nextTargets)
  }

  if (available) for (const plain of new Set(all().filter((s) => !s.startsWith(PREFIX)))) seal(plain)
  else log('[keychain] no keychain on this desktop: secrets are kept in the settings file (readable by you only)')

  return {
    encode(plain) {
      const known = sealedOf.get(plain)
      if (known) return known
      if (available) seal(plain)
      return plain
    },
    decode(stored) {
      if (!stored.startsWith(PREFIX)) return stored
      const plain = plainOf.get(stored)
      if (plain === undefined) throw new KeychainError('a secret in the settings file was not unlocked at start')
      return plain
    },
    /** Resolves when every secret saved so far is sealed (for quitting, and for tests). */
    sealed: () => pending,
  }
}
