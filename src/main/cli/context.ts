import { Command, Option } from 'commander'
import { resolveDataDir } from '../core'
import type { Io } from './io'

/**
 * How the user runs this command, so every hint it prints can be pasted as it is. From a clone of the
 * repository `hookbell` is not on PATH; npm runs it, and the hints say `npx hookbell`: `npx hookbell` and
 * `npm exec` start it through a `node_modules/.bin/hookbell` link, and `npm start` runs `bin/hookbell.js
 * serve` as its "start" script. Installed (on PATH), or started as `node bin/hookbell.js` (a service), the
 * hints say `hookbell`. The one home of that prefix: commands write `${HOOKBELL} send …`, never a bare name.
 */
export function invokedAs(env: NodeJS.ProcessEnv, script: string | undefined): string {
  const npmBinLink = script !== undefined && /[\\/]node_modules[\\/]\.bin[\\/]hookbell(\.cmd)?$/i.test(script)
  return npmBinLink || env.npm_lifecycle_event === 'start' ? 'npx hookbell' : 'hookbell'
}

export const HOOKBELL = invokedAs(process.env, process.argv[1])

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
    ? `${HOOKBELL} serve --data-dir ${options.dataDir}`
    : `\`npm start\` in the Hookbell folder (or \`${HOOKBELL} serve\`)`
}

/** `--data-dir X` to repeat in a suggested command, when the user gave one. */
export const dataDirFlag = (options: DataDirOptions) => (options.dataDir ? ` --data-dir ${options.dataDir}` : '')

/** Help examples are written as `hookbell …`; they show the command as this user types it. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l.replace(/^hookbell /, `${HOOKBELL} `)}`).join('\n')}`
}
