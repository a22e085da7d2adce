// The `hookbell` command line: each command's own help, and each error a person can act on. Commands run
// in-process (program.ts) against a real `hookbell serve` child where they need a running app.
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli as runInProcess } from '../../src/main/cli/program'
import { CHECKLY_TEMPLATE } from '../../src/main/core/providers/checkly'
import { addRelayChannel, relayCli, serveCli, type Served } from '../helpers/cli'
import { eventually, tempDir } from '../helpers/test-core'

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runInProcess(args, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/** Every command and the flags its own help must list. */
const COMMANDS: [string[], string[]][] = [
  [['serve'], ['--port', '--ui-port', '--host', '--no-notify', '--open', '--data-dir']],
  [['status'], ['--data-dir']],
  [['integrations'], ['add', 'list', 'set-secret', 'remove']],
  [
    ['integrations', 'add'],
    ['<provider>', '--name', '--secret', '--unsigned', '--data-dir'],
  ],
  [['integrations', 'list'], ['--data-dir']],
  [
    ['integrations', 'set-secret'],
    ['<id>', '<secret>', '--replace', '--data-dir'],
  ],
  [
    ['integrations', 'remove'],
    ['<id>', '--data-dir'],
  ],
  [['send'], ['[provider]', '--integration', '--sample', '--to', '--secret', '--data-dir', 'anomaly']],
  [['targets'], ['add', 'list', 'test', 'enable', 'disable', 'remove']],
  [['incidents'], ['list', 'show', 'acknowledge', 'resolve', 'reopen', 'snooze']],
  [
    ['incidents', 'list'],
    ['--status', '--severity', '--search', '--limit', '--data-dir'],
  ],
  [
    ['incidents', 'snooze'],
    ['<id>', '--for', '--data-dir'],
  ],
  [
    ['targets', 'add'],
    ['--url', '--name', '--preset', '--events', '--signing', '--secret'],
  ],
  [['targets', 'list'], ['--data-dir']],
  [
    ['targets', 'test'],
    ['<id>', '--enable', 'disabled unless you pass --enable', '--data-dir'],
  ],
  [
    ['targets', 'enable'],
    ['<id>', '--data-dir'],
  ],
  [
    ['targets', 'disable'],
    ['<id>', '--data-dir'],
  ],
  [
    ['targets', 'remove'],
    ['<id>', '--data-dir'],
  ],
  [['relay'], ['--host', '--port', '--data-dir', 'channels', 'connect', 'disconnect']],
  [
    ['relay', 'channels'],
    ['add', 'list'],
  ],
  [
    ['relay', 'channels', 'add'],
    ['--name', '--public-url', '--data-dir'],
  ],
  [['relay', 'channels', 'list'], ['--data-dir']],
  [
    ['relay', 'connect'],
    ['<url>', '<token>', '--data-dir'],
  ],
  [['relay', 'disconnect'], ['--data-dir']],
]

describe('help', () => {
  it.each(COMMANDS)('%j has its own help with its flags and examples, also as `hookbell help …`', async (path, flags) => {
    const shown = await cli(...path, '--help')
    expect(shown.code).toBe(0)
    expect(shown.out).toContain(`Usage: hookbell ${path.join(' ')} `)
    expect(shown.out).toContain('Examples:\n  $ hookbell ')
    for (const flag of flags) expect(shown.out).toContain(flag)
    const viaHelp = await cli('help', ...path)
    expect(viaHelp.code).toBe(0)
    expect(viaHelp.out).toBe(shown.out)
  })

  it('lists every command at the top level, and `hookbell` alone shows it with exit status 2', async () => {
    const top = await cli('help')
    expect(top.code).toBe(0)
    for (const name of ['serve', 'status', 'integrations', 'send', 'incidents', 'targets', 'relay', 'help [command]'])
      expect(top.out).toContain(`  ${name}`)
    const bare = await cli()
    expect(bare.code).toBe(2)
    expect(bare.err).toContain('Usage: hookbell [options] [command]')
  })

  it('suggests the closest command, subcommand or option', async () => {
    const command = await cli('integrashuns')
    expect(command).toMatchObject({ code: 2 })
    expect(command.err).toContain("error: unknown command 'integrashuns'\n(Did you mean integrations?)")
    const sub = await cli('integrations', 'ad', 'generic')
    expect(sub.err).toContain('(Did you mean add?)')
    const relaySub = await cli('relay', 'chanels', 'list')
    expect(relaySub).toMatchObject({ code: 2, err: "hookbell: unknown command 'relay chanels' (did you mean relay channels?)" })
    const option = await cli('send', 'generic', '--integratoin', 'x')
    expect(option.code).toBe(2)
    expect(option.err).toContain('(Did you mean --integration?)')
  })
})

describe('errors about the data folder and ports', () => {
  it('a data folder that is a file', async () => {
    const file = join(tempDir(), 'not-a-folder')
    writeFileSync(file, 'x')
    const r = await cli('serve', '--data-dir', file, '--port', '0', '--ui-port', '0', '--no-notify')
    expect(r.code).toBe(1)
    expect(r.err).toBe(
      `hookbell: cannot use the data folder: ${file} is a file, not a folder.\n  Pick another with --data-dir DIR (or HOOKBELL_DATA_DIR).`,
    )
  })

  it('a data folder that is not writable (immutable, so even root is refused)', async () => {
    const dir = join(tempDir(), 'locked')
    mkdirSync(dir)
    execFileSync('chattr', ['+i', dir])
    try {
      const r = await cli('serve', '--data-dir', dir, '--port', '0', '--ui-port', '0', '--no-notify')
      expect(r.code).toBe(1)
      expect(r.err).toContain(`cannot use the data folder: ${dir} is not writable by you (permission denied).`)
    } finally {
      execFileSync('chattr', ['-i', dir])
    }
  })

  it('a data folder on a read-only file system', async () => {
    const mount = tempDir()
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'hookbell-ro-test', mount])
    try {
      const r = await cli('serve', '--data-dir', join(mount, 'data'), '--port', '0', '--ui-port', '0', '--no-notify')
      expect(r.code).toBe(1)
      expect(r.err).toContain(`cannot use the data folder: ${join(mount, 'data')} is on a read-only file system.`)
      const relay = await cli('relay', 'channels', 'add', '--data-dir', join(mount, 'relay'))
      expect(relay.err).toContain(`cannot use the relay's data folder: ${join(mount, 'relay')} is on a read-only file system.`)
    } finally {
      execFileSync('umount', [mount])
    }
  })

  describe('ports in use', () => {
    let blocker: Server
    let port: number
    beforeAll(async () => {
      blocker = createServer()
      blocker.listen(0, '127.0.0.1')
      await once(blocker, 'listening')
      port = (blocker.address() as AddressInfo).port
    })
    afterAll(() => blocker.close())

    it('the receiver port: says which flag picks another', async () => {
      const r = await cli('serve', '--data-dir', tempDir(), '--port', String(port), '--ui-port', '0', '--no-notify')
      expect(r.code).toBe(1)
      expect(r.err).toBe(
        `hookbell: port ${port} on 127.0.0.1 is already in use (another Hookbell, or another program): pick another with --port N (receiver)`,
      )
    })

    it('the UI port', async () => {
      const dir = tempDir()
      const r = await cli('serve', '--data-dir', dir, '--port', '0', '--ui-port', String(port), '--no-notify')
      expect(r.code).toBe(1)
      expect(r.err).toContain('pick another with --ui-port N (UI and API)')
      // The failed start let go of the folder: a next start is not told another one runs.
      const again = await cli('serve', '--data-dir', dir, '--port', '0', '--ui-port', String(port), '--no-notify')
      expect(again.err).not.toContain('already runs')
    })

    it('the relay port: --port, and no --ui-port (the relay has none)', async () => {
      const r = await cli('relay', '--data-dir', tempDir(), '--port', String(port))
      expect(r.code).toBe(1)
      expect(r.err).toContain(`port ${port} on 127.0.0.1 is already in use`)
      expect(r.err).toContain('pick another with --port N')
      expect(r.err).not.toContain('--ui-port')
    })
  })

  it('a port that is not a number', async () => {
    const r = await cli('serve', '--port', 'eighty')
    expect(r.code).toBe(2)
    expect(r.err).toContain('not a port number: eighty')
  })

  it('--public-url that is not a URL', async () => {
    const r = await cli('relay', 'channels', 'add', '--public-url', 'relay.example.com', '--data-dir', tempDir())
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'hookbell: --public-url must be an http(s) URL, such as https://relay.example.com (got "relay.example.com")',
    )
  })

  it('commands that need the app, when it is not running, say how to start it', async () => {
    const dir = tempDir()
    for (const args of [
      ['status'],
      ['integrations', 'list'],
      ['integrations', 'add', 'generic'],
      ['send', 'generic'],
      ['targets', 'list'],
      ['relay', 'disconnect'],
    ]) {
      const r = await cli(...args, '--data-dir', dir)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.err).toBe(
        `hookbell: Hookbell is not running on ${dir}.\n  Start it first: hookbell serve --data-dir ${dir}\n  then run this again.`,
      )
    }
  })
})

