// How a backtrace reads, crash site first: application frames stand out, runs of library frames fold into one
// line, and a long run of application frames (deep recursion, a 60-frame framework-free stack) keeps its
// ends and folds its middle. The crash site is always shown, even inside a library.
import type { StackFrame } from '../../../shared/incident'

export type Run =
  /** Frames shown as they are. */
  | { kind: 'shown'; frames: StackFrame[] }
  /** Consecutive library frames, folded ("14 library frames"). */
  | { kind: 'library'; frames: StackFrame[] }
  /** The middle of a long run of application frames, folded ("48 more app frames"). */
  | { kind: 'app'; frames: StackFrame[] }

/** A single library frame is shown: a line that hides one line saves nothing. */
export const LIBRARY_RUN = 2
/** Application runs longer than this keep their first and last frames and fold the rest. */
export const APP_RUN = 12
const APP_HEAD = 6
const APP_TAIL = 3

export function backtraceRuns(crashFirst: StackFrame[]): Run[] {
  const [site, ...rest] = crashFirst
  if (!site) return []
  const runs: Run[] = []
  const show = (frames: StackFrame[]) => {
    const last = runs.at(-1)
    if (last?.kind === 'shown') last.frames.push(...frames)
    else if (frames.length) runs.push({ kind: 'shown', frames: [...frames] })
  }
  show([site])
  for (const run of consecutive(rest)) {
    if (!run[0]!.inApp) {
      if (run.length >= LIBRARY_RUN) runs.push({ kind: 'library', frames: run })
      else show(run)
    } else if (run.length > APP_RUN) {
      show(run.slice(0, APP_HEAD))
      runs.push({ kind: 'app', frames: run.slice(APP_HEAD, -APP_TAIL) })
      show(run.slice(-APP_TAIL))
    } else show(run)
  }
  return runs
}

function consecutive(frames: StackFrame[]): StackFrame[][] {
  const runs: StackFrame[][] = []
  for (const f of frames) {
    const last = runs.at(-1)
    if (last && last[0]!.inApp === f.inApp) last.push(f)
    else runs.push([f])
  }
  return runs
}
