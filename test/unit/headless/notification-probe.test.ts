// Toasts on a machine without a notification service: found at start, said with one reason and its fix.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createNodeNotifierPort,
  probeNotificationService,
  type NotifierLike,
} from '../../../src/main/headless/node-notifier-port'
import { hmacHex } from '../../helpers/sign'
import { eventually, startCore, tempDir, type TestCore } from '../../helpers/test-core'

describe('probeNotificationService', () => {
  it('on Linux finds notify-send on PATH, or names the package that brings it', () => {
    const empty = tempDir()
    const withIt = tempDir()
    mkdirSync(withIt, { recursive: true })
    writeFileSync(join(withIt, 'notify-send'), '#!/bin/sh\n')
    chmodSync(join(withIt, 'notify-send'), 0o755)
    expect(probeNotificationService('linux', empty)).toMatch(/^notify-send is not installed \(install libnotify-bin/)
    expect(probeNotificationService('linux', `${empty}:${withIt}`)).toBeNull()
    // macOS and Windows: node-notifier ships its own helper.
    expect(probeNotificationService('darwin', empty)).toBeNull()
    expect(probeNotificationService('win32', empty)).toBeNull()
  })
})

describe('a notifier whose port knows toasts are unavailable', () => {
  let t: TestCore | null = null
  afterEach(async () => {
    await t?.stop()
    t = null
  })

  it('says so in status from the start, logs it once, and keeps that reason while toasts fail in other words', async () => {
    const reasons = ['not found: notify-send', 'notify-send must be installed on the system.']
    const calls: string[] = []
    const notifier: NotifierLike = {
      notify(_options, callback) {
        const reason = reasons[calls.length % 2]!
        calls.push(reason)
        setImmediate(() => callback(new Error(reason), ''))
      },
    }
    const unavailable = probeNotificationService('linux', tempDir())
    t = await startCore({ notificationPort: createNodeNotifierPort({ notifier, onClick: () => {}, unavailable }) })
    expect((await t.api['status.get']({})).notifier).toEqual({
      state: 'unavailable',
      error: unavailable,
      notShown: 0,
      waiting: { count: 0, worst: null },
    })
    const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
    for (const key of ['disk', 'queue']) {
      const body = JSON.stringify({
        summary: `Full ${key}`,
        dedup_key: key,
        severity: 'error',
        timestamp: '2026-11-20T10:00:00Z',
      })
      expect((await t.post(integration.id, body, { 'x-signature': `sha256=${hmacHex(secret!, body)}` })).status).toBe(202)
    }
    await eventually(async () => expect((await t!.api['status.get']({})).notifier.notShown).toBe(2))
    expect(calls).toHaveLength(2)
    expect((await t.api['status.get']({})).notifier.error).toBe(unavailable)
    expect(t.logs.filter((l) => l.includes('toasts are unavailable'))).toEqual([
      `[notify] toasts are unavailable: ${unavailable}. Incidents are still stored and listed.`,
    ])
  })
})
