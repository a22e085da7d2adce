/**
 * Only http(s) URLs from a payload become links (docs/ARCHITECTURE.md, "Invariants": no file: or javascript:).
 * The core applies it when normalizing; the UI applies it again before rendering a link.
 */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null
  } catch {
    return null
  }
}
