// What the app accepts from a relay. A relay is a server on the internet, possibly compromised: its pages
// are checked item by item before anything is ingested, and relayed bodies obey the same limits as direct
// ones. Pure functions, so every rule here is tested without a network.
import { MAX_BODY_BYTES } from '../../../server-common/http'
import type { RawRequest } from '../providers/types'
import { encodeRelayCheck, RELAY_CHECK_HEADER, type RelayCheck } from '../providers/relay-check'

/**
 * Items asked for per page (`limit=`): the relay's own cap. A page is sized by RELAY_PAGE_BYTES, not by
 * this: under a backlog of ordinary deliveries (a few KB) each page brings 100, where 16 per page, one page
 * every 250 ms, drained 64 deliveries/s. A relay that ignores `maxBytes` and sends a page over
 * MAX_RELAY_RESPONSE_BYTES is asked for half as many items each time until one fits.
 */
export const RELAY_PAGE_ITEMS = 100
/**
 * Bytes of bodies asked for per page (`maxBytes=`, base64; a page always holds at least one item). The page
 * is parsed in one go on the thread that answers providers: 1 MiB takes milliseconds, where 16 bodies of
 * 1 MiB (junk posted to the relay) stalled the receiver for hundreds (`npm run bench -- abuse`). Ordinary
 * deliveries are a few KB, so a page still holds RELAY_PAGE_ITEMS of them. A relay that ignores it is held
 * to MAX_RELAY_RESPONSE_BYTES.
 */
export const RELAY_PAGE_BYTES = 1024 * 1024
/** Bytes read from one relay response; past it the response is dropped (and the next page asked smaller). */
export const MAX_RELAY_RESPONSE_BYTES = 32 * 1024 * 1024
const MAX_PAGE_ITEMS = 1000
const MAX_QUERY_CHARS = 4096
const MAX_HEADERS = 200
const MAX_HEADER_BYTES = 32 * 1024

/**
 * The bytes a base64 string of this length decodes to. Node's decoder skips what is not base64 (and reads
 * base64url and line breaks too), so a body that decodes to fewer bytes was not base64; whatever bytes come
 * out are verified like any others. A regular expression over each body cost ~5 ms per MB on the thread
 * that answers providers: the largest cost of junk posted to the relay in `npm run bench -- abuse`.
 */
function base64Length(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  return Math.floor((text.length * 3) / 4) - padding
}

/** An item to ingest, or one to set aside (quarantine) with the reason, or one already behind the cursor. */
export type CheckedItem =
  | { kind: 'ingest'; seq: number; integrationId: string; request: RawRequest }
  /** A teammate's note: checked where it is applied (team-notes.ts), never ingested. */
  | { kind: 'note'; seq: number; note: unknown; fromSelf: boolean; author: NoteAuthor | null }
  | { kind: 'set-aside'; seq: number; integrationId: string; request: RawRequest; status: 400 | 413; reason: string }

/** Who posted a note, as the relay says: the reader and the name the relay's operator gave it. */
export interface NoteAuthor {
  reader: string
  name: string
}

/** Printable text of at most `max` characters: control and bidirectional-override characters removed. */
export function printable(value: string, max: number): string {
  return (
    value
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .trim()
      .slice(0, max)
  )
}

function authorOf(value: unknown): NoteAuthor | null {
  if (!isRecord(value) || typeof value.reader !== 'string' || typeof value.name !== 'string') return null
  const name = printable(value.name, 100)
  return name ? { reader: printable(value.reader, 100), name } : null
}

export type CheckedPage = { ok: true; items: CheckedItem[]; skipped: number } | { ok: false; reason: string }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * When the delivery arrived, as the relay says, but never later than now: a relay's clock (or a forged
 * item) must not move time forward, which would make stale signed timestamps look fresh.
 */
export function receivedAtOf(value: unknown, now: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), now) : now
}

function headersOf(value: unknown): Record<string, string> | string {
  if (!isRecord(value)) return 'headers are not an object'
  const entries = Object.entries(value)
  if (entries.length > MAX_HEADERS) return `more than ${MAX_HEADERS} headers`
  const out: Record<string, string> = {}
  let bytes = 0
  for (const [name, v] of entries) {
    if (typeof v !== 'string') return `header ${name.slice(0, 64)} is not a string`
    bytes += name.length + v.length
    out[name.toLowerCase()] = v
  }
  if (bytes > MAX_HEADER_BYTES) return `headers are over ${MAX_HEADER_BYTES} bytes`
  return out
}

