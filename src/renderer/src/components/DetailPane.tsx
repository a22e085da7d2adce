import { useRef } from 'react'
import { useApp, useAppStore } from '../hooks/use-app'
import { useFocusRequest } from '../hooks/use-focus-request'
import { GroupDetail } from './GroupDetail'
import { IncidentDetail } from './IncidentDetail'

/** The right-hand pane (or, in a narrow window, the whole view with a Back control). */
export function DetailPane() {
  const store = useAppStore()
  const narrow = useApp((s) => s.narrow)
  // A group the search or a filter hid has nothing to show: the empty state, not a stale panel of its key.
  const group = useApp((s) => {
    const key = s.selectedGroup
    if (!key) return null
    return s.groups[key] || s.ids.some((id) => s.byId[id]?.group?.key === key) ? key : null
  })
  // Read so a focus request made before the detail arrived (a toast, a delivery link) is served once it has.
  useApp((s) => s.detail?.id)
  const heading = useRef<HTMLHeadingElement>(null)
  const back = useRef<HTMLButtonElement>(null)
  // Asked for the detail, or (narrow, where the list is hidden) after an action: the title takes focus.
  useFocusRequest(
    (t) => t === 'detail' || (t === 'list' && store.getState().narrow && store.getState().detailOpen),
    () => {
      const el = heading.current ?? back.current
      if (!el) return false
      el.focus()
    },
  )
  return (
    <section className="detail" aria-label="Incident detail">
      {narrow ? (
        <button
          ref={back}
          className="back"
          onClick={() => {
            store.getState().openDetail(false)
            store.getState().requestFocus('list')
          }}
        >
          ‹ Back to incidents
        </button>
      ) : null}
      {group ? <GroupDetail groupKey={group} headingRef={heading} /> : <IncidentDetail headingRef={heading} />}
    </section>
  )
}
