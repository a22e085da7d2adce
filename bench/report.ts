// Printing for benchmarks: one table, measured figure beside its baseline and goal.
export interface Row {
  measure: string
  value: string
  baseline?: string
  goal?: string
  verdict?: string
}

export function printTable(title: string, rows: Row[]): void {
  const cols: (keyof Row)[] = ['measure', 'value', 'baseline', 'goal', 'verdict']
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  const out = [
    `\n## ${title}`,
    line(cols),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => r[c] ?? ''))),
  ]
  process.stdout.write(`${out.join('\n')}\n`)
}

export const ms = (n: number) => `${n < 1 ? n.toFixed(3) : n.toFixed(1)} ms`
export const us = (n: number) => `${n.toFixed(1)} µs`
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

export const verdict = (ok: boolean) => (ok ? 'meets goal' : 'MISSES goal')
