// Backtrace lines as providers send them, turned into frames ordered oldest first, crash site last
// (Sentry's order, which the detail view expects).
import type { StackFrame } from '../../../shared/incident'

/** Long backtraces are kept, but not without end: a 10,000-frame recursion is still one screen of use. */
export const MAX_FRAMES = 200

// Ruby/Elixir style: "/app/models/user.rb:49:in `save'" or "lib/app.ex:12: App.run/1"
const RUBY = /^(.*?):(\d+):in [`'](.*)'$/
// Node style: "at fn (file:line:col)" or "at file:line:col"
const NODE = /^\s*at (?:(.+?) \()?(.+?):(\d+)(?::\d+)?\)?$/
// .NET style: "at Ns.Type.Method(args) in C:\path\file.cs:line 42"
const DOTNET = /^\s*at (.+?)(?: in (.+?):line (\d+))?\s*$/
// Python/Java-ish fallback: "file:line"
const FILE_LINE = /^(.*?):(\d+)(?::\d+)?(?::\s*(.*))?$/

// Library code by where it lives, per ecosystem: Ruby gems and the standard library, node_modules and Node's
// internals, Python's site-/dist-packages and stdlib, vendored PHP/Go code, and .NET/JVM framework namespaces.
const LIBRARY_PATHS = [
  /(^|\/)gems\//,
  /\/ruby\/\d[\d.]*\//,
  /(^|\/)node_modules\//,
  /^node:|^internal\/|<anonymous>|^native /,
  /(^|\/)(site|dist)-packages\//,
  /(^|\/)lib\/python\d/,
  /(^|\/)vendor\//,
  /(^|\/)\.cargo\/registry\//,
  /(^|\/)go\/pkg\/mod\//,
]
const LIBRARY_NAMESPACES = /^(System|Microsoft|Newtonsoft|Owin|java\.|javax\.|sun\.|jdk\.|kotlin\.|org\.springframework)\b/

/** True for a frame in a dependency or the runtime rather than in the application itself. */
export function isLibraryFrame(file: string, fn: string): boolean {
  return LIBRARY_PATHS.some((p) => p.test(file)) || LIBRARY_NAMESPACES.test(fn || file)
}

export const isAppFrame = (file: string, fn: string): boolean => !isLibraryFrame(file, fn)

export function parseFrameLine(line: string, inApp: (file: string, fn: string) => boolean): StackFrame {
  const text = line.trim()
  let file = text
  let lineNo: number | null = null
  let fn = ''
  let m: RegExpExecArray | null
  if ((m = RUBY.exec(text))) [file, lineNo, fn] = [m[1]!, Number(m[2]), m[3]!]
  else if ((m = NODE.exec(text))) [fn, file, lineNo] = [m[1] ?? '', m[2]!, Number(m[3])]
  else if ((m = DOTNET.exec(text))) [fn, file, lineNo] = [m[1]!, m[2] ?? '', m[3] ? Number(m[3]) : null]
  else if ((m = FILE_LINE.exec(text))) [file, lineNo, fn] = [m[1]!, Number(m[2]), m[3] ?? '']
  return { file, line: lineNo, function: fn, inApp: inApp(file, fn) }
}

/** Lines listed crash site first (Ruby, .NET, Node): reversed into oldest-first frames. */
export function framesFromLines(lines: string[], inApp: (file: string, fn: string) => boolean): StackFrame[] {
  return lines
    .filter((l) => l.trim() !== '')
    .slice(0, MAX_FRAMES)
    .map((l) => parseFrameLine(l, inApp))
    .reverse()
}
