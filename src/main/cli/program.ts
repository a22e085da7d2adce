// The `hookbell` command line (commander): each command has its own --help with examples, `hookbell help
// [command]` works, and a mistyped command gets the closest one suggested.
import { Command, CommanderError } from 'commander'
import { VERSION } from '../core'
import { incidentsCommand } from './commands/incidents'
import { integrationsCommand } from './commands/integrations'
import { relayCommand } from './commands/relay'
import { sendCommand } from './commands/send'
import { serveCommand } from './commands/serve'
import { statusCommand } from './commands/status'
import { targetsCommand } from './commands/targets'
import { HOOKBELL, examples } from './context'
import { CliError } from './errors'
import { processIo, type Io } from './io'

export function buildProgram(io: Io): Command {
  const ctx = { io }
  const program = new Command('hookbell')
    .description(`Hookbell ${VERSION}: monitoring webhooks become verified incidents, toasts and a tray.`)
    .version(VERSION, '-v, --version')
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `\nThe commands besides serve and relay talk to the Hookbell running on the data folder (see ${HOOKBELL} status).\n` +
        examples(
          'hookbell serve --port 7800',
          'hookbell integrations add generic',
          'hookbell send generic',
          'hookbell help send',
        ),
    )
  for (const command of [
    serveCommand(ctx),
    statusCommand(ctx),
    integrationsCommand(ctx),
    sendCommand(ctx),
    incidentsCommand(ctx),
    targetsCommand(ctx),
    relayCommand(ctx),
  ])
    program.addCommand(command)
  applyToAll(program, (command) => {
    command.exitOverride()
    // commander stops wrapping descriptions narrower than 40 columns; `relay channels` has long argument
    // lists, so on an 80-column terminal its descriptions ran on unwrapped where every other command wraps.
    command.configureHelp({ minWidthToWrap: 30 })
    command.configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
    })
  })
  return program
}

function applyToAll(command: Command, apply: (c: Command) => void): void {
  apply(command)
  for (const sub of command.commands) applyToAll(sub, apply)
}

/** Runs the command line; resolves with the exit status. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  // `hookbell help integrations add` as `hookbell integrations add --help` (commander's help command
  // looks at one word only).
  if (argv[0] === 'help' && argv.length > 2 && argv.slice(1).every((a) => !a.startsWith('-'))) argv = [...argv.slice(1), '--help']
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 1 && isUsage(error) ? 2 : error.exitCode
    if (error instanceof CliError) {
      io.err(`hookbell: ${error.message}`)
      return error.exitCode
    }
    io.err(
      `hookbell: unexpected error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
    return 1
  }
}

/** commander already printed these; a wrong command line exits 2, as usage errors do elsewhere. */
function isUsage(error: CommanderError): boolean {
  return (
    error.code !== 'commander.executeSubCommandAsync' &&
    error.code !== 'commander.helpDisplayed' &&
    error.code !== 'commander.version'
  )
}
