import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { makePrivate } from '../../server-common/private-files'

/** Opens a URL in the user's browser; quietly does nothing where there is none (CI, SSH). */
export function openUrl(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // No browser opener: the URL was printed at start.
  }
}

/**
 * Opens a URL that carries the API token without putting the token on the browser's command line, where
 * any local user can read it (`ps`): the browser is given a 0600 file in the data folder that redirects to
 * the URL (how Jupyter opens its token URL). The file is as private as `api-token` next to it.
 */
export function openUrlWithSecret(dataDir: string, url: string, open: (url: string) => void = openUrl): string {
  const path = join(dataDir, 'open-ui.html')
  const target = JSON.stringify(url).replaceAll('<', '\\u003c')
  writeFileSync(
    path,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Hookbell</title><script>location.replace(${target})</script>\n`,
    { mode: 0o600 },
  )
  makePrivate(path)
  open(pathToFileURL(path).href)
  return path
}
