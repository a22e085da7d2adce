// Abuse: `hookbell serve` and `hookbell relay` (child processes, loopback only) under a flood of junk to
// unknown ids, junk through the relay, and thousands of trickling sockets, while signed deliveries keep
// arriving from another process and address (127.0.0.2: loopback too, so per-source limits can tell them
// apart). Reports the data folder's growth, the legitimate deliveries' p50/p99 and their failures, beside the
// same legitimate load measured alone in the same run. Goals from issue 17: growth under the refusal quota,
// p99 < 100 ms, 0 failures. Bounded in time: ATTACK_SECONDS plus start-up.
//
// The machine's cores are shared by everything here, so the figure is only about the app when the app is
// given a core of its own: where taskset exists the app and the legitimate sender are pinned to one core,
// the attacker, the relay (a server elsewhere in real use) and this process to the others. Each process's
// event-loop delay (bench/abuse/loop-probe.js) and CPU time are reported beside the latency, so that a slow
// delivery can be put down to the app stalling, the sender stalling, or the machine being busy.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { rmSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { it } from 'vitest'
import { REFUSAL_QUOTA_BYTES } from '../src/main/core/store/delivery-log'
import { addRelayChannel, relayCli, serveCli, servedApi } from '../test/helpers/cli'
import { tempDir } from '../test/helpers/test-core'
import {
  folderBytes,
  listenOverflows,
  machineBusySeconds,
  machineDiskWrittenBytes,
  pin,
  pinningPlan,
  processCpuSeconds,
  processDiskWrittenBytes,
  waitForQuiet,
  relayDataDir,
} from './abuse/machine'
import { lateness, readTimeline, worstLateIn, type LoopTimeline } from './abuse/timeline'
import { ensureBuilt } from './ensure-built'
import { mb, ms, percentile, printTable, verdict } from './report'

const BASELINE_SECONDS = 5
const ATTACK_SECONDS = 20
const LEGIT_PER_SECOND = 20
/** Above these, other programs ran beside the attack enough to move the latency (see bench/README.md). */
const QUIET_CPU_SHARE = 0.05
const QUIET_DISK_BYTES = 200 * 1024 * 1024
/** How long to wait for the machine to be quiet before starting, at most. */
const QUIET_WAIT_SECONDS = 120
const PROBE = pathToFileURL(resolve('bench/abuse/loop-probe.js')).href

interface Legit {
  deliveries: [start: number, took: number, status: number][]
  loop: LoopTimeline
  cpu: { user: number; system: number }
}
interface Attack {
  receiverStatuses: Record<string, number>
  relayStatuses: Record<string, number>
  slow: { opened: number; refusedAtOnce: number; timedOut: number }
  cpu: { user: number; system: number }
}

