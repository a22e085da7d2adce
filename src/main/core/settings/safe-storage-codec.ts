import type { SecretCodec } from './backend'

/** The part of Electron's safeStorage the codec uses; passed in so the core never imports electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

/**
 * Secrets at rest through the OS keychain where Electron can reach one; as-is otherwise (the settings file
 * is the user's alone, as in headless mode). The `enc:` prefix tells which, so either reads back, and a
 * file written headless opens in the desktop app.
 */
export function createSafeStorageCodec(safeStorage: SafeStorageLike): SecretCodec {
  return {
    encode: (plain) =>
      safeStorage.isEncryptionAvailable() ? `enc:${safeStorage.encryptString(plain).toString('base64')}` : plain,
    decode: (stored) => (stored.startsWith('enc:') ? safeStorage.decryptString(Buffer.from(stored.slice(4), 'base64')) : stored),
  }
}
