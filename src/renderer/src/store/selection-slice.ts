// What the user has picked in the list: expanded groups, checked rows (click, shift-click, `x`) or
// "everything matching this filter", and from that the subject a bulk action applies to.
import type { Slice } from './store'

/** What an action applies to: the checked incidents, everything matching the filter, a group, or one incident. */
export type Subject =
  { kind: 'incident'; id: string } | { kind: 'group'; key: string } | { kind: 'checked'; ids: string[] } | { kind: 'matching' }

export interface SelectionSlice {
  expanded: Record<string, boolean>
  checked: Record<string, boolean>
  /** "Everything matching this filter" is chosen, beyond the loaded rows. */
  allMatching: boolean
  toggleExpanded(key: string): void
  toggleChecked(ids: string[]): void
  checkRange(toId: string): void
  clearChecked(): void
  chooseAllMatching(): void
  currentSubject(): Subject | null
}

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => {
  /** The anchor of a shift-click range. */
  let lastChecked: string | null = null
  return {
    expanded: {},
    checked: {},
    allMatching: false,
    toggleExpanded(key) {
      const expanded = { ...get().expanded }
      if (expanded[key]) delete expanded[key]
      else expanded[key] = true
      set({ expanded })
    },
    toggleChecked(ids) {
      const checked = { ...get().checked }
      const on = !ids.every((id) => checked[id])
      for (const id of ids) {
        if (on) checked[id] = true
        else delete checked[id]
      }
      lastChecked = ids.at(-1) ?? null
      set({ checked, allMatching: false })
    },
    checkRange(toId) {
      const { ids } = get()
      const from = lastChecked ? ids.indexOf(lastChecked) : -1
      const to = ids.indexOf(toId)
      if (from < 0 || to < 0) return get().toggleChecked([toId])
      const checked = { ...get().checked }
      for (const id of ids.slice(Math.min(from, to), Math.max(from, to) + 1)) checked[id] = true
      lastChecked = toId
      set({ checked, allMatching: false })
    },
    clearChecked() {
      lastChecked = null
      set({ checked: {}, allMatching: false })
    },
    chooseAllMatching() {
      set({ allMatching: true })
    },
    currentSubject() {
      const s = get()
      if (s.allMatching) return { kind: 'matching' }
      const checked = Object.keys(s.checked)
      if (checked.length) return { kind: 'checked', ids: checked }
      if (s.selectedGroup) return { kind: 'group', key: s.selectedGroup }
      if (s.selectedId) return { kind: 'incident', id: s.selectedId }
      return null
    },
  }
}
