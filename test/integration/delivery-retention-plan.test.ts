// The delivery log's retention keeps every delivery an incident still shows. It asks that once per old
// delivery, every 10 minutes, on the writer's connection: it must be an index probe, never a scan of the
// incidents (270-640 ms at 100k incidents before migration 12).
import { expect, it } from 'vitest'
import { openDb } from '../../src/server-common/sqlite'
import { MIGRATIONS } from '../../src/main/core/store/migrations'
import { NOT_SHOWN_BY_AN_INCIDENT } from '../../src/main/core/store/delivery-log'

it('asks whether an incident shows a delivery through an index, not by reading every incident', () => {
  const db = openDb(':memory:', MIGRATIONS)
  for (const sql of [
    `UPDATE deliveries SET body = NULL WHERE received_at < 1 AND body IS NOT NULL AND ${NOT_SHOWN_BY_AN_INCIDENT}`,
    `DELETE FROM deliveries WHERE received_at < 1 AND ${NOT_SHOWN_BY_AN_INCIDENT}`,
  ]) {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail)
    expect(plan.join('\n')).toMatch(/SEARCH incidents USING (COVERING )?INDEX incidents_raw_delivery/)
    expect(plan.join('\n')).not.toMatch(/SCAN incidents/)
  }
  db.close()
})
