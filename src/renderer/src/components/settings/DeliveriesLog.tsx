import { useEffect, useState } from 'react'
import type { DeliveryView } from '../../../../shared/model'
import { useApp, useClient } from '../../hooks/use-app'
import { useNow } from '../../hooks/use-now'
import { relativeTime } from '../../lib/format'

/** Every delivery, accepted or not, with the reason: where a user finds why their setup does not work. */
export function DeliveriesLog() {
  const client = useClient()
  const integrations = useApp((s) => s.integrations)
  const [rows, setRows] = useState<DeliveryView[]>([])
  const now = useNow(10_000)
  useEffect(() => {
    let live = true
    const load = () =>
      void client
        .call('deliveries.list', { limit: 200 })
        .then((r) => live && setRows(r.deliveries))
        .catch(() => undefined)
    load()
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'delivery.received' || event.type === 'delivery.rejected') load()
    })
    return () => {
      live = false
      unsubscribe()
    }
  }, [client])
  const say = useApp((s) => s.say)
  const replay = (id: number) =>
    void client
      .call('deliveries.replay', { id })
      .then((d) =>
        say(d.outcome === 'rejected' ? 'error' : 'info', `Replayed: ${d.status} ${d.outcome}${d.reason ? ` — ${d.reason}` : ''}`),
      )
      .catch((error: Error) => say('error', error.message))
  const name = (id: string | null) => integrations.find((i) => i.id === id)?.name ?? (id ? id.slice(0, 8) : 'unknown')
  return (
    <div className="settings-page">
      <table className="table" aria-label="Deliveries">
        <thead>
          <tr>
            <th>When</th>
            <th>Source</th>
            <th>Via</th>
            <th>Status</th>
            <th>Outcome</th>
            <th>Reason</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className={`outcome-${d.outcome}`}>
              <td title={d.receivedAt}>{relativeTime(d.receivedAt, now)}</td>
              <td>{name(d.integrationId)}</td>
              <td>{d.via}</td>
              <td>{d.status}</td>
              <td>{d.outcome}</td>
              <td>{d.reason ?? ''}</td>
              <td>
                {d.outcome === 'rejected' && d.integrationId && (d.status === 400 || d.status === 401) ? (
                  <button
                    className="small"
                    title="Run it through again, after fixing the secret or setup"
                    onClick={() => replay(d.id)}
                  >
                    Replay
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="muted">No deliveries yet.</p> : null}
    </div>
  )
}
