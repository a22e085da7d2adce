import { useEffect } from 'react'
import type { FocusTarget } from '../store/ui-slice'
import { useApp, useAppStore } from './use-app'

let handled = 0

/**
 * Runs `focus` when the store asks for focus on `target` (after an action, a shortcut, Back). Each request is
 * served once, so a component that mounts later does not steal focus for an old one, and only while it is the
 * newest: `j` then `/` asks for the list, then the search, and the list's turn must not come after.
 */
export function useFocusRequest(target: FocusTarget | ((t: FocusTarget) => boolean), focus: () => boolean | void): void {
  const request = useApp((s) => s.focus)
  const store = useAppStore()
  useEffect(() => {
    if (!request || request.seq <= handled) return
    const wanted = typeof target === 'function' ? target(request.target) : request.target === target
    if (!wanted) return
    // After the render that caused the request (and its layout effects), so the element to focus exists.
    const timer = setTimeout(() => {
      if (request.seq <= handled || store.getState().focus?.seq !== request.seq) return
      if (focus() !== false) handled = request.seq
    }, 0)
    return () => clearTimeout(timer)
  })
}
