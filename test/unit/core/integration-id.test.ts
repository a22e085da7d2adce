import { describe, expect, it } from 'vitest'
import { newIntegrationId } from '../../../src/main/core/settings/settings'

describe('newIntegrationId', () => {
  it('is 24 URL-safe characters (144 bits) that a command line never reads as an option', () => {
    // About one base64url id in 32 would start with '-' and break `hookbell integrations set-secret ID`.
    const ids = Array.from({ length: 2000 }, newIntegrationId)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{23}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
