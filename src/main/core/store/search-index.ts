// The full-text index (FTS5) behind the list's search box: what of an incident is searchable, and how what
// a person types becomes a safe query.
import { parseLabels } from '../../../shared/labels'
import type { Db } from '../../../server-common/sqlite'
import type { Detail } from './incident-rows'

export function createSearchIndex(db: Db) {
  const stmt = {
    remove: db.prepare('DELETE FROM incidents_fts WHERE rowid = ?'),
    insert: db.prepare(
      'INSERT INTO incidents_fts (rowid, title, message, exception_type, frames, app, environment) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
  }
  return {
    /** Indexes an incident's searchable text; `isNew` skips removing the entry it replaces. */
    index(seq: number, title: string, detail: Detail, app: string | null, env: string | null, isNew: boolean): void {
      const frames = detail.exception?.frames.map((f) => `${f.file} ${f.function}`).join('\n') ?? ''
      // Labels are data people search by (an alert name, a pod, a namespace; Checkly's group and tags). They
      // share the message column: FTS5 cannot add a column to an existing table, and search matches any column.
      const labels = [
        ...Object.entries(parseLabels(detail.facts?.labels)).map(([k, v]) => `${k} ${v}`),
        detail.check?.group ?? '',
        ...(detail.check?.tags ?? []),
      ]
        .filter(Boolean)
        .join('\n')
      const message = detail.exception?.message ?? detail.check?.errorMessage ?? detail.facts?.description ?? ''
      if (!isNew) stmt.remove.run(seq)
      stmt.insert.run(
        seq,
        title,
        labels ? `${message}\n${labels}` : message,
        detail.exception?.type ?? '',
        frames,
        app ?? '',
        env ?? '',
      )
    },
    /** Drops the entries of incidents being deleted (`seqs` are integers from the database). */
    removeAll(seqs: readonly number[]): void {
      db.exec(`DELETE FROM incidents_fts WHERE rowid IN (${seqs.join(',')})`)
    },
  }
}

export type SearchIndex = ReturnType<typeof createSearchIndex>

/**
 * Turns what a person types into a safe FTS5 query: each word quoted (so `-`, `:` or `"` in it are not FTS
 * syntax), all words required, the last one a prefix so results follow typing.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.match(/[\p{L}\p{N}_]+/gu)
  if (!words || words.length === 0) return null
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ')
}
