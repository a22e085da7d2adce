import { useEffect, useRef, useState } from 'react'
import { useFocusRequest } from '../hooks/use-focus-request'
import { KINDS, SEVERITIES, STATUSES, type Kind, type Severity, type Status } from '../../../shared/incident'
import { useApp, useAppStore } from '../hooks/use-app'
import { registerSearchBox } from '../lib/search-box'

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value]
}

/** A chip's count; under a search with more matches than the core counts, "at least" ("4,999+"). */
function countText(n: number | undefined, capped: boolean | undefined): string {
  if (n === undefined) return ''
  return capped ? `${n.toLocaleString()}+` : String(n)
}

/** Once the answer for search `q` arrives, clears the search if it found nothing; forgets it if `q` changed. */
function clearWhenNothingFound(store: ReturnType<typeof useAppStore>, q: string): void {
  const unsubscribe = store.subscribe((s) => {
    if (s.filters.q !== q) return unsubscribe()
    if (s.loading || !s.loaded) return
    unsubscribe()
    if (s.ids.length === 0) s.setFilters({ q: '' })
  })
}

export function FilterBar() {
  const store = useAppStore()
  const searchRef = useRef<HTMLInputElement>(null)
  const filters = useApp((s) => s.filters)
  const counts = useApp((s) => s.counts)
  const integrations = useApp((s) => s.integrations)
  const setFilters = useApp((s) => s.setFilters)
  const requestFocus = useApp((s) => s.requestFocus)
  const [q, setQ] = useState(filters.q)
  const first = useRef(true)

  useEffect(() => {
    registerSearchBox(searchRef.current)
    return () => registerSearchBox(null)
  }, [])

  useFocusRequest('search', () => {
    const box = searchRef.current
    if (!box) return false
    // Already there (`/` focused it at once): selecting now would eat what was typed since.
    if (box.ownerDocument.activeElement === box) return
    box.focus()
    box.select()
  })

  // The search can change from elsewhere (a label chip, Esc clearing it): follow it.
  useEffect(() => {
    setQ((current) => (current === filters.q ? current : filters.q))
  }, [filters.q])

  // Search as you type, debounced: one query per pause, not per key.
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    if (q === filters.q) return
    const timer = setTimeout(() => setFilters({ q }), 200)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, setFilters])

  return (
    <div className="filters" role="toolbar" aria-label="Filters">
      <input
        ref={searchRef}
        className="search"
        type="search"
        placeholder="Search title, message, frames…  ( / )"
        aria-label="Search incidents"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          // Esc leaves the search (keeping it; Esc again in the list clears it); the browser would empty it.
          // A search that found nothing leaves no list to go to: it is cleared, so Esc never traps the keys.
          if (e.key === 'Escape') {
            e.preventDefault()
            const now = store.getState()
            const answered = q === filters.q && now.loaded && !now.loading
            const nothingFound = answered && now.ids.length === 0
            const next = nothingFound ? '' : q
            if (nothingFound) setQ('')
            if (next !== filters.q) setFilters({ q: next })
            // The search's answer is still on its way (a slow machine, Esc right after typing): clear the
            // search when it comes back empty, as if it had been there when Esc was pressed.
            if (!answered && q) clearWhenNothingFound(store, q)
            e.currentTarget.blur()
            requestFocus('list')
          } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
            e.preventDefault()
            if (q !== filters.q) setFilters({ q })
            requestFocus('list')
          }
        }}
      />
      <div className="chips" aria-label="Status">
        {STATUSES.map((s: Status) => (
          <button
            key={s}
            className={`chip${filters.status.includes(s) ? ' on' : ''}`}
            aria-pressed={filters.status.includes(s)}
            onClick={() => setFilters({ status: toggle(filters.status, s) })}
          >
            {s} <span className="count">{countText(counts?.status[s], counts?.capped)}</span>
          </button>
        ))}
      </div>
      <div className="chips" aria-label="Severity">
        {SEVERITIES.map((s: Severity) => (
          <button
            key={s}
            className={`chip sev-chip-${s}${filters.severity.includes(s) ? ' on' : ''}`}
            aria-pressed={filters.severity.includes(s)}
            onClick={() => setFilters({ severity: toggle(filters.severity, s) })}
          >
            {s} <span className="count">{countText(counts?.severity[s], counts?.capped)}</span>
          </button>
        ))}
      </div>
      <select
        aria-label="Source"
        value={filters.integration[0] ?? ''}
        onChange={(e) => setFilters({ integration: e.target.value ? [e.target.value] : [] })}
      >
        <option value="">All sources</option>
        {integrations.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Kind"
        value={filters.kind[0] ?? ''}
        onChange={(e) => setFilters({ kind: e.target.value ? [e.target.value as Kind] : [] })}
      >
        <option value="">All kinds</option>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
    </div>
  )
}
