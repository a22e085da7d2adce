import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useApp, useAppStore } from '../hooks/use-app'
import { useFocusRequest } from '../hooks/use-focus-request'
import { useNow } from '../hooks/use-now'
import { providerName } from '../lib/format'
import { rowsOf, type GroupSummary, type ListRow } from '../lib/list-rows'
import { idsOfRow } from '../lib/shortcuts'
import { RelativeTime } from './RelativeTime'
import { SeverityWord, StatusIcon } from './SeverityBadge'

export const ROW_HEIGHT = 52

/**
 * Virtualized (only the rows on screen are in the DOM, so 10,000 incidents scroll like 10) and still: when
 * incidents arrive, the selected row, or else the top row in view, stays where it is, and an "N new" pill
 * takes you up to them.
 */
export function IncidentList() {
  const store = useAppStore()
  const rows = useApp(useShallow((s) => rowsOf(s.ids, s.byId, s.expanded, s.groups)))
  const selectedKey = useApp((s) => (s.selectedGroup ? `g:${s.selectedGroup}` : s.selectedId ? `i:${s.selectedId}` : null))
  const anyChecked = useApp((s) => s.allMatching || Object.keys(s.checked).length > 0)
  const loadMore = useApp((s) => s.loadMore)
  const hasMore = useApp((s) => s.nextCursor !== null)
  const parentRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.key ?? index,
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - 20) void loadMore()
  }, [hasMore, lastIndex, rows.length, loadMore])

  // The still list. `anchor` is the row that must not move on screen and its distance from the top of the
  // view, taken before each change; `newAbove` counts rows that arrived above the view.
  const anchor = useRef<{ key: string; offset: number } | null>(null)
  const rowsRef = useRef(rows)
  /** The row that has focus, kept when focus is lost without going anywhere (the row was removed). */
  const focusedRow = useRef<string | null>(null)
  const selectedRef = useRef(selectedKey)
  selectedRef.current = selectedKey
  const [newAbove, setNewAbove] = useState(0)
  // Blank room below the last row. A list a little shorter than its view can scroll by only the part that
  // overflows once rows arrive above, so the selected row moved down by the rest (a storm folded into one
  // group row moved it ~30 px). The room lets the view scroll as far as the anchor needs; it shrinks as the
  // view scrolls back up, so taking it away never moves a row.
  const room = useRef(0)
  const takeAnchor = () => {
    const el = parentRef.current
    if (!el) return
    const list = rowsRef.current
    fitRoom(el, room, list.length, el.scrollTop)
    const top = el.scrollTop
    const selected = selectedRef.current ? list.findIndex((r) => r.key === selectedRef.current) : -1
    const selectedInView = selected >= 0 && selected * ROW_HEIGHT >= top && selected * ROW_HEIGHT < top + el.clientHeight
    const index = selectedInView ? selected : Math.floor(top / ROW_HEIGHT)
    const key = list[index]?.key
    // At the very top with nothing selected in view, new incidents simply appear first.
    anchor.current = key && (top > 0 || selectedInView) ? { key, offset: index * ROW_HEIGHT - top } : null
    // Nothing is hidden above the view: there is nothing new to go up to.
    if (top === 0) setNewAbove(0)
  }
  useLayoutEffect(() => {
    const previous = rowsRef.current
    rowsRef.current = rows
    const el = parentRef.current
    const a = anchor.current
    if (el && a && previous !== rows) {
      const index = rows.findIndex((r) => r.key === a.key)
      const before = previous.findIndex((r) => r.key === a.key)
      if (index >= 0) {
        const target = Math.max(0, index * ROW_HEIGHT - a.offset)
        fitRoom(el, room, rows.length, target)
        if (Math.abs(el.scrollTop - target) >= 1) el.scrollTop = target
        if (index > before && before >= 0 && el.scrollTop > 0) setNewAbove((n) => n + (index - before))
      }
    }
    takeAnchor()
    // A reload that removes the focused row (a search narrowing the list) would leave focus on the page
    // itself, where the list's keys do nothing: it moves to the row that takes its place.
    const lost = focusedRow.current
    if (
      el &&
      lost &&
      !rows.some((r) => r.key === lost) &&
      (!document.activeElement || document.activeElement === document.body)
    ) {
      el.querySelector<HTMLElement>('[role=option][tabindex="0"]')?.focus({ preventScroll: true })
    }
  }, [rows])

  // Keyboard or a click moved the selection: bring it into view (only then, never because rows arrived).
  useEffect(() => {
    if (!selectedKey) return
    const index = rowsRef.current.findIndex((r) => r.key === selectedKey)
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' })
    takeAnchor()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedKey])

  useFocusRequest('list', () => {
    if (store.getState().narrow && store.getState().detailOpen) return false
    const el = parentRef.current
    if (!el) return false
    const row = selectedKey ? el.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(selectedKey)}"]`) : null
    ;(row ?? el.querySelector<HTMLElement>('[role=option]') ?? el).focus({ preventScroll: false })
  })

  const focusKey = selectedKey && rows.some((r) => r.key === selectedKey) ? selectedKey : rows[0]?.key
  return (
    <div className="list-wrap">
      {newAbove > 0 ? (
        <button
          className="new-pill"
          onClick={() => {
            setNewAbove(0)
            anchor.current = null
            if (parentRef.current) parentRef.current.scrollTop = 0
            parentRef.current?.querySelector<HTMLElement>('[role=option]')?.focus()
          }}
        >
          ↑ {newAbove} new
        </button>
      ) : null}
      <div
        className="list"
        ref={parentRef}
        role="listbox"
        aria-label="Incidents"
        aria-multiselectable={anyChecked || undefined}
        onScroll={takeAnchor}
        onFocus={(e) => (focusedRow.current = e.target.getAttribute('data-row-key'))}
        onBlur={(e) => {
          if (e.relatedTarget) focusedRow.current = null
        }}
      >
        <div style={{ height: virtualizer.getTotalSize() + room.current, position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index]
            if (!row) return null
            return (
              <RowView
                key={row.key}
                row={row}
                top={item.start}
                selected={row.key === selectedKey}
                focusable={row.key === focusKey}
                showCheck={anyChecked}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}

/** Sizes the blank room below `rows` rows so that the view can scroll to `scrollTop`, and no further. */
function fitRoom(el: HTMLElement, room: { current: number }, rows: number, scrollTop: number) {
  const rowsHeight = rows * ROW_HEIGHT
  const next = Math.max(0, Math.ceil(scrollTop + el.clientHeight - rowsHeight))
  if (next === room.current) return
  room.current = next
  const spacer = el.firstElementChild
  if (spacer instanceof HTMLElement) spacer.style.height = `${rowsHeight + next}px`
}

function RowView(props: { row: ListRow; top: number; selected: boolean; focusable: boolean; showCheck: boolean }) {
  const store = useAppStore()
  const { row } = props
  const checked = useApp((s) => idsOfRow(row).every((id) => s.checked[id]) || s.allMatching)
  const onClick = (e: React.MouseEvent) => {
    const s = store.getState()
    if (e.shiftKey && row.type === 'incident') return s.checkRange(row.id)
    if (e.metaKey || e.ctrlKey) return s.toggleChecked(idsOfRow(row))
    if (row.type === 'group') s.selectGroup(row.group.key)
    else void s.select(row.id)
    s.openDetail(true)
  }
  const common = {
    role: 'option',
    'aria-selected': props.selected,
    'aria-checked': props.showCheck ? checked : undefined,
    'data-row-key': row.key,
    tabIndex: props.focusable ? 0 : -1,
    onClick,
    style: { transform: `translateY(${props.top}px)`, height: ROW_HEIGHT },
  } as const
  const check = (
    <span
      className={`row-check${checked ? ' on' : ''}`}
      aria-hidden="true"
      title="Select (x)"
      onClick={(e) => {
        e.stopPropagation()
        if (e.shiftKey && row.type === 'incident') store.getState().checkRange(row.id)
        else store.getState().toggleChecked(idsOfRow(row))
      }}
    >
      {checked ? '☑' : '☐'}
    </span>
  )
  return row.type === 'group' ? (
    <GroupRow group={row.group} expanded={row.expanded} common={common} selected={props.selected} check={check} />
  ) : (
    <IncidentRow
      id={row.id}
      member={row.member}
      distinct={row.distinct}
      common={common}
      selected={props.selected}
      check={check}
    />
  )
}

type Common = Record<string, unknown>

function IncidentRow({
  id,
  member,
  distinct,
  common,
  selected,
  check,
}: {
  id: string
  member: boolean
  distinct?: string
  common: Common
  selected: boolean
  check: React.ReactNode
}) {
  const incident = useApp((s) => s.byId[id])
  const source = useApp((s) => s.integrations.find((i) => i.id === incident?.integrationId)?.name)
  const now = useNow()
  // At tray size a member's title is cut before what sets it apart from the others: the row names that.
  const narrow = useApp((s) => s.narrow)
  if (!incident) return null
  const shown = narrow && distinct ? distinct : incident.title
  const snoozed = incident.snoozedUntil !== null && Date.parse(incident.snoozedUntil) > now
  const unread = !incident.readAt
  return (
    <div
      {...common}
      data-incident-id={id}
      className={`row sev-edge-${incident.severity}${selected ? ' selected' : ''}${unread ? ' unread' : ''}${member ? ' member' : ''}`}
    >
      {check}
      <StatusIcon status={incident.status} snoozed={snoozed} />
      <div className="row-main">
        <div className="row-title" title={incident.title}>
          {/* The icon and the dot say it with shapes; this says it in words, as part of the row's name. */}
          <span className="sr-only">{`${incident.status}${snoozed ? ', snoozed' : ''}${unread ? ', unread' : ''}: `}</span>
          {unread ? <span className="row-unread" aria-hidden="true" /> : null}
          {shown}
          {shown !== incident.title ? <span className="sr-only">{` — ${incident.title}`}</span> : null}
        </div>
        <div className="row-meta">
          <SeverityWord severity={incident.severity} />
          <span>
            {source ?? providerName(incident.provider)}
            {incident.app ? ` · ${incident.app}` : ''}
            {incident.environment ? ` · ${incident.environment}` : ''}
          </span>
        </div>
      </div>
      <div className="row-side">
        <RelativeTime iso={incident.lastSeenAt} now={now} className="row-time" />
        {incident.occurrences > 1 ? (
          <span className="row-count" title={`${incident.occurrences} occurrences`}>
            ×{incident.occurrences}
          </span>
        ) : null}
      </div>
    </div>
  )
}

function GroupRow({
  group,
  expanded,
  common,
  selected,
  check,
}: {
  group: GroupSummary
  expanded: boolean
  common: Common
  selected: boolean
  check: React.ReactNode
}) {
  const store = useAppStore()
  const now = useNow()
  const open = group.status.open
  return (
    <div {...common} data-expanded={expanded} className={`row group-row sev-edge-${group.worst}${selected ? ' selected' : ''}`}>
      {check}
      <span
        className="row-expand"
        aria-hidden="true"
        title={expanded ? 'Collapse (←)' : 'Expand (→)'}
        onClick={(e) => {
          e.stopPropagation()
          store.getState().toggleExpanded(group.key)
        }}
      >
        {expanded ? '▾' : '▸'}
      </span>
      <div className="row-main">
        <div className="row-title" title={group.label}>
          <span className="sr-only">{`Group, ${expanded ? 'expanded' : 'collapsed'}: `}</span>
          {group.label}{' '}
          <span className="group-count">
            {group.count}
            {group.capped ? '+' : ''} incidents
          </span>
        </div>
        <div className="row-meta">
          <SeverityWord severity={group.worst} />
          <span>
            {open} open · {group.status.acknowledged} acknowledged
            {group.status.resolved ? ` · ${group.status.resolved} resolved` : ''}
          </span>
        </div>
      </div>
      <div className="row-side">
        <RelativeTime iso={group.lastSeenAt} now={now} className="row-time" />
      </div>
    </div>
  )
}
