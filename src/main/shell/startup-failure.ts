// A start that fails says what happened and what to do, in a dialog: a desktop app started from the Dock
// or the Start menu has no terminal to read.
import { dialog } from 'electron'
import { join } from 'node:path'
import { KeychainError } from './secrets'

export function explainStartupFailure(error: unknown, dataDir: string): { title: string; message: string } {
  const text = error instanceof Error ? error.message : String(error)
  if (/database schema v\d+ is newer/.test(text))
    return {
      title: 'Hookbell is older than its data',
      message: `${text}.\n\nA newer Hookbell used ${join(dataDir, 'hookbell.db')}. Install the latest Hookbell (your incidents are kept), or start this one on another folder with HOOKBELL_DATA_DIR.`,
    }
  if ((error as { name?: string }).name === 'SchemaViolationError' || text.startsWith('Config schema violation'))
    return {
      title: 'Hookbell cannot read its settings',
      message: `${join(dataDir, 'settings.json')} does not match what Hookbell expects:\n${text}\n\nFix the file by hand (it was probably edited), or move it aside to start with empty settings. Hookbell left it untouched.`,
    }
  if (error instanceof KeychainError)
    return {
      title: 'Hookbell cannot unlock its secrets',
      message: `${text}.\n\nUnlock the system keychain (macOS: Keychain Access; Linux: your desktop's keyring) and start Hookbell again. If settings.json came from another computer, its secrets cannot be read here: remove the integrations' secrets from it and paste them again.`,
    }
  return { title: 'Hookbell could not start', message: `${text}\n\nData folder: ${dataDir}` }
}

export function showStartupFailure(error: unknown, dataDir: string): void {
  console.error('[hookbell] could not start:', error)
  const { title, message } = explainStartupFailure(error, dataDir)
  dialog.showErrorBox(title, message)
}
