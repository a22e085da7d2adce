// Picks the relay's store: PostgreSQL for a postgres:// connection string, else SQLite in the data directory.
import { openPostgresRelayStore } from './postgres-store'
import { openSqliteRelayStore } from './sqlite-store'
import type { RelayStore } from './types'

export const isPostgresUrl = (value: string) => /^postgres(ql)?:\/\//i.test(value)

export async function openRelayStore(
  where: { database?: string | null; dataDir: string },
  options: { log?: (message: string) => void } = {},
): Promise<RelayStore> {
  if (where.database) {
    if (!isPostgresUrl(where.database))
      throw new Error(`--database takes a postgres:// connection string; SQLite lives in --data-dir (got "${where.database}")`)
    return openPostgresRelayStore(where.database, options)
  }
  return openSqliteRelayStore(where.dataDir)
}
