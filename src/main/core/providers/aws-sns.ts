// AWS SNS HTTP/HTTPS subscriptions (CloudWatch alarms, and anything else published to a topic). AWS signs each
// message with its own RSA key: SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA, over "Key\nValue\n"
// for a fixed set of keys in byte order, the set depending on the message type. The public key is the
// certificate at SigningCertURL, which must be https on sns.<region>.amazonaws.com(.cn) (the check the AWS
// SDKs' message validators make). https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
// The body is JSON sent as `text/plain; charset=UTF-8`. Messages are read in providers/sns-messages.ts.
import { createVerify } from 'node:crypto'
import { isObject, str } from './fields'
import { parseTimestamp } from './signature'
import { normalizeSnsMessage, snsUrlProblem } from './sns-messages'
import type { PrepareResult, Provider, RawRequest, VerifyResult } from './types'
import { snsSamples } from './samples/aws-sns'

const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' }
/** Signed keys per message type, in the order AWS documents (byte order). */
const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
const SUBSCRIPTION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
const TYPES = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'])
/**
 * SNS retries an HTTP/S endpoint (on 5xx and connection failures) for at most 3,600 s, a hard limit
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html): a signed message older than
 * that, or dated ahead of the clock, is a replay of a captured one.
 */
export const SNS_MAX_AGE_MS = 60 * 60_000 + 5 * 60_000
const SNS_CLOCK_SKEW_MS = 5 * 60_000

export type SnsMessage = Record<string, unknown> & { Type: string; Signature: string; SigningCertURL: string }

/** The message's envelope when it is one SNS signs with a version Hookbell knows, else the refusal. */
function envelope(body: Buffer): { ok: true; message: SnsMessage } | { ok: false; status: 400 | 401; reason: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return { ok: false, status: 400, reason: 'body is not an SNS message (not JSON)' }
  }
  if (!isObject(parsed) || typeof parsed.Type !== 'string')
    return { ok: false, status: 400, reason: 'body is not an SNS message (no Type)' }
  if (!TYPES.has(parsed.Type))
    return { ok: false, status: 400, reason: `SNS message Type ${parsed.Type.slice(0, 60)} is not one Hookbell knows` }
  const version = str(parsed, 'SignatureVersion')
  if (!version || !ALGORITHMS[version])
    return {
      ok: false,
      status: 401,
      reason: `SignatureVersion ${version?.slice(0, 20) ?? '(missing)'} is not one Hookbell knows (1 or 2): set the topic's SignatureVersion attribute to 2`,
    }
  if (typeof parsed.Signature !== 'string' || parsed.Signature === '')
    return { ok: false, status: 401, reason: 'Signature missing: was raw message delivery turned on? Turn it off' }
  // AWS's documented examples, and Hookbell's samples, carry a placeholder: no certificate is worth fetching.
  if (parsed.Signature.startsWith('EXAMPLE'))
    return {
      ok: false,
      status: 401,
      reason:
        'an example message (its Signature is a placeholder): only AWS can sign SNS messages; to test, publish to the topic in the SNS console (Topics → Publish message)',
    }
  const problem = snsUrlProblem(parsed.SigningCertURL, 'SigningCertURL')
  if (problem) return { ok: false, status: 401, reason: `${problem}: not signed by Amazon SNS` }
  return { ok: true, message: parsed as SnsMessage }
}

/** The documented string to sign: "Key\nValue\n" for each signed key the message has. */
export function stringToSign(message: Record<string, unknown>): string {
  const keys = message.Type === 'Notification' ? NOTIFICATION_KEYS : SUBSCRIPTION_KEYS
  let out = ''
  for (const key of keys) {
    const value = message[key]
    if (typeof value === 'string') out += `${key}\n${value}\n`
  }
  return out
}

function signatureMatches(message: SnsMessage, pem: string): boolean {
  try {
    return createVerify(ALGORITHMS[String(message.SignatureVersion)]!)
      .update(stringToSign(message), 'utf8')
      .verify(pem, message.Signature, 'base64')
  } catch {
    // A certificate whose key cannot verify RSA (or a broken one) proves nothing.
    return false
  }
}

function freshness(message: SnsMessage, now: number): VerifyResult {
  const at = parseTimestamp(message.Timestamp)
  if (at === undefined) return { ok: false, status: 401, reason: 'Timestamp missing or not a date' }
  if (now - at > SNS_MAX_AGE_MS)
    return { ok: false, status: 401, reason: 'message is more than an hour old (SNS stops retrying by then): a replay' }
  if (at - now > SNS_CLOCK_SKEW_MS)
    return { ok: false, status: 401, reason: 'message is dated more than 5 minutes ahead: check the clock' }
  return { ok: true }
}

