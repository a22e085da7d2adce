// Opsgenie sample webhooks (`hookbell send`, the setup screen), shaped like its documented alert action data
// (https://docs.opsgenie.com/docs/sample-alert-action-data), with the description and details the integration
// adds when asked to. Functions, so times are fresh per send; every action is on the same alert.
function action(name: string, extra: Record<string, unknown> = {}) {
  const now = Date.now()
  return {
    source: { name: '', type: 'web' },
    alert: {
      // Opsgenie writes updatedAt in nanoseconds, createdAt in milliseconds.
      updatedAt: now * 1_000_000,
      tags: ['checkout', 'production'],
      teams: ['b36c8e16-5fd1-4c0f-a8b4-0a6b7c4f3a21'],
      recipients: ['b36c8e16-5fd1-4c0f-a8b4-0a6b7c4f3a21'],
      message: 'Checkout API error rate above 5%',
      username: 'dana@example.com',
      alertId: '052652ac-5d1c-464a-812a-7dd18bbfba8c',
      source: 'prometheus',
      alias: 'checkout-api-error-rate',
      tinyId: '23',
      createdAt: now - 5 * 60_000,
      userId: 'daed1180-0ce8-438b-8f8e-57e1a5920a2d',
      entity: 'checkout-api',
      priority: 'P1',
      description: '7.2% of checkout requests failed over 5 minutes',
      details: { env: 'production', runbook: 'https://runbooks.example.com/checkout-5xx' },
      ...extra,
    },
    action: name,
    integrationId: '37c8f316-17c6-49d7-899b-9c7e540c048d',
    integrationName: 'Hookbell',
  }
}

export const opsgenieSamples: Record<string, () => unknown> = {
  create: () => action('Create'),
  acknowledge: () => action('Acknowledge'),
  close: () => action('Close'),
  delete: () => action('Delete'),
}

/** An action that changes nothing Hookbell tracks (a note added): recorded, no incident. */
export const opsgenieUnknownEvent = () => action('AddNote', { note: 'Rolling back checkout to v2.14.1' })
