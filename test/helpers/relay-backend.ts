// The relay test suites run once per store: SQLite in a temp folder, and PostgreSQL on a throwaway cluster.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import pg from 'pg'
import { openRelayStore } from '../../src/relay/store/open-store'
import type { RelayStore } from '../../src/relay/store/types'
import { startPostgres, type PgCluster } from './postgres'
import { tempDir } from './test-core'

export const RELAY_BACKENDS = ['sqlite', 'postgres'] as const
export type RelayBackendName = (typeof RELAY_BACKENDS)[number]

export interface RelayBackend {
  name: RelayBackendName
  dataDir: string
  /** Arguments that point `hookbell relay` at this store. */
  args: string[]
  database: string | null
  openStore(): Promise<RelayStore>
  /** Raw SQL against the relay's database (`?` placeholders), as an attacker or an operator would. */
  sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>
  /** A second, empty database of the same kind (a test that needs its own store). */
  fresh(): Promise<RelayBackend>
  stop(): Promise<void>
}

let cluster: PgCluster | null = null

export async function startRelayBackend(name: RelayBackendName): Promise<RelayBackend> {
  const dataDir = tempDir('hookbell-relay-')
  let database: string | null = null
  if (name === 'postgres') {
    cluster ??= await startPostgres()
    database = await cluster.createDatabase()
  }
  const stores: RelayStore[] = []
  const backend: RelayBackend = {
    name,
    dataDir,
    database,
    args: database ? ['--database', database] : [],
    async openStore() {
      const store = await openRelayStore({ database, dataDir }, { log: () => undefined })
      stores.push(store)
      return store
    },
    async sql(query, params = []) {
      if (database) {
        const client = new pg.Client({ connectionString: database })
        await client.connect()
        try {
          let n = 0
          return (
            await client.query(
              query.replace(/\?/g, () => `$${++n}`),
              params,
            )
          ).rows
        } finally {
          await client.end()
        }
      }
      const db = new DatabaseSync(join(dataDir, 'relay.db'))
      try {
        const stmt = db.prepare(query)
        return /^\s*select/i.test(query)
          ? (stmt.all(...(params as never[])) as Record<string, unknown>[])
          : (stmt.run(...(params as never[])), [])
      } finally {
        db.close()
      }
    },
    fresh: () => startRelayBackend(name),
    async stop() {
      for (const store of stores) await store.close().catch(() => undefined)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return backend
}

/** Stops the cluster this test file started (if any). */
export function stopPostgres(): void {
  cluster?.stop()
  cluster = null
}
