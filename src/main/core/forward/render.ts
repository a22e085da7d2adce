// One forward as bytes and headers: the target's template (or the default body), its custom headers, and
// the signature over exactly the body that is sent.
import { defaultBody, SAMPLE_INCIDENT, snapshotOf, type Snapshot } from './payload'
import { signatureHeaders } from './signing'
import type { Target } from './targets'
import { checkJson, renderTemplate, templateVariables } from './template'

/** RFC 9110 §5.5 field-value: visible ASCII, space, tab and obs-text; no CR, LF or NUL. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

/** `limit`: the template went past a render bound (forward/template-budget.ts). */
export type Rendered = { ok: true; body: string; headers: Record<string, string> } | { ok: false; error: string; limit?: boolean }

export function render(target: Target, snapshot: Snapshot, messageId: string, now: number, version: string): Rendered {
  const json = /json/i.test(target.contentType ?? 'application/json')
  const form = /^application\/x-www-form-urlencoded/i.test(target.contentType ?? '')
  const secrets = target.secrets ?? {}
  let body: string
  if (target.template) {
    const rendered = renderTemplate(target.template, templateVariables(snapshot), { json, form, secrets })
    if (!rendered.ok) return { ok: false, error: rendered.error, limit: rendered.limit }
    body = rendered.text
    if (json) {
      const problem = checkJson(body)
      if (problem) return { ok: false, error: problem }
    }
  } else {
    body = JSON.stringify(defaultBody(snapshot))
  }
  const headers: Record<string, string> = {
    'content-type': target.contentType || 'application/json',
    'user-agent': `Hookbell/${version}`,
    'x-webhook-event': snapshot.event,
  }
  for (const [name, template] of Object.entries(target.headers ?? {})) {
    const value = renderTemplate(template, templateVariables(snapshot), { json: false, secrets })
    if (!value.ok) return { ok: false, error: `header ${name}: ${value.error}`, limit: value.limit }
    // A line break (or another character a header cannot carry) would be refused by fetch on every retry,
    // as if the target could not be reached: say what is wrong instead, once.
    if (!HEADER_VALUE.test(value.text))
      return { ok: false, error: `header ${name}: the value has a line break or a character a header cannot carry` }
    headers[name.toLowerCase()] = value.text
  }
  Object.assign(headers, signatureHeaders(target.signing ?? 'none', target.secret ?? null, messageId, now, body))
  return { ok: true, body, headers }
}

/**
 * Why a target cannot be saved because its template goes past a render bound, rendered once for the sample
 * incident (null when it stays within them). Other render errors (a secret not set yet) are the preview's
 * and the forward's to report: a target may be saved before its secret is.
 */
export function renderBoundsProblem(target: Target, version: string): string | null {
  const snapshot = snapshotOf('incident.forwarded', SAMPLE_INCIDENT, 'Hookbell test', Date.now())
  const rendered = render(target, snapshot, 'msg_check', Date.now(), version)
  return !rendered.ok && rendered.limit ? rendered.error : null
}

/** Signature and secret-bearing header values are not shown in a preview. */
export function redactForPreview(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, /signature|authorization/i.test(k) ? '[redacted]' : v]))
}