describe('with Hookbell running', () => {
  let served: Served
  let dir: string
  beforeAll(async () => {
    dir = tempDir()
    served = await serveCli(dir)
  })
  afterAll(() => served.stop())

  it('integrations add / set-secret / send --integration / list / remove', async () => {
    const bad = await cli('integrations', 'add', 'sentri', '--data-dir', dir)
    expect(bad).toMatchObject({ code: 2 })
    expect(bad.err).toContain('unknown provider "sentri": one of appsignal, sentry, checkly, retrace, generic')

    const added = await cli('integrations', 'add', 'sentry', '--name', 'Checkout Sentry', '--data-dir', dir)
    expect(added.code).toBe(0)
    const id = /, id (\S+)/.exec(added.out)![1]!
    expect(added.out).toContain(`Receiver URL: ${served.receiverBase}/hooks/${id}`)
    expect(added.out).toContain(`Then store Sentry's secret: hookbell integrations set-secret ${id} SECRET --data-dir ${dir}`)
    expect(added.out).not.toContain('Secret:')

    const refused = await cli('send', '--integration', id, '--data-dir', dir)
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('was refused (401): no client secret set in Hookbell')
    expect(refused.err).toContain(`Store Sentry's secret first: hookbell integrations set-secret ${id} SECRET`)

    const set = await cli('integrations', 'set-secret', id, 'sentry-client-secret-abc', '--data-dir', dir)
    expect(set.out).toContain(`Secret stored for Checkout Sentry (${id}); it has 1 secret.`)
    const sent = await cli('send', '--integration', id, '--sample', 'issue_resolved', '--data-dir', dir)
    expect(sent.code, sent.err).toBe(0)
    expect(sent.out).toMatch(/^Sentry sample "issue_resolved" → http:\/\/127\.0\.0\.1:\d+\/hooks\/\S+: 202 accepted/)

    const wrongSample = await cli('send', 'sentry', '--sample', 'nope', '--data-dir', dir)
    expect(wrongSample.code).toBe(2)
    expect(wrongSample.err).toContain('sentry samples: event_alert, issue_resolved, metric_alert')

    const list = await cli('integrations', 'list', '--data-dir', dir)
    expect(list.out).toContain(`${id}  sentry       Checkout Sentry\n  Receiver URL: ${served.receiverBase}/hooks/${id}`)
    expect(list.out).toMatch(/1 secret; last delivery \S+ \(accepted\)/)

    const unknown = await cli('integrations', 'set-secret', 'nope', 'x', '--data-dir', dir)
    expect(unknown).toMatchObject({ code: 1, err: 'hookbell: no integration nope' })
    expect(await cli('integrations', 'remove', id, '--data-dir', dir)).toMatchObject({
      code: 0,
      out: `Removed integration ${id}.`,
    })
    const again = await cli('integrations', 'remove', id, '--data-dir', dir)
    expect(again).toMatchObject({
      code: 1,
      err: `hookbell: no integration ${id}: see hookbell integrations list --data-dir ${dir}`,
    })
  })

  it('integrations add checkly prints the template its steps say to paste, whole', async () => {
    const added = await cli('integrations', 'add', 'checkly', '--data-dir', dir)
    expect(added.code, added.err).toBe(0)
    const id = /, id (\S+)/.exec(added.out)![1]!
    expect(added.out).toContain('Body: paste the template below')
    const at = added.out.indexOf('  Template to paste into Checkly:\n')
    expect(at).toBeGreaterThan(added.out.indexOf('Body: paste the template below'))
    // The template itself, indented under its heading: Checkly's own variables in a JSON body.
    const template = added.out
      .slice(at)
      .split('\n')
      .slice(1)
      .filter((l) => l.startsWith('    '))
      .map((l) => l.slice(4))
      .join('\n')
    expect(template).toBe(CHECKLY_TEMPLATE)
    expect(template).toContain('"checkId": "{{CHECK_ID}}"')
    expect(await cli('integrations', 'remove', id, '--data-dir', dir)).toMatchObject({ code: 0 })
  })

  it("integrations add --id joins a teammate's integration: the same id, and deliveries signed with the same secret verify", async () => {
    const teamId = 'team-generic-alerts-0001'
    const joined = await cli(
      'integrations',
      'add',
      'generic',
      '--id',
      teamId,
      '--secret',
      'shared-team-secret',
      '--data-dir',
      dir,
    )
    expect(joined.code, joined.err).toBe(0)
    expect(joined.out).toContain(`, id ${teamId}`)
    expect(joined.out).toContain(`Receiver URL: ${served.receiverBase}/hooks/${teamId}`)
    const sent = await cli('send', 'generic', '--to', `${served.receiverBase}/hooks/${teamId}`, '--secret', 'shared-team-secret')
    expect(sent.code, sent.err).toBe(0)
    expect(sent.out).toContain(': 202 {"status":"accepted"')
    const again = await cli('integrations', 'add', 'generic', '--id', teamId, '--data-dir', dir)
    expect(again).toMatchObject({ code: 1 })
    expect(again.err).toContain(`integration ${teamId} exists already`)
    expect(await cli('integrations', 'remove', teamId, '--data-dir', dir)).toMatchObject({ code: 0 })
  })

  it('targets add / list / test / remove, against a real receiving server', async () => {
    const received: string[] = []
    const sink = createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        received.push(body)
        res.writeHead(200).end('ok')
      })
    })
    sink.listen(0, '127.0.0.1')
    await once(sink, 'listening')
    const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`
    try {
      const added = await cli('targets', 'add', '--url', url, '--name', 'ops', '--events', 'incident.created', '--data-dir', dir)
      expect(added.code, added.err).toBe(0)
      const id = /id (\S+):/.exec(added.out)![1]!
      expect(added.out).toContain('Forwards: incident.created; signing: none')
      const list = await cli('targets', 'list', '--data-dir', dir)
      expect(list.out).toContain(`${id}  ops\n  ${url}\n  forwards: incident.created; signing: none`)
      const tested = await cli('targets', 'test', id, '--data-dir', dir)
      expect(tested.code, tested.err).toBe(0)
      expect(tested.out).toMatch(/^Test delivered: 200 in \d+ ms: ok$/)
      expect(received).toHaveLength(1)
      expect(JSON.parse(received[0]!)).toMatchObject({ event: expect.any(String), data: expect.any(Object) })

      const signed = await cli(
        'targets',
        'add',
        '--url',
        url,
        '--name',
        'audit',
        '--signing',
        'standard-webhooks',
        '--data-dir',
        dir,
      )
      expect(signed.code, signed.err).toBe(0)
      expect(signed.out).toMatch(
        /\n {2}Secret: {3}whsec_[A-Za-z0-9+/]{32} {3}\(shown once; the receiver verifies webhook-signature with it\)\n/,
      )
      const signedId = /id (\S+):/.exec(signed.out)![1]!
      expect((await cli('targets', 'list', '--data-dir', dir)).out).not.toContain('whsec_')
      await cli('targets', 'remove', signedId, '--data-dir', dir)

      const badEvent = await cli('targets', 'add', '--url', url, '--events', 'incident.exploded', '--data-dir', dir)
      expect(badEvent.code).toBe(2)
      expect(badEvent.err).toContain('unknown event "incident.exploded"')
      const badPreset = await cli('targets', 'add', '--url', url, '--preset', 'carrier-pigeon', '--data-dir', dir)
      expect(badPreset.err).toContain('unknown preset "carrier-pigeon": one of slack, teams')
      expect(await cli('targets', 'remove', id, '--data-dir', dir)).toMatchObject({ code: 0, out: `Removed target ${id}.` })
    } finally {
      sink.close()
    }
  })

  it('targets disable / enable, and test on a disabled target says whether enabling it would work', async () => {
    let answer = 200
    const received: string[] = []
    const sink = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        received.push(req.url ?? '')
        res.writeHead(answer).end(answer === 200 ? 'ok' : 'upstream error')
      })
    })
    sink.listen(0, '127.0.0.1')
    await once(sink, 'listening')
    const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`
    try {
      const added = await cli('targets', 'add', '--url', url, '--name', 'ops', '--data-dir', dir)
      const id = /id (\S+):/.exec(added.out)![1]!
      const disabled = await cli('targets', 'disable', id, '--data-dir', dir)
      expect(disabled).toMatchObject({ code: 0 })
      expect(disabled.out).toBe(
        `Disabled target ops (${id}): nothing is forwarded to it until \`hookbell targets enable ${id}\`.`,
      )
      expect((await cli('targets', 'list', '--data-dir', dir)).out).toContain(`${id}  ops (disabled)`)
      expect((await cli('targets', 'disable', id, '--data-dir', dir)).out).toBe(`Target ops (${id}) is already disabled.`)

      // Tested while disabled: sent, answered, and it says enabling would work, but leaves it disabled.
      const tested = await cli('targets', 'test', id, '--data-dir', dir)
      expect(tested.code, tested.err).toBe(0)
      expect(tested.out).toMatch(/^Test delivered: 200 in \d+ ms: ok\n/)
      expect(tested.out).toContain(
        `ops is disabled; it answered, so enabling it would work: hookbell targets enable ${id} --data-dir ${dir}`,
      )
      expect(received).toHaveLength(1)
      expect((await cli('targets', 'list', '--data-dir', dir)).out).toContain(`${id}  ops (disabled)`)

      // A receiver still failing: the test fails and says enabling would not work yet.
      answer = 500
      const failing = await cli('targets', 'test', id, '--enable', '--data-dir', dir)
      expect(failing.code).toBe(1)
      expect(failing.err).toContain(`test to target ${id} failed: HTTP 500`)
      expect(failing.err).toContain('ops is disabled; enabling it would not work yet.')
      expect((await cli('targets', 'list', '--data-dir', dir)).out).toContain(`${id}  ops (disabled)`)

      // --enable re-enables once the test is delivered.
      answer = 200
      const enabledByTest = await cli('targets', 'test', id, '--enable', '--data-dir', dir)
      expect(enabledByTest.code, enabledByTest.err).toBe(0)
      expect(enabledByTest.out).toContain('ops is disabled: it answered, so it is enabled again and forwards from now on.')
      expect((await cli('targets', 'list', '--data-dir', dir)).out).toContain(`${id}  ops\n`)

      await cli('targets', 'disable', id, '--data-dir', dir)
      const enabled = await cli('targets', 'enable', id, '--data-dir', dir)
      expect(enabled.out).toBe(`Enabled target ops (${id}).\n  Try it:   hookbell targets test ${id} --data-dir ${dir}`)
      expect((await cli('targets', 'list', '--data-dir', dir)).out).toContain(`${id}  ops\n`)

      expect(await cli('targets', 'enable', 'tgt_nope', '--data-dir', dir)).toMatchObject({
        code: 1,
        err: `hookbell: no target tgt_nope: see hookbell targets list --data-dir ${dir}`,
      })
      await cli('targets', 'remove', id, '--data-dir', dir)
    } finally {
      sink.close()
    }
  })

  it('relay connect: a delivery through the relay arrives; disconnect; status shows the relay', async () => {
    const relayDir = tempDir()
    const relay = await relayCli(relayDir)
    try {
      const channel = await addRelayChannel(relayDir, relay.base)
      const bad = await cli('relay', 'connect', 'relay.example.com', 'token', '--data-dir', dir)
      expect(bad.code).toBe(2)
      expect(bad.err).toContain('the relay URL must be an http(s) URL')
      const connected = await cli('relay', 'connect', channel.url, channel.token, '--data-dir', dir)
      expect(connected.code, connected.err).toBe(0)
      expect(connected.out).toContain(`Connected to ${channel.url}`)

      const added = await cli('integrations', 'add', 'generic', '--name', 'via relay', '--data-dir', dir)
      const id = /, id (\S+)/.exec(added.out)![1]!
      const secret = /Secret:\s+(\S+)/.exec(added.out)![1]!
      expect(added.out).toContain(`Relay URL:    ${channel.url}?integration=${id}`)
      const sent = await cli('send', 'generic', '--to', `${channel.url}?integration=${id}`, '--secret', secret)
      expect(sent.code, sent.err).toBe(0)
      await eventually(async () => {
        const list = await cli('integrations', 'list', '--data-dir', dir)
        expect(list.out).toMatch(new RegExp(`${id}[^]*last delivery \\S+ \\(accepted\\)`))
      }, 15_000)
      const status = await cli('status', '--data-dir', dir)
      expect(status.out).toContain(`(serve, pid ${served.child.pid}, since `)
      expect(status.out).toContain(`  Receiver:  ${served.receiverBase}/hooks/<integration id> (listening)`)
      expect(status.out).toContain(`  UI/API:    ${served.uiBase}`)
      expect(status.out).toContain('  Relay:     connected')
      expect(status.out).toContain(`  Data:      ${dir}`)

      const off = await cli('relay', 'disconnect', '--data-dir', dir)
      expect(off.out).toBe('Disconnected from the relay; deliveries reach this Hookbell directly only.')
      await eventually(async () => expect((await cli('status', '--data-dir', dir)).out).toContain('  Relay:     off'))
    } finally {
      await relay.stop()
    }
  })
})

