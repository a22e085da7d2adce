import { useState } from 'react'
import type { ExceptionDetail, StackFrame } from '../../../../shared/incident'
import { CopyButton } from '../CopyButton'

/**
 * Crash site first. Application frames (as the core classified them per ecosystem) stand out; runs of
 * library frames fold into one line. The crash site itself is always shown, even inside a library.
 */
export function ExceptionView({ exception }: { exception: ExceptionDetail }) {
  const frames = [...exception.frames].reverse()
  const groups: { inApp: boolean; frames: StackFrame[] }[] = []
  if (frames[0] && !frames[0].inApp) groups.push({ inApp: true, frames: [frames[0]] })
  for (const f of groups.length ? frames.slice(1) : frames) {
    const last = groups[groups.length - 1]
    if (last && last.inApp === f.inApp) last.frames.push(f)
    else groups.push({ inApp: f.inApp, frames: [f] })
  }
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
        <ol className="frames">
          {groups.map((g, i) =>
            g.inApp ? g.frames.map((f, j) => <Frame key={`${i}-${j}`} frame={f} />) : <LibraryFrames key={i} frames={g.frames} />,
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

function LibraryFrames({ frames }: { frames: StackFrame[] }) {
  const [open, setOpen] = useState(false)
  if (open)
    return (
      <>
        {frames.map((f, i) => (
          <Frame key={i} frame={f} />
        ))}
      </>
    )
  return (
    <li className="frame collapsed">
      <button className="link" onClick={() => setOpen(true)}>
        {frames.length} library frame{frames.length === 1 ? '' : 's'}
      </button>
    </li>
  )
}
