import { absoluteTime, relativeTime } from '../lib/format'

/** "3 min ago", with the exact time on hover and for assistive technology. */
export function RelativeTime({ iso, now, className }: { iso: string | null; now: number; className?: string }) {
  if (!iso) return <span className={className}>—</span>
  return (
    <time className={className} dateTime={iso} title={absoluteTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  )
}
