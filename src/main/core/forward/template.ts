// Handlebars bodies for outgoing webhooks: the syntax Checkly users already know ({{VAR}}, {{#if}}, {{#eq}},
// triple braces), with values escaped for the content type instead of for HTML.
import Handlebars from 'handlebars'
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser'
import type { Incident } from '../../../shared/incident'
import { describeIncident } from '../describe-incident'
import { describeTemplateError, pointAt } from './template-errors'
import { guardRenders, RenderLimitError, withinBudget } from './template-budget'

export interface TemplateContext {
  event: string
  timestamp: string
  incident: Incident
  sourceName: string
}

/** The variables a template can use, documented in the target editor and README. */
export function templateVariables(ctx: TemplateContext): Record<string, unknown> {
  const i = ctx.incident
  const frames = i.exception?.frames ?? []
  const topFrames = frames
    .filter((f) => f.inApp)
    .slice(-5)
    .reverse()
  return {
    EVENT: ctx.event,
    TIMESTAMP: ctx.timestamp,
    INCIDENT_ID: i.id,
    INCIDENT_TITLE: i.title,
    INCIDENT_SEVERITY: i.severity,
    INCIDENT_STATUS: i.status,
    INCIDENT_KIND: i.kind,
    INCIDENT_URL: i.url ?? '',
    INCIDENT_APP: i.app ?? '',
    INCIDENT_ENVIRONMENT: i.environment ?? '',
    INCIDENT_OCCURRENCES: i.occurrences,
    INCIDENT_FIRST_SEEN: i.firstSeenAt,
    INCIDENT_LAST_SEEN: i.lastSeenAt,
    INCIDENT_DEDUP_KEY: i.dedupKey,
    INCIDENT_DESCRIPTION: describeIncident(i),
    SOURCE_NAME: ctx.sourceName,
    PROVIDER: i.provider,
    EXCEPTION_TYPE: i.exception?.type ?? '',
    EXCEPTION_MESSAGE: i.exception?.message ?? '',
    EXCEPTION_FRAMES: topFrames.map((f) => `${f.function} (${f.file}${f.line !== null ? `:${f.line}` : ''})`),
    METRIC_NAME: i.metric?.name ?? '',
    METRIC_LAST_VALUE: i.metric?.human.lastValue ?? i.metric?.lastValue ?? '',
    METRIC_PEAK_VALUE: i.metric?.human.peakValue ?? i.metric?.peakValue ?? '',
    METRIC_THRESHOLD: i.metric
      ? `${i.metric.comparisonOperator ?? ''} ${i.metric.human.comparisonValue ?? i.metric.comparisonValue ?? ''}`.trim()
      : '',
    DURATION_MS: i.durationMs ?? '',
    CHECK_NAME: i.check?.name ?? '',
    CHECK_ERROR_MESSAGE: i.check?.errorMessage ?? '',
    DEPLOY_REVISION: i.deploy?.revision ?? i.afterDeploy?.revision ?? '',
    incident: i,
  }
}

/** `limit`: the template went past a render bound (template-budget.ts), so it is refused at save too. */
export type RenderResult = { ok: true; text: string } | { ok: false; error: string; limit?: boolean }

/**
 * A payload string on its way into a template. Helpers (`truncate`, `upper`, `eq`, `#if`) see the raw text,
 * and it is escaped for the body's content type only when printed: escaping first and then cutting could
 * cut an escape in half (`\"` → `\`) or change it (`\n` → `\N`), and the body would not be valid JSON.
 */
class Text {
  constructor(
    readonly raw: string,
    readonly escape: (s: string) => string,
  ) {}
  toString(): string {
    return this.escape(this.raw)
  }
}

const rawOf = (v: unknown): unknown => (v instanceof Text ? v.raw : v)
const textOf = (v: unknown): string => String(rawOf(v) ?? '')
/** A helper's result, escaped like the value it came from when printed. */
const like = (v: unknown, result: string): unknown => (v instanceof Text ? new Text(result, v.escape) : result)

