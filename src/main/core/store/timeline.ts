// An incident's timeline: one readable line per change, with bursts of occurrences folded into one row.
import type { TimelineEntry, TimelineType } from '../../../shared/incident'
import type { Db } from '../../../server-common/sqlite'
import type { TimelineNote } from '../incident/lifecycle'
import type { IncidentEvent } from '../providers/types'
import { relayedNote } from '../../../shared/provenance'

/** Occurrences this close together share one timeline row ("occurred again ×12") instead of twelve. */
export const OCCURRENCE_BURST_MS = 10 * 60_000

/**
 * The source's own word on why it sent this (Alertmanager's notification_reason), and for a relayed delivery
 * whether it was signed or vouched for by the relay, on the rows it caused.
 */
export function withSourceNote(notes: TimelineNote[], event: IncidentEvent): TimelineNote[] {
  const relayed = relayedNote(event.provenance)
  const words = [event.sourceNote, relayed].filter(Boolean).join('; ')
  if (!words) return notes
  return notes.map((n) => (n.actor === 'source' ? { ...n, text: `${n.text} (${words})` } : n))
}

interface TimelineRow {
  id: number
  at: number
  type: TimelineType
  actor: TimelineEntry['actor']
  text: string
  count: number | null
}

export function createTimeline(db: Db) {
  const stmt = {
    last: db.prepare('SELECT id, type, at, count FROM timeline WHERE incident_seq = ? ORDER BY id DESC LIMIT 1'),
    bump: db.prepare('UPDATE timeline SET count = count + 1, at = ? WHERE id = ?'),
    add: db.prepare('INSERT INTO timeline (incident_seq, at, type, actor, text, count) VALUES (?, ?, ?, ?, ?, ?)'),
    all: db.prepare('SELECT id, at, type, actor, text, count FROM timeline WHERE incident_seq = ? ORDER BY id'),
  }

  return {
    add(seq: number, at: number, n: TimelineNote): void {
      if (n.type === 'occurrence') {
        const last = stmt.last.get(seq) as { id: number; type: string; at: number } | undefined
        if (last && last.type === 'occurrence' && at - last.at < OCCURRENCE_BURST_MS) {
          stmt.bump.run(at, last.id)
          return
        }
        stmt.add.run(seq, at, n.type, n.actor, n.text, 1)
        return
      }
      stmt.add.run(seq, at, n.type, n.actor, n.text, null)
    },
    of(seq: number): TimelineEntry[] {
      return (stmt.all.all(seq) as unknown as TimelineRow[]).map(toTimeline)
    },
  }
}

function toTimeline(row: TimelineRow): TimelineEntry {
  const entry: TimelineEntry = {
    id: row.id,
    at: new Date(row.at).toISOString(),
    type: row.type,
    actor: row.actor,
    text: row.text,
  }
  if (row.count !== null && row.count > 1) entry.count = row.count
  return entry
}
