// What each answer of a tool's API leads to when Hookbell acts on the source, for every tool in the registry
// (tools/index.ts), so a tool added there is covered here too: a stand-in API answers 401, 403, 404, 429
// with Retry-After, 500 then 200, or not at all, and the action ends in the right state with the right line
// on the incident's timeline. The incident is real: a provider sample signed inside the core and received.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../src/main/core/providers'
import { SOURCE_TOOLS } from '../../src/main/core/source-actions/tools'
import type { SourceTool } from '../../src/main/core/source-actions/types'
import type { IncidentDetail } from '../../src/shared/incident'
import { startReceiver, type Answer, type Received } from '../helpers/receiver'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

type Script = (n: number) => Answer
let t: TestCore
let standIn: Awaited<ReturnType<typeof startReceiver>>
/** The answers of the stand-in, by the path prefix each case's connection points at. */
const scripts = new Map<string, Script>()
const seenAt = new Map<string, number[]>()

beforeAll(async () => {
  standIn = await startReceiver((req: Received) => {
    const key = req.path.split('/')[1]!
    const times = seenAt.get(key) ?? []
    times.push(Date.now())
    seenAt.set(key, times)
    return scripts.get(key)?.(times.length) ?? { status: 500 }
  })
  t = await startCore({ sourceActions: { retryDelaysMs: [0, 50, 50, 50], timeoutMs: 300 } })
  await t.api['settings.update']({ userName: 'Dana' })
})
afterAll(async () => {
  await t?.stop()
  await standIn?.stop()
})

/** The user action a tool acts on for an open incident: acknowledge where it has it, else resolve. */
const actionOf = (tool: SourceTool) => (tool.actions.includes('acknowledge') ? 'acknowledge' : 'resolve')

/** An integration of the tool's provider acting on the stand-in under `/<key>`, and an open incident of it. */
async function openIncident(tool: SourceTool, key: string, script: Script): Promise<string> {
  scripts.set(key, script)
  const provider = PROVIDERS.get(tool.provider)!
  const { integration } = await t.api['integrations.create']({
    provider: tool.provider,
    name: `${tool.name} ${key}`,
    ...(provider.secret === 'none' ? {} : { secret: `hbk_${randomBytes(24).toString('hex')}` }),
  })
  await t.api['integrations.setSourceConnection']({
    id: integration.id,
    apiUrl: `${standIn.url}/${key}`,
    credential: 'tok_standin_0123456789',
    ...(tool.fields.user ? { user: 'dana@example.com' } : {}),
  })
  for (const sample of Object.keys(provider.samples)) {
    const sent = await t.api['integrations.sendTest']({ id: integration.id, sample })
    for (const id of sent.incidentIds) {
      const incident = await t.api['incidents.get']({ id })
      if (incident.status === 'open') return id
    }
  }
  throw new Error(`no sample of ${tool.provider} opens an incident`)
}

async function act(tool: SourceTool, id: string): Promise<IncidentDetail> {
  return actionOf(tool) === 'acknowledge' ? t.api['incidents.acknowledge']({ id }) : t.api['incidents.resolve']({ id })
}

const sourceLines = (detail: IncidentDetail) => detail.timeline.filter((e) => e.type === 'source').map((e) => e.text)

/** Waits until the incident's (only) action on the source is no longer pending. */
async function settled(id: string): Promise<IncidentDetail> {
  return eventually(async () => {
    const detail = await t.api['incidents.get']({ id })
    expect(detail.sourceActions?.[0]?.state).not.toBe('pending')
    return detail
  }, 10_000)
}

const ok = (): Answer => ({ status: 200, body: JSON.stringify({ silenceID: 'b1f3c2d4-0000-4000-8000-000000000001' }) })

