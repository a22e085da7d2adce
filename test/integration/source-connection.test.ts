// The "Act on the source" connection of an integration: its credential is write-only through the real local
// API (views say hasCredential, never the value; a save without it keeps it), kept on disk through the
// settings' secret codec like integration secrets, "Test connection" says what the credential may do or why
// it failed, and the CLI sets it (`hookbell integrations source`).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { IntegrationView, SourceTestResult } from '../../src/shared/model'
import type { SecretCodec } from '../../src/main/core'
import { fixture } from '../fixtures/load'
import { runCli, serveCli, servedApi, type Served } from '../helpers/cli'
import { startHttpApi } from '../helpers/http-api'
import { startReceiver } from '../helpers/receiver'
import { startCore, tempDir, type TestCore } from '../helpers/test-core'

const CREDENTIAL = 'glsa_Zq7mW2xK9pL4vT8nR3sY6bH1cF5dJ0gA_1a2b3c4d'
/** Stands in for the keychain: what it writes is not the plain credential. */
const SEALING: SecretCodec = {
  encode: (plain) => `sealed:${Buffer.from(plain).toString('base64')}`,
  decode: (stored) => (stored.startsWith('sealed:') ? Buffer.from(stored.slice(7), 'base64').toString() : stored),
}

let standIn: Awaited<ReturnType<typeof startReceiver>>
beforeAll(async () => {
  standIn = await startReceiver((req) => {
    if (req.headers.authorization !== `Bearer ${CREDENTIAL}`)
      return { status: 401, body: JSON.stringify({ message: 'invalid API key' }) }
    if (req.path === '/api/access-control/user/permissions')
      return { status: 200, body: JSON.stringify({ 'alert.silences:create': [''], 'alert.silences:write': [''] }) }
    return { status: 404, body: '{}' }
  })
})
afterAll(async () => standIn.stop())

