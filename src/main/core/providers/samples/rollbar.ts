// Rollbar sample webhooks (`hookbell send`, the setup screen), shaped like its documented payloads
// (https://docs.rollbar.com/docs/webhooks; items as its API returns them). Functions, so times are fresh.
const seconds = () => Math.floor(Date.now() / 1000)

const occurrence = () => ({
  body: {
    trace: {
      frames: [
        { filename: '/app/web/app.py', lineno: 88, method: 'checkout', code: 'total = cart.total()' },
        { filename: '/app/shop/cart.py', lineno: 42, method: 'total', code: 'return sum(i.price for i in self.items[key])' },
      ],
      exception: { class: 'KeyError', message: "'item_id'" },
    },
  },
  uuid: '9342eca6-09e7-4bab-89f1-ff16da631853',
  language: 'python 3.12.1',
  level: 'error',
  timestamp: seconds(),
  server: { host: 'web-prod-3', pid: 11348 },
  environment: 'production',
  framework: 'flask',
  notifier: { version: '1.0.0', name: 'pyrollbar' },
})

const item = (status: number, extra: Record<string, unknown> = {}) => ({
  public_item_id: null,
  integrations_data: {},
  level_lock: 0,
  last_activated_timestamp: seconds(),
  assigned_user_id: null,
  hash: '31cd6a4aee99a094c09f3724bf2bc2288bcd0c9d',
  id: 496445267,
  environment: 'production',
  title: "KeyError: 'item_id'",
  last_occurrence_id: 35686638471,
  last_occurrence_timestamp: seconds(),
  platform: 0,
  first_occurrence_timestamp: seconds() - 3600,
  project_id: 162774,
  resolved_in_version: null,
  status,
  unique_occurrences: null,
  framework: 13,
  total_occurrences: 7,
  level: 40,
  counter: 7,
  first_occurrence_id: 35686638471,
  activating_occurrence_id: 35686638471,
  ...extra,
})

export const rollbarSamples: Record<string, () => unknown> = {
  new_item: () => ({ event_name: 'new_item', data: { item: item(1, { last_occurrence: occurrence() }) } }),
  occurrence: () => ({ event_name: 'occurrence', data: { item: item(1), occurrence: occurrence() } }),
  reactivated_item: () => ({ event_name: 'reactivated_item', data: { item: item(1, { last_occurrence: occurrence() }) } }),
  resolved_item: () => ({
    event_name: 'resolved_item',
    data: { item: item(2, { last_resolved_timestamp: seconds(), resolved_in_version: 'a1b2c3d' }) },
  }),
  deploy: () => ({
    event_name: 'deploy',
    data: {
      deploy: {
        comment: 'Fix the cart total',
        user_id: 8247,
        finish_time: seconds(),
        start_time: seconds() - 60,
        id: 8279063,
        environment: 'production',
        project_id: 162774,
        local_username: 'alice',
        revision: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      },
    },
  }),
}
