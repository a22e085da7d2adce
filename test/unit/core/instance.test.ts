import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireInstance, readInstance } from '../../../src/main/core/instance'
import { tempDir } from '../../helpers/test-core'

const held: { release(): void }[] = []
afterEach(() => {
  for (const lock of held.splice(0)) lock.release()
})

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
  return Number(child.stdout.trim())
}

const serveInfo = { kind: 'serve' as const, version: '9.9.9' }

describe('acquireInstance', () => {
  it('writes instance.json (0600, no temp files left) and refuses a second start, naming the first', () => {
    const dir = tempDir()
    const first = acquireInstance(dir, serveInfo)
    if (!first.ok) throw new Error('first start lost')
    held.push(first)
    const path = join(dir, 'instance.json')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      pid: process.pid,
      kind: 'serve',
      version: '9.9.9',
      startedAt: first.info.startedAt,
    })

    const second = acquireInstance(dir, { kind: 'desktop', version: '9.9.9' })
    expect(second).toEqual({ ok: false, running: first.info })
    expect(readdirSync(dir)).toEqual(['instance.json'])
  })

  it('records where the instance listens, atomically, and release removes only its own file', () => {
    const dir = tempDir()
    const lock = acquireInstance(dir, serveInfo)
    if (!lock.ok) throw new Error('lost')
    lock.update({ receiverUrl: 'http://127.0.0.1:7800', apiUrl: 'http://127.0.0.1:7801' })
    expect(readInstance(dir)).toMatchObject({
      pid: process.pid,
      receiverUrl: 'http://127.0.0.1:7800',
      apiUrl: 'http://127.0.0.1:7801',
    })
    expect(statSync(join(dir, 'instance.json')).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['instance.json'])
    lock.release()
    expect(existsSync(join(dir, 'instance.json'))).toBe(false)
    expect(readInstance(dir)).toBeNull()
    lock.release() // twice is harmless

    const again = acquireInstance(dir, serveInfo)
    expect(again.ok).toBe(true)
    if (again.ok) held.push(again)
  })

  it('takes over a file left by a process that died, and a corrupt one', () => {
    const dir = tempDir()
    const path = join(dir, 'instance.json')
    const stale = { pid: deadPid(), kind: 'desktop', version: '0.0.1', startedAt: '2020-01-01T00:00:00.000Z' }
    writeFileSync(path, JSON.stringify(stale))
    expect(readInstance(dir)).toBeNull()
    const lock = acquireInstance(dir, serveInfo)
    if (!lock.ok) throw new Error(`stale file won: ${JSON.stringify(lock.running)}`)
    held.push(lock)
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid)
    lock.release()

    writeFileSync(path, '{"pid": 12') // torn by a crash mid-write of some older version
    const again = acquireInstance(dir, serveInfo)
    expect(again.ok).toBe(true)
    if (again.ok) held.push(again)
    expect(readdirSync(dir)).toEqual(['instance.json'])
  })

  it('leaves a live process its file', async () => {
    const dir = tempDir()
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      const theirs = { pid: sleeper.pid!, kind: 'desktop', version: '1.0.0', startedAt: new Date().toISOString() }
      writeFileSync(join(dir, 'instance.json'), JSON.stringify(theirs))
      expect(acquireInstance(dir, serveInfo)).toEqual({ ok: false, running: theirs })
      expect(readInstance(dir)).toEqual(theirs)
    } finally {
      sleeper.kill()
      await once(sleeper, 'exit')
    }
  })

  it('lets exactly one of several processes starting at once win, even over a stale file', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'instance.json'),
      JSON.stringify({ pid: deadPid(), kind: 'serve', version: '0.0.1', startedAt: '2020-01-01T00:00:00.000Z' }),
    )
    const module = resolve('src/main/core/instance.ts')
    // Each process loads the module, says "ready", waits for "go" (so that all try at the same moment),
    // tries once, prints the outcome, and holds a win until its stdin closes.
    const script = `
      const { acquireInstance } = await import(${JSON.stringify(module)})
      console.log('ready')
      let r = null
      process.stdin.on('data', () => {
        if (r) return
        r = acquireInstance(${JSON.stringify(dir)}, { kind: 'serve', version: 'race' })
        console.log(JSON.stringify(r.ok ? { won: process.pid } : { lost: r.running.pid }))
      })
      process.stdin.on('end', () => { if (r && r.ok) r.release() })`
    const racers = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }),
    )
    const lines = racers.map((child) => {
      const queue: string[] = []
      let wake: (() => void) | null = null
      let buffer = ''
      child.stdout!.on('data', (d: Buffer) => {
        buffer += d.toString()
        let n: number
        while ((n = buffer.indexOf('\n')) >= 0) {
          queue.push(buffer.slice(0, n))
          buffer = buffer.slice(n + 1)
        }
        wake?.()
      })
      return async (): Promise<string> => {
        while (queue.length === 0) await new Promise<void>((r) => (wake = r))
        return queue.shift()!
      }
    })
    for (const next of lines) expect(await next()).toBe('ready')
    for (const child of racers) child.stdin!.write('go\n')
    const answers: { won?: number; lost?: number }[] = await Promise.all(lines.map(async (next) => JSON.parse(await next())))
    const winners = answers.filter((a) => a.won !== undefined)
    expect(winners).toHaveLength(1)
    for (const a of answers.filter((x) => x.lost !== undefined)) expect(a.lost).toBe(winners[0]!.won)
    expect(readInstance(dir)?.pid).toBe(winners[0]!.won)
    for (const child of racers) child.stdin!.end()
    await Promise.all(racers.map((child) => once(child, 'exit')))
    expect(readdirSync(dir)).toEqual([])
  })
})
