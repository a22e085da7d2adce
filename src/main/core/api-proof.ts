// How the CLI knows it is talking to the Hookbell that holds its API token before it sends that token.
// instance.json says where the app's API listens; whoever could write that file, or a process that took the
// port after the app died, would otherwise receive the bearer token with the CLI's first request. So the CLI
// first sends a fresh nonce to `GET /api/proof` (no token needed) and the app answers with an HMAC of the
// nonce and of the port it was asked on, keyed by the token: only a holder of the token can answer, a relay
// between the two cannot replay the real app's answer (its port differs), and the answer reveals nothing of
// the token (an HMAC does not reveal its key).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const API_PROOF_PATH = '/api/proof'
/** Hex nonce the CLI sends: 32 bytes, fresh each time. */
export const API_PROOF_NONCE = /^[0-9a-f]{64}$/

export function apiProof(token: string, port: number, nonce: string): string {
  return createHmac('sha256', token).update(`hookbell-api-proof\0${port}\0${nonce}`).digest('hex')
}

export function newProofNonce(): string {
  return randomBytes(32).toString('hex')
}

export function proofMatches(token: string, port: number, nonce: string, given: unknown): boolean {
  if (typeof given !== 'string') return false
  const expected = Buffer.from(apiProof(token, port, nonce))
  const actual = Buffer.from(given)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
