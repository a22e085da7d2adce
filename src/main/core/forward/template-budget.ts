// Bounded template rendering. Handlebars renders synchronously, and a short template can ask for a lot:
// inline partials that each call the previous one twice double the output per line (1.3 KB of template,
// 20 s and 1.1 GB of memory), and nested {{#each}} blocks multiply. A render runs under a budget instead:
// every block body and partial it runs is counted (calls, and the characters they produce), and the render
// stops with a reason as soon as it passes a limit or its deadline, before it has built the huge string.
import type Handlebars from 'handlebars'

/** Characters a rendered body or header may have: far above any webhook a receiver accepts. */
export const MAX_RENDERED_CHARS = 256 * 1024
/**
 * Characters produced by all block bodies and partials together (nested ones count at each level, as the
 * copying they cost does): room for a body of MAX_RENDERED_CHARS built through a few levels of blocks.
 */
export const MAX_RENDER_WORK_CHARS = 8 * MAX_RENDERED_CHARS
/** Block bodies and partials run in one render (an {{#each}} over 200 frames is 200). */
export const MAX_RENDER_STEPS = 100_000
/** Wall-clock bound, a backstop for work the counts do not see. */
export const MAX_RENDER_MS = 250

/** A render that went past a limit: its message is the reason shown at save, at preview and on the forward. */
export class RenderLimitError extends Error {}

interface Budget {
  chars: number
  steps: number
  deadline: number
}

// Renders are synchronous and never nest, so one budget at a time is the whole state.
let active: Budget | null = null

function step(produced: unknown): void {
  if (!active) return
  active.steps++
  if (typeof produced === 'string') active.chars += produced.length
  if (active.chars > MAX_RENDER_WORK_CHARS)
    throw new RenderLimitError(
      `the template produces too much text (over ${MAX_RENDER_WORK_CHARS / 1024} KB through its blocks and partials)`,
    )
  if (active.steps > MAX_RENDER_STEPS)
    throw new RenderLimitError(`the template runs too many blocks and partials (over ${MAX_RENDER_STEPS})`)
  if ((active.steps & 255) === 0 && performance.now() > active.deadline)
    throw new RenderLimitError(`the template takes too long to render (over ${MAX_RENDER_MS} ms)`)
}

/** Runs one render under a fresh budget, and refuses a result longer than MAX_RENDERED_CHARS. */
export function withinBudget(render: () => string): string {
  active = { chars: 0, steps: 0, deadline: performance.now() + MAX_RENDER_MS }
  try {
    const text = render()
    if (text.length > MAX_RENDERED_CHARS)
      throw new RenderLimitError(`the rendered text is too long (${text.length} characters, at most ${MAX_RENDERED_CHARS})`)
    return text
  } finally {
    active = null
  }
}

type Program = (context: unknown, options?: unknown) => string

const counted = (fn: Program): Program =>
  function (this: unknown, context, options) {
    step(null)
    const out = fn.call(this, context, options)
    step(out)
    return out
  }

/**
 * Counts every block body (each, with, if, unless, eq, and sections such as {{#frames}}) and every partial
 * (inline ones included: they run through the runtime's invokePartial, the hook Handlebars keeps public).
 */
export function guardRenders(hb: typeof Handlebars): void {
  for (const name of ['each', 'with', 'if', 'unless', 'eq', 'blockHelperMissing']) {
    const helper = hb.helpers[name] as ((...args: unknown[]) => unknown) | undefined
    if (!helper) continue
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args.at(-1) as { fn?: Program; inverse?: Program } | undefined
      if (options && typeof options.fn === 'function') options.fn = counted(options.fn)
      if (options && typeof options.inverse === 'function') options.inverse = counted(options.inverse)
      return helper.apply(this, args)
    })
  }
  const vm = hb.VM as unknown as { invokePartial: (...args: unknown[]) => unknown }
  const invokePartial = vm.invokePartial
  ;(hb as unknown as { VM: unknown }).VM = {
    ...vm,
    invokePartial(this: unknown, ...args: unknown[]) {
      step(null)
      const out = invokePartial.apply(this, args)
      step(out)
      return out
    },
  }
}
