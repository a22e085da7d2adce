// New Relic sample webhooks (`hookbell send`, the setup screen): the workflow's default payload template
// rendered for one issue through its states (https://docs.newrelic.com/docs/alerts/get-notified/notification-integrations/#webhook).
// Functions, so times are fresh per send; every state of the issue shares its id.
const ISSUE = 'd1b1f3fd-995a-4066-88ab-8ce4f6960654'

function issue(state: string, trigger: string) {
  const now = Date.now()
  return {
    id: ISSUE,
    issueUrl: `https://radar-api.service.newrelic.com/accounts/1234567/issues/${ISSUE}?notifier=WEBHOOK`,
    title: "Memory Used % > 90 for at least 2 minutes on 'checkout-api'",
    priority: 'CRITICAL',
    impactedEntities: ['checkout-api'],
    totalIncidents: 1,
    state,
    trigger,
    isCorrelated: false,
    createdAt: now - 5 * 60_000,
    updatedAt: now,
    sources: ['newrelic'],
    alertPolicyNames: ['Checkout production'],
    alertConditionNames: ['Memory high'],
    workflowName: 'Hookbell',
  }
}

export const newRelicSamples: Record<string, () => unknown> = {
  activated: () => issue('ACTIVATED', 'STATE_CHANGE'),
  acknowledged: () => issue('ACKNOWLEDGED', 'STATE_CHANGE'),
  closed: () => issue('CLOSED', 'STATE_CHANGE'),
}

/** An issue in a state Hookbell does not act on: recorded, no incident. */
export const newRelicUnknownEvent = () => issue('DEACTIVATED', 'STATE_CHANGE')
