// The full-text index (FTS5) behind the list's search box: what of an incident is searchable, and how what
// a person types becomes a safe query.
import { parseLabels } from '../../../shared/labels'
import type { Batched } from '../../../server-common/group-commit'
import type { Db } from '../../../server-common/sqlite'
import type { Detail } from './incident-rows'

/** One incident's entry: its row id, its columns, and whether an older entry must be removed first. */
interface Entry {
  seq: number
  columns: [string, string, string, string, string, string]
  isNew: boolean
}

export function createSearchIndex(db: Db) {
  const stmt = {
    remove: db.prepare('DELETE FROM incidents_fts WHERE rowid = ?'),
    insert: db.prepare(
      'INSERT INTO incidents_fts (rowid, title, message, exception_type, frames, app, environment) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
  }
  /** Entries gathered during a group commit, written once before it commits; null when writing at once. */
  let pending: Entry[] | null = null

  function write(entry: Entry): void {
    if (!entry.isNew) stmt.remove.run(entry.seq)
    stmt.insert.run(entry.seq, ...entry.columns)
  }

  const batch: Batched = {
    begin: () => void (pending = []),
    mark: () => pending?.length ?? 0,
    rollbackTo: (mark) => void pending?.splice(mark),
    flush() {
      const entries = pending ?? []
      pending = null
      // An incident changed twice in one group is indexed once, as it is last; new if it was new at first.
      const last = new Map<number, Entry>()
      for (const e of entries) last.set(e.seq, { ...e, isNew: last.get(e.seq)?.isNew ?? e.isNew })
      for (const e of last.values()) write(e)
    },
    discard: () => void (pending = null),
  }

  return {
    /** Group commit gathers the index's writes and writes them once per transaction (see Batched). */
    batch,
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
      const entry: Entry = {
        seq,
        columns: [title, labels ? `${message}\n${labels}` : message, detail.exception?.type ?? '', frames, app ?? '', env ?? ''],
        isNew,
      }
      if (pending) pending.push(entry)
      else write(entry)
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
