// A forward template that renders exponentially, through the real local API: refused at preview and at
// save with the reason, in a bounded time, while the receiver keeps answering.
import { afterEach, describe, expect, it } from 'vitest'
import { startHttpApi } from '../helpers/http-api'
import { startCore, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
let api: Awaited<ReturnType<typeof startHttpApi>> | null = null
afterEach(async () => {
  await api?.stop()
  await t?.stop()
  api = null
  t = null
})

// The shape from the report: ~1.5 KB, each inline partial calls the previous one twice.
function bomb(): string {
  const lines = ['{{#*inline "p0"}}{"title": "{{INCIDENT_TITLE}}"}{{/inline}}']
  for (let i = 1; i <= 30; i++) lines.push(`{{#*inline "p${i}"}}{{> p${i - 1}}},{{> p${i - 1}}}{{/inline}}`)
  lines.push('[{{> p30}}]')
  return lines.join('\n')
}

const target = (template: string) => ({ name: 'Ops bridge', url: 'https://ops.example.com/hook', template })

describe('a forward template past the render bounds', () => {
  it('POST /api/targets/preview answers with the reason, quickly, and /healthz answers meanwhile', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const template = bomb()
    expect(template.length).toBeLessThan(1600)
    const started = Date.now()
    const [preview, health] = await Promise.all([
      api.send<{ ok: boolean; error: string }>('POST', '/api/targets/preview', { target: target(template) }),
      fetch(`${t.base}/healthz`),
    ])
    expect(preview.body).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^template: the template (produces too much text|runs too many)/),
    })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(health.status).toBe(200)
  })

  it('POST /api/targets refuses to save it (400, the reason), and PATCH refuses to put it on a saved target', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const created = await api.send<{ error: { message: string } }>('POST', '/api/targets', target(bomb()))
    expect(created.status).toBe(400)
    expect(created.body.error.message).toMatch(/^template: the template (produces too much text|runs too many)/)
    expect((await api.get<unknown[]>('/api/targets')).body).toEqual([])

    const ok = await api.send<{ id: string }>('POST', '/api/targets', target('{"title": "{{INCIDENT_TITLE}}"}'))
    expect(ok.status).toBe(201)
    const patched = await api.send<{ error: { message: string } }>('PATCH', `/api/targets/${ok.body.id}`, { template: bomb() })
    expect(patched.status).toBe(400)
    expect((await api.get<{ template: string }[]>('/api/targets')).body[0]!.template).toBe('{"title": "{{INCIDENT_TITLE}}"}')
  })
})
