// A target URL can carry basic-auth credentials (`https://user:pass@host/…`): a secret like the target's
// others, so views show it redacted and an edit that sends the redacted URL back keeps the stored ones.
export const REDACTED = '***'

/** The URL with its user name and password each replaced by ***; unchanged when it has neither. */
export function redactUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return raw
  }
  if (!url.username && !url.password) return raw
  if (url.username) url.username = REDACTED
  if (url.password) url.password = REDACTED
  return url.toString()
}

export const hasUrlCredentials = (raw: string): boolean => {
  try {
    const url = new URL(raw)
    return Boolean(url.username || url.password)
  } catch {
    return false
  }
}

/** `next` with any *** user name or password taken from `current` (the stored URL), so a redacted edit keeps them. */
export function restoreUrlCredentials(next: string, current: string | undefined): string {
  if (!current || !next.includes(REDACTED)) return next
  let url: URL
  let stored: URL
  try {
    url = new URL(next)
    stored = new URL(current)
  } catch {
    return next
  }
  if (url.username === REDACTED) url.username = stored.username
  if (url.password === REDACTED) url.password = stored.password
  return url.toString()
}
