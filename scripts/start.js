// `npm start`: build, then the desktop app; where the Electron binary is missing (it is downloaded from
// outside the npm registry, which some machines cannot reach), say so in one line and run headless mode.
// Flags pass through: `npm start -- --port 7800` (headless mode's flags; see `hookbell help serve`).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureSuitableNode } from './node-runtime.js'

// On a Node older than Hookbell needs, this runs the same script again on one that is new enough.
await ensureSuitableNode()

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
})
if (build.status !== 0) process.exit(build.status ?? 1)

/** The Electron binary's path if it is installed, without triggering electron's download-on-require. */
function electronBinary() {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(pkg, 'path.txt')
    if (!existsSync(pathFile)) return null
    const relative = readFileSync(pathFile, 'utf8').trim()
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist')
    const binary = join(dist, relative)
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const child = binary
  ? spawn(binary, [root, ...args], { stdio: 'inherit' })
  : (console.error('Electron is not installed on this machine; starting headless mode (hookbell serve) instead.'),
    spawn(process.execPath, [join(root, 'bin/hookbell.js'), 'serve', '--open', ...args], { stdio: 'inherit' }))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
