// Every keyboard shortcut of the incidents view, in one table: the key handler runs it and the `?` help
// lists it, so the two cannot disagree. Each one calls store actions, never DOM buttons.
import { rowsOf, type ListRow } from './list-rows'
import { focusSearchBox } from './search-box'
import type { AppState } from '../store/store'

export interface Shortcut {
  keys: string[]
  /** How the help writes the keys. */
  label: string
  description: string
  run(s: AppState, key: string, focusedRow: string | null): void
}

function rowIndex(s: AppState, rows: ListRow[], focusedRow: string | null = null): number {
  // With nothing selected, a row reached with Tab is where the keyboard is. (With a selection, the selection
  // wins: focus follows it a moment later, and a held-down j must not read the row it is leaving.)
  if (focusedRow && !s.selectedId && !s.selectedGroup) {
    const at = rows.findIndex((r) => r.key === focusedRow)
    if (at >= 0) return at
  }
  if (s.selectedGroup) return rows.findIndex((r) => r.type === 'group' && r.group.key === s.selectedGroup)
  if (s.selectedId) return rows.findIndex((r) => r.type === 'incident' && r.id === s.selectedId)
  return -1
}

export function currentRow(s: AppState, focusedRow: string | null = null): ListRow | undefined {
  const rows = rowsOf(s.ids, s.byId, s.expanded, s.groups)
  return rows[rowIndex(s, rows, focusedRow)]
}

const isSelected = (s: AppState, row: ListRow) =>
  row.type === 'group' ? s.selectedGroup === row.group.key : s.selectedId === row.id

function goTo(s: AppState, row: ListRow | undefined): void {
  if (!row) return
  if (row.type === 'group') s.selectGroup(row.group.key)
  else void s.select(row.id)
  s.requestFocus('list')
}

export function moveBy(s: AppState, delta: number, focusedRow: string | null = null): void {
  const rows = rowsOf(s.ids, s.byId, s.expanded, s.groups)
  if (rows.length === 0) return
  const at = rowIndex(s, rows, focusedRow)
  goTo(s, rows[at < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, at + delta))])
}

export function moveTo(s: AppState, where: 'first' | 'last'): void {
  const rows = rowsOf(s.ids, s.byId, s.expanded, s.groups)
  goTo(s, where === 'first' ? rows[0] : rows[rows.length - 1])
}

/** The ids a row stands for: one incident, or every loaded member of a group. */
export function idsOfRow(row: ListRow): string[] {
  return row.type === 'group' ? row.group.ids : [row.id]
}

function act(s: AppState, action: 'acknowledge' | 'resolve'): void {
  const subject = s.currentSubject()
  if (subject) void s.perform(action, subject)
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['j', 'ArrowDown'], label: 'j  ↓', description: 'Next incident', run: (s, _k, f) => moveBy(s, 1, f) },
  { keys: ['k', 'ArrowUp'], label: 'k  ↑', description: 'Previous incident', run: (s, _k, f) => moveBy(s, -1, f) },
  { keys: ['Home'], label: 'Home', description: 'First incident', run: (s) => moveTo(s, 'first') },
  { keys: ['End'], label: 'End', description: 'Last incident', run: (s) => moveTo(s, 'last') },
  {
    keys: ['Enter', 'o'],
    label: 'Enter  o',
    description: 'Open the incident (or the group)',
    run: (s, _k, f) => {
      const row = currentRow(s, f)
      if (!row) return moveBy(s, 0)
      if (!isSelected(s, row)) goTo(s, row)
      s.openDetail(true)
      s.requestFocus('detail')
    },
  },
  {
    keys: ['ArrowRight', 'ArrowLeft'],
    label: '→  ←',
    description: 'Expand or collapse a group',
    run: (s, key, f) => {
      const row = currentRow(s, f)
      if (row?.type === 'group' && row.expanded !== (key === 'ArrowRight')) s.toggleExpanded(row.group.key)
    },
  },
  {
    keys: ['x'],
    label: 'x',
    description: 'Select for a bulk action (shift-click selects a range)',
    run: (s, _k, f) => {
      const row = currentRow(s, f)
      if (row) s.toggleChecked(idsOfRow(row))
    },
  },
  { keys: ['a'], label: 'a', description: 'Acknowledge', run: (s) => act(s, 'acknowledge') },
  { keys: ['r'], label: 'r', description: 'Resolve', run: (s) => act(s, 'resolve') },
  {
    keys: ['s'],
    label: 's',
    description: 'Snooze… (asks how long)',
    run: (s) => {
      const subject = s.currentSubject()
      if (!subject) return
      // In a narrow window the menu lives in the detail, which must be on screen to ask.
      if (subject.kind === 'incident' || subject.kind === 'group') s.openDetail(true)
      s.openMenu(subject.kind === 'incident' ? 'snooze' : subject.kind === 'group' ? 'group-snooze' : 'bulk-snooze')
    },
  },
  {
    keys: ['f'],
    label: 'f',
    description: 'Forward to…',
    run: (s) => {
      if (!s.selectedId) return
      s.openDetail(true)
      s.openMenu('forward')
    },
  },
  { keys: ['u'], label: 'u', description: 'Undo the last action', run: (s) => void s.undo() },
  {
    keys: ['/'],
    label: '/',
    description: 'Search',
    // Focus moves before the next key is handled, so nothing typed after `/` reaches the list (search-box.ts).
    // The request is made too, so one still pending from the key before (`j` asks for the list) is not served.
    run: (s) => {
      focusSearchBox()
      s.requestFocus('search')
    },
  },
  {
    keys: ['Escape'],
    label: 'Esc',
    description: 'Close a menu; back to the list; clear the selection, then the search',
    run: (s) => {
      if (s.menu) return s.openMenu(null)
      if (s.narrow && s.detailOpen) {
        s.openDetail(false)
        return s.requestFocus('list')
      }
      if (Object.keys(s.checked).length || s.allMatching) return s.clearChecked()
      if (s.filters.q) s.setFilters({ q: '' })
    },
  },
  { keys: ['?'], label: '?', description: 'Show these shortcuts', run: (s) => s.showHelp(true) },
]

const BY_KEY = new Map(SHORTCUTS.flatMap((sc) => sc.keys.map((k) => [k, sc] as const)))

/**
 * The incidents view's key handler. Keys typed into a field stay there (Esc leaves it); Enter and Space on a
 * button or link do what they do natively; modifiers belong to the browser.
 */
export function handleKey(e: KeyboardEvent, s: AppState): boolean {
  if (e.metaKey || e.ctrlKey || e.altKey || s.help) return false
  const target = e.target as HTMLElement | null
  if (target?.closest?.('input, textarea, select, [contenteditable]')) return false
  if (target?.closest?.('[role=menu], [role=dialog]')) return false
  const onControl = target?.closest?.('button, a, summary, [role=separator]')
  if (onControl && (e.key === 'Enter' || e.key === ' ' || e.key.startsWith('Arrow'))) return false
  const shortcut = BY_KEY.get(e.key)
  if (!shortcut) return false
  shortcut.run(s, e.key, target?.closest?.('[data-row-key]')?.getAttribute('data-row-key') ?? null)
  return true
}
