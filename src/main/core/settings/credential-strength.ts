// What a caller may choose for the credentials of an integration: a signing secret that is more than a few
// characters (a blank or one-letter secret signs nothing anyone could not sign), and, where the receiver URL
// is the only credential (Retrace, unsigned integrations), an id as hard to guess as the ones Hookbell makes
// (≥128 bits, settings/settings.ts newIntegrationId).
import { badRequest } from '../../../server-common/errors'

/** Shorter than this, a secret can be guessed (HMAC keys from the tools are 32+ characters). */
export const MIN_SECRET_LENGTH = 8
export const MIN_ID_BITS = 128

/** The reason a pasted or chosen signing secret is refused, or null. */
export function secretProblem(secret: string): string | null {
  if (secret.trim() === '') return 'the secret is blank: paste the whole secret as the tool shows it'
  if (secret.trim() !== secret)
    return 'the secret starts or ends with a space or a line break: paste only the secret (a copy that took more?)'
  if (secret.length < MIN_SECRET_LENGTH)
    return `the secret is too short (${secret.length} characters, at least ${MIN_SECRET_LENGTH}): paste the whole secret as the tool shows it, or let Hookbell make one`
  return null
}

export function checkSecret(secret: string): string {
  const problem = secretProblem(secret)
  if (problem) throw badRequest(problem)
  return secret
}

/**
 * An upper bound on the bits in a chosen id: its length times the bits of the alphabet its characters come
 * from (lower case, upper case, digits, - and _), and no more than a random string of the same length would
 * show in distinct characters. `aaaaaaaaaaaaaaaaaaaaaa` is 22 characters but one letter repeated: near 0.
 */
export function estimatedIdBits(id: string): number {
  let pool = 0
  if (/[a-z]/.test(id)) pool += 26
  if (/[A-Z]/.test(id)) pool += 26
  if (/[0-9]/.test(id)) pool += 10
  if (/[-_]/.test(id)) pool += 2
  if (pool === 0) return 0
  const distinct = new Set(id).size
  // A random id of this length over this pool shows about this many distinct characters; far fewer means
  // the characters were not drawn at random (repeats, a word, a counter).
  const expected = pool * (1 - Math.pow(1 - 1 / pool, id.length))
  if (distinct < expected / 2) return distinct * Math.log2(pool)
  return id.length * Math.log2(pool)
}

/** Refuses a chosen id that would be the integration's only credential and is guessable. */
export function checkUnguessableId(id: string): void {
  const bits = estimatedIdBits(id)
  if (bits < MIN_ID_BITS)
    throw badRequest(
      `this integration's receiver URL is its only credential, so its id must be unguessable (at least ${MIN_ID_BITS} bits; "${id}" has about ${Math.floor(bits)}): use the id Hookbell made on the first laptop`,
    )
}
