// One request to a tool's API (source-actions/send.ts): a request that can not even be built, such as a
// credential with a line break stored before the connection form checked it, fails for good with a fixed line,
// never retried, never quoting the header (fetch's error does: `"Bearer <credential>" is an invalid header value`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendToSource } from '../../../src/main/core/source-actions/send'
import { grafanaTool } from '../../../src/main/core/source-actions/tools/grafana'
import { pagerdutyTool } from '../../../src/main/core/source-actions/tools/pagerduty'
import type { SourceConnection } from '../../../src/main/core/source-actions/types'
import { NOW, standIn, type StandIn } from '../../helpers/source-actions'

let api: StandIn
beforeAll(async () => {
  api = await standIn(() => ({ status: 200, body: { 'alert.silences:create': [''] } }))
})
afterAll(async () => api.close())

const connection = (credential: string, user = ''): SourceConnection => ({
  apiUrl: api.url,
  credential,
  user,
  silenceMinutes: 60,
})

/** The real fetch, counted: what it would have thrown is what the outcome must not carry. */
function counting() {
  const calls: string[] = []
  const counted = ((input: string | URL | Request, init?: RequestInit) => {
    calls.push(String(input))
    return fetch(input, init)
  }) as typeof fetch
  return { calls, fetch: counted }
}

describe('sendToSource: a request that can not be built', () => {
  it.each([
    ['a line break', 'glsa_FIRSTHALF\nSECONDHALF'],
    ['a NUL', 'glsa_FIRSTHALF\u0000SECONDHALF'],
    ['a character outside Latin-1', 'glsa_FIRSTHALF\u2028SECONDHALF'],
  ])('fails for good, without the credential in its line, and sends nothing: %s', async (_what, credential) => {
    const { calls, fetch } = counting()
    const c = connection(credential)
    const outcome = await sendToSource(grafanaTool, c, grafanaTool.probe(c), {
      fetch,
      now: () => NOW,
      signal: new AbortController().signal,
    })
    expect(outcome).toEqual({
      kind: 'failed',
      status: null,
      error:
        'Grafana: the request could not be built: the API URL, credential or user holds a character a request can not carry; set them again',
    })
    expect(JSON.stringify(outcome)).not.toContain('FIRSTHALF')
    expect(calls).toEqual([])
  })

  it('the same for a user that goes into a header (PagerDuty From)', async () => {
    const { calls, fetch } = counting()
    const c = {
      ...connection('u+abcdefghijklmnopqrst', 'dana@example.com\r\nX-Injected: 1'),
      apiUrl: 'https://api.pagerduty.com',
    }
    const request = pagerdutyTool.probe(c)
    const outcome = await sendToSource(
      pagerdutyTool,
      c,
      { ...request, headers: { ...request.headers, From: c.user } },
      {
        fetch,
        now: () => NOW,
        signal: new AbortController().signal,
      },
    )
    expect(outcome.kind).toBe('failed')
    expect(JSON.stringify(outcome)).not.toContain('X-Injected')
    expect(calls).toEqual([])
  })

  it('still sends a request that can be built', async () => {
    const { calls, fetch } = counting()
    const c = connection('glsa_Zq7mW2xK9pL4vT8nR3sY6bH1cF5dJ0gA_1a2b3c4d')
    const outcome = await sendToSource(grafanaTool, c, grafanaTool.probe(c), {
      fetch,
      now: () => NOW,
      signal: new AbortController().signal,
    })
    expect(outcome.kind).toBe('done')
    expect(calls).toHaveLength(1)
  })
})
