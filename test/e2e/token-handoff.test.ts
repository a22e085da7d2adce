// The API token reaches the browser without being on its command line, and lives only for the tab's session.
import { readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openUrlWithSecret } from '../../src/main/headless/open-url'
import { launchBrowser } from '../helpers/browser'
import { serveCli, type Served } from '../helpers/cli'
import { tempDir } from '../helpers/test-core'

let browser: Browser
let served: Served
let dataDir: string

beforeAll(async () => {
  dataDir = tempDir()
  ;[browser, served] = await Promise.all([launchBrowser(), serveCli(dataDir)])
})

afterAll(async () => {
  await browser?.close()
  await served?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

it('opens the UI through a private redirect file, keeps the token in sessionStorage only, and lands on the route asked for', async () => {
  const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim()
  let given = ''
  const file = openUrlWithSecret(dataDir, `${served.uiBase}/#token=${token}&then=/settings/deliveries`, (url) => (given = url))
  // What a browser's command line (and `ps`) would show.
  expect(given).toMatch(/^file:\/\//)
  expect(given).not.toContain(token)
  expect(statSync(file).mode & 0o777).toBe(0o600)

  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(given)
  await expect.poll(() => page.url()).toBe(`${served.uiBase}/#/settings/deliveries`)
  await page.getByRole('table', { name: 'Deliveries' }).waitFor()
  const storage = await page.evaluate(() => ({
    session: sessionStorage.getItem('hookbell.token'),
    local: localStorage.getItem('hookbell.token'),
  }))
  expect(storage).toEqual({ session: token, local: null })
  // A reload in the same tab still works; the token stays out of the address bar.
  await page.reload()
  await page.getByRole('table', { name: 'Deliveries' }).waitFor()
  expect(page.url()).not.toContain('token=')
  await context.close()
})
