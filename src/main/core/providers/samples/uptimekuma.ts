// Uptime Kuma sample webhook notifications (`hookbell send`, the setup screen): the JSON body its webhook
// provider posts, `{heartbeat, monitor, msg}` (louislam/uptime-kuma server/notification-providers/webhook.js),
// with the heartbeat and monitor as Uptime Kuma serializes them. Functions, so times are fresh.
/** heartbeat.time as Uptime Kuma writes it: UTC, "YYYY-MM-DD HH:mm:ss.SSS". */
const utc = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '')

const monitor = {
  id: 29,
  name: 'Shop API',
  description: null,
  pathName: 'Production / Shop API',
  parent: 3,
  childrenIDs: [],
  url: 'https://shop.example.com/health',
  method: 'GET',
  hostname: null,
  port: null,
  maxretries: 1,
  weight: 2000,
  active: true,
  type: 'http',
  timeout: 48,
  interval: 60,
  retryInterval: 60,
  resendInterval: 0,
  keyword: null,
  accepted_statuscodes: ['200-299'],
  notificationIDList: { '2': true },
  tags: [],
  maintenance: false,
}

const heartbeat = (status: number, msg: string, important = true) => {
  const now = new Date()
  return {
    monitorID: 29,
    status,
    time: utc(now),
    msg,
    ping: status === 1 ? 182 : null,
    important,
    duration: 60,
    timezone: 'Europe/Berlin',
    timezoneOffset: '+01:00',
    localDateTime: utc(new Date(now.getTime() + 3_600_000)).slice(0, 19),
  }
}

export const uptimeKumaSamples: Record<string, () => unknown> = {
  down: () => ({
    heartbeat: heartbeat(0, 'Request failed with status code 503'),
    monitor,
    msg: '[Shop API] [🔴 Down] Request failed with status code 503',
  }),
  up: () => ({ heartbeat: heartbeat(1, '200 - OK'), monitor, msg: '[Shop API] [✅ Up] 200 - OK' }),
  pending: () => ({
    heartbeat: heartbeat(2, 'timeout of 48000ms exceeded', false),
    monitor,
    msg: '[Shop API] [🟡 Pending] timeout of 48000ms exceeded',
  }),
}
