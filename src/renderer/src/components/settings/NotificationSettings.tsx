import { SEVERITIES, type Severity } from '../../../../shared/incident'
import { pauseUntil } from '../../../../shared/pause'
import { useApp } from '../../hooks/use-app'
import { absoluteTime } from '../../lib/format'

export function NotificationSettings() {
  const prefs = useApp((s) => s.preferences)
  const status = useApp((s) => s.status)
  const integrations = useApp((s) => s.integrations)
  const update = useApp((s) => s.updatePreferences)
  if (!prefs) return <p>Loading…</p>
  const n = prefs.notifications
  const paused = n.pausedUntil === 'forever' || (n.pausedUntil !== null && Date.parse(n.pausedUntil) > Date.now())
  return (
    <div className="settings-page">
      <section className="card">
        <h3>Do not disturb</h3>
        {status?.notifier.state === 'unavailable' ? (
          <p className="rejection">
            Toasts are unavailable on this machine: {status.notifier.error?.replace(/[.\s]+$/, '')}. Incidents are still stored
            and listed.
          </p>
        ) : null}
        {status && status.notifier.notShown > 0 ? (
          <p className="muted" data-testid="toasts-not-shown">
            {status.notifier.notShown} toast{status.notifier.notShown === 1 ? ' was' : 's were'} not shown by the system since
            Hookbell started
            {/* The reason above is the cause when there is one; only without it is the system's setting a guess. */}
            {status.notifier.state === 'unavailable'
              ? '.'
              : ' (Focus Assist, Do Not Disturb, or notifications turned off for Hookbell).'}
          </p>
        ) : null}
        {paused ? (
          <p>
            Paused {n.pausedUntil === 'forever' ? 'until you resume' : `until ${absoluteTime(n.pausedUntil)}`}.{' '}
            <button onClick={() => void update({ notifications: { pausedUntil: null } })}>Resume</button>
          </p>
        ) : (
          <div className="actions">
            <button onClick={() => void update({ notifications: { pausedUntil: pauseUntil(60, new Date()) } })}>
              Pause 1 hour
            </button>
            <button onClick={() => void update({ notifications: { pausedUntil: pauseUntil('tomorrow', new Date()) } })}>
              Until tomorrow
            </button>
            <button onClick={() => void update({ notifications: { pausedUntil: pauseUntil('forever', new Date()) } })}>
              Until I resume
            </button>
          </div>
        )}
        <p className="muted">What arrives while paused is offered as one digest when the pause ends.</p>
      </section>
      <section className="card form">
        <h3>Quiet hours</h3>
        <label className="inline">
          <input
            type="checkbox"
            checked={n.quietHours.enabled}
            onChange={(e) => void update({ notifications: { quietHours: { enabled: e.target.checked } } })}
          />{' '}
          Hold toasts during quiet hours
        </label>
        <label className="inline">
          From{' '}
          <input
            type="time"
            aria-label="Quiet hours start"
            value={n.quietHours.start}
            onChange={(e) => void update({ notifications: { quietHours: { start: e.target.value } } })}
          />
          to{' '}
          <input
            type="time"
            aria-label="Quiet hours end"
            value={n.quietHours.end}
            onChange={(e) => void update({ notifications: { quietHours: { end: e.target.value } } })}
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={n.quietHours.criticalBypass}
            onChange={(e) => void update({ notifications: { quietHours: { criticalBypass: e.target.checked } } })}
          />{' '}
          Critical incidents still notify
        </label>
      </section>
      <section className="card form">
        <h3>Storms</h3>
        <label className="inline">
          Group toasts into one summary above
          <input
            type="number"
            min={1}
            aria-label="Storm toasts"
            value={n.storm.maxToasts}
            onChange={(e) => void update({ notifications: { storm: { maxToasts: Number(e.target.value) } } })}
          />
          toasts in
          <input
            type="number"
            min={1}
            aria-label="Storm window seconds"
            value={n.storm.windowSeconds}
            onChange={(e) => void update({ notifications: { storm: { windowSeconds: Number(e.target.value) } } })}
          />
          seconds
        </label>
      </section>
      <section className="card form">
        <h3>Repeat until answered</h3>
        <p className="muted">
          An open incident nobody has acknowledged, resolved or snoozed (here or a teammate through the relay) is toasted again,
          with a sound, until someone answers. Quiet hours and pauses hold repeats as they hold toasts.
        </p>
        {SEVERITIES.map((s) => (
          <label key={s} className="inline">
            <input
              type="checkbox"
              checked={n.repeat[s].enabled}
              onChange={(e) => void update({ notifications: { repeat: { [s]: { enabled: e.target.checked } } } })}
            />{' '}
            Repeat {s} every
            <input
              type="number"
              min={1}
              max={1440}
              step={1}
              aria-label={`Repeat ${s} every minutes`}
              value={n.repeat[s].everyMinutes}
              disabled={!n.repeat[s].enabled}
              // The core checks the value (a whole number of minutes, 1 to 1440) and says what is wrong.
              onChange={(e) => void update({ notifications: { repeat: { [s]: { everyMinutes: Number(e.target.value) } } } })}
            />
            minutes
          </label>
        ))}
      </section>
      <section className="card form">
        <h3>Sounds and kinds</h3>
        {SEVERITIES.map((s) => (
          <label key={s} className="inline">
            <input
              type="checkbox"
              checked={n.sounds[s]}
              onChange={(e) => void update({ notifications: { sounds: { [s]: e.target.checked } } })}
            />{' '}
            Sound for {s}
          </label>
        ))}
        <label className="inline">
          <input
            type="checkbox"
            checked={n.notifyResolved}
            onChange={(e) => void update({ notifications: { notifyResolved: e.target.checked } })}
          />{' '}
          Toast when the source resolves an incident
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={n.notifyDeploys}
            onChange={(e) => void update({ notifications: { notifyDeploys: e.target.checked } })}
          />{' '}
          Toast for deploy markers
        </label>
      </section>
      <section className="card form">
        <h3>Desktop</h3>
        <label className="inline">
          <input type="checkbox" checked={prefs.startAtLogin} onChange={(e) => void update({ startAtLogin: e.target.checked })} />{' '}
          Start Hookbell at login (desktop app)
        </label>
        <label className="inline">
          <input type="checkbox" checked={prefs.autoUpdate} onChange={(e) => void update({ autoUpdate: e.target.checked })} />{' '}
          Install updates (installed desktop app: downloads new releases, then “Restart to update” in the tray)
        </label>
      </section>
      <section className="card form">
        <h3>Minimum severity per source</h3>
        {integrations.length === 0 ? <p className="muted">No integrations yet.</p> : null}
        {integrations.map((i) => (
          <label key={i.id} className="inline">
            {i.name}
            <select
              aria-label={`Minimum severity for ${i.name}`}
              value={n.minSeverity[i.id] ?? 'info'}
              onChange={(e) => void update({ notifications: { minSeverity: { [i.id]: e.target.value as Severity } } })}
            >
              {[...SEVERITIES].reverse().map((s) => (
                <option key={s} value={s}>
                  {s} and above
                </option>
              ))}
            </select>
          </label>
        ))}
      </section>
    </div>
  )
}
