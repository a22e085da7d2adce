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
