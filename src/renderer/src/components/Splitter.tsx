import { useRef } from 'react'

export const MIN_LIST = 280
export const MAX_LIST = 900

/** The list/detail divider: drag it, or focus it and use the arrow keys. */
export function Splitter({ width, onChange }: { width: number; onChange(width: number): void }) {
  const start = useRef<{ x: number; width: number } | null>(null)
  const clamp = (w: number) => Math.round(Math.max(MIN_LIST, Math.min(MAX_LIST, w)))
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the incident list"
      aria-valuenow={width}
      aria-valuemin={MIN_LIST}
      aria-valuemax={MAX_LIST}
      tabIndex={0}
      onPointerDown={(e) => {
        start.current = { x: e.clientX, width }
        e.currentTarget.setPointerCapture(e.pointerId)
      }}
      onPointerMove={(e) => {
        if (start.current) onChange(clamp(start.current.width + e.clientX - start.current.x))
      }}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 64 : 16
        if (e.key === 'ArrowLeft') onChange(clamp(width - step))
        else if (e.key === 'ArrowRight') onChange(clamp(width + step))
        else return
        e.preventDefault()
        e.stopPropagation()
      }}
    />
  )
}
