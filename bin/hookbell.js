#!/usr/bin/env node
// Entry for the `hookbell` command: on a Node older than Hookbell needs it runs itself again on a newer one
// (fetched once from the npm registry, see scripts/node-runtime.js), and says what to do when the app is not
// built yet instead of printing a stack trace.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ensureSuitableNode } from '../scripts/node-runtime.js'

// Every command of a shell session would say the same line: the first one says it (`npm start` always does).
await ensureSuitableNode({ oncePerSession: true })
const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  console.error(`hookbell is not built yet: run \`npm start\` (or \`npm run build:app\`) in ${root} first.`)
  process.exit(1)
}
await import(cli)
