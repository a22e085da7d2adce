import { useEffect, useRef, type ReactNode } from 'react'

export interface MenuItem {
  key: string
  label: ReactNode
  onSelect(): void
}

/**
 * A menu button (WAI-ARIA menu button pattern): opening moves focus to the first item, arrows and Home/End
 * move between items, Esc closes and gives focus back to the button, Tab closes and moves on.
 */
export function MenuButton({
  label,
  open,
  onOpenChange,
  items,
  empty,
}: {
  label: string
  open: boolean
  onOpenChange(open: boolean): void
  items: MenuItem[]
  empty?: ReactNode
}) {
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const wasOpen = useRef(open)

  useEffect(() => {
    if (open) (menu.current?.querySelector<HTMLElement>('[role=menuitem]') ?? menu.current)?.focus()
    else if (wasOpen.current && menu.current === null && document.activeElement === document.body) button.current?.focus()
    wasOpen.current = open
  }, [open])

  const close = (refocus: boolean) => {
    onOpenChange(false)
    if (refocus) button.current?.focus()
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])]
    const at = all.indexOf(document.activeElement as HTMLElement)
    const go = (i: number) => all[(i + all.length) % all.length]?.focus()
    if (e.key === 'ArrowDown') go(at + 1)
    else if (e.key === 'ArrowUp') go(at - 1)
    else if (e.key === 'Home') go(0)
    else if (e.key === 'End') go(all.length - 1)
    else if (e.key === 'Escape') close(true)
    else if (e.key === 'Tab') return close(false)
    else return
    e.preventDefault()
    e.stopPropagation()
  }

  return (
    <div className="menu-wrap">
      <button ref={button} aria-haspopup="menu" aria-expanded={open} onClick={() => onOpenChange(!open)}>
        {label}
      </button>
      {open ? (
        <div
          className="menu"
          role="menu"
          tabIndex={-1}
          aria-label={label.replace(/[…▸]/g, '').trim()}
          ref={menu}
          onKeyDown={onKeyDown}
          onBlur={(e) => {
            if (!menu.current?.contains(e.relatedTarget as Node) && e.relatedTarget !== button.current) onOpenChange(false)
          }}
        >
          {items.length === 0 && empty ? <span className="muted menu-note">{empty}</span> : null}
          {items.map((item) => (
            <button
              key={item.key}
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                onOpenChange(false)
                item.onSelect()
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  )
}
