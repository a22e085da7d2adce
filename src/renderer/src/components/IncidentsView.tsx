import { useEffect, useRef } from 'react'
import { useApp, useAppStore } from '../hooks/use-app'
import { EmptyState } from './EmptyState'
import { FilterBar } from './FilterBar'
import { IncidentDetail, SNOOZE_CHOICES } from './IncidentDetail'
import { IncidentList } from './IncidentList'

export function IncidentsView() {
  const store = useAppStore()
  const empty = useApp((s) => s.ids.length === 0 && !s.loading)
  const searchRef = useRef<HTMLInputElement>(null)

  // j/k or arrows move, Enter opens, a acknowledge, r resolve, s snooze, f forward, / search.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement
      if (target.closest('input, textarea, select, [contenteditable]') || e.metaKey || e.ctrlKey || e.altKey) return
      const s = store.getState()
      const index = s.selectedId ? s.ids.indexOf(s.selectedId) : -1
      const move = (delta: number) => {
        const next = s.ids[Math.max(0, Math.min(s.ids.length - 1, index + delta))]
        if (next) void s.select(next)
      }
      const id = s.selectedId
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          move(1)
          break
        case 'k':
        case 'ArrowUp':
          move(-1)
          break
        case 'Enter':
          if (!id && s.ids[0]) void s.select(s.ids[0])
          else document.querySelector<HTMLElement>('.detail .actions button')?.focus()
          break
        case 'a':
          if (id) void s.act('acknowledge', id)
          break
        case 'r':
          if (id) void s.act('resolve', id)
          break
        case 's':
          if (id) void s.snooze(id, new Date(Date.now() + SNOOZE_CHOICES[0]!.minutes * 60_000).toISOString())
          break
        case 'f':
          document.querySelectorAll<HTMLButtonElement>('.detail .menu-wrap > button')[1]?.click()
          break
        case '/':
          searchRef.current?.focus()
          break
        default:
          return
      }
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])

  return (
    <div className="incidents">
      <FilterBar searchRef={searchRef} />
      <div className="split">
        <div className="list-pane">{empty ? <EmptyState /> : <IncidentList />}</div>
        <IncidentDetail />
      </div>
    </div>
  )
}
