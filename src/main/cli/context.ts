import { Command, Option } from 'commander'
import { resolveDataDir } from '../core'
import type { Io } from './io'

export interface Ctx {
  io: Io
}

export interface DataDirOptions {
  dataDir?: string
}

/** `--data-dir` on every command that uses the app's data folder, so each command's help shows it. */
export function withDataDir(command: Command): Command {
  return command.addOption(
    new Option('--data-dir <dir>', `the data folder (else $HOOKBELL_DATA_DIR, else ${resolveDataDir(undefined)})`),
  )
}

export const dataDirOf = (options: DataDirOptions) => resolveDataDir(options.dataDir)

/** What to run so that a command finds a running Hookbell on this folder. */
export function startHint(options: DataDirOptions): string {
  return options.dataDir
    ? `hookbell serve --data-dir ${options.dataDir}`
    : '`npm start` in the Hookbell folder (or `hookbell serve`)'
}

/** `--data-dir X` to repeat in a suggested command, when the user gave one. */
export const dataDirFlag = (options: DataDirOptions) => (options.dataDir ? ` --data-dir ${options.dataDir}` : '')

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`
}
