// What belongs to a reader on SQLite: the credential hashes its app registered, its name, and its removal
// (sqlite-store.ts holds the rest). A registration is keyed by its reader, so no reader replaces another's.
import { transaction, type Db } from '../../server-common/sqlite'
import { MAX_CHANNEL_REGISTRATIONS, registrationOf, RegistrationLimit, type RegistrationRow, type RelayStore } from './types'

export function sqliteCredentials(
  db: Db,
): Pick<RelayStore, 'registerCredentials' | 'credentialsFor' | 'readerName' | 'removeReader'> {
  const stmt = {
    // The reader is part of the key: an upsert only ever replaces that reader's own registration.
    register: db.prepare(`INSERT INTO reader_credentials (channel, integration, reader, scheme, header, hashes, registered_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, integration, reader) DO UPDATE SET scheme = excluded.scheme,
      header = excluded.header, hashes = excluded.hashes, registered_at = excluded.registered_at`),
    registered: db.prepare('SELECT COUNT(*) AS n FROM reader_credentials WHERE channel = ? AND reader = ?'),
    credentialsFor: db.prepare(
      'SELECT reader, scheme, header, hashes FROM reader_credentials WHERE channel = ? AND integration = ? ORDER BY reader',
    ),
    readerName: db.prepare('SELECT name FROM readers WHERE channel = ? AND id = ?'),
    // Explicit as well as by foreign key: what a removed reader registered must never vouch again.
    forget: db.prepare(
      'DELETE FROM reader_credentials WHERE reader IN (SELECT id FROM readers WHERE channel = ? AND (id = ? OR name = ?))',
    ),
    remove: db.prepare('DELETE FROM readers WHERE channel = ? AND (id = ? OR name = ?)'),
  }
  return {
    async registerCredentials(channel, reader, registrations, now) {
      transaction(db, () => {
        for (const r of registrations)
          stmt.register.run(channel, r.integrationId, reader, r.scheme, r.header ?? '', JSON.stringify(r.hashes), now)
        const { n } = stmt.registered.get(channel, reader) as { n: number }
        if (n > MAX_CHANNEL_REGISTRATIONS) throw new RegistrationLimit()
      })
    },
    async credentialsFor(channel, integrationId) {
      return (stmt.credentialsFor.all(channel, integrationId) as unknown as RegistrationRow[]).map(registrationOf)
    },
    readerName: async (channel, reader) => (stmt.readerName.get(channel, reader) as { name: string } | undefined)?.name ?? null,
    async removeReader(channel, reader) {
      return transaction(db, () => {
        stmt.forget.run(channel, reader, reader)
        return Number(stmt.remove.run(channel, reader, reader).changes) > 0
      })
    },
  }
}
