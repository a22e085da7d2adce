// The provider registry: adding a provider is one file plus one line here.
import type { IntegrationOptions, ProviderInfo } from '../../../shared/model'
import { alertmanager } from './alertmanager'
import { azureMonitor } from './azure-monitor'
import { appsignal } from './appsignal'
import { betterStack } from './betterstack'
import { checkly } from './checkly'
import { datadog } from './datadog'
import { generic } from './generic'
import { github } from './github'
import { gitlab } from './gitlab'
import { googleCloud } from './google-cloud'
import { grafana } from './grafana'
import { grafanaOnCall } from './grafana-oncall'
import { honeybadger } from './honeybadger'
import { incidentio } from './incidentio'
import { newrelic } from './newrelic'
import { opsgenie } from './opsgenie'
import { pagerduty } from './pagerduty'
import { retrace } from './retrace'
import { rollbar } from './rollbar'
import { sentry } from './sentry'
import { sns } from './aws-sns'
import { uptimeKuma } from './uptimekuma'
import type { NormalizeResult, Provider, RawRequest } from './types'

export const PROVIDERS: ReadonlyMap<string, Provider> = new Map(
  [
    appsignal,
    sentry,
    checkly,
    retrace,
    generic,
    alertmanager,
    grafana,
    datadog,
    newrelic,
    opsgenie,
    grafanaOnCall,
    sns,
    azureMonitor,
    googleCloud,
    honeybadger,
    rollbar,
    uptimeKuma,
    betterStack,
    pagerduty,
    incidentio,
    github,
    gitlab,
  ].map((p) => [p.id, p]),
)

export function providerInfo(provider: Provider): ProviderInfo {
  const info: ProviderInfo = {
    id: provider.id,
    name: provider.name,
    secret: provider.secret,
    setup: provider.setup,
    samples: Object.keys(provider.samples),
    options: provider.options ?? [],
    answerLimitMs: provider.answerLimitMs ?? null,
  }
  if (provider.template) info.template = provider.template
  if (provider.curl) info.curl = provider.curl
  return info
}

/** The setup steps for one integration: the tool's settings with this integration's values. */
export function setupSteps(provider: Provider, options: IntegrationOptions): string[] {
  return provider.setupFor ? provider.setupFor(options) : provider.setup
}

/**
 * Reads a verified delivery the way the integration is set up: the tool's own shape, or, when the user
 * templated the body (Alertmanager `payload`, Grafana "Custom Payload"), the generic field mapping.
 */
export function normalizeDelivery(
  provider: Provider,
  payload: unknown,
  request: RawRequest,
  options: IntegrationOptions,
): NormalizeResult {
  if (options.payload !== 'generic' || !provider.options?.includes('payload'))
    return withTidyTitles(provider.normalize(payload, request, options))
  const result = generic.normalize(payload, request, options)
  if (!result.ok) return { ok: false, reason: `custom payload read with the generic fields: ${result.reason}` }
  // Name the tool as the source when the template did not.
  for (const event of result.events) event.facts = { source: provider.name, ...event.facts }
  return withTidyTitles(result)
}

/**
 * Titles as one line without spaces at either end, for every tool at once: a title is built from the tool's
 * own text (Retrace's error Message ends with a space, a templated summary with a newline), and the list,
 * toasts, search and forwards all show it.
 */
function withTidyTitles(result: NormalizeResult): NormalizeResult {
  if (!result.ok) return result
  for (const event of result.events) {
    const tidy = event.title.replace(/\s+/g, ' ').trim()
    if (tidy) event.title = tidy
  }
  return result
}

/**
 * A sample body as this integration would receive it: the tool's own shape, or, for an integration reading a
 * custom payload, what the payload template in its setup steps renders to.
 */
export function sampleBody(provider: Provider, options: IntegrationOptions, name: string): unknown {
  const make = provider.samples[name]
  if (!make) return undefined
  const body = make()
  if (options.payload !== 'generic' || !provider.options?.includes('payload') || !provider.customPayload) return body
  return provider.customPayload(body)
}
