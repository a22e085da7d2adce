import { useEffect, useState } from 'react'
import type { DeliveryView } from '../../../../shared/model'
import { useApp, useClient } from '../../hooks/use-app'
import { useNow } from '../../hooks/use-now'
import { relativeTime } from '../../lib/format'

/**
 * Every delivery, accepted or not, with the reason: where a user finds why their setup does not work. An
 * accepted delivery links to the incidents it made; "Rejected only" asks the core for refusals alone, so
 * they are found however many accepted deliveries came since.
 */
export function DeliveriesLog() {
  const client = useClient()
  const integrations = useApp((s) => s.integrations)
  const openIncident = useApp((s) => s.openIncident)
  const [rows, setRows] = useState<DeliveryView[]>([])
  const [rejectedOnly, setRejectedOnly] = useState(false)
  const now = useNow(10_000)
  useEffect(() => {
    let live = true
    const load = () =>
      void client
        .call('deliveries.list', rejectedOnly ? { limit: 200, outcome: 'rejected' } : { limit: 200 })
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
  }, [client, rejectedOnly])
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
      <label className="inline">
        <input type="checkbox" checked={rejectedOnly} onChange={(e) => setRejectedOnly(e.target.checked)} />
        Rejected only
      </label>
      <table className="table" aria-label="Deliveries">
        <thead>
          <tr>
            <th>When</th>
            <th>Source</th>
            <th>Via</th>
            <th>Status</th>
            <th>Outcome</th>
            <th>Reason</th>
            <th>Incident</th>
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
                {d.incidentIds.length > 0 ? (
                  <button
                    className="link"
                    title={d.incidentIds.length > 1 ? 'Opens the first; the rest are beside it in the list' : undefined}
                    onClick={() => openIncident(d.incidentIds[0]!)}
                  >
                    {d.incidentIds.length === 1 ? 'Open incident' : `Open ${d.incidentIds.length} incidents`}
                  </button>
                ) : null}
              </td>
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
      {rows.length === 0 ? <p className="muted">{rejectedOnly ? 'No rejected deliveries.' : 'No deliveries yet.'}</p> : null}
    </div>
  )
}
