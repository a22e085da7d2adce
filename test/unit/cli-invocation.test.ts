// Which command the CLI's hints name: the one the user can paste (`npx hookbell` from a clone).
import { describe, expect, it } from 'vitest'
import { invokedAs } from '../../src/main/cli/context'

describe('invokedAs', () => {
  it('says `npx hookbell` when npm started it through a node_modules/.bin link (npx, npm exec)', () => {
    expect(invokedAs({}, '/root/.npm/_npx/8acf0f0b457cd11e/node_modules/.bin/hookbell')).toBe('npx hookbell')
    expect(invokedAs({}, '/home/dana/hookbell/node_modules/.bin/hookbell')).toBe('npx hookbell')
    expect(invokedAs({}, 'C:\\work\\app\\node_modules\\.bin\\hookbell.cmd')).toBe('npx hookbell')
  })

  it('says `npx hookbell` under `npm start`, which runs bin/hookbell.js serve', () => {
    expect(invokedAs({ npm_lifecycle_event: 'start' }, '/home/dana/hookbell/bin/hookbell.js')).toBe('npx hookbell')
  })

  it('says `hookbell` when it is on PATH, run as a service, or under another npm script', () => {
    expect(invokedAs({}, '/usr/local/bin/hookbell')).toBe('hookbell')
    expect(invokedAs({}, '/opt/hookbell/bin/hookbell.js')).toBe('hookbell')
    expect(invokedAs({ npm_lifecycle_event: 'test' }, '/home/dana/hookbell/bin/hookbell.js')).toBe('hookbell')
    expect(invokedAs({}, undefined)).toBe('hookbell')
  })
})