const hb = Handlebars.create()
// Checkly-style conditional: {{#eq ALERT_TYPE 'ALERT_FAILURE'}}DOWN{{else}}UP{{/eq}}
hb.registerHelper('eq', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
  return textOf(a) === textOf(b) ? options.fn(this) : options.inverse(this)
})
// An empty value must stay falsy although it is wrapped.
const builtinIf = hb.helpers.if as Handlebars.HelperDelegate
const builtinUnless = hb.helpers.unless as Handlebars.HelperDelegate
hb.registerHelper('if', function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
  return builtinIf.call(this, rawOf(value), options)
})
hb.registerHelper('unless', function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
  return builtinUnless.call(this, rawOf(value), options)
})
hb.registerHelper('upper', (v: unknown) => like(v, textOf(v).toUpperCase()))
hb.registerHelper('lower', (v: unknown) => like(v, textOf(v).toLowerCase()))
hb.registerHelper('truncate', (v: unknown, n: unknown) => {
  const s = textOf(v)
  const max = Number(n) || 200
  return like(v, s.length > max ? `${s.slice(0, max - 1)}…` : s)
})
// Last, so the wrapped if/unless/eq above are the ones counted.
guardRenders(hb)

export interface RenderOptions {
  /** JSON bodies: values become JSON string fragments. */
  json: boolean
  /** application/x-www-form-urlencoded bodies: values are percent-encoded, so `&` and `=` stay data. */
  form?: boolean
  secrets: Record<string, string>
}

const JSON_FRAGMENT = (s: string) => JSON.stringify(s).slice(1, -1)
const AS_IS = (s: string) => s

/**
 * Renders `template`. Every inserted string is escaped for the content type, last (so a quote in a payload
 * cannot break a JSON body, nor an `&` add a form parameter); `{{json VALUE}}` inserts a whole JSON value.
 */
export function renderTemplate(template: string, vars: Record<string, unknown>, options: RenderOptions): RenderResult {
  const escape = options.json ? JSON_FRAGMENT : options.form ? encodeURIComponent : AS_IS
  const helpers = {
    json: (v: unknown) => new Handlebars.SafeString(JSON.stringify(mapStrings(v ?? null, rawOf)) ?? 'null'),
    secret: (name: unknown) => {
      const value = options.secrets[textOf(name)]
      if (value === undefined) throw new Error(`secret "${textOf(name)}" is not set on this target`)
      return new Handlebars.SafeString(escape(value))
    },
  }
  try {
    const compiled = hb.compile(template, { noEscape: true, strict: false })
    const text = withinBudget(() =>
      compiled(
        mapStrings(vars, (s) => new Text(s, escape)),
        { helpers },
      ),
    )
    return { ok: true, text }
  } catch (error) {
    if (error instanceof RenderLimitError) return { ok: false, error: `template: ${error.message}`, limit: true }
    // A partial that calls itself runs until the stack is exhausted.
    if (error instanceof RangeError)
      return { ok: false, error: 'template: a partial calls itself without end (too deep to render)', limit: true }
    return { ok: false, error: describeTemplateError(template, error) }
  }
}

function mapStrings(value: unknown, fn: (s: string) => unknown): unknown {
  if (typeof value === 'string') return fn(value)
  if (value instanceof Text) return fn(value.raw)
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]))
  }
  return value
}

/** For JSON bodies: refuse a render that is not JSON, naming the line and the reason. */
export function checkJson(text: string): string | null {
  const errors: ParseError[] = []
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false })
  const first = errors[0]
  if (!first) return null
  const before = text.slice(0, first.offset).split('\n')
  const near = text.slice(first.offset, first.offset + 24).split('\n')[0]
  return `the rendered body is not valid JSON, ${pointAt(text, before.length, before.at(-1)!.length + 1, `${printParseErrorCode(first.error)} near "${near}"`)}`
}
