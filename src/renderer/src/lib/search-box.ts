// The search box, so `/` can move focus into it within its own keydown. A focus request is served after the
// next render, and keys typed before that (a paste, a quick typist: `/checkout-api-1`) reached the list as
// shortcuts — the `a` acknowledged the group on screen — and the box's select() then ate the first letter.
let box: HTMLInputElement | null = null

export function registerSearchBox(el: HTMLInputElement | null): void {
  box = el
}

/** Focuses the search box now; false when it is not on screen (a narrow window showing the detail). */
export function focusSearchBox(): boolean {
  if (!box?.isConnected) return false
  box.focus()
  box.select()
  return box.ownerDocument.activeElement === box
}
