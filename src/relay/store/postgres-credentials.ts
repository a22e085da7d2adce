// The credential hashes apps register with a channel, on PostgreSQL (postgres-store.ts holds the rest).
import type pg from 'pg'
import type { CredentialHash } from '../../server-common/relay-protocol'
import { MAX_CHANNEL_REGISTRATIONS, RegistrationLimit, type RelayStore } from './types'

export type Query = <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) => Promise<R[]>

export function postgresCredentials(pool: pg.Pool, q: Query): Pick<RelayStore, 'registerCredentials' | 'credentialFor'> {
  return {
    async registerCredentials(channel, reader, registrations, now) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        for (const r of registrations)
          await client.query(
            `INSERT INTO credentials (channel, integration, scheme, hashes, registered_by, registered_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (channel, integration) DO UPDATE SET scheme = excluded.scheme,
             hashes = excluded.hashes, registered_by = excluded.registered_by, registered_at = excluded.registered_at`,
            [channel, r.integrationId, r.scheme, JSON.stringify(r.hashes), reader, now],
          )
        const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM credentials WHERE channel = $1', [channel])
        if (rows[0]!.n > MAX_CHANNEL_REGISTRATIONS) throw new RegistrationLimit()
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    async credentialFor(channel, integrationId) {
      const [row] = await q<{ scheme: string; hashes: string }>(
        'relay-credential',
        'SELECT scheme, hashes FROM credentials WHERE channel = $1 AND integration = $2',
        [channel, integrationId],
      )
      return row ? { scheme: row.scheme, hashes: JSON.parse(row.hashes) as CredentialHash[] } : null
    },
  }
}
