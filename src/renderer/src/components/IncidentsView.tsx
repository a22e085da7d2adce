import { useEffect, useState } from 'react'
import { useApp, useAppStore } from '../hooks/use-app'
import { useMediaQuery } from '../hooks/use-media-query'
import { handleKey } from '../lib/shortcuts'
import { BulkBar } from './BulkBar'
import { DetailPane } from './DetailPane'
import { EmptyState } from './EmptyState'
import { FilterBar } from './FilterBar'
import { HelpDialog } from './HelpDialog'
import { IncidentList } from './IncidentList'
import { MAX_LIST, MIN_LIST, Splitter } from './Splitter'
import { Toast } from './Toast'

/** Below this width the list and the detail take turns (the tray-popover case). */
export const NARROW_QUERY = '(max-width: 699px)'
const WIDTH_KEY = 'hookbell.listWidth'

function storedWidth(): number {
  const n = Number(globalThis.localStorage?.getItem(WIDTH_KEY) ?? NaN)
  if (Number.isFinite(n) && n >= MIN_LIST && n <= MAX_LIST) return n
  // Titles get the room: the list takes a bit under half a wide window.
  return Math.round(Math.max(MIN_LIST, Math.min(640, (globalThis.innerWidth || 1000) * 0.45)))
}

export function IncidentsView() {
  const store = useAppStore()
  const narrow = useMediaQuery(NARROW_QUERY)
  const detailOpen = useApp((s) => s.detailOpen)
  const loaded = useApp((s) => s.loaded)
  const empty = useApp((s) => s.ids.length === 0 && !s.loading)
  const help = useApp((s) => s.help)
  const [width, setWidth] = useState(storedWidth)

  useEffect(() => store.getState().setNarrow(narrow), [narrow, store])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handleKey(e, store.getState())) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])

  const resize = (w: number) => {
    setWidth(w)
    globalThis.localStorage?.setItem(WIDTH_KEY, String(w))
  }

  const showList = !narrow || !detailOpen
  const showDetail = !narrow || detailOpen
  return (
    <div className={`incidents${narrow ? ' narrow' : ''}`}>
      {showList ? <FilterBar /> : null}
      {showList ? <BulkBar /> : null}
      <div className="split" style={narrow ? undefined : { gridTemplateColumns: `${width}px auto minmax(0, 1fr)` }}>
        {showList ? (
          <section className="list-pane" aria-label="Incident list">
            {!loaded ? <p className="empty muted">Loading incidents…</p> : empty ? <EmptyState /> : <IncidentList />}
          </section>
        ) : null}
        {!narrow ? <Splitter width={width} onChange={resize} /> : null}
        {showDetail ? <DetailPane /> : null}
      </div>
      <Toast />
      {help ? <HelpDialog /> : null}
    </div>
  )
}
