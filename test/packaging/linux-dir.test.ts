// Packages the app the way a release does (electron-builder, the repo's own config) for Linux with `--dir`,
// against a stand-in Electron distribution (the real one cannot be downloaded here), then reads app.asar.
import { listPackage, extractFile } from '@electron/asar'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

let work: string
let appDir: string
let asarPath: string
let entries: string[]

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'hookbell-pack-'))
  // What electron-builder copies from an unpacked Electron: the binary, locales, resources.
  const dist = join(work, 'electron-dist')
  mkdirSync(join(dist, 'resources'), { recursive: true })
  mkdirSync(join(dist, 'locales'))
  writeFileSync(join(dist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n')
  chmodSync(join(dist, 'electron'), 0o755)
  writeFileSync(join(dist, 'locales', 'en-US.pak'), 'stand-in')
  writeFileSync(join(dist, 'LICENSE'), 'MIT')
  const out = join(work, 'dist')
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${out}`,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } },
  )
  if (result.status !== 0) throw new Error(`electron-builder failed:\n${result.stdout}\n${result.stderr}`)
  appDir = join(out, 'linux-unpacked')
  asarPath = join(appDir, 'resources', 'app.asar')
  entries = listPackage(asarPath, { isPack: false }).map((e) => e.replaceAll('\\', '/'))
}, 180_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

const has = (path: string) => entries.includes(path)
const under = (dir: string) => entries.filter((e) => e === dir || e.startsWith(`${dir}/`))

describe('the packaged Linux app', () => {
  it('is named for the user and runs the built main', () => {
    expect(existsSync(join(appDir, 'hookbell'))).toBe(true)
    const packaged = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as Record<string, unknown>
    expect(packaged.productName).toBe('Hookbell')
    expect(packaged.main).toBe('./out/main/index.js')
  })

  it('holds the built main, preload and renderer', () => {
    for (const file of ['/out/main/index.js', '/out/main/cli.js', '/out/preload/index.cjs', '/out/renderer/index.html'])
      expect(has(file), file).toBe(true)
    expect(under('/out/renderer/assets').some((e) => e.endsWith('.js'))).toBe(true)
  })

  it('holds every runtime dependency, and every package the built main imports', () => {
    for (const dep of Object.keys(pkg.dependencies)) expect(has(`/node_modules/${dep}/package.json`), dep).toBe(true)
    const imported = new Set<string>()
    for (const file of readdirSync(join(root, 'out/main'), { recursive: true }))
      if (String(file).endsWith('.js'))
        for (const [, spec] of readFileSync(join(root, 'out/main', String(file)), 'utf8').matchAll(/from "([^".][^"]*)"/g)) {
          if (spec!.startsWith('node:') || spec === 'electron') continue
          imported.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!)
        }
    expect(imported.size).toBeGreaterThan(0)
    for (const name of imported) expect(has(`/node_modules/${name}/package.json`), name).toBe(true)
  })

  it('leaves out sources, tests, benchmarks, CI files, source maps and dev-only packages', () => {
    for (const dir of ['/src', '/test', '/bench', '/.ci', '/scripts', '/build', '/docs', '/bin', '/resources', '/.github'])
      expect(under(dir), dir).toEqual([])
    expect(
      entries.filter((e) => e.endsWith('.map') || (e.endsWith('.ts') && !e.endsWith('.d.ts') && !e.startsWith('/node_modules'))),
    ).toEqual([])
    for (const name of [
      'electron',
      'electron-builder',
      'electron-vite',
      'vite',
      'vitest',
      'typescript',
      'react',
      'react-dom',
      'playwright-core',
      'eslint',
      'jsdom',
    ])
      expect(pkg.devDependencies[name], `${name} is a devDependency`).toBeDefined()
    for (const name of Object.keys(pkg.devDependencies)) expect(under(`/node_modules/${name}`), name).toEqual([])
  })

  it('ships the tray icons for every state as files beside app.asar', () => {
    const tray = readdirSync(join(appDir, 'resources', 'tray'))
    for (const state of ['ok', 'warning', 'critical', 'paused', 'disconnected'])
      for (const variant of ['', '@2x', 'Template', 'Template@2x'])
        expect(tray, `${state}${variant}`).toContain(`tray-${state}${variant}.png`)
  })
})
