// Preloaded into `hookbell serve` and `hookbell relay` by bench/abuse.bench.ts (NODE_OPTIONS=--import=...),
// and imported by the legitimate client: how late the process's own event loop ran, so that a reader can
// tell a server stall from a load-generator stall. A 10 ms timer records by how much each of its turns came
// late; the timeline is written to $ABUSE_PROBE_OUT when the process exits. Not part of the app.
import { writeFileSync } from 'node:fs'

const PERIOD_MS = 10
const out = process.env.ABUSE_PROBE_OUT
/** [wall-clock ms at the late turn, ms late]: only turns at least 1 ms late, to keep the file small. */
const late = []
let last = performance.now()
setInterval(() => {
  const now = performance.now()
  const by = now - last - PERIOD_MS
  if (by >= 1) late.push([Math.round(performance.timeOrigin + now), Math.round(by)])
  last = now
}, PERIOD_MS).unref()

export const loopTimeline = () => late

if (out) process.on('exit', () => writeFileSync(out, JSON.stringify(late)))
