// incident.io: what its public API lets Hookbell do to an incident its webhooks told it about. Nothing of
// acknowledge, resolve, snooze or reopen, from its API reference:
// - incidents have no acknowledge; Edit an incident (POST /v2/incidents/{id}/actions/edit) changes the status
//   "only from one active status to another, any other lifecycle changes must be taken via the app"
//   (https://docs.incident.io/api-reference/incidents-v2/edit), so closing one through the API is refused;
// - escalations (https://docs.incident.io/api-reference/escalations-v2) can be listed, shown and created, not
//   acknowledged.
// So the tool acts on nothing and says why; its probe still tells Settings whether the key works
// (Identity, GET /v1/identity: https://docs.incident.io/api-reference/utilities-v1/identity). Errors are
// `{ type, status, request_id, errors: [{ code, message }] }` (https://docs.incident.io/api-reference/introduction).
import type { Done, Planned, SourceAnswer, SourceConnection, SourceRequest, SourceTool } from '../types'
import { incidentio as provider } from '../../providers/incidentio'
import { bodyObject, isObject, oneLine, str, strings } from './common'

const DEFAULT_URL = 'https://api.incident.io'
const WHY =
  "incident.io's API cannot acknowledge, resolve or snooze an incident (status changes beyond active ones are made in incident.io)"

function plan(): Planned {
  return { kind: 'skip', why: WHY }
}

/** Never reached (nothing is planned); a line that says so rather than inventing a change. */
function done(): Done {
  return { text: 'incident.io answered; Hookbell changed nothing there', ref: null }
}

/** The first errors[].message ("The API key provided is not valid"), else the error type. */
function refusal(answer: SourceAnswer): string | null {
  const body = bodyObject(answer)
  if (!body) return null
  const messages = Array.isArray(body.errors) ? body.errors.filter(isObject).flatMap((e) => strings([e.message])) : []
  if (messages.length) return oneLine(messages.join('; '))
  const type = str(body, 'type')
  return type ? oneLine(type.replaceAll('_', ' ')) : null
}

function probe(connection: SourceConnection): SourceRequest {
  return { method: 'GET', path: '/v1/identity', headers: { Authorization: `Bearer ${connection.credential}` } }
}

function describeProbe(answer: SourceAnswer): string {
  const identity = bodyObject(answer)?.identity
  const name = str(identity, 'name')
  const roles = isObject(identity) ? strings(identity.roles) : []
  const key = name ? `the key "${name}"${roles.length ? ` (${roles.join(', ')})` : ''} works` : 'the key works'
  return `${key}, but ${WHY}: Hookbell does not act on incident.io`
}

export const incidentioTool: SourceTool = {
  provider: provider.id,
  name: provider.name,
  actions: [],
  fields: {
    apiUrl: { label: 'incident.io API URL', placeholder: DEFAULT_URL, help: 'https://api.incident.io' },
    credential: {
      label: 'API key',
      placeholder: 'inc_…',
      help: `Settings → API keys. Only Test connection uses it: ${WHY}.`,
    },
  },
  suggestUrl: () => DEFAULT_URL,
  plan,
  done,
  refusal,
  probe,
  describeProbe,
}
