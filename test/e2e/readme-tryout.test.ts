// The README's one-minute try-out, run as written: serve on a fresh data folder (on ports other than the
// defaults, which the CLI must find by itself), then the README's commands in order, then every sample the
// README's table offers. Each command's output is checked, and the table must match the samples there are.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import type { DeliveryView } from '../../src/shared/model'
import { PROVIDERS } from '../../src/main/core/providers'
import { runCli as runInProcess } from '../../src/main/cli/program'
import { runCli, servedApi, serveCli, type Served } from '../helpers/cli'
import { tempDir } from '../helpers/test-core'

const readme = readFileSync('README.md', 'utf8')
const section = readme.slice(readme.indexOf('## Your first incident in a minute'), readme.indexOf('## Connecting your tools'))
/** `npx hookbell …` lines of the section's sh blocks, in order, without their comments. */
const commands = [...section.matchAll(/```sh\n([^]*?)```/g)]
  .flatMap((block) => block[1]!.split('\n'))
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => line.startsWith('npx hookbell '))
  .map((line) => line.split(/\s+/).slice(2))
/** The samples table: provider → sample names. */
const table = new Map(
  [...section.matchAll(/^\| `([\w-]+)` +\| (.+?) +\|$/gm)].map((m) => [m[1]!, [...m[2]!.matchAll(/`(\w+)`/g)].map((s) => s[1]!)]),
)

let served: Served
let dir: string
const api = servedApi(() => served, (dir = tempDir('hookbell-readme-')))

beforeAll(async () => {
  served = await serveCli(dir)
})
afterAll(() => served.stop())

describe("the README's try-out", () => {
  it('lists every sample there is, and adds an integration for every tool', () => {
    expect(Object.fromEntries(table)).toEqual(
      Object.fromEntries([...PROVIDERS.values()].map((p) => [p.id, Object.keys(p.samples)])),
    )
    const added = commands.filter((c) => c[0] === 'integrations' && c[1] === 'add').map((c) => c[2])
    expect(added.sort()).toEqual([...PROVIDERS.keys()].sort())
    expect(new URL(served.receiverBase).port).not.toBe('7700')
  })

  it('runs its commands in order, each saying what it did', { timeout: 90_000 }, async () => {
    for (const args of commands) {
      const r = await runCli([...args, '--data-dir', dir])
      const shown = `hookbell ${args.join(' ')}\n${r.stdout}${r.stderr}`
      expect(r.code, shown).toBe(0)
      if (args[0] === 'integrations') {
        const provider = PROVIDERS.get(args[2]!)!
        expect(r.stdout, shown).toMatch(new RegExp(`^Added ${provider.name} \\(${provider.id}\\), id \\S+\\n`))
        expect(r.stdout, shown).toContain(`  Receiver URL: ${served.receiverBase}/hooks/`)
        expect(r.stdout, shown).toContain(`  Try it:       hookbell send ${provider.id} --data-dir ${dir}`)
        if (provider.secret === 'user-chosen') expect(r.stdout, shown).toMatch(/ {2}Secret: {7}hbk_\S+ {3}\(shown once/)
        // A tool whose body is the user's template (Checkly, Datadog) gets the template to paste, line by line.
        if (provider.template)
          for (const line of provider.template.split('\n')) expect(r.stdout, shown).toContain(`\n    ${line}\n`)
      } else {
        expect(args[0]).toBe('send')
        expect(r.stdout, shown).toMatch(new RegExp(`→ ${served.receiverBase}/hooks/\\S+: 202 accepted, incident \\S+\\n$`))
      }
    }
  })

  // The same CLI code in this process (a child process per send is slow on a busy machine).
  it('then every sample of every tool is accepted', async () => {
    for (const [provider, samples] of table) {
      for (const sample of samples) {
        const lines: string[] = []
        const code = await runInProcess(['send', provider, '--sample', sample, '--data-dir', dir], {
          out: (l) => lines.push(l),
          err: (l) => lines.push(l),
        })
        // Only AWS can sign an SNS message (a provider that looks up the vendor's key): refused, saying why.
        if (PROVIDERS.get(provider)!.prepare) {
          expect(code).not.toBe(0)
          expect(lines.join('\n')).toMatch(/was refused \(401\): an example message .* only AWS can sign SNS messages/)
          continue
        }
        expect(code, `${provider} ${sample}: ${lines.join('\n')}`).toBe(0)
        expect(lines.join('\n')).toMatch(new RegExp(`sample "${sample}" → \\S+: 202 (accepted|ignored)`))
      }
    }
    const { deliveries } = await api<{ deliveries: DeliveryView[] }>('GET', '/api/deliveries?limit=500')
    expect(deliveries.filter((d) => d.outcome === 'rejected' && !PROVIDERS.get(d.provider ?? '')?.prepare)).toEqual([])
    expect(deliveries.filter((d) => d.outcome === 'duplicate')).toEqual([])
  })

  it('a sample sent again after a resolve reopens the incident, as a new event would', async () => {
    const send = (sample: string) => runCli(['send', 'generic', '--sample', sample, '--data-dir', dir])
    const opened = await send('triggered')
    const id = /incident (\S+)$/m.exec(opened.stdout)![1]!
    await send('resolved')
    expect((await api<Incident>('GET', `/api/incidents/${id}`)).status).toBe('resolved')
    const again = await send('triggered')
    expect(again.stdout).toContain(`202 accepted, incident ${id}`)
    expect((await api<Incident>('GET', `/api/incidents/${id}`)).status).toBe('open')
  })
})
