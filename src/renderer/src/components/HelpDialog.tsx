import { useEffect, useRef } from 'react'
import { useAppStore } from '../hooks/use-app'
import { SHORTCUTS } from '../lib/shortcuts'

/** `?`: every shortcut, from the same table the key handler uses. */
export function HelpDialog() {
  const store = useAppStore()
  const close = useRef<HTMLButtonElement>(null)
  const returnTo = useRef<Element | null>(null)
  useEffect(() => {
    returnTo.current = document.activeElement
    close.current?.focus()
    return () => (returnTo.current as HTMLElement | null)?.focus?.()
  }, [])
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape' || e.key === '?') {
      e.preventDefault()
      e.stopPropagation()
      store.getState().showHelp(false)
    }
    // Focus stays in the dialog: its only control is the close button.
    if (e.key === 'Tab') {
      e.preventDefault()
      close.current?.focus()
    }
  }
  return (
    <div className="dialog-backdrop" onClick={() => store.getState().showHelp(false)}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.label}>
                <th scope="row">
                  <kbd>{s.label}</kbd>
                </th>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={close} onClick={() => store.getState().showHelp(false)}>
          Close
        </button>
      </div>
    </div>
  )
}
