// What the window shows around the incidents: the view, notices, the undo toast, open menus, the shortcut
// help, and where keyboard focus should go next.
import type { RestoreItem } from '../../../shared/model'
import type { SettingsTab } from '../lib/route'
import type { Slice } from './store'

export type MenuId = 'snooze' | 'forward' | 'group-snooze' | 'bulk-snooze'
export type FocusTarget = 'list' | 'search' | 'detail'

export interface UiSlice {
  view: 'incidents' | 'settings'
  settingsTab: SettingsTab
  /** Whether a section of Settings was asked for (a tab, a link), not just Settings: narrow windows show the list first. */
  settingsSection: boolean
  connected: boolean
  notice: { kind: 'error' | 'info'; text: string } | null
  /** A short-lived confirmation of an action, with what Undo puts back. */
  toast: { id: number; text: string; undo: RestoreItem[] | null } | null
  menu: MenuId | null
  help: boolean
  /** Narrow windows show the list or the detail, not both. */
  detailOpen: boolean
  /** Below ~700 px: set by the incidents view from a media query. */
  narrow: boolean
  /** Bumped to ask a component to take focus (`seq` makes a repeat request a change). */
  focus: { target: FocusTarget; seq: number } | null
  show(view: 'incidents' | 'settings', tab?: SettingsTab): void
  say(kind: 'error' | 'info', text: string): void
  toastUndo(text: string, undo: RestoreItem[]): void
  /** A confirmation with nothing to undo (Undone: …): the same bottom toast, never a banner that moves the page. */
  confirm(text: string): void
  dismissToast(): void
  setConnected(connected: boolean): void
  openMenu(menu: MenuId | null): void
  showHelp(on: boolean): void
  openDetail(on: boolean): void
  setNarrow(narrow: boolean): void
  requestFocus(target: FocusTarget): void
  /** Shows one incident in the window: from a toast, the tray, or a delivery in the log. */
  openIncident(id: string): void
}

let toastSeq = 0
/** Shared by every store (tests make many): a request is served once, whichever store asked. */
let focusSeq = 0

export const createUiSlice: Slice<UiSlice> = (set, get) => ({
  view: 'incidents',
  settingsTab: 'integrations',
  settingsSection: false,
  connected: false,
  notice: null,
  toast: null,
  menu: null,
  help: false,
  detailOpen: false,
  narrow: false,
  focus: null,
  show: (view, tab) => set((s) => ({ view, settingsTab: tab ?? s.settingsTab, settingsSection: tab !== undefined, menu: null })),
  say: (kind, text) => set({ notice: { kind, text } }),
  toastUndo: (text, undo) => set({ toast: { id: ++toastSeq, text, undo }, notice: null }),
  confirm: (text) => set({ toast: { id: ++toastSeq, text, undo: null }, notice: null }),
  dismissToast: () => set({ toast: null }),
  setConnected: (connected) => set({ connected }),
  openMenu: (menu) => set({ menu }),
  showHelp: (help) => set({ help }),
  openDetail: (detailOpen) => set({ detailOpen }),
  setNarrow: (narrow) => set({ narrow }),
  requestFocus: (target) => set({ focus: { target, seq: ++focusSeq } }),
  openIncident(id) {
    const s = get()
    s.show('incidents')
    s.openDetail(true)
    void s.select(id)
    s.requestFocus('detail')
  },
})
