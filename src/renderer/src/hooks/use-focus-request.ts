import { useEffect } from 'react'
import type { FocusTarget } from '../store/ui-slice'
import { useApp } from './use-app'

let handled = 0

/**
 * Runs `focus` when the store asks for focus on `target` (after an action, a shortcut, Back). Each request is
 * served once, so a component that mounts later does not steal focus for an old one.
 */
export function useFocusRequest(target: FocusTarget | ((t: FocusTarget) => boolean), focus: () => boolean | void): void {
  const request = useApp((s) => s.focus)
  useEffect(() => {
    if (!request || request.seq <= handled) return
    const wanted = typeof target === 'function' ? target(request.target) : request.target === target
    if (!wanted) return
    // After the render that caused the request (and its layout effects), so the element to focus exists.
    const timer = setTimeout(() => {
      if (request.seq <= handled) return
      if (focus() !== false) handled = request.seq
    }, 0)
    return () => clearTimeout(timer)
  })
}
