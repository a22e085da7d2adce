// Parse-time limits for delivery bodies. JSON.parse happily builds a value nested thousands of levels deep,
// and every later step that walks it (JSON.stringify into the store, the detail view) then overflows the
// stack; such a delivery must be refused once, with the reason, not fail on every retry.
import { MAX_BODY_BYTES } from '../../../server-common/http'

/** Deeper than any provider's payload (Sentry's event vars are trimmed to a handful of levels). */
export const MAX_JSON_DEPTH = 64

export type ParseResult = { ok: true; value: unknown } | { ok: false; reason: string }

/**
 * The deepest `{`/`[` nesting in a JSON(-ish) text, counting only brackets outside strings, and stopping as
 * soon as it passes `limit`. Works on lenient texts too (Checkly templates), since it only tracks strings.
 */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) i++
      else if (c === 0x22 /* " */) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--
  }
  return false
}

/**
 * Parses a delivery body within the size and depth limits. Bytes that are not UTF-8 become U+FFFD rather
 * than a refusal: the signature was already checked on the raw bytes, and an alert with one garbled
 * character is worth more than none.
 */
export function parseBounded(body: Buffer, parse?: (body: Buffer) => unknown): ParseResult {
  if (body.length > MAX_BODY_BYTES) return { ok: false, reason: `body is ${body.length} bytes; the limit is ${MAX_BODY_BYTES}` }
  // A leading UTF-8 byte order mark may be ignored by a JSON parser (RFC 8259 §8.1), and some tools (.NET's
  // UTF8Encoding, Windows editors) write one. Dropped for parsing only: signatures cover the bytes as sent.
  const unmarked = hasBom(body) ? body.subarray(3) : body
  const text = unmarked.toString('utf8')
  if (jsonDepthExceeds(text)) return { ok: false, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` }
  try {
    return { ok: true, value: parse ? parse(unmarked) : JSON.parse(text) }
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${printable((error as Error).message)}` }
  }
}

function hasBom(body: Buffer): boolean {
  return body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf
}

/**
 * JSON.parse quotes the text around an error: binary or control characters there would reach the sender's
 * answer and the delivery log as garbage or invisibly. Escaped as \uXXXX instead.
 */
export function printable(message: string): string {
  return message.replace(
    /[\p{Cc}\u200b-\u200f\u2028\u2029\ufeff\ufff9-\ufffd]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
