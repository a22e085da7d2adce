// Builds the app before the suite: the e2e tests serve the real renderer and run the real `hookbell` CLI,
// and a stale build would test yesterday's code. It takes about a second.
import { spawnSync } from 'node:child_process'

export default function setup(): void {
  const result = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) throw new Error('electron-vite build failed')
}
