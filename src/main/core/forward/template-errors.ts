// A template that does not compile, said the way an editor says it: the line and column, that line with a
// caret under the spot, and what was expected there. The preview shows it preformatted, so the caret stays
// under the spot (Handlebars' own message drops the template's line breaks from its excerpt).
import handlebarsParser from 'handlebars/dist/cjs/handlebars/compiler/parser.js'

interface ParserModule {
  lexer?: { yylloc?: { first_line: number; first_column: number; last_line: number; last_column: number } }
}

/**
 * Where the last parse stopped. Handlebars keeps the failing token's place on its module-wide lexer, not on
 * the error; it is read right after the failed compile, before anything else is parsed.
 */
function parseLocation(): { line: number; column: number; length: number } | null {
  const parser = handlebarsParser as ParserModule & { default?: ParserModule }
  const loc = (parser.default ?? parser).lexer?.yylloc
  if (!loc) return null
  const length = loc.last_line === loc.first_line ? Math.max(1, loc.last_column - loc.first_column) : 1
  return { line: loc.first_line, column: loc.first_column + 1, length }
}

/** Handlebars' grammar names for what it expected, in the template's own terms. */
const TOKENS: Record<string, string> = {
  CLOSE: '}}',
  CLOSE_UNESCAPED: '}}}',
  OPEN_ENDBLOCK: '{{/…}}',
  INVERSE: '{{else}}',
  OPEN_INVERSE_CHAIN: '{{else …}}',
  ID: 'a name',
  STRING: 'a string',
  EOF: 'the end of the template',
}

/** "line 2, column 23" with the line and a caret, one per line. Columns count from 1. */
export function pointAt(text: string, line: number, column: number, reason: string): string {
  const source = text.split('\n')[line - 1] ?? ''
  const gutter = String(line)
  // Tabs stay tabs under the line, so the caret lines up however wide the viewer draws them.
  const pad = source.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ')
  return `line ${line}, column ${column}: ${reason}\n${gutter} | ${source}\n${' '.repeat(gutter.length)} | ${pad}^`
}

/** The message for a template Handlebars could not compile or run. */
export function describeTemplateError(template: string, error: unknown): string {
  const e = error as Error & { lineNumber?: unknown; column?: unknown }
  const message = String(e?.message ?? error)
  if (message.startsWith('Parse error on line')) {
    const at = parseLocation()
    const last = message.split('\n').at(-1) ?? ''
    const expected = [...last.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!)
    const got = expected.pop()
    const wanted = [...new Set(expected.map((t) => TOKENS[t]).filter(Boolean))].slice(0, 3)
    if (at) {
      const token = template.split('\n')[at.line - 1]?.slice(at.column - 1, at.column - 1 + at.length) ?? ''
      const found = got === 'EOF' ? 'the end of the template' : JSON.stringify(token)
      const reason = `unexpected ${found}${wanted.length ? `; expected ${wanted.join(' or ')}` : ''}`
      return `template: ${pointAt(template, at.line, at.column, reason)}`
    }
  }
  // Block mismatches ("if doesn't match each - 3:11") carry their place on the error.
  if (typeof e?.lineNumber === 'number') {
    const column = typeof e.column === 'number' ? e.column + 1 : 1
    return `template: ${pointAt(template, e.lineNumber, column, message.replace(/ - \d+:\d+$/, ''))}`
  }
  return `template: ${message}`
}
