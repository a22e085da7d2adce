// What belongs to a reader on PostgreSQL: the credential hashes its app registered, its name, and its removal
// (postgres-store.ts holds the rest). A registration is keyed by its reader, so no reader replaces another's.
import type pg from 'pg'
import { transaction } from './postgres-schema'
import { MAX_CHANNEL_REGISTRATIONS, registrationOf, RegistrationLimit, type RegistrationRow, type RelayStore } from './types'

export type Query = <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) => Promise<R[]>

export function postgresCredentials(
  pool: pg.Pool,
  q: Query,
): Pick<RelayStore, 'registerCredentials' | 'credentialsFor' | 'readerName' | 'removeReader'> {
  return {
    registerCredentials: (channel, reader, registrations, now) =>
      transaction(pool, async (client) => {
        for (const r of registrations)
          await client.query(
            `INSERT INTO reader_credentials (channel, integration, reader, scheme, header, hashes, registered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (channel, integration, reader) DO UPDATE SET
             scheme = excluded.scheme, header = excluded.header, hashes = excluded.hashes, registered_at = excluded.registered_at`,
            [channel, r.integrationId, reader, r.scheme, r.header ?? '', JSON.stringify(r.hashes), now],
          )
        const { rows } = await client.query<{ n: number }>(
          'SELECT COUNT(*) AS n FROM reader_credentials WHERE channel = $1 AND reader = $2',
          [channel, reader],
        )
        if (rows[0]!.n > MAX_CHANNEL_REGISTRATIONS) throw new RegistrationLimit()
      }),
    async credentialsFor(channel, integrationId) {
      const rows = await q<RegistrationRow>(
        'relay-credentials',
        'SELECT reader, scheme, header, hashes FROM reader_credentials WHERE channel = $1 AND integration = $2 ORDER BY reader',
        [channel, integrationId],
      )
      return rows.map(registrationOf)
    },
    async readerName(channel, reader) {
      const [row] = await q<{ name: string }>('relay-reader-name', 'SELECT name FROM readers WHERE channel = $1 AND id = $2', [
        channel,
        reader,
      ])
      return row?.name ?? null
    },
    // Explicit as well as by foreign key: what a removed reader registered must never vouch again.
    removeReader: (channel, reader) =>
      transaction(pool, async (client) => {
        const ids = `SELECT id FROM readers WHERE channel = $1 AND (id = $2 OR name = $2)`
        await client.query(`DELETE FROM reader_credentials WHERE reader IN (${ids})`, [channel, reader])
        const result = await client.query('DELETE FROM readers WHERE channel = $1 AND (id = $2 OR name = $2)', [channel, reader])
        return (result.rowCount ?? 0) > 0
      }),
  }
}
