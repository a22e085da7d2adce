import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'
import { hmacHex } from '../../helpers/sign'

const github = PROVIDERS.get('github')!
const now = Date.parse('2026-03-01T10:00:00Z')
const event = (name: string) => ({ 'x-github-event': name })

describe('github.verify', () => {
  it("accepts GitHub's published test vector", () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'
    expect(`sha256=${hmacHex("It's a Secret to Everybody", 'Hello, World!')}`).toBe(signature)
    const request = rawRequest('Hello, World!', { 'x-hub-signature-256': signature })
    expect(github.verify(request, ["It's a Secret to Everybody"], now)).toEqual({ ok: true })
    expect(github.verify(request, ["It's a secret to everybody"], now)).toMatchObject({ ok: false, status: 401 })
  })

  it('names what is missing: no secret, no signature, or only the SHA-1 one', () => {
    const body = fixture('github', 'ping')
    expect(github.verify(rawRequest(body), [], now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/paste the same secret/),
    })
    expect(github.verify(rawRequest(body), ['s'], now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^X-Hub-Signature-256 missing: set the webhook's Secret/),
    })
    expect(github.verify(rawRequest(body, { 'x-hub-signature': 'sha1=abc' }), ['s'], now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only the SHA-1 X-Hub-Signature arrived/),
    })
  })
})

describe('github.normalize', () => {
  it('opens an incident for a failed workflow run, per workflow and branch, field by field', () => {
    const [e] = normalizeWith('github', fixture('github', 'workflow_run-failure'), event('workflow_run'))
    expect(e).toEqual({
      dedupKey: 'workflow_run:octo-org/octo-repo:2823525:master',
      action: 'trigger',
      kind: 'alert',
      title: 'Workflow "test" failed on master (octo-org/octo-repo)',
      severity: 'error',
      app: 'octo-org/octo-repo',
      environment: 'master',
      url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
      occurredAt: Date.parse('2020-10-05T16:35:32Z'),
      sourceTimestamp: Date.parse('2020-10-05T16:35:32Z'),
      facts: {
        conclusion: 'failure',
        sender: 'Codertocat',
        run: '#1 (attempt 1)',
        trigger: 'repository_dispatch',
        commit: '3484a3fb816e',
        message: 'build(test): check workflow run event payload',
        author: 'Matthias Fax',
      },
    })
  })

  it('resolves it with a later successful run of the same workflow on the same branch', () => {
    const [failed] = normalizeWith('github', fixture('github', 'workflow_run-failure'), event('workflow_run'))
    const [passed] = normalizeWith('github', fixture('github', 'workflow_run-success'), event('workflow_run'))
    expect(passed).toMatchObject({
      action: 'resolve',
      dedupKey: failed!.dedupKey,
      title: 'Workflow "test" passed on master (octo-org/octo-repo)',
    })
    expect(passed!.sourceTimestamp!).toBeGreaterThan(failed!.sourceTimestamp!)
    const otherBranch = fixture('github', 'workflow_run-success').replace('"head_branch": "master"', '"head_branch": "release"')
    expect(normalizeWith('github', otherBranch, event('workflow_run'))[0]!.dedupKey).not.toBe(failed!.dedupKey)
  })

  it('opens check suite and check run failures per app (check) and branch', () => {
    expect(normalizeWith('github', fixture('github', 'check_suite-failure'), event('check_suite'))[0]).toMatchObject({
      dedupKey: 'check_suite:Codertocat/Hello-World:octocoders-linter:changes',
      action: 'trigger',
      title: 'Checks by octocoders-linter failed on changes (Codertocat/Hello-World)',
    })
    expect(normalizeWith('github', fixture('github', 'check_run-failure'), event('check_run'))[0]).toMatchObject({
      dedupKey: 'check_run:Codertocat/Hello-World:Octocoders-linter:changes',
      url: 'https://github.com/Codertocat/Hello-World/runs/128620228',
      facts: { output: 'Tests failed', summary: '2 of 118 tests failed' },
    })
  })

  it('records the check suite and check runs GitHub Actions makes for a workflow: its workflow_run is the incident', () => {
    const suite = fixture('github', 'check_suite-failure').replace('"slug": "octocoders-linter"', '"slug": "github-actions"')
    expect(github.normalize(JSON.parse(suite), rawRequest(suite, event('check_suite')))).toEqual({
      ok: true,
      events: [],
      note: 'GitHub check_suite from GitHub Actions recorded; its workflow_run is the incident',
    })
  })

  it('records a ping, a run not completed, a cancelled run and other events with a note, never an incident', () => {
    const noted = (body: string, name: string) => github.normalize(JSON.parse(body), rawRequest(body, event(name)))
    expect(noted(fixture('github', 'ping'), 'ping')).toEqual({
      ok: true,
      events: [],
      note: 'GitHub ping for hook 109948940 recorded: the webhook reaches Hookbell',
    })
    const requested = fixture('github', 'workflow_run-failure').replace('"action": "completed"', '"action": "requested"')
    expect(noted(requested, 'workflow_run')).toMatchObject({
      events: [],
      note: expect.stringMatching(/only completed runs count/),
    })
    const cancelled = fixture('github', 'workflow_run-failure').replace('"conclusion": "failure"', '"conclusion": "cancelled"')
    expect(noted(cancelled, 'workflow_run')).toMatchObject({
      events: [],
      note: expect.stringMatching(/completed cancelled; recorded/),
    })
    expect(noted('{"ref": "main"}', 'push')).toMatchObject({
      events: [],
      note: expect.stringMatching(/^GitHub push event recorded/),
    })
  })

  it('recognises a delivery by its shape when the event header is gone (a hand-sent or relayed body)', () => {
    expect(normalizeWith('github', fixture('github', 'workflow_run-failure'))[0]).toMatchObject({ action: 'trigger' })
  })
})
