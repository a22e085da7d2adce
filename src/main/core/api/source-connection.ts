// The "Act on the source" connection of an integration as the API shows and changes it. The credential is
// write-only, like integration secrets (docs/ARCHITECTURE.md, "Secrets never leave the core"): a view says
// `hasCredential`, an update without one keeps the stored one (for the same origin only), and it is kept by
// the settings' codec.
import type { SourceConnectionView, SourceToolInfo } from '../../../shared/model'
import { badRequest } from '../../../server-common/errors'
import { httpUrl } from '../../../shared/url'
import type { Integration } from '../settings/settings'
import type { DeliveryLog } from '../store/delivery-log'
import { sourceToolFor } from '../source-actions/tools'
import type { SourceConnection } from '../source-actions/types'
import { optionalBoolean, optionalInt, optionalString } from './validate'

export const DEFAULT_SILENCE_MINUTES = 60
/** The latest accepted delivery's body is read for the URL to suggest only up to this size. */
const SUGGEST_BODY_LIMIT = 256 * 1024

export function sourceToolInfo(
  integration: Integration,
  deliveries: Pick<DeliveryLog, 'lastAccepted' | 'request'>,
): SourceToolInfo | null {
  const tool = sourceToolFor(integration.provider)
  if (!tool) return null
  const fallback = tool.suggestUrl(null)
  const body = latestBody(integration.id, deliveries)
  const named = body === null ? null : tool.suggestUrl(body)
  const fromDelivery = named !== null && named !== fallback
  return {
    name: tool.name,
    actions: [...tool.actions],
    fields: tool.fields,
    silences: tool.actions.includes('extend'),
    suggestedUrl: fromDelivery ? named : fallback,
    suggestedFrom: fromDelivery ? 'delivery' : fallback !== null ? 'default' : null,
  }
}

/**
 * The body of the latest ACCEPTED delivery, parsed. A refused one (a 401 for a missing signature) is
 * anyone's post to the receiver URL: a URL read from it would send the credential to whoever wrote it.
 */
function latestBody(integrationId: string, deliveries: Pick<DeliveryLog, 'lastAccepted' | 'request'>): unknown {
  const last = deliveries.lastAccepted(integrationId)
  const stored = last ? deliveries.request(last.id) : null
  if (!stored || stored.body.length > SUGGEST_BODY_LIMIT) return null
  try {
    return JSON.parse(stored.body.toString('utf8')) as unknown
  } catch {
    return null
  }
}

export function sourceView(integration: Integration): SourceConnectionView | null {
  const source = integration.source
  if (!source) return null
  return {
    apiUrl: source.apiUrl,
    user: source.user,
    silenceMinutes: source.silenceMinutes,
    hasCredential: source.credential !== '',
  }
}

function checkedUrl(value: string): string {
  const url = value.trim().replace(/\/+$/, '')
  if (httpUrl(url) === null)
    throw badRequest("the API URL must be an http(s) URL (the tool's API, e.g. http://alertmanager:9093)")
  return url
}

/**
 * URL, credential and user from an update or a test over the stored connection: the one place that decides
 * which credential goes to which URL. The stored credential is kept only while the URL stays on its origin:
 * it was given for that host, and a new one (a typo, a pasted suggestion, a caller of the API) must not
 * receive it unasked.
 */
function connectionFields(existing: Integration, args: unknown): Pick<SourceConnection, 'apiUrl' | 'credential' | 'user'> {
  const current = existing.source
  const apiUrlArg = optionalString(args, 'apiUrl', 2000)
  const apiUrl = apiUrlArg !== undefined ? checkedUrl(apiUrlArg) : current?.apiUrl
  if (!apiUrl) throw badRequest("the API URL is required: where this computer reaches the tool's API")
  const given = optionalString(args, 'credential', 4000)?.trim()
  let credential = given ?? ''
  if (given === undefined && current?.credential) {
    if (new URL(apiUrl).origin !== new URL(current.apiUrl).origin)
      throw badRequest(
        `a new API URL needs its credential again: the stored one was given for ${new URL(current.apiUrl).origin} (when the new one needs none, stop acting on the source and set it up anew)`,
        'credential_required',
      )
    credential = current.credential
  }
  const user = optionalString(args, 'user', 320)?.trim() ?? current?.user ?? ''
  checkHeaderText(credential, 'the credential')
  checkHeaderText(user, 'the user')
  return { apiUrl, credential, user }
}

/**
 * Credential and user go into request headers, which carry Latin-1 text without control characters
 * (https://fetch.spec.whatwg.org/#header-value): a line break from a paste would make every request fail
 * with an error that quotes the header, credential and all. Refused here, where the user can fix it.
 */
function checkHeaderText(value: string, what: string): void {
  for (const ch of value) {
    const code = ch.codePointAt(0)!
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code > 0xff)
      throw badRequest(
        `${what} holds a line break, a control character or a character outside Latin-1, which a request header can not carry: paste it again`,
        'invalid_credential',
      )
  }
}

/** The connection after an update (undefined: removed). Fields left out keep their stored value. */
export function updatedConnection(existing: Integration, args: unknown): SourceConnection | undefined {
  if (optionalBoolean(args, 'clear')) return undefined
  // The second value (user) is optional for every tool (Opsgenie and Sentry fill it in themselves, a PagerDuty
  // user key acts as its user): where the tool needs it after all, its refusal says so on the timeline.
  const fields = connectionFields(existing, args)
  const silenceMinutes =
    optionalInt(args, 'silenceMinutes', 5, 7 * 24 * 60) ?? existing.source?.silenceMinutes ?? DEFAULT_SILENCE_MINUTES
  return { ...fields, silenceMinutes }
}

/** What "Test connection" sends with: the fields given over the stored ones, by the same rule as a save. */
export function testedConnection(existing: Integration, args: unknown): SourceConnection {
  return { ...connectionFields(existing, args), silenceMinutes: existing.source?.silenceMinutes ?? DEFAULT_SILENCE_MINUTES }
}
