// Prometheus Alertmanager: acknowledging silences the alert (silences.ts). Alertmanager has no credentials of
// its own; a reverse proxy in front of it may ask for one, sent as `Authorization: Bearer <credential>`, or
// as given when it names its scheme ("Basic dXNlcjpwYXNz"). The probe reads GET /api/v2/status (the
// version and cluster state): https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
import { headersFor, silenceTool } from './silences'

const authorization = (credential: string): string | null => {
  const value = credential.trim()
  if (!value) return null
  return value.includes(' ') ? value : `Bearer ${value}`
}

export const alertmanagerTool = silenceTool({
  provider: 'alertmanager',
  name: 'Alertmanager',
  prefix: '/api/v2',
  authorization,
  defaultUrl: 'http://localhost:9093',
  fields: {
    apiUrl: {
      label: 'Alertmanager URL',
      placeholder: 'http://alertmanager:9093',
      help: "Where this computer reaches Alertmanager's API: its --web.external-url, or another address that reaches it.",
    },
    credential: {
      label: 'Authorization (optional)',
      placeholder: 'a token, or "Basic dXNlcjpwYXNz"',
      help: 'Only when a proxy in front of Alertmanager asks for one: a bearer token, or a whole Authorization value.',
    },
  },
  probe: (connection) => ({
    method: 'GET',
    path: '/api/v2/status',
    headers: headersFor({ authorization }, connection.credential),
  }),
  describeProbe(answer) {
    const body = answer.body as { versionInfo?: { version?: unknown }; cluster?: { status?: unknown } } | null
    const version = typeof body?.versionInfo?.version === 'string' ? ` ${body.versionInfo.version}` : ''
    const cluster = typeof body?.cluster?.status === 'string' ? `, cluster ${body.cluster.status}` : ''
    return `Reached Alertmanager${version}${cluster}. Alertmanager has no permissions of its own: whoever reaches its API may create and expire silences.`
  },
})
