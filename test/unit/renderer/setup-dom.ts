// jsdom has no layout: give elements a size so the virtualized list renders rows.
import { afterEach } from 'vitest'
import { cleanup } from '@testing-library/react'

afterEach(() => cleanup())

// The virtualizer reads clientWidth/clientHeight of the scroll element.
for (const [name, value] of [
  ['clientHeight', 600],
  ['clientWidth', 800],
  ['offsetHeight', 600],
  ['offsetWidth', 800],
] as const) {
  Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value })
}
HTMLElement.prototype.getBoundingClientRect = function () {
  return { width: 800, height: 600, top: 0, left: 0, right: 800, bottom: 600, x: 0, y: 0, toJSON: () => ({}) }
}
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver
