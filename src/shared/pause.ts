/**
 * When a "pause notifications" choice ends, as stored in preferences. "Until tomorrow" means 08:00 local
 * time the next day. Shared by the tray menu and the Notifications screen.
 */
export function pauseUntil(choice: number | 'tomorrow' | 'forever', now: Date): string {
  if (choice === 'forever') return 'forever'
  if (choice === 'tomorrow') {
    const t = new Date(now)
    t.setDate(t.getDate() + 1)
    t.setHours(8, 0, 0, 0)
    return t.toISOString()
  }
  return new Date(now.getTime() + choice * 60_000).toISOString()
}
