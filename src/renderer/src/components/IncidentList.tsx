import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useApp } from '../hooks/use-app'
import { useNow } from '../hooks/use-now'
import { providerName, relativeTime } from '../lib/format'
import { SeverityBadge, StatusBadge } from './SeverityBadge'

const ROW_HEIGHT = 52

/** Virtualized: only the rows on screen are in the DOM, so 10,000 incidents scroll like 10. */
export function IncidentList() {
  const ids = useApp(useShallow((s) => s.ids))
  const selectedId = useApp((s) => s.selectedId)
  const select = useApp((s) => s.select)
  const loadMore = useApp((s) => s.loadMore)
  const hasMore = useApp((s) => s.nextCursor !== null)
  const parentRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (hasMore && lastIndex >= ids.length - 20) void loadMore()
  }, [hasMore, lastIndex, ids.length, loadMore])

  // No layout jumps while incidents stream in: when rows arrive above the view, keep the row the user is
  // looking at where it was. At the very top, new incidents simply appear.
  const anchor = useRef<{ id: string; offset: number } | null>(null)
  const idsRef = useRef(ids)
  idsRef.current = ids
  const onScroll = () => {
    const el = parentRef.current
    if (!el) return
    const index = Math.floor(el.scrollTop / ROW_HEIGHT)
    const id = idsRef.current[index]
    anchor.current = el.scrollTop > 0 && id ? { id, offset: el.scrollTop - index * ROW_HEIGHT } : null
  }
  useLayoutEffect(() => {
    const el = parentRef.current
    const a = anchor.current
    if (!el || !a) return
    const index = ids.indexOf(a.id)
    if (index < 0) return
    const target = index * ROW_HEIGHT + a.offset
    if (Math.abs(el.scrollTop - target) >= 1) el.scrollTop = target
  }, [ids])

  useEffect(() => {
    if (!selectedId) return
    const index = ids.indexOf(selectedId)
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' })
  }, [selectedId, ids, virtualizer])

  return (
    <div className="list" ref={parentRef} role="listbox" aria-label="Incidents" tabIndex={-1} onScroll={onScroll}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => (
          <Row
            key={ids[item.index]}
            id={ids[item.index]!}
            top={item.start}
            selected={ids[item.index] === selectedId}
            onSelect={select}
          />
        ))}
      </div>
    </div>
  )
}

function Row({ id, top, selected, onSelect }: { id: string; top: number; selected: boolean; onSelect: (id: string) => void }) {
  const incident = useApp((s) => s.byId[id])
  const source = useApp((s) => s.integrations.find((i) => i.id === incident?.integrationId)?.name)
  const now = useNow()
  if (!incident) return null
  const snoozed = incident.snoozedUntil !== null && Date.parse(incident.snoozedUntil) > now
  return (
    <div
      role="option"
      aria-selected={selected}
      data-incident-id={id}
      className={`row${selected ? ' selected' : ''}${incident.readAt ? '' : ' unread'}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(id)}
    >
      <span className="row-unread" aria-label={incident.readAt ? undefined : 'unread'} />
      <SeverityBadge severity={incident.severity} compact />
      <div className="row-main">
        <div className="row-title">{incident.title}</div>
        <div className="row-meta">
          {source ?? providerName(incident.provider)}
          {incident.app ? ` · ${incident.app}` : ''}
          {incident.environment ? ` · ${incident.environment}` : ''}
        </div>
      </div>
      <StatusBadge status={incident.status} snoozed={snoozed} />
      <span className="row-count" title="occurrences">
        ×{incident.occurrences}
      </span>
      <time className="row-time" dateTime={incident.lastSeenAt} title={new Date(incident.lastSeenAt).toLocaleString()}>
        {relativeTime(incident.lastSeenAt, now)}
      </time>
    </div>
  )
}
