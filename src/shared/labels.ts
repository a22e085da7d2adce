/**
 * Alert labels as the core keeps them in `facts.labels` ("alertname=HighErrorRate, severity=critical"). A
 * value may itself hold ", ": a piece without "=" belongs to the value before it.
 */
export function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {}
  if (!text) return labels
  let last: string | null = null
  for (const piece of text.split(', ')) {
    const at = piece.indexOf('=')
    if (at > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(piece.slice(0, at))) {
      last = piece.slice(0, at)
      labels[last] = piece.slice(at + 1)
    } else if (last) labels[last] += `, ${piece}`
  }
  return labels
}