describe.each(SOURCE_TOOLS.map((tool) => [tool.name, tool] as const))('%s', (_name, tool) => {
  const key = (c: string) => `${tool.provider}-${c}`

  it.each([
    [401, 'the credential was not accepted'],
    [403, 'the credential lacks write access'],
    [404, 'gone at the source'],
  ])('%i fails for good with the reason on the timeline, and the local change stays', async (status, meaning) => {
    const id = await openIncident(tool, key(String(status)), () => ({
      status,
      body: JSON.stringify({ message: `stand-in says ${status}`, error: { message: `stand-in says ${status}` } }),
    }))
    const acted = await act(tool, id)
    expect(acted.status).not.toBe('open')
    const detail = await settled(id)
    expect(detail.status).toBe(acted.status)
    expect(detail.sourceActions![0]).toMatchObject({ state: 'failed', lastStatus: status, attempts: 1 })
    const lines = sourceLines(detail)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`${tool.name} refused: ${status}, ${meaning}`)
    expect(seenAt.get(key(String(status)))).toHaveLength(1)
  })

  it('a failed action is sent again by Retry, and its success is noted', async () => {
    let refuse = true
    const id = await openIncident(tool, key('retry-button'), () => (refuse ? { status: 403 } : ok()))
    await act(tool, id)
    const failed = await settled(id)
    refuse = false
    await t.api['sourceActions.retry']({ id: failed.sourceActions![0]!.id })
    const done = await settled(id)
    expect(done.sourceActions![0]).toMatchObject({ state: 'done', lastStatus: 200 })
    expect(sourceLines(done)).toHaveLength(2)
    await expect(t.api['sourceActions.retry']({ id: failed.sourceActions![0]!.id })).rejects.toMatchObject({ status: 404 })
  })

  it('a failed action retried after the incident was reopened is not sent: it is no longer true', async () => {
    const id = await openIncident(tool, key('stale'), () => ({ status: 403 }))
    await act(tool, id)
    const failed = (await settled(id)).sourceActions![0]!
    await t.api['incidents.reopen']({ id })
    // Whatever the reopen itself sends (nothing for a silence that never was), the retry adds no request.
    await eventually(async () => {
      const d = await t.api['incidents.get']({ id })
      expect(d.sourceActions!.every((a) => a.state !== 'pending')).toBe(true)
    })
    const before = seenAt.get(key('stale'))!.length
    const reopened = await t.api['incidents.get']({ id })
    if (reopened.sourceActions!.length > 1) {
      // The reopen is an action of its own at this tool (un-acknowledge, unresolve): the failed one is no
      // longer the incident's latest, and Retry refuses it.
      await expect(t.api['sourceActions.retry']({ id: failed.id })).rejects.toMatchObject({ status: 409 })
    } else {
      await t.api['sourceActions.retry']({ id: failed.id })
      const detail = await eventually(async () => {
        const d = await t.api['incidents.get']({ id })
        expect(d.sourceActions!.find((a) => a.id === failed.id)?.state).toBe('skipped')
        return d
      })
      expect(sourceLines(detail)).toContain(`Not sent to ${tool.name}: the incident is open now`)
    }
    expect(seenAt.get(key('stale'))!.length).toBe(before)
  })

  it('429 with Retry-After waits at least that long, then succeeds', async () => {
    const id = await openIncident(tool, key('429'), (n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : ok()))
    await act(tool, id)
    const pending = await eventually(async () => {
      const detail = await t.api['incidents.get']({ id })
      expect(detail.sourceActions![0]).toMatchObject({ state: 'pending', lastStatus: 429, attempts: 1 })
      return detail
    })
    // Retry-After 2 s wins over the first retry's shorter wait.
    expect(sourceLines(pending)).toEqual([`${tool.name}: attempt 1 failed (${tool.name} answered 429); retrying in 2 s`])
    const detail = await settled(id)
    expect(detail.sourceActions![0]).toMatchObject({ state: 'done', attempts: 2 })
    const [first, second] = seenAt.get(key('429'))!
    expect(second! - first!).toBeGreaterThanOrEqual(1900)
  })

  it('500 then 200: retried, then done', async () => {
    const id = await openIncident(tool, key('500'), (n) => (n === 1 ? { status: 500 } : ok()))
    await act(tool, id)
    const detail = await settled(id)
    expect(detail.sourceActions![0]).toMatchObject({ state: 'done', lastStatus: 200, attempts: 2 })
    const lines = sourceLines(detail)
    expect(lines[0]).toMatch(
      new RegExp(`^${tool.name}: attempt 1 failed \\(${tool.name} answered 500\\); retrying in [0-9.]+ s$`),
    )
    expect(lines).toHaveLength(2)
    // A tool whose request creates (a silence) first looks for what the failed attempt may have made.
    expect(seenAt.get(key('500'))).toHaveLength(tool.lookup ? 3 : 2)
  })

  it('a timeout is retried', async () => {
    const id = await openIncident(tool, key('timeout'), (n) => (n === 1 ? 'hang' : ok()))
    await act(tool, id)
    const detail = await settled(id)
    expect(detail.sourceActions![0]).toMatchObject({ state: 'done', attempts: 2 })
    expect(sourceLines(detail)[0]).toContain(`no answer from ${tool.name} within`)
  })
})

it('the registry has a tool for Alertmanager and Grafana at least', () => {
  expect(SOURCE_TOOLS.map((tool) => tool.provider)).toEqual(expect.arrayContaining(['alertmanager', 'grafana']))
})
