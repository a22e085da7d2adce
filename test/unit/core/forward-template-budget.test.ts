// Bounded rendering (forward/template-budget.ts): a short template that asks for exponential work is
// refused with the reason, quickly, before it has built the text; ordinary templates render as before.
import { describe, expect, it } from 'vitest'
import { renderTemplate } from '../../../src/main/core/forward/template'
import { MAX_RENDERED_CHARS } from '../../../src/main/core/forward/template-budget'

const OPTIONS = { json: false, secrets: {} }

/** Inline partials that each call the previous one twice: 2^depth copies of the innermost text. */
function doubling(depth: number, inner = '{{INCIDENT_TITLE}}'): string {
  const lines = [`{{#*inline "p0"}}${inner}{{/inline}}`]
  for (let i = 1; i <= depth; i++) lines.push(`{{#*inline "p${i}"}}{{> p${i - 1}}}{{> p${i - 1}}}{{/inline}}`)
  lines.push(`{{> p${depth}}}`)
  return lines.join('\n')
}

describe('renderTemplate bounds', () => {
  it('refuses partials that double each other, early and with the reason', () => {
    const template = doubling(40)
    expect(template.length).toBeLessThan(2000)
    const started = performance.now()
    const result = renderTemplate(template, { INCIDENT_TITLE: 'Payment API down' }, OPTIONS)
    expect(result).toMatchObject({
      ok: false,
      limit: true,
      error: expect.stringMatching(/^template: the template (produces too much text|runs too many)/),
    })
    // It stops at the budget (a few MB of work), not after 2^40 copies.
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('refuses doubling partials that print nothing, by the number of partials they run', () => {
    const result = renderTemplate(doubling(40, ''), {}, OPTIONS)
    expect(result).toMatchObject({ ok: false, limit: true, error: expect.stringContaining('runs too many blocks and partials') })
  })

  it('refuses nested {{#each}} blocks that multiply', () => {
    const items = Array.from({ length: 50 }, (_, i) => `frame ${i}`)
    const open = '{{#each @root.FRAMES}}'.repeat(6)
    const close = '{{/each}}'.repeat(6)
    const result = renderTemplate(`${open}{{this}}${close}`, { FRAMES: items }, OPTIONS)
    expect(result).toMatchObject({ ok: false, limit: true })
  })

  it('refuses a rendered text longer than the limit, saying how long it was', () => {
    const big = 'x'.repeat(MAX_RENDERED_CHARS + 1)
    const result = renderTemplate('{{TEXT}}', { TEXT: big }, OPTIONS)
    expect(result).toEqual({
      ok: false,
      limit: true,
      error: `template: the rendered text is too long (${MAX_RENDERED_CHARS + 1} characters, at most ${MAX_RENDERED_CHARS})`,
    })
  })

  it('refuses a partial that calls itself', () => {
    const result = renderTemplate('{{#*inline "me"}}a{{> me}}{{/inline}}{{> me}}', {}, OPTIONS)
    expect(result).toMatchObject({ ok: false, limit: true, error: expect.stringContaining('calls itself') })
  })

  it('still renders partials, each and if the ordinary way, and each render has its own budget', () => {
    const template =
      '{{#*inline "line"}}- {{this}}\n{{/inline}}{{#if TITLE}}{{TITLE}}\n{{/if}}{{#each FRAMES}}{{> line}}{{/each}}'
    const vars = { TITLE: 'Payment API down', FRAMES: ['pay (app.js:3)', 'handle (srv.js:9)'] }
    for (let i = 0; i < 3; i++) {
      expect(renderTemplate(template, vars, OPTIONS)).toEqual({
        ok: true,
        text: 'Payment API down\n- pay (app.js:3)\n- handle (srv.js:9)\n',
      })
    }
  })
})
