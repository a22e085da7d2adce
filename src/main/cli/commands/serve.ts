// `hookbell serve`: the app without Electron (the UI in a browser, node-notifier toasts).
import { fileURLToPath } from 'node:url'
import { Command, Option } from 'commander'
import { dataDirProblem, VERSION } from '../../core'
import { openUrlWithSecret } from '../../headless/open-url'
import { serve } from '../../headless/serve'
import { HOOKBELL, type Ctx, type DataDirOptions, dataDirOf, examples, withDataDir } from '../context'
import { CliError, parsePort, portInUse } from '../errors'

interface ServeOptions extends DataDirOptions {
  host: string
  port: number
  uiPort: number
  notify: boolean
  open?: boolean
}

export function serveCommand({ io }: Ctx): Command {
  const command = new Command('serve')
    .description('run Hookbell without the desktop shell: the receiver, toasts, and the UI in your browser')
    .addOption(new Option('--host <address>', 'where the receiver listens (the UI/API stays on 127.0.0.1)').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'receiver port (0: any free port)').default(7700).argParser(parsePort))
    .addOption(new Option('--ui-port <port>', 'UI and API port (0: any free port)').default(7701).argParser(parsePort))
    .option('--no-notify', 'no desktop notifications (CI, a bare server)')
    .option('--open', 'open the UI in the browser')
    .addHelpText(
      'after',
      examples(
        'hookbell serve',
        'hookbell serve --port 7800 --ui-port 7801 --data-dir /tmp/hookbell-try',
        'npm start -- --port 7800',
      ),
    )
  withDataDir(command).action(async (options: ServeOptions) => {
    const dataDir = dataDirOf(options)
    const problem = dataDirProblem(dataDir)
    if (problem)
      throw new CliError(`cannot use the data folder: ${problem}.\n  Pick another with --data-dir DIR (or HOOKBELL_DATA_DIR).`)
    let running: Awaited<ReturnType<typeof serve>>
    try {
      running = await serve({
        dataDir,
        host: options.host,
        port: options.port,
        uiPort: options.uiPort,
        notify: options.notify,
        uiDir: fileURLToPath(new URL('../renderer', import.meta.url)),
      })
    } catch (error) {
      throw portInUse(error, (port) => (port === options.port ? '--port N (receiver)' : '--ui-port N (UI and API)')) ?? error
    }
    if (!running.ok) {
      const r = running.running
      throw new CliError(
        `Hookbell ${r.version} (${r.kind}, pid ${r.pid}, since ${r.startedAt}) already runs on ${dataDir}.` +
          (r.apiUrl ? `\n  Its UI/API:   ${r.apiUrl}` : '') +
          (r.receiverUrl ? `\n  Its receiver: ${r.receiverUrl}/hooks/<integration id>` : '') +
          `\n  Use that one (${HOOKBELL} status), stop it first, or run a second one on another folder with --data-dir.`,
      )
    }
    const integrations = await running.core.api['integrations.list']({})
    io.out(`Hookbell ${VERSION} is running (headless mode).`)
    io.out(`  Open the UI:  ${running.uiUrl}`)
    io.out(`  Receiver:     ${running.core.receiverUrl()}/hooks/<integration id>`)
    io.out(`  Data:         ${dataDir}`)
    if (integrations.length === 0)
      io.out(`  No integrations yet. Try: ${HOOKBELL} integrations add generic, then ${HOOKBELL} send generic`)
    for (const i of integrations) io.out(`  ${i.name} (${i.provider}): ${i.receiverUrl}`)
    // Not `openUrl(running.uiUrl)`: the token would be on the browser's command line.
    if (options.open) openUrlWithSecret(dataDir, running.uiUrl)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await running.stop()
  })
  return command
}
