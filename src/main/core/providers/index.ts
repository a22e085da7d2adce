// The provider registry: adding a provider is one file plus one line here.
import type { ProviderInfo } from '../../../shared/model'
import { alertmanager } from './alertmanager'
import { appsignal } from './appsignal'
import { checkly } from './checkly'
import { generic } from './generic'
import { grafana } from './grafana'
import { retrace } from './retrace'
import { sentry } from './sentry'
import type { Provider } from './types'

export const PROVIDERS: ReadonlyMap<string, Provider> = new Map(
  [appsignal, sentry, checkly, retrace, generic, alertmanager, grafana].map((p) => [p.id, p]),
)

export function providerInfo(provider: Provider): ProviderInfo {
  const info: ProviderInfo = {
    id: provider.id,
    name: provider.name,
    secret: provider.secret,
    setup: provider.setup,
    samples: Object.keys(provider.samples),
  }
  if (provider.template) info.template = provider.template
  return info
}
