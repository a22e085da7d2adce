// `hookbell status`: is Hookbell running on this folder, and how is it doing.
import { Command } from 'commander'
import { connectToApp } from '../app-client'
import { type Ctx, type DataDirOptions, dataDirOf, examples, startHint, withDataDir } from '../context'

export function statusCommand({ io }: Ctx): Command {
  return withDataDir(new Command('status').description('is Hookbell running here, where it listens, and how it is doing'))
    .addHelpText('after', examples('hookbell status', 'hookbell status --data-dir /tmp/hookbell-try'))
    .action(async (options: DataDirOptions) => {
      const dataDir = dataDirOf(options)
      const app = connectToApp(dataDir, startHint(options))
      const s = await app.call('status.get', {})
      const { info } = app
      io.out(`Hookbell ${s.version} is running (${info.kind}, pid ${info.pid}, since ${info.startedAt}).`)
      io.out(
        `  Receiver:  ${s.receiver.url}/hooks/<integration id> (${s.receiver.listening ? 'listening' : `not listening: ${s.receiver.error ?? 'stopped'}`})`,
      )
      io.out(`  UI/API:    ${info.apiUrl}`)
      io.out(`  Relay:     ${s.relay.state}${s.relay.error ? ` (${s.relay.error})` : ''}`)
      io.out(`  Toasts:    ${s.notifier.state}${s.notifier.error ? ` (${s.notifier.error})` : ''}`)
      io.out(`  Incidents: ${s.store.incidents} (${s.store.open} open${s.worst ? `, worst ${s.worst}` : ''})`)
      io.out(`  Data:      ${dataDir}`)
    })
}