describe('through the local API', () => {
  let t: TestCore | null = null
  let api: Awaited<ReturnType<typeof startHttpApi>> | null = null
  afterEach(async () => {
    await api?.stop()
    await t?.stop()
  })

  it('never answers the credential back, keeps it on a save without one, and stores it sealed', async () => {
    t = await startCore({ secretCodec: SEALING })
    api = await startHttpApi(t)
    const created = await api.send<{ integration: IntegrationView }>('POST', '/api/integrations', { provider: 'grafana' })
    const id = created.body.integration.id
    expect(created.body.integration.sourceTool).toMatchObject({ name: 'Grafana', silences: true })
    expect(created.body.integration.source).toBeNull()

    const saved = await api.send<IntegrationView>('POST', `/api/integrations/${id}/source`, {
      apiUrl: `${standIn.url}/`,
      credential: CREDENTIAL,
      silenceMinutes: 45,
    })
    expect(saved.status).toBe(200)
    expect(saved.body.source).toEqual({ apiUrl: standIn.url, user: '', silenceMinutes: 45, hasCredential: true })
    expect(JSON.stringify(saved.body)).not.toContain(CREDENTIAL)
    const listed = await api.get<IntegrationView[]>('/api/integrations')
    expect(JSON.stringify(listed.body)).not.toContain(CREDENTIAL)
    expect(readFileSync(join(t.dataDir, 'settings.json'), 'utf8')).not.toContain(CREDENTIAL)

    await api.send('POST', `/api/integrations/${id}/source`, { silenceMinutes: 90 })
    expect(t.core.settings.integration(id)!.source).toEqual({
      apiUrl: standIn.url,
      credential: CREDENTIAL,
      user: '',
      silenceMinutes: 90,
    })

    const tested = await api.send<SourceTestResult>('POST', `/api/integrations/${id}/source/test`, {})
    expect(tested.body).toEqual({ ok: true, status: 200, message: 'The token may create and expire silences.' })
    const wrong = await api.send<SourceTestResult>('POST', `/api/integrations/${id}/source/test`, { credential: 'glsa_wrong' })
    expect(wrong.body).toEqual({
      ok: false,
      status: 401,
      message: 'Grafana refused: 401, the credential was not accepted (invalid API key)',
    })

    const cleared = await api.send<IntegrationView>('POST', `/api/integrations/${id}/source`, { clear: true })
    expect(cleared.body.source).toBeNull()
    expect(t.core.settings.integration(id)!.source).toBeUndefined()
  })

  it('suggests a URL only from a delivery verification accepted, never from a refused one', async () => {
    t = await startCore()
    const secret = 'hbk_4f0c9a2e7b1d6e3a8c5f2b9d0e7a4c1f6b3d8e5a'
    const { integration } = await t.api['integrations.create']({ provider: 'grafana', secret })
    const alerting = fixture('grafana', 'alerting')
    // Anyone who knows the receiver URL can post; without the token it is refused (401) but still logged.
    const forged = alerting.replaceAll('https://grafana.example.com/', 'https://evil.example.net/')
    expect((await t.post(integration.id, forged, { 'User-Agent': 'Grafana' })).status).toBe(401)
    const suggested = async () => (await t!.api['integrations.list']({})).find((i) => i.id === integration.id)!.sourceTool
    expect(await suggested()).toMatchObject({ suggestedUrl: null, suggestedFrom: null })

    const signed = await t.post(integration.id, alerting, { 'User-Agent': 'Grafana', authorization: `Bearer ${secret}` })
    expect(signed.status).toBe(202)
    expect(await suggested()).toMatchObject({ suggestedUrl: 'https://grafana.example.com', suggestedFrom: 'delivery' })
    // A refused post after it does not replace what the accepted one named.
    expect((await t.post(integration.id, forged, { 'User-Agent': 'Grafana' })).status).toBe(401)
    expect(await suggested()).toMatchObject({ suggestedUrl: 'https://grafana.example.com', suggestedFrom: 'delivery' })
  })

  it('sends the stored credential to no other origin: a new API URL, saved or tested, needs it again', async () => {
    const other = await startReceiver(() => ({ status: 200, body: '{}' }))
    try {
      t = await startCore()
      const { integration } = await t.api['integrations.create']({ provider: 'grafana' })
      const id = integration.id
      await t.api['integrations.setSourceConnection']({ id, apiUrl: standIn.url, credential: CREDENTIAL })

      await expect(t.api['integrations.testSourceConnection']({ id, apiUrl: other.url })).rejects.toThrow(
        'a new API URL needs its credential again',
      )
      await expect(t.api['integrations.setSourceConnection']({ id, apiUrl: `${other.url}/` })).rejects.toThrow(
        'a new API URL needs its credential again',
      )
      expect(other.received).toEqual([])
      expect(t.core.settings.integration(id)!.source).toMatchObject({ apiUrl: standIn.url, credential: CREDENTIAL })

      // The same origin under another path (Grafana behind a sub-path) keeps it.
      await t.api['integrations.setSourceConnection']({ id, apiUrl: `${standIn.url}/grafana` })
      expect(t.core.settings.integration(id)!.source).toMatchObject({ credential: CREDENTIAL })
      // Given again, the new URL is taken.
      const tested = await t.api['integrations.testSourceConnection']({ id, apiUrl: other.url, credential: 'glsa_other' })
      expect(tested.ok).toBe(true)
      expect(other.received.map((r) => r.headers.authorization)).toEqual(['Bearer glsa_other'])
      await t.api['integrations.setSourceConnection']({ id, apiUrl: other.url, credential: 'glsa_other' })
      expect(t.core.settings.integration(id)!.source).toMatchObject({ apiUrl: other.url, credential: 'glsa_other' })
    } finally {
      await other.stop()
    }
  })

  it('refuses a credential or user a request header can not carry, at save and at test, without quoting it', async () => {
    t = await startCore()
    const grafana = (await t.api['integrations.create']({ provider: 'grafana' })).integration.id
    const pagerduty = (await t.api['integrations.create']({ provider: 'pagerduty', secret: 'pd-subscription-secret' }))
      .integration.id
    const refusals: [string, Record<string, string>][] = [
      [grafana, { credential: 'glsa_FIRSTHALF\nSECONDHALF' }],
      [grafana, { credential: 'glsa_FIRSTHALF\u0000SECONDHALF' }],
      [grafana, { credential: 'glsa_FIRSTHALF\u2028SECONDHALF' }],
      [pagerduty, { credential: 'u+FIRSTHALFabcdefghij', user: 'dana@example.com\r\nX-FIRSTHALF: 1' }],
    ]
    for (const [id, fields] of refusals) {
      for (const method of ['integrations.setSourceConnection', 'integrations.testSourceConnection'] as const) {
        const error = await t.api[method]({ id, apiUrl: standIn.url, ...fields }).then(
          () => null,
          (e: Error) => e,
        )
        expect(error?.message, `${method} ${JSON.stringify(fields)}`).toMatch(
          /holds a line break, a control character or a character outside Latin-1/,
        )
        expect(error!.message).not.toContain('FIRSTHALF')
      }
    }
    expect(t.core.settings.integration(grafana)!.source).toBeUndefined()
    // Latin-1 text is fine: a header carries it.
    await t.api['integrations.setSourceConnection']({ id: grafana, apiUrl: standIn.url, credential: 'tok_ñandú' })
    expect(t.core.settings.integration(grafana)!.source).toMatchObject({ credential: 'tok_ñandú' })
  })

  it('refuses a connection that is not an http(s) URL, and one for a tool it cannot act on', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const grafana = await api.send<{ integration: IntegrationView }>('POST', '/api/integrations', { provider: 'grafana' })
    const bad = await api.send<{ error: { message: string } }>(
      'POST',
      `/api/integrations/${grafana.body.integration.id}/source`,
      {
        apiUrl: 'file:///etc/passwd',
      },
    )
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/http\(s\) URL/)
    const generic = await api.send<{ integration: IntegrationView }>('POST', '/api/integrations', { provider: 'generic' })
    expect(generic.body.integration.sourceTool ?? null).toBeNull()
    const refused = await api.send('POST', `/api/integrations/${generic.body.integration.id}/source`, { apiUrl: standIn.url })
    expect(refused.status).toBe(400)
  })
})

