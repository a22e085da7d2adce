// Handlebars bodies for outgoing webhooks: the syntax Checkly users already know ({{VAR}}, {{#if}}, {{#eq}},
// triple braces), with values escaped for the content type instead of for HTML.
import Handlebars from 'handlebars'
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser'
import type { Incident } from '../../../shared/incident'
import { describeIncident } from '../describe-incident'

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

export type RenderResult = { ok: true; text: string } | { ok: false; error: string }

const hb = Handlebars.create()
// Checkly-style conditional: {{#eq ALERT_TYPE 'ALERT_FAILURE'}}DOWN{{else}}UP{{/eq}}
hb.registerHelper('eq', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
  return String(a) === String(b) ? options.fn(this) : options.inverse(this)
})
hb.registerHelper('upper', (v: unknown) => String(v ?? '').toUpperCase())
hb.registerHelper('lower', (v: unknown) => String(v ?? '').toLowerCase())
hb.registerHelper('truncate', (v: unknown, n: unknown) => {
  const s = String(v ?? '')
  const max = Number(n) || 200
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
})

export interface RenderOptions {
  json: boolean
  secrets: Record<string, string>
}

/**
 * Renders `template`. For JSON bodies every inserted string is escaped as a JSON string fragment (so a
 * quote in a payload cannot break the body); `{{json VALUE}}` inserts a whole JSON value (arrays, numbers).
 */
export function renderTemplate(template: string, vars: Record<string, unknown>, options: RenderOptions): RenderResult {
  const escape = options.json ? (s: string) => JSON.stringify(s).slice(1, -1) : (s: string) => s
  // Values arrive pre-escaped; `json` undoes that (JSON string escaping is reversible) before serializing.
  const unescape = options.json ? (s: string) => JSON.parse(`"${s}"`) as string : (s: string) => s
  const helpers = {
    json: (v: unknown) => new Handlebars.SafeString(JSON.stringify(mapStrings(v ?? null, unescape))),
    secret: (name: unknown) => {
      const value = options.secrets[String(name)]
      if (value === undefined) throw new Error(`secret "${String(name)}" is not set on this target`)
      return new Handlebars.SafeString(escape(value))
    },
  }
  try {
    const compiled = hb.compile(template, { noEscape: true, strict: false })
    const text = compiled(mapStrings(vars, escape), { helpers })
    return { ok: true, text }
  } catch (error) {
    return { ok: false, error: `template: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}` }
  }
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value)
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
  const line = text.slice(0, first.offset).split('\n').length
  const near = text.slice(first.offset, first.offset + 24).split('\n')[0]
  return `the rendered body is not valid JSON (line ${line}): ${printParseErrorCode(first.error)} near "${near}"`
}