export const sns: Provider = {
  id: 'aws-sns',
  name: 'AWS SNS',
  secret: 'none',
  // The signature is in the body, not a header.
  signatureHeaders: [],
  contentTypes: ['text/plain', 'application/json'],
  setup: [
    "AWS signs every SNS message itself: Hookbell checks the signature against the certificate named in the message's SigningCertURL (https on sns.<region>.amazonaws.com only), fetched once and kept in the data folder (sns-certs/), so later messages verify offline. There is no secret to paste.",
    'The signature proves a message came from SNS, not from your account: the receiver URL (its 128-bit id) is what keeps other topics out. Keep it private; delete and re-add the integration to change it.',
    'SNS must reach Hookbell from the internet: use the relay URL. In the Amazon SNS console: Topics → your topic → Create subscription → Protocol HTTPS, Endpoint = the relay URL. Leave "Enable raw message delivery" off (raw messages are not signed).',
    'Optional, recommended: sign with SHA256: aws sns set-topic-attributes --topic-arn <topic ARN> --attribute-name SignatureVersion --attribute-value 2.',
    'SNS then sends a SubscriptionConfirmation. Hookbell never visits its link by itself: it shows an incident "Confirm the SNS subscription to <topic>" whose link is the SubscribeURL; open it to confirm (or paste it in the console: Subscriptions → Confirm subscription).',
    'In CloudWatch: Alarms → your alarm → Edit → Configure actions → Notification: add the topic for "In alarm", "OK" and "Insufficient data", so that OK resolves the incident.',
  ],

  async prepare(request: RawRequest, services): Promise<PrepareResult> {
    const parsed = envelope(request.body)
    // Refused before any fetch: a URL that is not SNS's is never visited.
    if (!parsed.ok) return parsed
    const url = parsed.message.SigningCertURL
    const found = await services.certificate(url)
    if (!found.ok)
      return {
        ok: false,
        status: 503,
        reason: `could not get the SNS signing certificate: ${found.reason}; SNS retries, or check this computer's connection`,
      }
    return { ok: true, prepared: { certificate: found.pem } }
  },

  verify(request, _secrets, now, _options, prepared) {
    const parsed = envelope(request.body)
    if (!parsed.ok) return parsed
    const message = parsed.message
    const headerType = request.headers['x-amz-sns-message-type']
    if (headerType !== undefined && headerType !== message.Type)
      return {
        ok: false,
        status: 400,
        reason: `x-amz-sns-message-type ${headerType} does not match the message Type ${message.Type}`,
      }
    if (!prepared?.certificate)
      return {
        ok: false,
        status: 401,
        reason: 'the SNS signing certificate was not looked up, so the signature cannot be checked',
      }
    if (!signatureMatches(message, prepared.certificate))
      return {
        ok: false,
        status: 401,
        reason:
          'signature mismatch: this message was not signed by Amazon SNS with the certificate at its SigningCertURL (altered or forged)',
      }
    return freshness(message, now)
  },

  normalize: (payload) => normalizeSnsMessage(payload),

  samples: snsSamples,

  sign(body) {
    let message: Record<string, unknown> = {}
    try {
      const parsed: unknown = JSON.parse(body)
      if (isObject(parsed)) message = parsed
    } catch {
      // Not an SNS message: sent with no SNS headers, and refused as SNS would never send it.
    }
    const headers: Record<string, string> = {
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
    }
    if (typeof message.Type === 'string') headers['x-amz-sns-message-type'] = message.Type
    if (typeof message.MessageId === 'string') headers['x-amz-sns-message-id'] = message.MessageId
    if (typeof message.TopicArn === 'string') headers['x-amz-sns-topic-arn'] = message.TopicArn
    return headers
  },
  conformance: {
    // Only AWS can sign: sign() cannot forge a message, and the signature checks live in test/unit/providers/sns.test.ts
    // (a certificate planted in the cache; forged, wrong host, http, unknown SignatureVersion all refused).
    verifies: 'vendor',
    unknownEvent: () => {
      const body = structuredClone(snsSamples.alarm!()) as { Message: string }
      body.Message = JSON.stringify({ ...(JSON.parse(body.Message) as object), NewStateValue: 'PAUSED' })
      return { body }
    },
  },
}
