// Providers whose signature only the vendor can make (AWS SNS signs with its own RSA key): `sign` cannot
// produce one, so tests re-sign a body with a stand-in key (test/helpers/sns.ts) and give `prepare` a key
// store that holds the stand-in certificate, without disk or network.
import type { ProviderServices } from '../../src/main/core/providers/types'
import { signSns, testSigner } from './sns'

export interface VendorSigned {
  /** The body as the vendor would sign it, dated now. */
  resign(body: string, now?: number): string
  /** A key store holding the stand-in certificate for every URL the provider allows. */
  services: ProviderServices
}

export const VENDOR_SIGNED: Record<string, VendorSigned> = {
  'aws-sns': {
    resign: (body, now) => signSns(JSON.parse(body) as Record<string, unknown>, { at: now }),
    services: { certificate: async () => ({ ok: true, pem: testSigner().certificate }) },
  },
}
