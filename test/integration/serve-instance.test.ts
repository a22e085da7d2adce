// `hookbell serve` takes the data folder's instance lock and says where it listens in instance.json.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli, serveCli, type Served } from '../helpers/cli'
import { tempDir } from '../helpers/test-core'

let served: Served | null = null
afterEach(async () => {
  await served?.stop()
  served = null
})

describe('one Hookbell per data folder', () => {
  it('records pid and URLs, refuses a second serve naming the first, and removes the file on stop', async () => {
    const dir = tempDir()
    served = await serveCli(dir)
    const info = JSON.parse(readFileSync(join(dir, 'instance.json'), 'utf8'))
    expect(info).toMatchObject({
      pid: served.child.pid,
      kind: 'serve',
      receiverUrl: served.receiverBase,
      apiUrl: served.uiBase,
    })

    const second = await runCli(['serve', '--data-dir', dir, '--port', '0', '--ui-port', '0', '--no-notify'])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`(serve, pid ${served.child.pid},`)
    expect(second.stderr).toContain(`already runs on ${dir}`)
    expect(second.stderr).toContain(`Its UI/API:   ${served.uiBase}`)
    expect(second.stderr).toContain(`Its receiver: ${served.receiverBase}/hooks/<integration id>`)

    await served.stop()
    expect(existsSync(join(dir, 'instance.json'))).toBe(false)
  })

  it('starts over a file left by a serve that was killed', async () => {
    const dir = tempDir()
    served = await serveCli(dir)
    await served.stop('SIGKILL')
    expect(existsSync(join(dir, 'instance.json'))).toBe(true)
    served = await serveCli(dir)
    expect(JSON.parse(readFileSync(join(dir, 'instance.json'), 'utf8')).pid).toBe(served.child.pid)
  })
})
