// Reads a verified SNS message (providers/aws-sns.ts verifies it). A Notification's `Message` is a string: a
// CloudWatch alarm's is JSON (AlarmName, NewStateValue ALARM/OK/INSUFFICIENT_DATA, NewStateReason,
// StateChangeTime, Region, AWSAccountId, Trigger; https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html),
// anything else becomes one incident per message. A SubscriptionConfirmation becomes an incident whose link is
// the SubscribeURL, for the user to open: Hookbell never visits it itself.
import { arr, facts, isObject, obj, str, text, truncate, type Json } from './fields'
import { parseTimestamp } from './signature'
import type { IncidentEvent, NormalizeResult } from './types'

/** What the AWS SDK validators accept as a signing-certificate (and SubscribeURL) host. */
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/
/** Why `value` is not an https URL on an SNS host, or null when it is. */
export function snsUrlProblem(value: unknown, field: string): string | null {
  if (typeof value !== 'string' || value === '') return `${field} missing`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `${field} is not a URL`
  }
  if (url.protocol !== 'https:') return `${field} must be https (got ${url.protocol.replace(':', '')})`
  if (!SNS_HOST.test(url.hostname) || url.username || url.password || url.port)
    return `${field} host ${url.host} is not an Amazon SNS host (sns.<region>.amazonaws.com)`
  return null
}

const ALARM_ACTIONS: Record<string, IncidentEvent['action']> = {
  ALARM: 'trigger',
  OK: 'resolve',
  // CloudWatch cannot tell: neither firing nor over.
  INSUFFICIENT_DATA: 'pending',
}

/** The region code of an ARN (arn:aws:cloudwatch:eu-west-1:…), for the console link. */
function regionOf(arn: string | undefined): string | undefined {
  const region = arn?.split(':')[3]
  return region && /^[a-z0-9-]{2,30}$/.test(region) ? region : undefined
}

function parsedMessage(message: string | undefined): Json | undefined {
  if (!message) return undefined
  try {
    const value: unknown = JSON.parse(message)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

function cloudWatchAlarm(alarm: Json, envelope: Json): NormalizeResult {
  const name = str(alarm, 'AlarmName')!
  const state = str(alarm, 'NewStateValue') ?? ''
  const action = ALARM_ACTIONS[state]
  if (!action)
    return {
      ok: true,
      events: [],
      note: `CloudWatch state ${state.slice(0, 40) || '(missing)'} is not ALARM, OK or INSUFFICIENT_DATA: recorded, no incident`,
    }
  const arn = str(alarm, 'AlarmArn')
  const account = str(alarm, 'AWSAccountId')
  const region = regionOf(arn) ?? regionOf(str(envelope, 'TopicArn'))
  const trigger = obj(alarm, 'Trigger') ?? {}
  const dimensions = arr(trigger, 'Dimensions')
    .filter(isObject)
    .map((d) => `${str(d, 'name') ?? ''}=${str(d, 'value') ?? ''}`)
    .join(', ')
  const changed = parseTimestamp(str(alarm, 'StateChangeTime'))
  const event: IncidentEvent = {
    // The alarm, across its state changes: OK resolves what ALARM opened.
    dedupKey: `alarm:${arn ?? `${account ?? ''}:${str(alarm, 'Region') ?? ''}:${name}`}`,
    action,
    kind: 'alert',
    title: truncate(name, 300),
    severity: state === 'ALARM' ? 'error' : 'warning',
    app: str(trigger, 'Namespace') ?? null,
    environment: region ?? str(alarm, 'Region') ?? null,
    url: region
      ? `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(name)}`
      : null,
    occurredAt: changed,
    facts: facts({
      reason: str(alarm, 'NewStateReason'),
      description: str(alarm, 'AlarmDescription'),
      state: state,
      'previous state': str(alarm, 'OldStateValue'),
      metric: [str(trigger, 'Namespace'), str(trigger, 'MetricName')].filter(Boolean).join(' ') || undefined,
      dimensions: dimensions || undefined,
      threshold:
        str(trigger, 'Threshold') !== undefined
          ? `${str(trigger, 'ComparisonOperator') ?? ''} ${str(trigger, 'Threshold')}`.trim()
          : undefined,
      account,
      region: str(alarm, 'Region'),
      topic: str(envelope, 'TopicArn'),
      source: 'Amazon CloudWatch',
    }),
  }
  // A retried ALARM that arrives after the OK must not reopen it: order by CloudWatch's own change time.
  if (changed !== undefined) event.sourceTimestamp = changed
  return { ok: true, events: [event] }
}

function otherMessage(envelope: Json, message: string): NormalizeResult {
  const subject = str(envelope, 'Subject')
  const firstLine = message.split(/\r?\n/, 1)[0] ?? ''
  return {
    ok: true,
    events: [
      {
        // Nothing ties one message to another: each is its own incident. Retries carry the same MessageId.
        dedupKey: `sns:${str(envelope, 'TopicArn') ?? ''}:${str(envelope, 'MessageId') ?? ''}`,
        action: 'trigger',
        kind: 'alert',
        title: truncate(subject || firstLine || 'SNS message', 300),
        severity: 'warning',
        url: null,
        occurredAt: parseTimestamp(str(envelope, 'Timestamp')),
        facts: facts({ message: truncate(message, 4000), topic: str(envelope, 'TopicArn'), source: 'Amazon SNS' }),
      },
    ],
  }
}

function subscription(envelope: Json): NormalizeResult {
  const topic = str(envelope, 'TopicArn') ?? 'an SNS topic'
  const link = str(envelope, 'SubscribeURL')
  const problem = snsUrlProblem(link, 'SubscribeURL')
  if (problem) return { ok: false, reason: `${problem}: not shown as a link to confirm` }
  return {
    ok: true,
    events: [
      {
        dedupKey: `sns-subscription:${topic}`,
        action: 'trigger',
        kind: 'alert',
        title: truncate(`Confirm the SNS subscription to ${topic}`, 300),
        severity: 'info',
        url: link!,
        occurredAt: parseTimestamp(str(envelope, 'Timestamp')),
        facts: facts({
          'to confirm':
            "open this incident's link (the SubscribeURL): AWS confirms the subscription; Hookbell never visits it itself",
          message: str(envelope, 'Message'),
          topic,
          source: 'Amazon SNS',
        }),
      },
    ],
  }
}

export function normalizeSnsMessage(payload: unknown): NormalizeResult {
  if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
  const type = str(payload, 'Type')
  if (type === 'SubscriptionConfirmation') return subscription(payload)
  if (type === 'UnsubscribeConfirmation') {
    const again = snsUrlProblem(payload.SubscribeURL, 'SubscribeURL')
      ? ''
      : `; to subscribe again, open ${text(payload.SubscribeURL)}`
    return {
      ok: true,
      events: [],
      note: `SNS unsubscribed this endpoint from ${str(payload, 'TopicArn') ?? 'its topic'}${again}`,
    }
  }
  if (type !== 'Notification') return { ok: false, reason: `SNS message Type ${type ?? '(missing)'} is not one Hookbell reads` }
  const message = str(payload, 'Message') ?? ''
  const alarm = parsedMessage(message)
  if (alarm && str(alarm, 'AlarmName') && alarm.NewStateValue !== undefined) return cloudWatchAlarm(alarm, payload)
  return otherMessage(payload, message)
}
