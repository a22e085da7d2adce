import { useEffect } from 'react'
import { useApp, useAppStore } from '../hooks/use-app'

const TOAST_MS = 8000

/** "Acknowledged “…” · Undo": confirms what an action did, for a few seconds, with a way back (u). */
export function Toast() {
  const store = useAppStore()
  const toast = useApp((s) => s.toast)
  useEffect(() => {
    if (!toast) return
    const timer = setTimeout(() => {
      if (store.getState().toast?.id === toast.id) store.getState().dismissToast()
    }, TOAST_MS)
    return () => clearTimeout(timer)
  }, [toast, store])
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast ? (
        <div className="toast">
          <span>{toast.text}</span>
          {toast.undo ? (
            <button className="toast-undo" onClick={() => void store.getState().undo()}>
              Undo <kbd>u</kbd>
            </button>
          ) : null}
          <button className="link" aria-label="Dismiss" onClick={() => store.getState().dismissToast()}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  )
}
