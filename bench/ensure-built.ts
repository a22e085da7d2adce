import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Benches that run `hookbell serve` run the built app: rebuild when a source file is newer than the build. */
export function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    )
  let built = 0
  try {
    built = statSync('out/main/cli.js').mtimeMs
  } catch {
    // not built yet
  }
  if (built < newest('src')) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
}
