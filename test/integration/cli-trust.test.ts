// The CLI sends the API token only to the app that holds it: through real processes, a `hookbell` child
// against `hookbell serve`, and an impostor on a loopback port that instance.json was made to name.
import { chmodSync, chownSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli, serveCli, type Served } from '../helpers/cli'
import { tempDir } from '../helpers/test-core'

let served: Served | null = null
let impostor: Server | null = null
afterEach(async () => {
  await served?.stop()
  if (impostor) await new Promise<void>((resolve) => impostor!.close(() => resolve()))
  served = null
  impostor = null
})

const TOKEN = 'f'.repeat(64)

/** A data folder whose instance.json names `apiUrl` for a live process of this user (the test's own). */
function folderNaming(apiUrl: string): string {
  const dir = tempDir()
  const info = { pid: process.pid, kind: 'serve', version: '0.0.0', startedAt: new Date().toISOString(), apiUrl }
  writeFileSync(join(dir, 'instance.json'), JSON.stringify(info), { mode: 0o600 })
  writeFileSync(join(dir, 'api-token'), TOKEN, { mode: 0o600 })
  return dir
}

/** An HTTP server on 127.0.0.1 that records what it is sent and answers `answer`. */
async function startImpostor(answer: (path: string) => Promise<string>) {
  const seen: { path: string; authorization: string | undefined }[] = []
  impostor = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization })
    void answer(req.url ?? '').then((body) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => impostor!.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`, seen }
}

describe('the CLI proves the app before it sends the token', () => {
  it('talks to the real app as before (hookbell status against hookbell serve)', async () => {
    const dir = tempDir()
    served = await serveCli(dir)
    const status = await runCli(['status', '--data-dir', dir])
    expect(status.stderr).toBe('')
    expect(status).toMatchObject({ code: 0, stdout: expect.stringContaining('is running (serve') })
  })

  it('refuses a process that cannot prove it holds the token, and never sends it the token', async () => {
    const fake = await startImpostor(async () => JSON.stringify({ proof: 'a'.repeat(64), status: 'ok' }))
    const result = await runCli(['status', '--data-dir', folderNaming(fake.url)])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('could not prove it is the Hookbell that holds this folder')
    expect(fake.seen.length).toBeGreaterThan(0)
    expect(fake.seen.every((r) => r.authorization === undefined)).toBe(true)
  })

  it('refuses an impostor that relays the real app’s proof: the proof names the port it was asked on', async () => {
    const dir = tempDir()
    served = await serveCli(dir)
    const realToken = (await import('node:fs')).readFileSync(join(dir, 'api-token'), 'utf8').trim()
    const fake = await startImpostor(async (path) => (await fetch(`${served!.uiBase}${path}`)).text())
    const victim = folderNaming(fake.url)
    writeFileSync(join(victim, 'api-token'), realToken, { mode: 0o600 })
    const result = await runCli(['status', '--data-dir', victim])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('could not prove')
    expect(fake.seen.every((r) => r.authorization === undefined)).toBe(true)
  })

  it('refuses an apiUrl that is not a loopback address before connecting anywhere', async () => {
    for (const apiUrl of ['http://192.0.2.10:7701', 'http://localhost.example.com:7701', 'https://127.0.0.1:7701']) {
      const result = await runCli(['status', '--data-dir', folderNaming(apiUrl)])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('which is not a loopback address')
    }
  })

  it('refuses an instance.json or data folder others can write, or another user owns', async () => {
    const fake = await startImpostor(async () => '{}')
    const dir = folderNaming(fake.url)
    chmodSync(join(dir, 'instance.json'), 0o666)
    const writable = await runCli(['status', '--data-dir', dir])
    expect(writable.code).toBe(1)
    expect(writable.stderr).toContain('can be written by other users (mode 666)')
    chmodSync(join(dir, 'instance.json'), 0o600)
    chmodSync(dir, 0o777)
    expect((await runCli(['status', '--data-dir', dir])).stderr).toContain('(the data folder) can be written by other users')
    chmodSync(dir, 0o700)
    // Only root can hand a file to another user; as root (CI containers) that case is checked as well.
    if (process.getuid?.() === 0) {
      chownSync(join(dir, 'instance.json'), 65534, 65534)
      expect((await runCli(['status', '--data-dir', dir])).stderr).toContain('belongs to another user (uid 65534)')
    }
    expect(fake.seen).toEqual([])
  })
})
