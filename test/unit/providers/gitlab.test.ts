import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'
import { standardWebhookHeaders } from '../../helpers/sign'

const gitlab = PROVIDERS.get('gitlab')!
const now = Date.parse('2026-03-01T10:00:00Z')
const TOKEN = 'gitlab-secret-token-0123456789'
const SIGNING = `whsec_${Buffer.from('a 32-byte signing key for gitlab').toString('base64')}`

describe('gitlab.verify', () => {
  const body = fixture('gitlab', 'pipeline-failed')
  const verify = (headers: Record<string, string>, secrets = [TOKEN]) => gitlab.verify(rawRequest(body, headers), secrets, now)

  it('accepts the Secret token as sent in X-Gitlab-Token, and refuses another or none', () => {
    expect(verify({ 'x-gitlab-token': TOKEN })).toEqual({ ok: true })
    expect(verify({ 'x-gitlab-token': `${TOKEN}x` })).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/does not match/),
    })
    expect(verify({})).toMatchObject({ ok: false, reason: expect.stringMatching(/^X-Gitlab-Token missing/) })
    expect(verify({ 'x-gitlab-token': TOKEN }, [])).toMatchObject({ ok: false, reason: expect.stringMatching(/paste/) })
  })

  it('checks the Standard Webhooks signature when GitLab signs with a Signing token, over the body and time', () => {
    const seconds = Math.floor(now / 1000)
    expect(verify(standardWebhookHeaders(SIGNING, body, seconds), [SIGNING])).toEqual({ ok: true })
    expect(gitlab.verify(rawRequest(`${body} `, standardWebhookHeaders(SIGNING, body, seconds)), [SIGNING], now)).toMatchObject({
      ok: false,
    })
    expect(verify(standardWebhookHeaders(SIGNING, body, seconds - 600), [SIGNING])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too old/),
    })
    // The signature is what counts once present: a correct token beside a wrong signature is refused.
    expect(
      verify({ ...standardWebhookHeaders(SIGNING, `${body} `, seconds), 'x-gitlab-token': SIGNING }, [SIGNING]),
    ).toMatchObject({
      ok: false,
    })
  })
})

describe('gitlab.normalize', () => {
  it('opens an incident for a failed pipeline, per project and ref, field by field', () => {
    const [e] = normalizeWith('gitlab', fixture('gitlab', 'pipeline-failed'))
    expect(e).toEqual({
      dedupKey: 'pipeline:1:master',
      action: 'trigger',
      kind: 'alert',
      title: 'Pipeline failed on master (gitlab-org/gitlab-test)',
      severity: 'error',
      app: 'gitlab-org/gitlab-test',
      environment: 'master',
      url: 'http://example.com/gitlab-org/gitlab-test/-/pipelines/31',
      occurredAt: Date.parse('2016-08-12T15:26:29Z'),
      sourceTimestamp: Date.parse('2016-08-12T15:26:29Z'),
      facts: {
        pipeline: '#31',
        source: 'merge_request_event',
        'failed jobs': 'test/test-image (script_failure)',
        commit: 'bcbb5ec396a2',
        message: 'test',
        author: 'User',
        by: 'root',
      },
    })
  })

  it('resolves it with a later successful pipeline on the same ref; a running one is recorded', () => {
    const [failed] = normalizeWith('gitlab', fixture('gitlab', 'pipeline-failed'))
    const [passed] = normalizeWith('gitlab', fixture('gitlab', 'pipeline-success'))
    expect(passed).toMatchObject({ action: 'resolve', dedupKey: failed!.dedupKey })
    expect(passed!.sourceTimestamp!).toBeGreaterThan(failed!.sourceTimestamp!)
    const running = fixture('gitlab', 'pipeline-running')
    expect(gitlab.normalize(JSON.parse(running), rawRequest(running))).toMatchObject({
      ok: true,
      events: [],
      note: 'GitLab pipeline 33 on master is running; recorded',
    })
  })

  it('records other events with a note', () => {
    expect(gitlab.normalize({ object_kind: 'merge_request' }, rawRequest('{}'))).toEqual({
      ok: true,
      events: [],
      note: 'GitLab merge_request event recorded; Hookbell reads pipeline events',
    })
  })
})
