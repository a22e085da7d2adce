// The window through an on-call week, in Chromium against `hookbell serve`: a 30-alert storm is one group
// acknowledged at once, the tray-popover width works list → detail → back, and the keyboard alone triages.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { serveCli, servedApi, type Served } from '../helpers/cli'
import { seedWeek } from '../helpers/on-call'
import { startReceiver } from '../helpers/receiver'
import { tempDir } from '../helpers/test-core'

const shots = process.env.HOOKBELL_SCREENSHOTS ? 'docs/screenshots' : (process.env.SHOTS_DIR ?? tempDir('hookbell-shots-'))
let browser: Browser
let served: Served
let page: Page
let receiver: Awaited<ReturnType<typeof startReceiver>>
const dataDir = tempDir()

beforeAll(async () => {
  ;[browser, served, receiver] = await Promise.all([launchBrowser(), serveCli(dataDir), startReceiver()])
  await seedWeek(served, dataDir)
  await servedApi(() => served, dataDir)('POST', '/api/targets', { name: 'Team webhook', url: `${receiver.url}/hook` })
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(served.uiUrl)
})

afterAll(async () => {
  await browser?.close()
  await served?.stop()
  await receiver?.stop()
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
  // The storm's member rows name the pod that sets each apart, whole, where their titles would be cut.
  await narrow
    .getByRole('option', { name: /KubePodCrashLooping/ })
    .locator('.row-expand')
    .click()
  const member = narrow.locator('.list [role=option].member .row-title').first()
  await expect.poll(() => member.textContent()).toMatch(/pod=checkout-api-7f9c6d-\d\d —/)
  expect(await member.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  await narrow.close()
})

it('triages with the keyboard alone: open, acknowledge, snooze 4 h, forward, search, clear', async () => {
  const kb = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  kb.setDefaultTimeout(8000)
  await kb.goto(served.uiUrl)
  await kb.getByRole('listbox', { name: 'Incidents' }).getByRole('option').first().waitFor()
  const focused = () => kb.evaluate('document.activeElement?.getAttribute("role") ?? document.activeElement?.tagName')
  // Tab reaches the rows.
  for (let i = 0; i < 40 && (await focused()) !== 'option'; i++) await kb.keyboard.press('Tab')
  expect(await focused()).toBe('option')
  const selected = kb.locator('.list [role=option][aria-selected=true]')
  for (let i = 0; i < 20 && !/ValueError/.test((await selected.textContent().catch(() => '')) ?? ''); i++)
    await kb.keyboard.press('j')
  await expect.poll(() => selected.textContent()).toContain('ValueError')
  // Open: the title takes focus.
  await kb.keyboard.press('Enter')
  await expect.poll(() => kb.evaluate('document.activeElement?.id')).toBe('detail-title')
  await kb.keyboard.press('a')
  await kb
    .getByRole('status')
    .getByText(/Acknowledged “ValueError/)
    .waitFor()
  // Snooze asks how long; the second choice is 4 hours.
  await kb.keyboard.press('s')
  await expect.poll(() => kb.evaluate('document.activeElement?.textContent')).toBe('1 hour')
  await kb.keyboard.press('ArrowDown')
  await kb.keyboard.press('Enter')
  await kb
    .getByRole('status')
    .getByText(/^Snoozed “ValueError/)
    .waitFor()
  await kb.keyboard.press('f')
  await expect.poll(() => kb.evaluate('document.activeElement?.textContent')).toBe('Team webhook')
  await kb.keyboard.press('Enter')
  await kb.getByText(/forwarded to Team webhook → 200/).waitFor()
  const api = servedApi(() => served, dataDir)
  const [sentry] = (await api<{ incidents: { id: string; title: string }[] }>('GET', '/api/incidents?q=ValueError')).incidents
  const detail = await api<{ status: string; snoozedUntil: string }>('GET', `/api/incidents/${sentry!.id}`)
  expect(detail.status).toBe('acknowledged')
  const hours = (Date.parse(detail.snoozedUntil) - Date.now()) / 3_600_000
  expect(hours).toBeGreaterThan(3.9)
  expect(hours).toBeLessThanOrEqual(4)
  expect(receiver.received.some((r) => r.body.includes('ValueError'))).toBe(true)
  // Search, leave the search with Esc (the next key goes to the list), then clear it with Esc.
  await kb.keyboard.press('/')
  await kb.keyboard.type('crash')
  await expect.poll(() => kb.url()).toContain('q=crash')
  await kb.keyboard.press('Escape')
  await expect.poll(focused).toBe('option')
  await kb.getByRole('option', { name: /KubePodCrashLooping/ }).waitFor()
  await kb.keyboard.press('j')
  await expect.poll(() => selected.count()).toBe(1)
  expect(await kb.getByRole('option', { name: /ValueError/ }).count()).toBe(0)
  await kb.keyboard.press('Escape')
  await expect.poll(() => kb.url()).not.toContain('q=')
  await kb.keyboard.press('?')
  await kb.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
  await kb.keyboard.press('Escape')
  await kb.close()
})

it('looks right in dark mode, wide and narrow (README screenshots)', async () => {
  for (const [name, viewport] of [
    ['dark-list', { width: 1280, height: 800 }],
    ['narrow-dark', { width: 420, height: 700 }],
  ] as const) {
    const context = await browser.newContext({ colorScheme: 'dark', viewport })
    const dark = await context.newPage()
    await dark.goto(served.uiUrl)
    const row = dark.getByRole('option', { name: /Error rate over 5%/ })
    await row.waitFor()
    if (name === 'dark-list') await row.click()
    await dark.waitForTimeout(200)
    await dark.screenshot({ path: join(shots, `${name}.png`) })
    await context.close()
  }
})

it('opens the incidents a delivery made from the deliveries log, with the keyboard', async () => {
  const log = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  log.setDefaultTimeout(5000)
  await log.goto(served.uiUrl)
  await log.getByRole('button', { name: 'Settings' }).click()
  await log.getByRole('tab', { name: 'Deliveries' }).click()
  // The storm was one Alertmanager delivery that made 30 incidents.
  const open = log.getByRole('button', { name: 'Open 30 incidents' })
  await open.focus()
  await log.keyboard.press('Enter')
  const title = log.locator('#detail-title')
  await title.waitFor()
  expect(await title.textContent()).toMatch(/crash looping/)
  // Shown inside its group, expanded, and the keyboard is in the detail.
  // (the group's row itself may be scrolled out of the virtualized list: the opened alert is its oldest)
  await log.locator('[role=option][aria-selected="true"].member', { hasText: 'crash looping' }).waitFor()
  await expect.poll(() => log.evaluate('!!document.activeElement?.closest("[aria-label=\'Incident detail\']")')).toBe(true)
  await log.close()
})

it('at 1280 px shows the whole search placeholder and the detail actions alike, none alone on a row', async () => {
  const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  wide.setDefaultTimeout(8000)
  await wide.goto(served.uiUrl)
  const search = wide.getByRole('searchbox', { name: 'Search incidents' })
  await search.waitFor()
  // However full the filter bar (long source names widen its menus), the search is never narrower than its
  // placeholder: the chips and menus wrap first. Measured in the page with the box's own font.
  const fit = await search.evaluate((el) => {
    const style = el.ownerDocument.defaultView!.getComputedStyle(el)
    const context = el.ownerDocument.createElement('canvas').getContext('2d')!
    context.font = style.font
    const inside = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'] as const
    const chrome = inside.reduce((sum, side) => sum + parseFloat(style[side]), 0)
    const text = context.measureText(el.getAttribute('placeholder') ?? '').width
    return { text, now: el.getBoundingClientRect().width - chrome, least: parseFloat(style.minWidth) - chrome }
  })
  expect(fit.text).toBeLessThanOrEqual(fit.now)
  expect(fit.text).toBeLessThanOrEqual(fit.least)

  await wide.getByRole('option', { name: /Error rate over 5%/ }).click()
  const actions = wide.getByRole('region', { name: 'Incident detail' }).locator('.detail-head .actions')
  await actions.getByRole('link', { name: 'Open in AppSignal' }).waitFor()
  const boxes = await actions.evaluate((el) =>
    [...el.querySelectorAll('button, a.button')].map((b) => {
      const r = b.getBoundingClientRect()
      const font = b.ownerDocument.defaultView!.getComputedStyle(b).fontSize
      return { name: b.textContent ?? '', top: Math.round(r.top), height: Math.round(r.height), font }
    }),
  )
  const ack = boxes.find((b) => b.name === 'Acknowledge')!
  // Copy as Markdown is as big as its neighbours...
  for (const b of boxes)
    expect({ name: b.name, height: b.height, font: b.font }).toEqual({ name: b.name, height: ack.height, font: ack.font })
  // ...and no button is alone on a row of its own.
  const rows = new Map<number, string[]>()
  for (const b of boxes) rows.set(b.top, [...(rows.get(b.top) ?? []), b.name])
  for (const names of rows.values()) expect(names.length, names.join()).toBeGreaterThan(1)
  await wide.close()
})