describe('hints name the command as the user runs it', () => {
  /** `hookbell` as npx starts it: through a node_modules/.bin link to bin/hookbell.js. */
  function npxLink(): string {
    const bin = join(tempDir(), 'node_modules', '.bin')
    mkdirSync(bin, { recursive: true })
    symlinkSync(resolve('bin/hookbell.js'), join(bin, 'hookbell'))
    return join(bin, 'hookbell')
  }

  /** Runs `serve` until it printed its banner, then stops it; the banner. */
  async function serveBanner(script: string, env: NodeJS.ProcessEnv): Promise<string> {
    const child = spawn(
      process.execPath,
      [script, 'serve', '--data-dir', tempDir(), '--port', '0', '--ui-port', '0', '--no-notify'],
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    try {
      await eventually(() => expect(out).toContain('No integrations yet'), 20_000)
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await once(child, 'exit')
      }
    }
    return out
  }

  const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')))

  it('through npx (a node_modules/.bin link) the hints and help examples say `npx hookbell`', async () => {
    const link = npxLink()
    expect(await serveBanner(link, cleanEnv())).toContain(
      'Try: npx hookbell integrations add generic, then npx hookbell send generic',
    )
    const help = execFileSync(process.execPath, [link, 'integrations', 'add', '--help'], { env: cleanEnv(), encoding: 'utf8' })
    expect(help).toContain('Examples:\n  $ npx hookbell integrations add generic')
  })

  it('under `npm start` (bin/hookbell.js serve as the start script) they say `npx hookbell`', async () => {
    expect(await serveBanner('bin/hookbell.js', { ...cleanEnv(), npm_lifecycle_event: 'start' })).toContain(
      'Try: npx hookbell integrations add generic',
    )
  })

  it('run directly (installed on PATH, or a service) they say `hookbell`', async () => {
    const out = await serveBanner('bin/hookbell.js', cleanEnv())
    expect(out).toContain('Try: hookbell integrations add generic, then hookbell send generic')
    expect(out).not.toContain('npx')
  })

  it('`relay channels` help wraps to 80 columns like every other command, and says a channel is per rotation', () => {
    for (const path of [['relay', 'channels'], ['integrations'], ['relay']]) {
      const help = execFileSync(process.execPath, ['bin/hookbell.js', ...path, '--help'], { env: cleanEnv(), encoding: 'utf8' })
      const body = help.slice(0, help.indexOf('Examples:'))
      for (const line of body.split('\n')) expect(line.length, `${path.join(' ')}: ${line}`).toBeLessThanOrEqual(80)
    }
    const channels = execFileSync(process.execPath, ['bin/hookbell.js', 'relay', 'channels', '--help'], { encoding: 'utf8' })
    expect(channels).not.toContain('one per laptop')
    expect(channels.replace(/\s+/g, ' ')).toContain(
      'one per on-call rotation that every laptop of the rotation reads with its own token',
    )
  })
})
