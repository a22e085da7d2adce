// A new user's first minute, in a real browser against the real `hookbell serve`.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { launchBrowser } from '../helpers/browser'
import { runCli, serveCli, type Served } from '../helpers/cli'
import { hmacHex } from '../helpers/sign'
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

it('shows an incident posted while the page is open, live, and acknowledges it', async () => {
  const page = await browser.newPage()
  await page.goto(served.uiUrl)
  // The token leaves the address bar once read.
  await expect.poll(() => page.url()).not.toContain('token=')
  await page.getByText('Your first incident in a minute').waitFor()

  const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim()
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const created = (await (
    await fetch(`${served.uiBase}/api/integrations`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ provider: 'generic' }),
    })
  ).json()) as {
    integration: { id: string }
    secret: string
  }
  const body = fixture('generic', 'triggered')
  const delivered = await fetch(`${served.receiverBase}/hooks/${created.integration.id}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(created.secret, body)}` },
  })
  expect(delivered.status).toBe(202)

  const row = page.locator('[role=option]', { hasText: 'Database connection timeout' })
  await row.waitFor()
  await row.click()
  await page.getByRole('heading', { name: 'Database connection timeout' }).waitFor()
  await page.getByRole('button', { name: 'Acknowledge', exact: true }).click()
  await page.locator('.detail .status-acknowledged').waitFor()

  const list = (await (await fetch(`${served.uiBase}/api/incidents?status=acknowledged`, { headers: auth })).json()) as {
    incidents: { status: string }[]
  }
  expect(list.incidents).toHaveLength(1)
  await page.close()
})

it('hookbell send delivers a signed sample to the running app', async () => {
  // No port given: the CLI finds the running app through instance.json and asks it.
  const added = await runCli(['integrations', 'add', 'generic', '--data-dir', dataDir, '--name', 'CLI try-out'])
  expect(added.stdout).toMatch(/Secret:\s+hbk_/)
  const url = /Receiver URL:\s+(\S+)/.exec(added.stdout)![1]!
  expect(url.startsWith(`${served.receiverBase}/hooks/`)).toBe(true)
  // The first test added a generic integration too: with two, send asks which one.
  const ambiguous = await runCli(['send', 'generic', '--data-dir', dataDir])
  expect(ambiguous.code).toBe(2)
  expect(ambiguous.stderr).toMatch(/2 generic integrations: pass --integration ID/)
  const id = /, id (\S+)/.exec(added.stdout)![1]!
  expect(added.stdout).toContain(`Try it:       hookbell send --integration ${id}`)
  const sent = await runCli(['send', '--integration', id, '--data-dir', dataDir])
  expect(sent.code, sent.stdout + sent.stderr).toBe(0)
  expect(sent.stdout).toMatch(/→ \S+: 202 accepted, incident /)
  // --to and --secret aim at any receiver URL; a wrong secret is refused with the reason.
  const secret = /Secret:\s+(\S+)/.exec(added.stdout)![1]!
  const direct = await runCli(['send', 'generic', '--sample', 'resolved', '--to', url, '--secret', secret])
  expect(direct.stdout).toMatch(/"resolved" → \S+: 202/)
  const wrong = await runCli(['send', 'generic', '--to', url, '--secret', 'not-it'])
  expect(wrong.code).toBe(1)
  expect(wrong.stderr).toMatch(/401 .*signature mismatch/)
})
