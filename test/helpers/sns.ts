// A stand-in for AWS's SNS signing key: a self-signed RSA certificate made at test time (openssl), and
// messages signed with it the way AWS documents (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html),
// written independently of the code under test. Planting the certificate where Hookbell caches SNS
// certificates (sns-certs/<sha256 of the URL>.pem) lets a test verify without any network.
import { createHash, createSign } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestSigner {
  key: string
  certificate: string
}

let cached: TestSigner | undefined

/** One RSA key and self-signed certificate per test process. */
export function testSigner(): TestSigner {
  if (cached) return cached
  const dir = mkdtempSync(join(tmpdir(), 'hookbell-sns-cert-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=sns.amazonaws.com',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    )
    cached = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), certificate: readFileSync(join(dir, 'cert.pem'), 'utf8') }
    return cached
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** AWS's string to sign: Notification signs Message, MessageId, Subject (if any), Timestamp, TopicArn, Type. */
function canonical(message: Record<string, unknown>): string {
  const keys =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
  return keys
    .filter((k) => typeof message[k] === 'string')
    .map((k) => `${k}\n${message[k] as string}\n`)
    .join('')
}

/**
 * The message signed as SNS signs it (version from its SignatureVersion, 1 = SHA1, 2 = SHA256), dated `at`
 * unless told otherwise, serialized as SNS does (pretty JSON).
 */
export function signSns(message: Record<string, unknown>, options: { at?: number; version?: '1' | '2' } = {}): string {
  const signed: Record<string, unknown> = { ...message }
  if (options.version) signed.SignatureVersion = options.version
  signed.Timestamp = new Date(options.at ?? Date.now()).toISOString()
  const algorithm = signed.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1'
  signed.Signature = createSign(algorithm).update(canonical(signed)).sign(testSigner().key, 'base64')
  return JSON.stringify(signed, null, 2)
}

/** Puts the test certificate where Hookbell caches the certificate of `url`, in data folder `dataDir`. */
export function plantCertificate(dataDir: string, url: string): void {
  const dir = join(dataDir, 'sns-certs')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${createHash('sha256').update(url).digest('hex')}.pem`), testSigner().certificate)
}

/** A fetch that fails the test if anything tries the network. */
export const noNetwork: typeof fetch = async (input) => {
  throw new Error(`no network in tests: tried ${String(input)}`)
}

/** Lets the core reach test servers on 127.0.0.1 (a relay) and nothing else. */
export const localOnly: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  if (url.hostname !== '127.0.0.1') return noNetwork(input, init)
  return fetch(input, init)
}
