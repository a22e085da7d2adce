// AWS SNS sample messages (`hookbell send`, the setup screen), shaped like the documented HTTP/HTTPS JSON
// formats (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html) carrying a CloudWatch
// alarm (the shape of aws/aws-lambda-go events/testdata/cloudwatch-alarm-sns-payload-single-metric.json).
// Functions, so ids and timestamps are fresh per send. Their `Signature` is a placeholder: only AWS holds the
// key, so Hookbell refuses them unless signed with a certificate planted in its cache (the tests do that).
import { randomUUID } from 'node:crypto'

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:cloudwatch-alarms'
export const SAMPLE_CERT_URL =
  'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-6209c161c6221fdf56ec1eb5c821d112.pem'
const UNSUBSCRIBE = `https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`

function envelope(type: string, fields: Record<string, string>): Record<string, string> {
  return {
    Type: type,
    MessageId: randomUUID(),
    TopicArn: TOPIC,
    ...fields,
    Timestamp: new Date().toISOString(),
    SignatureVersion: '2',
    Signature:
      'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
    SigningCertURL: SAMPLE_CERT_URL,
  }
}

function alarm(state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', old: string, reason: string): Record<string, string> {
  const now = new Date().toISOString().replace('Z', '+0000')
  const message = {
    AlarmName: 'checkout-api-5xx',
    AlarmDescription: 'Checkout API 5xx responses above 1% for 5 minutes',
    AWSAccountId: '123456789012',
    AlarmConfigurationUpdatedTimestamp: '2026-01-10T09:12:44.052+0000',
    NewStateValue: state,
    NewStateReason: reason,
    StateChangeTime: now,
    Region: 'EU (Ireland)',
    AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-api-5xx',
    OldStateValue: old,
    OKActions: [TOPIC],
    AlarmActions: [TOPIC],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: 'HTTPCode_Target_5XX_Count',
      Namespace: 'AWS/ApplicationELB',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [{ value: 'app/checkout-api/50dc6c495c0c9188', name: 'LoadBalancer' }],
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 10.0,
      TreatMissingData: 'missing',
      EvaluateLowSampleCountPercentile: '',
    },
  }
  return envelope('Notification', {
    Subject: `${state}: "checkout-api-5xx" in EU (Ireland)`,
    Message: JSON.stringify(message),
    UnsubscribeURL: UNSUBSCRIBE,
  })
}

export const snsSamples: Record<string, () => unknown> = {
  alarm: () =>
    alarm(
      'ALARM',
      'OK',
      'Threshold Crossed: 1 out of the last 1 datapoints [42.0 (15/01/26 10:25:00)] was greater than the threshold (10.0) (minimum 1 datapoint for OK -> ALARM transition).',
    ),
  ok: () =>
    alarm(
      'OK',
      'ALARM',
      'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (15/01/26 10:35:00)] was not greater than the threshold (10.0) (minimum 1 datapoint for ALARM -> OK transition).',
    ),
  insufficient_data: () =>
    alarm(
      'INSUFFICIENT_DATA',
      'OK',
      'Insufficient Data: 1 datapoint was unknown (minimum 1 datapoint for OK -> INSUFFICIENT_DATA transition).',
    ),
  message: () =>
    envelope('Notification', {
      Subject: 'Scheduled maintenance for your Amazon RDS instance',
      Message: 'The database instance checkout-db is scheduled for a required maintenance window on 2026-01-20 03:00 UTC.',
      UnsubscribeURL: UNSUBSCRIBE,
    }),
  subscription: () => {
    const token = '2336412f37fb687f5d51e6e2425dacbba8bd9a9f8f0d8d3a79e4f9cdd4eaed3bd1e43e1b0a2b8ec6c1b2f3a4b5c6d7e8f9'
    return envelope('SubscriptionConfirmation', {
      Token: token,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${token}`,
    })
  },
}
