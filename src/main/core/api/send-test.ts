// "Send test delivery": the core signs one of the provider's samples with the integration's stored secret
// and posts it to its own receiver over HTTP, as the tool would. The secret never leaves the core (the CLI
// and the window only name the integration), and the delivery takes the real path: port, routing,
// verification, parsing, the store.
import type { SentTest } from '../../../shared/model'
import { badRequest, HttpError, notFound } from '../../../server-common/errors'
import { sampleBody } from '../providers'
import type { Provider } from '../providers/types'
import type { Settings } from '../settings/settings'

export interface SendTestDeps {
  settings: Settings
  providers: ReadonlyMap<string, Provider>
  receiverUrl: () => string
  receiverState: () => { listening: boolean; error: string | null }
  now: () => number
}

export async function sendTestDelivery(deps: SendTestDeps, id: string, sampleName: string | undefined): Promise<SentTest> {
  const integration = deps.settings.integration(id)
  if (!integration) throw notFound(`no integration ${id}`)
  const provider = deps.providers.get(integration.provider)
  if (!provider) throw notFound(`integration ${id} is for an unknown provider "${integration.provider}"`)
  const names = Object.keys(provider.samples)
  const sample = sampleName ?? names[0]!
  const make = provider.samples[sample]
  if (!make) throw badRequest(`${provider.name} samples: ${names.join(', ')}`, 'unknown_sample')
  const state = deps.receiverState()
  if (!state.listening)
    throw new HttpError(409, 'receiver_down', `the receiver is not listening${state.error ? ` (${state.error})` : ''}`)

  const body = JSON.stringify(sampleBody(provider, integration.options, sample), null, 2)
  // Signed as the tool is set up to sign (Grafana's header names, Alertmanager's Authorization scheme).
  const headers = provider.sign(body, integration.secrets[0] ?? null, deps.now(), integration.options)
  const url = `${deps.receiverUrl()}/hooks/${integration.id}`
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) })
  } catch (error) {
    throw new HttpError(502, 'receiver_unreachable', `could not reach ${url}: ${(error as Error).message}`)
  }
  const answer = (await response.json().catch(() => ({}))) as {
    status?: string
    incidents?: string[]
    error?: { message?: string }
  }
  return {
    sample,
    status: response.status,
    outcome: response.ok ? ((answer.status as SentTest['outcome'] | undefined) ?? 'accepted') : 'rejected',
    reason: response.ok ? null : (answer.error?.message ?? response.statusText),
    incidentIds: answer.incidents ?? [],
  }
}
