#!/usr/bin/env node
// Entry for the `hookbell` command: a clear message instead of a stack trace when Node is too old or the
// app is not built yet.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(`hookbell needs Node.js 22.13 or newer (node:sqlite); this is ${process.version}.`)
  process.exit(1)
}
const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  console.error('hookbell is not built yet: run `npm run build:app` in the project folder first.')
  process.exit(1)
}
await import(cli)
