// axe-core in Chromium on every screen of the window, light and dark: the list, each kind of detail, a group,
// the shortcut help, the narrow layout and every settings tab. Serious and critical violations fail the test.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { serveCli, servedApi, type Served } from '../helpers/cli'
import { seedWeek } from '../helpers/on-call'
import { tempDir } from '../helpers/test-core'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
let browser: Browser
let served: Served
const dataDir = tempDir()
// README screenshots of Settings at tray size with HOOKBELL_SCREENSHOTS=1, as the other e2e files take theirs.
const shots = process.env.HOOKBELL_SCREENSHOTS ? 'docs/screenshots' : tempDir('hookbell-shots-')

beforeAll(async () => {
  ;[browser, served] = await Promise.all([launchBrowser(), serveCli(dataDir)])
  await seedWeek(served, dataDir)
  await servedApi(() => served, dataDir)('POST', '/api/targets', {
    name: 'Team webhook',
    url: 'http://127.0.0.1:9/hook',
    enabled: true,
  })
})

afterAll(async () => {
  await browser?.close()
  await served?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

interface Violation {
  id: string
  impact: string
  help: string
  nodes: { target: string[]; failureSummary: string }[]
}

/** Runs axe on the page as it is; returns serious and critical violations in a readable form. */
async function axe(page: Page, screen: string): Promise<string[]> {
  // Animations and the relative-time refresh must not catch axe mid-change.
  await page.waitForTimeout(150)
  // Evaluated in the page (outside its CSP, as devtools code is), once per page.
  if (!(await page.evaluate('"axe" in window'))) await page.evaluate(AXE)
  const violations = (await page.evaluate('axe.run().then((r) => r.violations)')) as Violation[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

async function headings(page: Page): Promise<{ h1: number; main: number; banner: number }> {
  return page.evaluate(`({
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
    banner: document.querySelectorAll('header.topbar').length,
  })`)
}

for (const scheme of ['light', 'dark'] as const) {
  describe(`${scheme} mode`, () => {
    it('the list, every detail kind, a group and the shortcut help have no serious or critical violation', async () => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 800 } })
      const page = await context.newPage()
      page.setDefaultTimeout(5000)
      await page.goto(served.uiUrl)
      const list = page.getByRole('listbox', { name: 'Incidents' })
      await list.getByRole('option').first().waitFor()
      const found: string[] = [...(await axe(page, 'list'))]
      expect(await headings(page)).toEqual({ h1: 1, main: 1, banner: 1 })
      for (const [kind, title] of [
        ['exception', /ValueError/],
        ['performance', /Slow request/],
        ['anomaly', /Error rate over 5%/],
        ['alert', /Disk on db-1/],
        ['generic', /Database connection timeout/],
        ['retrace', /Website Check/],
        ['group', /^Group, \w+:\s*KubePodCrashLooping/],
        ['check group', /^Group, \w+:\s*Production checks/],
      ] as const) {
        await list.getByRole('option', { name: title }).first().click()
        await page.locator('#detail-title, #group-title').first().waitFor()
        found.push(...(await axe(page, `detail ${kind}`)))
      }
      await page
        .getByRole('button', { name: 'Forward to ▸' })
        .first()
        .click()
        .catch(() => undefined)
      await page.keyboard.press('Escape')
      await page.locator('body').press('?')
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
      found.push(...(await axe(page, 'help')))
      await page.keyboard.press('Escape')
      await page.setViewportSize({ width: 420, height: 700 })
      found.push(...(await axe(page, 'narrow detail')))
      await page.getByRole('button', { name: '‹ Back to incidents' }).click()
      found.push(...(await axe(page, 'narrow list')))
      expect(found).toEqual([])
      await context.close()
    })

    it('every settings screen has no serious or critical violation', async () => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 800 } })
      const page = await context.newPage()
      page.setDefaultTimeout(5000)
      await page.goto(served.uiUrl)
      await page.getByRole('button', { name: 'Settings' }).click()
      const found: string[] = []
      for (const tab of ['Integrations', 'Forwarding', 'Notifications', 'Receiver & relay', 'Deliveries']) {
        await page.getByRole('tab', { name: tab }).click()
        await page.waitForTimeout(200)
        found.push(...(await axe(page, `settings ${tab}`)))
        expect((await headings(page)).h1).toBe(1)
      }
      // The deliveries log filtered to refusals, and its links to incidents.
      await page.getByRole('checkbox', { name: 'Rejected only' }).check()
      await page.waitForTimeout(200)
      found.push(...(await axe(page, 'settings Deliveries, rejected only')))
      await page.getByRole('checkbox', { name: 'Rejected only' }).uncheck()
      await page
        .getByRole('button', { name: /^Open (incident|\d+ incidents)$/ })
        .first()
        .waitFor()
      // A template error in the target editor: preformatted, with its caret, scrollable by keyboard.
      await page.getByRole('tab', { name: 'Forwarding' }).click()
      await page.getByRole('button', { name: 'Add forward target' }).click()
      await page.getByLabel('Body template').fill('{\n  "text": "{{INCIDENT_TITLE}"\n}')
      const error = page.getByTestId('template-error')
      await error.waitFor()
      expect(await error.textContent()).toMatch(
        /^template: line 2, column \d+: .*\n2 \| {3}"text": "\{\{INCIDENT_TITLE\}"\n {2}\| +\^$/,
      )
      found.push(...(await axe(page, 'settings Forwarding, template error')))
      expect(found).toEqual([])
      await context.close()
    })

    it('at tray-popover size (420×700) every settings screen takes the whole width, scrolls only down, and passes axe', async () => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 420, height: 700 } })
      const page = await context.newPage()
      page.setDefaultTimeout(5000)
      await page.goto(served.uiUrl)
      await page.getByRole('button', { name: 'Settings' }).click()
      const found: string[] = []
      // Settings first lists its sections, across the window (no 200 px sidebar beside a squeezed section).
      const list = page.getByRole('tablist', { name: 'Settings' })
      expect((await list.boundingBox())!.width).toBeGreaterThan(380)
      found.push(...(await axe(page, 'narrow settings list')))
      for (const tab of ['Integrations', 'Forwarding', 'Notifications', 'Receiver & relay', 'Deliveries']) {
        await page.getByRole('tab', { name: tab }).click()
        const section = page.getByRole('region', { name: tab })
        await section.waitFor()
        await page.waitForTimeout(200)
        expect(await list.count()).toBe(0)
        const layout = (await page.evaluate(`(() => {
          const body = document.querySelector('.tab-body')
          const narrowest = [...body.querySelectorAll('.card, .field-value, .code, pre, textarea')]
            .filter((el) => el.getClientRects().length > 0)
            .map((el) => ({ what: el.className || el.tagName, width: Math.round(el.getBoundingClientRect().width) }))
            .sort((a, b) => a.width - b.width)[0] ?? null
          const right = body.getBoundingClientRect().right
          const wide = [...body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > right + 1)
          return {
            // What sticks out, to name it when this fails.
            wide: wide.slice(0, 3).map((el) => el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 40)),
            scrolls: document.documentElement.scrollWidth > innerWidth || body.scrollWidth > body.clientWidth,
            narrowest,
          }
        })()`)) as { wide: string[]; scrolls: boolean; narrowest: { what: string; width: number } | null }
        expect(layout.scrolls, `${tab} scrolls sideways: ${layout.wide.join(' | ')}`).toBe(false)
        if (layout.narrowest) expect(layout.narrowest.width, `${tab}: ${layout.narrowest.what}`).toBeGreaterThanOrEqual(300)
        found.push(...(await axe(page, `narrow settings ${tab}`)))
        if (tab === 'Integrations') await page.screenshot({ path: join(shots, `narrow-settings-${scheme}.png`) })
        await page.getByRole('button', { name: '‹ All settings' }).click()
        await list.waitFor()
      }
      expect(found).toEqual([])
      await context.close()
    })
  })
}
