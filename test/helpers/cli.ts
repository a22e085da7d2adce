// Runs the built `hookbell` command as a user would, in a child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const HOOKBELL = ['bin/hookbell.js']

export interface Served {
  child: ChildProcess
  uiUrl: string
  uiBase: string
  receiverBase: string
  output: () => string
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** `hookbell serve` on free ports; resolves once it printed where it listens. `env` adds to the environment. */
export async function serveCli(dataDir: string, extra: string[] = [], env?: NodeJS.ProcessEnv): Promise<Served> {
  const child = spawn(
    process.execPath,
    [...HOOKBELL, 'serve', '--data-dir', dataDir, '--port', '0', '--ui-port', '0', '--no-notify', ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env && { ...process.env, ...env },
    },
  )
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const started = Date.now()
  while (!/Receiver:\s+(\S+)\/hooks/.test(out)) {
    if (child.exitCode !== null) throw new Error(`hookbell serve exited: ${out}`)
    if (Date.now() - started > 20_000) throw new Error(`hookbell serve did not start: ${out}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  const uiUrl = /Open the UI:\s+(\S+)/.exec(out)![1]!
  return {
    child,
    uiUrl,
    uiBase: new URL(uiUrl).origin,
    receiverBase: /Receiver:\s+(\S+)\/hooks/.exec(out)![1]!,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      await once(child, 'exit')
    },
  }
}

export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...HOOKBELL, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const [code] = (await once(child, 'exit')) as [number]
  return { code, stdout, stderr }
}

/** `hookbell relay` on a free port; resolves with its base URL once it listens. `env` adds to the environment. */
export async function relayCli(
  dataDir: string,
  extra: string[] = [],
  env?: NodeJS.ProcessEnv,
): Promise<{ base: string; child: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const child = spawn(process.execPath, [...HOOKBELL, 'relay', '--data-dir', dataDir, '--port', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env && { ...process.env, ...env },
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const started = Date.now()
  while (!/listening on ([\d.]+):(\d+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`hookbell relay exited: ${out}`)
    if (Date.now() - started > 20_000) throw new Error(`hookbell relay did not start: ${out}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  const [, host, port] = /listening on ([\d.]+):(\d+)/.exec(out)!
  return {
    base: `http://${host}:${port}`,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      await once(child, 'exit')
    },
  }
}

/** `hookbell relay channels add`: the channel's public URL and its read token. */
export async function addRelayChannel(
  dataDir: string,
  publicUrl: string,
  extra: string[] = [],
): Promise<{ url: string; token: string; id: string }> {
  const { stdout, code, stderr } = await runCli([
    'relay',
    'channels',
    'add',
    '--data-dir',
    dataDir,
    '--public-url',
    publicUrl,
    '--name',
    'laptop',
    ...extra,
  ])
  if (code !== 0) throw new Error(stderr)
  const url = /Relay URL:\s+(\S+)/.exec(stdout)![1]!
  return { url, token: /Read token:\s+(\S+)/.exec(stdout)![1]!, id: url.split('/r/')[1]! }
}

/** `hookbell relay channels add-reader`: another laptop's read token for the same channel. */
export async function addRelayReader(dataDir: string, channelId: string, name: string, extra: string[] = []): Promise<string> {
  const { stdout, code, stderr } = await runCli([
    'relay',
    'channels',
    'add-reader',
    channelId,
    '--data-dir',
    dataDir,
    '--name',
    name,
    ...extra,
  ])
  if (code !== 0) throw new Error(stderr)
  return /Read token:\s+(\S+)/.exec(stdout)![1]!
}

/** Calls the API of a `hookbell serve` child with the token from its data directory. */
export function servedApi(served: () => Served, dataDir: string) {
  return async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim()
    const response = await fetch(`${served().uiBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return (await response.json()) as T
  }
}
