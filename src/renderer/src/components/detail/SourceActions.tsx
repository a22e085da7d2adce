// What became of your actions on the tool that sent the alert (README, "Act on the source"): each outcome is
// a line in the timeline; one that failed can be sent again from here while it is the incident's latest (an
// older one was overtaken: retrying a failed reopen after a new acknowledge would unmute it at the source).
import type { IncidentDetail } from '../../../../shared/incident'
import { useApp, useClient } from '../../hooks/use-app'

const DONE: Record<string, string> = {
  acknowledge: 'acknowledge',
  unacknowledge: 'un-acknowledge',
  resolve: 'resolve',
  reopen: 'reopen',
  snooze: 'snooze',
  extend: 'silence extension',
}

export function SourceActionsSection({ detail }: { detail: IncidentDetail }) {
  const client = useClient()
  const say = useApp((s) => s.say)
  const refreshDetail = useApp((s) => s.refreshDetail)
  const failed = (detail.sourceActions ?? []).filter((a) => a.state === 'failed')
  if (failed.length === 0) return null
  return (
    <section className="section" aria-labelledby="sec-source-actions">
      <h3 id="sec-source-actions">On the source</h3>
      <ul className="source-actions">
        {failed.map((a) => (
          <li key={a.id} className="rejection">
            <span>
              Your {DONE[a.action] ?? a.action} did not reach {a.tool}
              {a.lastError ? `: ${a.lastError}` : ''}
            </span>
            {a.retryable ? ' ' : null}
            {a.retryable ? (
              <button
                className="small"
                aria-label={`Retry the ${DONE[a.action] ?? a.action} on ${a.tool}`}
                onClick={() =>
                  void client
                    .call('sourceActions.retry', { id: a.id })
                    .then(() => say('info', `Sending your ${DONE[a.action] ?? a.action} to ${a.tool} again.`))
                    .then(() => refreshDetail())
                    .catch((error: Error) => say('error', error.message))
                }
              >
                Retry
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
