// The window end to end in Chromium against `hookbell serve`: set up an integration in Settings, watch an
// incident arrive live, read its backtrace and anomaly values, acknowledge it, forward it, see the result.
// Screenshots go to docs/screenshots with HOOKBELL_SCREENSHOTS=1 (the README shows them), else to a temp dir.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { launchBrowser } from '../helpers/browser'
import { serveCli, type Served } from '../helpers/cli'
import { startReceiver } from '../helpers/receiver'
import { appsignalSignature, hmacHex } from '../helpers/sign'
import { tempDir } from '../helpers/test-core'

const shots = process.env.HOOKBELL_SCREENSHOTS ? 'docs/screenshots' : tempDir('hookbell-shots-')
let browser: Browser
let served: Served
let receiver: Awaited<ReturnType<typeof startReceiver>>
let page: Page
const dataDir = tempDir()

beforeAll(async () => {
  ;[browser, served, receiver] = await Promise.all([
    launchBrowser(),
    serveCli(dataDir),
    startReceiver(() => ({ status: 200, body: '{"received":true}' })),
  ])
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.setDefaultTimeout(8000)
  await page.goto(served.uiUrl)
})

afterAll(async () => {
  await browser?.close()
  await served?.stop()
  await receiver?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const token = () => readFileSync(join(dataDir, 'api-token'), 'utf8').trim()
const deliver = (id: string, body: string, headers: Record<string, string>) =>
  fetch(`${served.receiverBase}/hooks/${id}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  })

it('adds a Sentry integration in Settings and shows its setup', async () => {
  await page.getByText('Your first incident in a minute').waitFor()
  await page.getByRole('button', { name: 'Add an integration' }).click()
  await page.getByLabel('Provider').selectOption('sentry')
  await page.getByLabel('Name', { exact: true }).fill('Sentry prod')
  await page.getByLabel('Secret').fill('sentry-client-secret')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  const card = page.getByRole('region', { name: 'New integration' })
  await card.getByText('Sentry prod is ready').waitFor()
  await expect.poll(() => card.textContent()).toContain('/hooks/')
  await expect.poll(() => card.textContent()).toContain('Client Secret')
})

it('shows a Sentry exception live, with its backtrace, and acknowledges it', async () => {
  const integrations = (await (
    await fetch(`${served.uiBase}/api/integrations`, { headers: { authorization: `Bearer ${token()}` } })
  ).json()) as { id: string; name: string }[]
  const sentry = integrations.find((i) => i.name === 'Sentry prod')!
  await page.getByRole('button', { name: /^Incidents/ }).click()
  const body = fixture('sentry', 'event_alert')
  expect(
    (
      await deliver(sentry.id, body, {
        'sentry-hook-resource': 'event_alert',
        'sentry-hook-signature': hmacHex('sentry-client-secret', body),
      })
    ).status,
  ).toBe(202)

  const row = page.locator('[role=option]', { hasText: 'ValueError' })
  await row.waitFor()
  await row.click()
  const detail = page.getByRole('region', { name: 'Incident detail' })
  await detail.locator('.frame.in-app', { hasText: 'parse_quantity' }).waitFor()
  // One library frame is shown as it is (a fold that hides one line saves nothing), dimmed, not as app code.
  await detail.locator('.frame:not(.in-app)', { hasText: '_get_response' }).waitFor()
  await page.screenshot({ path: join(shots, 'exception-detail.png') })

  await detail.getByRole('button', { name: 'Acknowledge' }).click()
  await detail.locator('.status-acknowledged').waitFor()
})

it('shows an AppSignal anomaly with its values against the threshold', async () => {
  const auth = { authorization: `Bearer ${token()}`, 'content-type': 'application/json' }
  const created = (await (
    await fetch(`${served.uiBase}/api/integrations`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ provider: 'appsignal', name: 'AppSignal', secret: 'as-token' }),
    })
  ).json()) as { integration: { id: string } }
  for (const name of ['exception', 'performance']) {
    const body = fixture('appsignal', name)
    await deliver(created.integration.id, body, { 'x-appsignal-signature': appsignalSignature('as-token', body) })
  }
  const body = fixture('appsignal', 'anomaly-wrapped')
  expect(
    (await deliver(created.integration.id, body, { 'x-appsignal-signature': appsignalSignature('as-token', body) })).status,
  ).toBe(202)
  const row = page.locator('[role=option]', { hasText: 'Error rate over 5%' })
  await row.waitFor()
  await row.click()
  const detail = page.getByRole('region', { name: 'Incident detail' })
  await expect.poll(() => detail.getByTestId('metric-last').textContent()).toBe('7.5 %')
  await expect.poll(() => detail.getByTestId('metric-peak').textContent()).toBe('9.25 %')
  await detail.getByText('Alert when > 5 %').waitFor()
  await page.screenshot({ path: join(shots, 'anomaly-detail.png') })
})

it('forwards an incident to a local receiver and shows the result in the timeline', async () => {
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('tab', { name: 'Forwarding' }).click()
  await page.getByRole('button', { name: 'Add forward target' }).click()
  await page.getByLabel('Target name').fill('Team webhook')
  await page.getByLabel('Target URL').fill(`${receiver.url}/hook`)
  await page.getByRole('button', { name: 'Add target' }).click()
  const card = page.getByRole('listitem', { name: 'Target Team webhook' })
  await card.waitFor()
  await card.getByRole('button', { name: 'Test' }).click()
  await expect.poll(() => card.getByTestId('target-test-result').textContent()).toMatch(/^Delivered: 200/)

  await page.getByRole('button', { name: /^Incidents/ }).click()
  await page.locator('[role=option]', { hasText: 'Error rate over 5%' }).click()
  const detail = page.getByRole('region', { name: 'Incident detail' })
  await detail.getByRole('button', { name: 'Forward to ▸' }).click()
  await detail.getByRole('menuitem', { name: 'Team webhook' }).click()
  await detail.getByText('forwarded to Team webhook → 200').waitFor()
  const forwarded = receiver.received
    .map((r) => JSON.parse(r.body) as { event: string; data: { title: string } })
    .find((b) => b.event === 'incident.forwarded' && b.data.title.startsWith('Error rate'))
  expect(forwarded).toBeTruthy()
})

it('keeps filters in the URL and moves with the keyboard', async () => {
  await page.getByRole('button', { name: /^critical/ }).click()
  await expect.poll(() => page.url()).toContain('severity=critical')
  await page.getByRole('button', { name: /^critical/ }).click()
  await page.keyboard.press('Escape')
  await page.locator('body').click({ position: { x: 5, y: 790 } })
  const selected = async () => page.locator('[role=option][aria-selected=true]').textContent()
  // The selection went with the filter that hid it; j starts at the first row and moves on.
  await page.keyboard.press('j')
  const first = await selected()
  await page.keyboard.press('j')
  await expect.poll(selected).not.toBe(first)
  await page.keyboard.press('/')
  await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Search incidents')
})

it('types every key after / into the search at machine speed, and none acts on the list', async () => {
  const api = (path: string) => fetch(`${served.uiBase}${path}`, { headers: { authorization: `Bearer ${token()}` } })
  const statuses = async () =>
    ((await (await api('/api/incidents')).json()) as { incidents: { id: string; status: string }[] }).incidents
      .map((i) => `${i.id}:${i.status}`)
      .sort()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  await page.locator('body').click({ position: { x: 5, y: 790 } })
  await page.keyboard.press('j')
  await page.locator('[role=option][aria-selected=true]').waitFor()
  const before = await statuses()
  // `a`, `r`, `s`, `x` and `f` are shortcuts: typed as a paste types them, none may reach the list.
  await page.keyboard.type('/arsxf', { delay: 0 })
  const search = page.getByRole('searchbox', { name: 'Search incidents' })
  await expect.poll(() => search.inputValue()).toBe('arsxf')
  await expect.poll(() => page.url()).toContain('q=arsxf')
  expect(await statuses()).toEqual(before)
  // Nothing matches: Esc clears the search and gives the keys back (it used to keep focus in the box).
  await page.keyboard.press('Escape')
  await expect.poll(() => page.url()).not.toContain('q=')
  await page.keyboard.type('/Slow', { delay: 0 })
  await expect.poll(() => search.inputValue()).toBe('Slow')
})
