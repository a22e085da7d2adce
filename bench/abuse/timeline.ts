// Reading the loop timelines of bench/abuse/loop-probe.js: how late a process's event loop ran over a time
// window, and during one delivery. A late turn at wall-clock t, late by d ms, means the loop was blocked
// (or not given a core) from about t - d to t.
import { readFileSync } from 'node:fs'

/** [wall-clock ms, ms late] for each turn of the probe's 10 ms timer that came at least 1 ms late. */
export type LoopTimeline = [number, number][]
const PERIOD_MS = 10

export function readTimeline(file: string): LoopTimeline | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LoopTimeline
  } catch {
    return null
  }
}

/** The most the loop was late in a stall that overlaps [from, to]. */
export function worstLateIn(timeline: LoopTimeline, from: number, to: number): number {
  let worst = 0
  for (const [at, late] of timeline) if (at >= from && at - late <= to) worst = Math.max(worst, late)
  return worst
}

/** p-th percentile and maximum of lateness over all turns in [from, to] (turns on time count as 0). */
export function lateness(timeline: LoopTimeline, from: number, to: number, p: number): { p: number; max: number } {
  const late = timeline.filter(([at]) => at >= from && at <= to).map(([, by]) => by)
  const turns = Math.max(late.length, Math.round((to - from) / PERIOD_MS))
  late.sort((a, b) => b - a)
  return { p: late[Math.floor(((100 - p) / 100) * turns)] ?? 0, max: late[0] ?? 0 }
}
