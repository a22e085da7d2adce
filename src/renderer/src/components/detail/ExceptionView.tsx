import { useState } from 'react'
import type { ExceptionDetail, StackFrame } from '../../../../shared/incident'
import { backtraceRuns, type Run } from '../../lib/backtrace'
import { CopyButton } from '../CopyButton'

/**
 * Crash site first. Application frames (as the core classified them per ecosystem) stand out; runs of
 * library frames, and the middle of very long application runs, fold into one line that opens in place.
 */
export function ExceptionView({ exception }: { exception: ExceptionDetail }) {
  const frames = [...exception.frames].reverse()
  const runs = backtraceRuns(frames)
  const text = `${exception.type}: ${exception.message}\n${frames.map((f) => `  at ${f.function} (${f.file}${f.line !== null ? `:${f.line}` : ''})`).join('\n')}`
  return (
    <section className="section" aria-label="Exception">
      <div className="section-head">
        <h3>Exception</h3>
        <CopyButton text={text} label="Copy backtrace" />
      </div>
      <p className="exception-type">{exception.type}</p>
      <p className="exception-message">{exception.message}</p>
      {frames.length === 0 ? (
        <p className="muted">No backtrace in this delivery.</p>
      ) : (
        <ol className="frames" aria-label={`Backtrace, ${frames.length} frames, crash site first`}>
          {runs.map((run, i) =>
            run.kind === 'shown' ? run.frames.map((f, j) => <Frame key={`${i}-${j}`} frame={f} />) : <Folded key={i} run={run} />,
          )}
        </ol>
      )}
    </section>
  )
}

function Frame({ frame }: { frame: StackFrame }) {
  return (
    <li className={`frame${frame.inApp ? ' in-app' : ''}`}>
      <span className="frame-fn">{frame.function || '(anonymous)'}</span>
      <span className="frame-loc">
        {frame.file}
        {frame.line !== null ? `:${frame.line}` : ''}
      </span>
    </li>
  )
}

/** A folded run: a button (Enter or Space) that opens and closes it in place, so focus stays where it was. */
function Folded({ run }: { run: Exclude<Run, { kind: 'shown' }> }) {
  const [open, setOpen] = useState(false)
  const n = run.frames.length
  const label = run.kind === 'library' ? `${n} library frame${n === 1 ? '' : 's'}` : `${n} more app frames`
  return (
    <>
      <li className="frame collapsed">
        <button className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
          {label}
        </button>
      </li>
      {open ? run.frames.map((f, i) => <Frame key={i} frame={f} />) : null}
    </>
  )
}
