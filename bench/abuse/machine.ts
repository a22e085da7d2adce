// What the abuse bench reads from the machine: which cores it may use and pinning to them (taskset from
// util-linux), CPU time per process and for the whole machine (/proc), listen-queue overflows, folder sizes.
// Each reading is null where the machine cannot give it (not Linux, no taskset), and the report says so.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const folderBytes = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  )

/**
 * Connections the kernel dropped because a listen queue was full (Linux, whole network namespace: other
 * processes on the machine count too). A dropped SYN is retried by TCP after 1 s, which a sender sees as
 * a 1 s delivery. Null where /proc/net/netstat does not exist.
 */
export function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n')
    for (let i = 0; i + 1 < lines.length; i += 2) {
      if (!lines[i]!.startsWith('TcpExt:')) continue
      const names = lines[i]!.split(' ')
      return Number(lines[i + 1]!.split(' ')[names.indexOf('ListenOverflows')])
    }
  } catch {
    // not Linux
  }
  return null
}

/**
 * The cores to give the app side (hookbell serve and the legitimate sender) and the load side (attacker,
 * relay, the bench itself), or the reason there is no pinning: taskset missing, or fewer than 2 cores allowed.
 * The relay goes with the load: in use it runs on a server elsewhere, not on the laptop that answers.
 */
export function pinningPlan(): { app: string; load: string } | { none: string } {
  if (process.env.ABUSE_PIN === '0') return { none: 'ABUSE_PIN=0' }
  const probe = spawnSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) return { none: 'taskset not found (util-linux)' }
  const cpus = expandCpuList(/list:\s*(\S+)/.exec(probe.stdout)?.[1] ?? '')
  if (cpus.length < 2) return { none: `only ${cpus.length} core allowed` }
  return { app: String(cpus[0]), load: cpus.slice(1).join(',') }
}

function expandCpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number)
    if (!Number.isInteger(from)) return []
    return Array.from({ length: (to ?? from!) - from! + 1 }, (_, i) => from! + i)
  })
}

/** Every thread of the process onto the given cores (threads it starts later inherit them). */
export function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], { stdio: 'ignore' })
}

let ticksPerSecond: number | undefined
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const got = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })
    ticksPerSecond = Number(got.stdout) > 0 ? Number(got.stdout) : 100
  }
  return ticksPerSecond
}

/** CPU seconds (user + system, all threads) a running process has used, or null without /proc. */
export function processCpuSeconds(pid: number): number | null {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14, 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / clockTicks()
  } catch {
    return null
  }
}

/** CPU seconds the whole machine has been busy (every core, every process), or null without /proc. */
export function machineBusySeconds(): number | null {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number)
    const [user, nice, system, , , irq, softirq, steal] = ticks
    return (user! + nice! + system! + irq! + softirq! + steal!) / clockTicks()
  } catch {
    return null
  }
}

/** Bytes a running process has caused to be written to disk (/proc/<pid>/io), or null where unreadable. */
export function processDiskWrittenBytes(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/io`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('write_bytes:'))
    return line ? Number(line.split(':')[1]) : null
  } catch {
    return null
  }
}

/**
 * Bytes written to the machine's disks by everything on it (/proc/diskstats, whole disks from /sys/block
 * only so that partitions are not counted twice), or null without them. Another program writing a lot makes
 * every fsync slow, the app's included, which a reader needs to see beside the latency.
 */
export function machineDiskWrittenBytes(): number | null {
  try {
    const disks = new Set(readdirSync('/sys/block').filter((d) => !/^(loop|ram|zram)/.test(d)))
    return readFileSync('/proc/diskstats', 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => disks.has(f[2]!))
      .reduce((sum, f) => sum + Number(f[9]) * 512, 0)
  } catch {
    return null
  }
}

/**
 * A folder for the relay's database off the app's disk when the machine has a memory file system: in use
 * the relay runs on a server of its own, and relayed junk (hundreds of MB in a run) written to the app's
 * disk would slow every fsync of the app's. Falls back to the temp folder, and says which.
 */
export function relayDataDir(): { dir: string; where: string } {
  if (process.env.ABUSE_RELAY_ON_DISK !== '1') {
    try {
      return { dir: mkdtempSync('/dev/shm/hookbell-bench-abuse-relay-'), where: 'relay data in /dev/shm' }
    } catch {
      // no /dev/shm
    }
  }
  return { dir: mkdtempSync(join(tmpdir(), 'hookbell-bench-abuse-relay-')), where: 'relay data on disk' }
}

/**
 * Waits (at most `maxSeconds`) until the machine's cores have been nearly idle for two seconds: a run that
 * starts beside a build or a test suite measures them too. Resolves with how long it waited and how busy the
 * machine was over the last two seconds (in cores), or null without /proc.
 */
export async function waitForQuiet(maxSeconds: number): Promise<{ waited: number; busyCores: number } | null> {
  const started = Date.now()
  for (;;) {
    const before = machineBusySeconds()
    await new Promise((r) => setTimeout(r, 2000))
    const after = machineBusySeconds()
    if (before === null || after === null) return null
    const busyCores = (after - before) / 2
    const waited = (Date.now() - started) / 1000
    if (busyCores < QUIET_CORES || waited >= maxSeconds) return { waited, busyCores }
  }
}
const QUIET_CORES = 0.15
