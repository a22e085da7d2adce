// The still list in Chromium against `hookbell serve`: incidents arriving above the selected row do not move
// it on screen by a single pixel, be it a storm folded into one group row that lengthens a list barely
// longer than its view (the view cannot scroll far enough without room made below) or a burst of single
// incidents into a list scrolled by part of a row.
import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { serveCli, servedApi, type Served } from '../helpers/cli'
import { addIntegration, alertStorm, deliver } from '../helpers/on-call'
import { tempDir } from '../helpers/test-core'

let browser: Browser
let served: Served
let page: Page
let generic: string
let alertmanager: string
const dataDir = tempDir()

/** A generic-webhook alert as docs/providers.md shows it; `n` makes each its own incident. */
const alert = (n: number) =>
  JSON.stringify({
    summary: `Queue depth high on worker-${n}`,
    severity: 'warning',
    status: 'triggered',
    dedup_key: `queue-depth-worker-${n}`,
    source: 'queue-monitor',
    description: `Queue depth above 10,000 for 5 minutes on worker-${n}`,
    environment: 'production',
    timestamp: new Date().toISOString(),
    labels: { team: 'platform' },
  })

let delivered = 0
/** `count` alerts, one after another: each is newer than every one before. */
async function alerts(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await deliver(served, 'generic', generic, alert(delivered++))
}

beforeAll(async () => {
  ;[browser, served] = await Promise.all([launchBrowser(), serveCli(dataDir)])
  const api = servedApi(() => served, dataDir)
  generic = await addIntegration(api, 'generic', 'Queue monitor')
  alertmanager = await addIntegration(api, 'alertmanager', 'Alertmanager')
  await alerts(1)
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.setDefaultTimeout(8000)
  await page.goto(served.uiUrl)
  await page.getByRole('listbox', { name: 'Incidents' }).getByRole('option').first().waitFor()
})

afterAll(async () => {
  await browser?.close()
  await served?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** The row of worker-`n`'s alert, by its whole title (worker-3 is not worker-30). */
const rowOf = (n: number) =>
  page.locator('.list [role=option]').filter({ has: page.locator('.row-title', { hasText: new RegExp(`worker-${n}$`) }) })
const topOf = (n: number) => rowOf(n).evaluate((el) => el.getBoundingClientRect().top)
const frames = () =>
  page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))))')

async function select(n: number) {
  await rowOf(n).click()
  await expect.poll(() => rowOf(n).getAttribute('aria-selected')).toBe('true')
  await frames()
}

it('keeps the selected row in place when a storm of 20 lengthens a list a little shorter than its view', async () => {
  // Rows that leave part of a row empty at the bottom of the view: one row more can scroll by only that part.
  const view = await page.locator('.list').evaluate((el) => el.clientHeight)
  expect(view % 52).not.toBe(0)
  await alerts(Math.floor(view / 52) - delivered)
  await expect.poll(() => page.locator('.list [role=option]').count()).toBe(delivered)
  const n = delivered - 3
  await select(n)
  const before = await topOf(n)
  await deliver(served, 'alertmanager', alertmanager, alertStorm(20, new Date()))
  // The storm is one group row, above the selected one...
  await page.getByRole('option', { name: /KubePodCrashLooping\s*20 incidents/ }).waitFor()
  // ...and the selected row sits exactly where it was, and stays there a few frames later.
  expect(await topOf(n)).toBe(before)
  await frames()
  expect(await topOf(n)).toBe(before)
  await page.getByRole('button', { name: '↑ 1 new' }).waitFor()
})

it('keeps the selected row in place when a burst of 20 arrives in a list scrolled by part of a row', async () => {
  await page.getByRole('button', { name: /new$/ }).click()
  await alerts(20)
  await page.locator('.list').evaluate((el) => (el.scrollTop = 6 * 52 + 17))
  const n = delivered - 10
  await select(n)
  const before = await topOf(n)
  await alerts(20)
  // Once the whole burst is in the list (every row of it has its place)...
  await expect.poll(() => page.locator('.list').evaluate((el) => el.scrollHeight)).toBe((delivered + 1) * 52)
  await expect.poll(() => page.locator('.new-pill').textContent()).toMatch(/^↑ \d+ new$/)
  // ...the selected row sits exactly where it was.
  expect(await topOf(n)).toBe(before)
  await frames()
  expect(await topOf(n)).toBe(before)
})
