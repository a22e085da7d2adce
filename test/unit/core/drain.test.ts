// The drainer both outboxes share (forward/drain.ts): what is due is sent batch after batch, and a row whose
// attempt throws is put off rather than picked again at once.
import { describe, expect, it } from 'vitest'
import { createDrainer, THREW_DELAY_MS } from '../../../src/main/core/forward/drain'

interface Row {
  id: number
  dueAt: number
  sent: number
}

/** An outbox in memory: rows are due at `dueAt`, a postponed one says when and why. */
function outbox(rows: Row[], now: () => number) {
  const postponed: { id: number; error: string; at: number }[] = []
  return {
    due: (at: number) => rows.filter((r) => r.dueAt <= at).slice(0, 20),
    nextDueAt: () => (rows.length ? Math.min(...rows.map((r) => r.dueAt)) : null),
    postpone: (id: number, error: string, at: number) => {
      rows.find((r) => r.id === id)!.dueAt = at
      postponed.push({ id, error, at })
    },
    postponed,
    done: (row: Row) => rows.splice(rows.indexOf(row), 1),
    now,
  }
}

describe('createDrainer', () => {
  it('sends every due row, batch after batch, then stops', async () => {
    const rows = Array.from({ length: 45 }, (_, i) => ({ id: i + 1, dueAt: 0, sent: 0 }))
    const box = outbox(rows, () => 1_000)
    const sent: number[] = []
    const drainer = createDrainer<Row>({
      outbox: box,
      attempt: async (row) => {
        sent.push(row.id)
        box.done(row)
      },
      now: box.now,
      log: () => undefined,
      label: '[test] row',
    })
    drainer.start()
    await drainer.drain()
    expect(sent.sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1))
    await drainer.stop()
  })

  it('puts off a row whose attempt throws, even before its first await, instead of picking it again at once', async () => {
    const rows: Row[] = [
      { id: 1, dueAt: 0, sent: 0 },
      { id: 2, dueAt: 0, sent: 0 },
    ]
    const box = outbox(rows, () => 1_000)
    const logged: string[] = []
    const drainer = createDrainer<Row>({
      outbox: box,
      attempt: (row) => {
        row.sent++
        if (row.id === 1) throw new Error('a bug in the attempt')
        box.done(row)
        return Promise.resolve()
      },
      now: box.now,
      log: (message) => logged.push(message),
      label: '[test] row',
    })
    drainer.start()
    await drainer.drain()
    // Tried once, put off a minute with the error as its last one; the other row went out.
    expect(rows).toEqual([{ id: 1, dueAt: 1_000 + THREW_DELAY_MS, sent: 1 }])
    expect(box.postponed).toEqual([
      { id: 1, error: 'failed unexpectedly: Error: a bug in the attempt', at: 1_000 + THREW_DELAY_MS },
    ])
    expect(logged).toEqual(['[test] row 1 failed unexpectedly: Error: a bug in the attempt'])
    await drainer.stop()
  })
})
