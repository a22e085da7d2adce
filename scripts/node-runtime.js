// Hookbell needs Node.js 22.16 or newer, 23.x excepted: node:sqlite with its full-text search (FTS5), which
// 22.13-22.15 and 23.x lack ("no such module: fts5"; vitest 5 needs 22.13 too). Where the Node running a
// command is older, take Node 24 from the npm registry once (the `node` package ships the official binary
// for this platform) into a cache folder, say so in one line, and run the same command on it. `npm start`,
// `npm test`, `hookbell` and .ci/node-env.sh all come here, so the rule and the folder live in one place.
// `hookbell` says it once per shell session (a stamp in the cache folder), not on every command.
// Plain JavaScript that loads on old Node versions: nothing here may need a newer one.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const MINIMUM = '22.16'
const PACKAGE = 'node@24'

export function isSuitable(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number)
  const [wantMajor, wantMinor] = MINIMUM.split('.').map(Number)
  // Node 23 never had FTS5 in node:sqlite (checked on 23.11); 24.0 has it.
  return major >= 24 || (major === wantMajor && minor >= wantMinor)
}

export function nodeHome(env = process.env) {
  return env.HOOKBELL_NODE_HOME || join(env.HOME || homedir() || '/tmp', '.cache', 'hookbell', 'node-24')
}

function binaryIn(home) {
  return join(home, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node')
}

/**
 * The shell session this command runs in: on Linux the session id (every command typed in one terminal
 * shares it, npx or not), elsewhere the parent process (the shell, for a command typed in it).
 */
function sessionKey() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    // Fields after "pid (comm) ": state, ppid, pgrp, session (proc(5)).
    const session = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]
    if (session) return `session ${session}`
  } catch {
    // No /proc (macOS, Windows).
  }
  return `parent ${process.ppid}`
}

/** True the first time a session asks: the cache folder keeps the last few sessions that were told. */
function firstTimeThisSession(home) {
  const file = join(home, 'told-sessions')
  const key = sessionKey()
  let told = []
  try {
    told = readFileSync(file, 'utf8').split('\n').filter(Boolean)
  } catch {
    // None told yet.
  }
  if (told.includes(key)) return false
  try {
    // Bounded: a laptop opens many terminals over the years.
    writeFileSync(file, [...told.slice(-19), key].join('\n') + '\n')
  } catch {
    // A read-only cache still runs; the line is then said each time.
  }
  return true
}

/**
 * The path of a Node binary new enough for Hookbell: this one, or the cached one (fetched if missing).
 * `oncePerSession`: say that the cached one is used only the first time in a shell session (`hookbell`);
 * fetching it is always said.
 */
export function suitableNode({
  env = process.env,
  say = (line) => console.error(line),
  quietWhenCached = false,
  oncePerSession = false,
} = {}) {
  if (isSuitable()) return process.execPath
  const home = nodeHome(env)
  const binary = binaryIn(home)
  const why = `Node ${process.version} cannot run Hookbell (it needs ${MINIMUM}+ or 24+: node:sqlite with full-text search)`
  if (existsSync(binary)) {
    if (!quietWhenCached && (!oncePerSession || firstTimeThisSession(home))) say(`${why}: running on the Node in ${home}`)
    return binary
  }
  say(`${why}: fetching ${PACKAGE} from the npm registry into ${home} (once) and running on it`)
  mkdirSync(home, { recursive: true })
  // Under `npm start` / `npm test` npm says where it is; elsewhere it is the npm next to this node.
  const npm = env.npm_execpath && /npm-cli\.js$/.test(env.npm_execpath) ? [process.execPath, env.npm_execpath] : ['npm']
  const result = spawnSync(
    npm[0],
    [...npm.slice(1), 'install', '--no-save', '--no-audit', '--no-fund', '--prefix', home, PACKAGE],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', shell: npm[0] === 'npm' && process.platform === 'win32' },
  )
  if (result.status !== 0 || !existsSync(binary)) {
    const detail = (result.stderr || result.error?.message || '').trim().split('\n').slice(-3).join('\n  ')
    throw new Error(
      `could not fetch ${PACKAGE} from the npm registry${detail ? `:\n  ${detail}` : ''}\n` +
        `Install Node.js 24 (or ${MINIMUM}+) from https://nodejs.org/, or run \`npm install --prefix ${home} ${PACKAGE}\` and try again.`,
    )
  }
  return binary
}

/**
 * Runs `node <args>` on a suitable Node and exits with its status, forwarding signals. Resolves only if it
 * could not start one (the message is printed and the exit code set).
 */
export async function runOnSuitableNode(args, { oncePerSession = false } = {}) {
  let node
  try {
    node = suitableNode({ oncePerSession })
  } catch (error) {
    console.error(error.message)
    process.exitCode = 1
    return
  }
  const child = spawn(node, args, { stdio: 'inherit', env: { ...process.env, HOOKBELL_NODE_REEXEC: '1' } })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  await new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      if (signal) process.kill(process.pid, signal)
      process.exit(code ?? 1)
    })
    child.on('error', (error) => {
      console.error(`could not start ${node}: ${error.message}`)
      process.exitCode = 1
      resolve()
    })
  })
}

/**
 * For entry scripts: returns when this Node is suitable; otherwise runs the same script on one that is and
 * never returns (the process exits with the child's status). `oncePerSession`: see suitableNode.
 */
export async function ensureSuitableNode({ oncePerSession = false } = {}) {
  if (isSuitable()) return
  if (process.env.HOOKBELL_NODE_REEXEC) {
    // A fetched Node that is still too old would loop; say so instead.
    console.error(`Node ${process.version} cannot run Hookbell, even after switching: install Node.js 24 (or ${MINIMUM}+).`)
    process.exit(1)
  }
  await runOnSuitableNode(process.argv.slice(1), { oncePerSession })
  process.exit(process.exitCode ?? 1)
}

// `node scripts/node-runtime.js --bin-dir`: print the folder of a suitable binary (for .ci/node-env.sh's PATH).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--bin-dir') {
  try {
    console.log(dirname(suitableNode({ quietWhenCached: true })))
  } catch (error) {
    console.error(error.message)
    process.exit(1)
  }
}
