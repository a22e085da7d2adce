// Grafana alerting: acknowledging silences the alert through Grafana's Alertmanager-compatible API
// (silences.ts), under /api/alertmanager/grafana/api/v2, with a service account token as a Bearer token:
// https://grafana.com/docs/grafana/latest/developers/http_api/alerting_provisioning/ and
// https://grafana.com/docs/grafana/latest/administration/service-accounts/. The probe reads the token's own
// permissions (GET /api/access-control/user/permissions) and says whether it may create silences
// (`alert.silences:create`, or `alert.instances:create` before Grafana 10.1):
// https://grafana.com/docs/grafana/latest/alerting/set-up/configure-rbac/
import { headersFor, silenceTool } from './silences'

const authorization = (credential: string): string | null => (credential.trim() ? `Bearer ${credential.trim()}` : null)

const CREATE = ['alert.silences:create', 'alert.instances:create']
const EXPIRE = ['alert.silences:write', 'alert.instances:write']

export const grafanaTool = silenceTool({
  provider: 'grafana',
  name: 'Grafana',
  prefix: '/api/alertmanager/grafana/api/v2',
  authorization,
  defaultUrl: null,
  fields: {
    apiUrl: {
      label: 'Grafana URL',
      placeholder: 'https://grafana.example.com',
      help: "Grafana's root URL (its root_url), or another address this computer reaches it by.",
    },
    credential: {
      label: 'Service account token',
      placeholder: 'glsa_…',
      help: 'Administration → Users and access → Service accounts: a service account with the Editor role (or silence permissions), then Add service account token.',
    },
  },
  probe: (connection) => ({
    method: 'GET',
    path: '/api/access-control/user/permissions',
    headers: headersFor({ authorization }, connection.credential),
  }),
  describeProbe(answer) {
    const permissions = answer.body && typeof answer.body === 'object' ? Object.keys(answer.body) : []
    const may = (actions: string[]) => actions.some((a) => permissions.includes(a))
    if (may(CREATE) && may(EXPIRE)) return 'The token may create and expire silences.'
    if (may(CREATE)) return 'The token may create silences but not expire them: give it silence write access too.'
    return 'The token reaches Grafana but may not create silences: give its service account the Editor role.'
  },
})