/**
 * What the relay says it did with the delivery's Authorization, as the header verification reads. A claim to
 * have checked a credential counts only for the integration the delivery is addressed to.
 */
function relayCheckOf(value: unknown, integrationId: string, relay: string): RelayCheck {
  if (!isRecord(value)) return { relay, credential: 'none' }
  if (value.outcome === 'removed') return { relay, credential: 'removed' }
  if (
    value.outcome === 'checked' &&
    value.integrationId === integrationId &&
    (value.via === 'scheme' || value.via === 'basic' || value.via === 'header') &&
    typeof value.scheme === 'string' &&
    /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(value.scheme)
  )
    return { relay, credential: 'checked', via: value.via, scheme: value.scheme }
  return { relay, credential: 'none' }
}

function integrationOf(query: string): string {
  try {
    return new URLSearchParams(query).get('integration') ?? ''
  } catch {
    return ''
  }
}

/**
 * Checks one item from the relay at `relay`; null when it has no usable seq (it cannot be placed, so it cannot
 * be set aside either).
 */
export function checkItem(raw: unknown, now: number, relay: string): CheckedItem | null {
  if (!isRecord(raw) || typeof raw.seq !== 'number' || !Number.isSafeInteger(raw.seq) || raw.seq < 1) return null
  const seq = raw.seq
  if (raw.kind === 'note')
    return { kind: 'note', seq, note: raw.note, fromSelf: raw.fromSelf === true, author: authorOf(raw.author) }
  const query = typeof raw.query === 'string' && raw.query.length <= MAX_QUERY_CHARS ? raw.query : ''
  const integrationId = integrationOf(query)
  const headers = headersOf(raw.headers)
  if (typeof headers !== 'string') {
    // Only this app says what the relay checked: a copy that came with the delivery is the sender's word.
    delete headers[RELAY_CHECK_HEADER]
    headers[RELAY_CHECK_HEADER] = encodeRelayCheck(relayCheckOf(raw.credential, integrationId, relay))
  }
  const request: RawRequest = {
    method: typeof raw.method === 'string' && raw.method.length <= 16 ? raw.method : 'POST',
    headers: typeof headers === 'string' ? {} : headers,
    query,
    body: Buffer.alloc(0),
    receivedAt: receivedAtOf(raw.receivedAt, now),
    via: 'relay',
  }
  const setAside = (status: 400 | 413, reason: string): CheckedItem => ({
    kind: 'set-aside',
    seq,
    integrationId,
    request,
    status,
    reason: `relay item ${seq} set aside: ${reason}`,
  })
  if (typeof raw.query !== 'string' || raw.query.length > MAX_QUERY_CHARS)
    return setAside(400, 'the query is missing or too long')
  if (typeof headers === 'string') return setAside(400, headers)
  if (typeof raw.body !== 'string') return setAside(400, 'the body is not base64')
  // Checked before decoding: a relay must not make the app allocate what it will refuse anyway.
  if (Math.floor((raw.body.length * 3) / 4) - 2 > MAX_BODY_BYTES)
    return setAside(413, `the body is over the ${MAX_BODY_BYTES}-byte limit that direct deliveries have`)
  const body = Buffer.from(raw.body, 'base64')
  if (body.length !== base64Length(raw.body)) return setAside(400, 'the body is not base64')
  if (body.length > MAX_BODY_BYTES)
    return setAside(413, `the body is over the ${MAX_BODY_BYTES}-byte limit that direct deliveries have`)
  return { kind: 'ingest', seq, integrationId, request: { ...request, body } }
}

/**
 * Checks a page after `cursor`: items must come in increasing seq order after the cursor. Items at or
 * before it (a relay repeating itself) and items without a seq are skipped and counted.
 */
export function checkPage(raw: unknown, cursor: number, now: number, relay: string): CheckedPage {
  if (!isRecord(raw) || !Array.isArray(raw.deliveries))
    return { ok: false, reason: 'the relay answered something that is not a delivery page' }
  if (raw.deliveries.length > MAX_PAGE_ITEMS)
    return { ok: false, reason: `the relay sent more than ${MAX_PAGE_ITEMS} items in one page` }
  const items: CheckedItem[] = []
  let last = cursor
  let skipped = 0
  for (const entry of raw.deliveries as unknown[]) {
    const item = checkItem(entry, now, relay)
    if (!item || item.seq <= last) {
      skipped++
      continue
    }
    items.push(item)
    last = item.seq
  }
  return { ok: true, items, skipped }
}
