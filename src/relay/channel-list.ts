// `hookbell relay channels list`: each channel and each of its readers, with how far behind it is.
import type { ChannelSummary } from './store/types'

const ago = (iso: string, now: number) => {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 120) return `${s} s ago`
  if (s < 7200) return `${Math.round(s / 60)} min ago`
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86_400)} days ago`
}

const bytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`

export function formatChannels(channels: ChannelSummary[], now: number): string {
  if (channels.length === 0) return 'No channels. Add one: hookbell relay channels add --name team'
  const lines: string[] = []
  for (const c of channels) {
    lines.push(`${c.id}  ${c.name}  created ${c.createdAt}  ${c.held} held (${bytes(c.heldBytes)}), last seq ${c.lastSeq}`)
    if (c.readers.length === 0) lines.push('  no readers: hookbell relay channels add-reader to add one')
    for (const r of c.readers) {
      const lag = r.behind === 0 ? 'caught up' : `${r.behind} behind (oldest ${ago(r.oldestWaiting!, now)})`
      const idle = r.idle ? '  idle: no longer holds deliveries back' : ''
      lines.push(`  ${r.id}  ${r.name.padEnd(16)} ${lag.padEnd(28)} last seen ${ago(r.lastSeenAt, now)}${idle}`)
    }
  }
  return lines.join('\n')
}
