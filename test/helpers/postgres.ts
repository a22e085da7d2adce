// A throwaway PostgreSQL cluster for tests: Debian's server binaries, a free port on 127.0.0.1, its socket
// and data in a temp folder, stopped (and removed) by the test. As root the server runs as `postgres`,
// which PostgreSQL requires. `.ci/run` installs the `postgresql` package when it is missing.
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from './free-port'

function binDir(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (!versions[0]) throw new Error('PostgreSQL server binaries not found: apt-get install postgresql (.ci/run does)')
  return join(root, versions[0], 'bin')
}

export interface PgCluster {
  port: number
  /** A connection string for a fresh, empty database on the cluster. */
  createDatabase(name?: string): Promise<string>
  url(database: string): string
  stop(): void
}

let databases = 0

export async function startPostgres(): Promise<PgCluster> {
  const bin = binDir()
  const dir = mkdtempSync(join(tmpdir(), 'hookbell-pg-'))
  const asRoot = process.getuid?.() === 0
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(bin, cmd), asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
    })
  if (asRoot) {
    chmodSync(dir, 0o700)
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--no-instructions'])
  const port = await freePort()
  // fsync off: a test cluster that dies with the test needs no durability, and it saves seconds per run.
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    'start',
  ])
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  // A crashed test process must not leave a server behind.
  process.once('exit', stop)
  return {
    port,
    url,
    async createDatabase(name = `hookbell_${process.pid}_${++databases}`) {
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${name}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    stop,
  }
}
