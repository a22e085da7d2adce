// @vitest-environment jsdom
// Backtraces as they read: library runs folded, the middle of a long application run folded, the crash site
// always shown; each fold opens in place by click or keyboard and keeps focus on its button.
import './setup-dom'
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ExceptionView } from '../../../src/renderer/src/components/detail/ExceptionView'
import { backtraceRuns } from '../../../src/renderer/src/lib/backtrace'
import type { StackFrame } from '../../../src/shared/incident'

const app = (i: number): StackFrame => ({ file: `app/services/step_${i}.rb`, line: i, function: `step_${i}`, inApp: true })
const gem = (i: number): StackFrame => ({
  file: `/usr/local/bundle/gems/actionpack-7.1.3/lib/action_controller/metal_${i}.rb`,
  line: i,
  function: `process_${i}`,
  inApp: false,
})
const shape = (frames: StackFrame[]) => backtraceRuns(frames).map((r) => `${r.kind}:${r.frames.length}`)

describe('backtraceRuns (crash site first)', () => {
  it('folds library runs of two or more; one library frame is shown; the crash site shows even in a library', () => {
    expect(shape([app(1), gem(1), gem(2), gem(3), app(2), gem(4), app(3)])).toEqual(['shown:1', 'library:3', 'shown:3'])
    expect(shape([gem(1), gem(2), gem(3), app(1)])).toEqual(['shown:1', 'library:2', 'shown:1'])
  })

  it('a 60-frame application run keeps the crash site, the 6 frames below it and the 3 outermost, and folds 50', () => {
    const frames = Array.from({ length: 60 }, (_, i) => app(i))
    expect(shape(frames)).toEqual(['shown:7', 'app:50', 'shown:3'])
    // 12 or fewer stay whole.
    expect(shape(Array.from({ length: 13 }, (_, i) => app(i)))).toEqual(['shown:13'])
  })

  it('a 60-frame Rails trace: app frames by the crash, the gem middle folded', () => {
    const frames = [app(1), app(2), app(3), ...Array.from({ length: 54 }, (_, i) => gem(i)), app(4), app(5), app(6)]
    expect(shape(frames)).toEqual(['shown:3', 'library:54', 'shown:3'])
  })
})

describe('ExceptionView', () => {
  it('opens and closes a fold with the keyboard, focus staying on its button', async () => {
    // Oldest first, as stored: the view reverses to crash site first.
    const crashFirst = [
      app(0),
      ...Array.from({ length: 40 }, (_, i) => app(i + 1)),
      ...Array.from({ length: 19 }, (_, i) => gem(i)),
    ]
    render(
      <ExceptionView exception={{ type: 'NoMethodError', message: 'undefined method', frames: [...crashFirst].reverse() }} />,
    )
    const list = screen.getByRole('list', { name: 'Backtrace, 60 frames, crash site first' })
    // 1 + 6 shown, the 41-frame app run's middle folded, 3 shown, the 19 gems folded.
    expect(within(list).getAllByRole('listitem')).toHaveLength(12)
    const more = within(list).getByRole('button', { name: '31 more app frames' })
    const gems = within(list).getByRole('button', { name: '19 library frames' })
    expect(more.getAttribute('aria-expanded')).toBe('false')
    more.focus()
    // A native button: Enter and Space click it.
    await act(async () => fireEvent.click(more))
    expect(more.getAttribute('aria-expanded')).toBe('true')
    expect(document.activeElement).toBe(more)
    expect(within(list).getAllByRole('listitem')).toHaveLength(43)
    await act(async () => fireEvent.click(gems))
    expect(within(list).getAllByRole('listitem')).toHaveLength(62)
    expect(screen.getByText('process_0')).toBeTruthy()
    await act(async () => fireEvent.click(more))
    expect(within(list).getAllByRole('listitem')).toHaveLength(31)
  })
})