/** A node script from bench/abuse in its own process, pinned where asked; resolves with the JSON it prints. */
async function runScript<T>(script: string, args: string[], cpus: string | undefined): Promise<T> {
  const child = spawn(process.execPath, [`bench/abuse/${script}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  if (cpus) pin(child.pid!, cpus)
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  const [code] = (await once(child, 'exit')) as [number]
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${out}`)
  return JSON.parse(out) as T
}

const seconds = (cpu: { user: number; system: number }) => (cpu.user + cpu.system) / 1e6
const delta = (after: number | null, before: number | null) => (after === null || before === null ? null : after - before)
const lateText = (n: number) => `${n} ms`
const mbText = (bytes: number | null) => (bytes === null ? 'n/a' : mb(bytes))
const cpuText = (s: number | null) => (s === null ? 'n/a' : `${s.toFixed(1)} s`)

it('abuse: junk floods, junk through the relay and trickling sockets beside signed deliveries', async () => {
  ensureBuilt()
  const plan = pinningPlan()
  const appCpus = 'app' in plan ? plan.app : undefined
  const loadCpus = 'load' in plan ? plan.load : undefined
  if (loadCpus) pin(process.pid, loadCpus)
  const dataDir = tempDir('hookbell-bench-abuse-')
  const { dir: relayDir, where: relayWhere } = relayDataDir()
  const probeDir = tempDir('hookbell-bench-abuse-probe-')
  const probeEnv = (name: string) => ({
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`,
    ABUSE_PROBE_OUT: join(probeDir, `${name}.json`),
  })
  const relay = await relayCli(relayDir, [], probeEnv('relay'))
  if (loadCpus) pin(relay.child.pid!, loadCpus)
  const channel = await addRelayChannel(relayDir, relay.base)
  const served = await serveCli(dataDir, [], probeEnv('serve'))
  if (appCpus) pin(served.child.pid!, appCpus)
  const api = servedApi(() => served, dataDir)
  try {
    const { integration, secret } = await api<{ integration: { id: string }; secret: string }>('POST', '/api/integrations', {
      provider: 'generic',
      name: 'Checkout',
    })
    await api('PATCH', '/api/settings', { relay: { url: channel.url, readToken: channel.token, enabled: true } })
    const legitimate = (secs: number, tag: string) =>
      runScript<Legit>(
        'legit.js',
        [served.receiverBase, integration.id, secret, String(secs), String(LEGIT_PER_SECOND), tag],
        appCpus,
      )

    const calm = await waitForQuiet(QUIET_WAIT_SECONDS)
    const alone = await legitimate(BASELINE_SECONDS, 'alone')
    const before = folderBytes(dataDir)
    const overflowsBefore = listenOverflows()
    const cpuBefore = {
      app: processCpuSeconds(served.child.pid!),
      relay: processCpuSeconds(relay.child.pid!),
      machine: machineBusySeconds(),
      bench: process.cpuUsage(),
      appDisk: processDiskWrittenBytes(served.child.pid!),
      relayDisk: processDiskWrittenBytes(relay.child.pid!),
      machineDisk: machineDiskWrittenBytes(),
    }
    const attackStarted = Date.now()
    const attacking = runScript<Attack>('attacker.js', [served.receiverBase, channel.url, String(ATTACK_SECONDS)], loadCpus)
    // Signed deliveries keep arriving once the attack is under way.
    await new Promise((r) => setTimeout(r, 2000))
    const attacked = await legitimate(ATTACK_SECONDS - 4, 'attacked')
    const attack = await attacking
    const attackSeconds = (Date.now() - attackStarted) / 1000
    const overflowsAfter = listenOverflows()
    const cpu = {
      app: delta(processCpuSeconds(served.child.pid!), cpuBefore.app),
      relay: delta(processCpuSeconds(relay.child.pid!), cpuBefore.relay),
      machine: delta(machineBusySeconds(), cpuBefore.machine),
      bench: seconds(process.cpuUsage(cpuBefore.bench)),
      attacker: seconds(attack.cpu),
      sender: seconds(attacked.cpu),
    }
    const disk = {
      app: delta(processDiskWrittenBytes(served.child.pid!), cpuBefore.appDisk),
      relay: delta(processDiskWrittenBytes(relay.child.pid!), cpuBefore.relayDisk),
      machine: delta(machineDiskWrittenBytes(), cpuBefore.machineDisk),
    }
    // Let the app drain what the relay took in, so its refusals count in the growth.
    await new Promise((r) => setTimeout(r, 3000))
    const grown = folderBytes(dataDir) - before
    await served.stop()
    await relay.stop()
    const appLoop = readTimeline(join(probeDir, 'serve.json'))
    const relayLoop = readTimeline(join(probeDir, 'relay.json'))

    const took = (run: Legit) => run.deliveries.filter(([, , s]) => s === 202 || s === 200).map(([, t]) => t)
    const failures = (run: Legit) => run.deliveries.filter(([, , s]) => s !== 202 && s !== 200).length
    const span = (run: Legit) => {
      const starts = run.deliveries.map(([start]) => start)
      return [Math.min(...starts), Math.max(...run.deliveries.map(([start, t]) => start + t))] as const
    }
    const loopText = (timeline: LoopTimeline | null, run: Legit) => {
      if (!timeline) return 'n/a'
      const late = lateness(timeline, ...span(run), 99)
      return `p99 ${lateText(late.p)}, max ${lateText(late.max)}`
    }
    const slowest = [...attacked.deliveries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([start, t]) => {
        const app = appLoop ? lateText(worstLateIn(appLoop, start, start + t)) : 'n/a'
        return `${ms(t)} (app ${app}, sender ${lateText(worstLateIn(attacked.loop, start, start + t))})`
      })
    const answers = (statuses: Record<string, number>) =>
      Object.entries(statuses)
        .map(([k, v]) => `${k === '0' ? 'closed' : k}×${v}`)
        .join(' ')
    const ours = [cpu.app, cpu.relay, cpu.bench, cpu.attacker, cpu.sender].reduce<number | null>(
      (sum, s) => (sum === null || s === null ? null : sum + s),
      0,
    )
    const p99 = percentile(took(attacked), 99)
    // What the rest of the machine did meanwhile: a run beside a build or a test suite is not about the app.
    const capacity = attackSeconds * cpus().length
    const others = {
      cpu: cpu.machine === null || ours === null ? null : Math.max(0, cpu.machine - ours),
      disk:
        disk.machine === null || disk.app === null || disk.relay === null
          ? null
          : Math.max(0, disk.machine - disk.app - disk.relay),
    }
    const quiet = (others.cpu ?? 0) < capacity * QUIET_CPU_SHARE && (others.disk ?? 0) < QUIET_DISK_BYTES
    printTable(`Abuse (${ATTACK_SECONDS} s, loopback; legitimate ${LEGIT_PER_SECOND}/s from 127.0.0.2)`, [
      {
        measure: 'app side',
        value: appCpus ? `core ${appCpus}: hookbell serve, legitimate sender` : 'no pinning',
        baseline: 'none' in plan ? plan.none : '',
      },
      {
        measure: 'load side',
        value: loadCpus ? `core ${loadCpus}: attacker, relay, bench` : 'no pinning',
        baseline: relayWhere,
      },
      {
        measure: 'machine before the run',
        value: calm === null ? 'n/a' : `${calm.busyCores.toFixed(2)} cores busy`,
        baseline: calm === null ? '' : `after waiting ${calm.waited.toFixed(0)} s for it to be quiet`,
      },
      {
        measure: 'data folder growth',
        value: mb(grown),
        baseline: `quota ${mb(REFUSAL_QUOTA_BYTES)} for refusals`,
        goal: '< quota',
        verdict: verdict(grown < REFUSAL_QUOTA_BYTES),
      },
      {
        measure: 'legitimate p50',
        value: ms(percentile(took(attacked), 50)),
        baseline: `${ms(percentile(took(alone), 50))} alone`,
      },
      {
        measure: 'legitimate p99',
        value: ms(p99),
        baseline: `${ms(percentile(took(alone), 99))} alone`,
        goal: '< 100 ms',
        verdict: verdict(p99 < 100),
      },
      {
        measure: 'legitimate failures',
        value: `${failures(attacked)} of ${attacked.deliveries.length}`,
        baseline: `${failures(alone)} of ${alone.deliveries.length} alone`,
        goal: '0',
        verdict: verdict(failures(attacked) === 0),
      },
      { measure: 'slowest, with loops late', value: slowest.join('; ') },
      { measure: 'app event loop late', value: loopText(appLoop, attacked), baseline: `${loopText(appLoop, alone)} alone` },
      {
        measure: 'sender event loop late',
        value: loopText(attacked.loop, attacked),
        baseline: `${loopText(alone.loop, alone)} alone`,
      },
      { measure: 'relay event loop late', value: loopText(relayLoop, attacked) },
      {
        measure: 'CPU in the attack',
        value: (['app', 'relay', 'attacker', 'sender', 'bench'] as const).map((p) => `${p} ${cpuText(cpu[p])}`).join(', '),
        baseline: `of ${capacity.toFixed(0)} s (${cpus().length} cores)`,
      },
      {
        measure: 'disk writes in the attack',
        value: `app ${mbText(disk.app)}, relay ${mbText(disk.relay)}`,
      },
      {
        measure: 'other programs in the attack',
        value: `CPU ${cpuText(others.cpu)}, disk writes ${mbText(others.disk)}`,
        goal: `< ${cpuText(capacity * QUIET_CPU_SHARE)}, < ${mb(QUIET_DISK_BYTES)}`,
        verdict: quiet ? 'quiet' : 'BUSY: latency includes their work',
      },
      { measure: 'junk to receiver (answers)', value: answers(attack.receiverStatuses) },
      { measure: 'junk to relay (answers)', value: answers(attack.relayStatuses) },
      {
        measure: 'listen queue overflows',
        value: overflowsBefore === null || overflowsAfter === null ? 'n/a' : String(overflowsAfter - overflowsBefore),
        baseline: 'whole machine; each one is a SYN retried after 1 s',
      },
      {
        measure: 'trickling sockets',
        value: `${attack.slow.opened} opened: ${attack.slow.refusedAtOnce} closed at once, ${attack.slow.timedOut} timed out`,
      },
    ])
  } finally {
    await served.stop()
    await relay.stop()
    for (const dir of [dataDir, relayDir, probeDir]) rmSync(dir, { recursive: true, force: true })
  }
})