describe('hookbell integrations source', () => {
  const dataDir = tempDir()
  let served: Served | null = null
  const api = servedApi(() => served!, dataDir)
  afterAll(async () => served?.stop())

  it('sets, tests, lists and clears the connection without printing the credential', async () => {
    served = await serveCli(dataDir)
    const { integration } = await api<{ integration: IntegrationView }>('POST', '/api/integrations', { provider: 'grafana' })
    const set = await runCli([
      'integrations',
      'source',
      integration.id,
      '--url',
      standIn.url,
      '--credential',
      CREDENTIAL,
      '--silence-minutes',
      '30',
      '--test',
      '--data-dir',
      dataDir,
    ])
    expect(set.stderr).toBe('')
    expect(set.code).toBe(0)
    expect(set.stdout).toContain(`Acts on Grafana at ${standIn.url} (credential set, silences of 30 min)`)
    expect(set.stdout).toContain('Test: OK (200): The token may create and expire silences.')
    expect(set.stdout).not.toContain(CREDENTIAL)

    const listed = await runCli(['integrations', 'list', '--data-dir', dataDir])
    expect(listed.stdout).toContain(`Acts on Grafana at ${standIn.url} (credential set, silences of 30 min)`)
    const [view] = await api<IntegrationView[]>('GET', '/api/integrations')
    expect(view!.source).toEqual({ apiUrl: standIn.url, user: '', silenceMinutes: 30, hasCredential: true })

    const cleared = await runCli(['integrations', 'source', integration.id, '--clear', '--data-dir', dataDir])
    expect(cleared.code).toBe(0)
    expect(cleared.stdout).toContain('no longer acts on its source')
    const [after] = await api<IntegrationView[]>('GET', '/api/integrations')
    expect(after!.source).toBeNull()
  }, 60_000)

  it('needs --url for a first connection: the URL a delivery names is a hint, never used unasked', async () => {
    served ??= await serveCli(dataDir)
    const named = await startReceiver(() => ({ status: 200, body: '{"alert.silences:create":[""]}' }))
    const secret = 'hbk_9d2f7a4c1e8b5d0a3f6c9e2b7d4a1f8c5e0b3d6a'
    const { integration } = await api<{ integration: IntegrationView }>('POST', '/api/integrations', {
      provider: 'grafana',
      secret,
    })
    const body = fixture('grafana', 'alerting').replaceAll('https://grafana.example.com/', `${named.url}/`)
    const delivered = await fetch(`${served.receiverBase}/hooks/${integration.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    })
    expect(delivered.status).toBe(202)

    const out = await runCli([
      'integrations',
      'source',
      integration.id,
      '--credential',
      CREDENTIAL,
      '--test',
      '--data-dir',
      dataDir,
    ])
    expect(out.code).toBe(2)
    expect(out.stderr).toContain("--url is required: where this computer reaches Grafana's API")
    expect(out.stderr).toContain(`the latest delivery names ${named.url}`)
    expect(named.received).toEqual([])
    const view = (await api<IntegrationView[]>('GET', '/api/integrations')).find((i) => i.id === integration.id)
    expect(view!.source).toBeNull()

    // Once there is a connection, a change without --url keeps its URL.
    const first = await runCli(['integrations', 'source', integration.id, '--url', standIn.url, '--data-dir', dataDir])
    expect(first.code).toBe(0)
    const again = await runCli(['integrations', 'source', integration.id, '--silence-minutes', '20', '--data-dir', dataDir])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`Acts on Grafana at ${standIn.url} (no credential, silences of 20 min)`)
    await named.stop()
  }, 60_000)

  it('says what is wrong in its own flags, and takes the optional second value as optional', async () => {
    served ??= await serveCli(dataDir)
    const cli = (...args: string[]) => runCli(['integrations', 'source', ...args, '--data-dir', dataDir])
    const unknown = await cli('nosuchid', '--url', standIn.url)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no integration nosuchid: see hookbell integrations list')
    const generic = await api<{ integration: IntegrationView }>('POST', '/api/integrations', { provider: 'generic' })
    const cannot = await cli(generic.integration.id, '--url', standIn.url)
    expect(cannot.code).toBe(2)
    expect(cannot.stderr).toContain(
      'Hookbell cannot act on generic: it acts on alertmanager, grafana, pagerduty, opsgenie, sentry, grafana-oncall',
    )
    const opsgenie = await api<{ integration: IntegrationView }>('POST', '/api/integrations', {
      provider: 'opsgenie',
      secret: 'hbk_4e1b7d0a3c6f9e2b5d8a1c4f7e0b3d6a9c2f5e8b',
    })
    const minutes = await cli(opsgenie.integration.id, '--url', standIn.url, '--silence-minutes', '0')
    expect(minutes.code).toBe(2)
    expect(minutes.stderr).toContain('--silence-minutes must be from 5 to 10080 (a week)')
    const badUrl = await cli(opsgenie.integration.id, '--url', 'not-a-url', '--credential', CREDENTIAL)
    expect(badUrl.stderr).toContain("the API URL must be an http(s) URL (the tool's API")
    // Opsgenie's user is optional (Hookbell's user name names the acknowledgement when it is empty).
    const set = await cli(opsgenie.integration.id, '--url', standIn.url, '--credential', CREDENTIAL)
    expect(set.stderr).toBe('')
    expect(set.code).toBe(0)
    expect(set.stdout).toContain(`Acts on Opsgenie at ${standIn.url} (credential set)`)
  }, 60_000)
})
