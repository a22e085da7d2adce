// Signatures computed the way each provider's documentation says, independently of the code under test.
import { createHash, createHmac } from 'node:crypto'

export const hmacHex = (secret: string, body: string | Buffer) => createHmac('sha256', secret).update(body).digest('hex')

/** AppSignal: hex SHA-256 of (token + raw body); not an HMAC. */
export const appsignalSignature = (token: string, body: string) =>
  createHash('sha256')
    .update(token + body)
    .digest('hex')
