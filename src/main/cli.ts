// `hookbell`: serve (headless app), status, integrations, send, targets, relay. Plain Node; never imports
// electron. The commands live in ./cli/.
import { runCli } from './cli/program'

process.exitCode = await runCli(process.argv.slice(2))
