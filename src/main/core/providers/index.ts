// The provider registry: adding a provider is one file plus one line here.
import type { ProviderInfo } from '../../../shared/model'
import { generic } from './generic'
import type { Provider } from './types'

export const PROVIDERS: ReadonlyMap<string, Provider> = new Map([generic].map((p) => [p.id, p]))

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
