// The relay's storage behind one interface, so the server and its tests are the same on SQLite (one machine)
// and PostgreSQL (several relay instances on one database).
import { createHash, randomBytes } from 'node:crypto'
import { HttpError } from '../../server-common/errors'
import type { CredentialHash, CredentialRegistration, CredentialVia, TeamNote } from '../../server-common/relay-protocol'

export interface Retention {
  maxAgeMs: number
  /**
   * Items a channel may hold that its active readers have not all acknowledged: past it, deliveries are
   * refused (507) like past the byte quota. Never a reason to delete: what was answered 2xx stays until
   * every active reader has it, or it is older than `maxAgeMs`.
   */
  maxPerChannel: number
  /**
   * The byte quota of a channel: past it, deliveries are refused (507, with the reason and Retry-After) until
   * readers acknowledge or retention frees space, rather than accepted and dropped later.
   */
  maxBytesPerChannel: number
  /** A reader not seen for this long stops holding deliveries back from the others. */
  readerIdleMs: number
}

export const DEFAULT_RETENTION: Retention = {
  maxAgeMs: 7 * 86_400_000,
  maxPerChannel: 100_000,
  maxBytesPerChannel: 256 * 1024 * 1024,
  readerIdleMs: 7 * 86_400_000,
}

export type { RateLimit } from '../../server-common/rate-limit'

/** One reader's registration for an integration: it belongs to that reader, and vouches only to it. */
export interface ReaderRegistration {
  reader: string
  scheme: string
  /** The header the tool sends the secret in as is (Honeybadger-Token); null: Authorization. */
  header: string | null
  hashes: CredentialHash[]
}

/** A `reader_credentials` row as both stores read it ('' in `header` is Authorization). */
export interface RegistrationRow {
  reader: string
  scheme: string
  header: string
  hashes: string
}

export function registrationOf(row: RegistrationRow): ReaderRegistration {
  return {
    reader: row.reader,
    scheme: row.scheme,
    header: row.header || null,
    hashes: JSON.parse(row.hashes) as CredentialHash[],
  }
}

/**
 * What the relay did with a delivery's Authorization, as stored: `checked` lists every reader whose own
 * registration the credential matched (each reader is told "checked" only when it is among them, see
 * relay-server.ts), `removed` that nothing was checked.
 */
export type StoredCredential =
  | { outcome: 'checked'; integrationId: string; matches: { reader: string; via: CredentialVia; scheme: string }[] }
  | { outcome: 'removed' }

/** What is appended to a channel: a provider's delivery verbatim, or a team note posted by a reader. */
export type NewItem =
  | {
      kind: 'delivery'
      receivedAt: number
      method: string
      query: string
      headers: Record<string, string>
      body: Buffer
      /** What the relay did with the delivery's Authorization header, when it had one. */
      credential?: StoredCredential | null
    }
  /** `author` is the posting reader's id, `authorName` its name as the operator set it (never the note's word). */
  | { kind: 'note'; receivedAt: number; author: string; authorName: string; note: TeamNote }

export interface StoredItem {
  seq: number
  kind: 'delivery' | 'note'
  receivedAt: number
  /** The reader that posted a note; null for deliveries. */
  author: string | null
  method: string
  query: string
  headers: Record<string, string>
  body: Buffer
  /** Legacy rows (before per-reader registrations) may hold a check without `matches`: it vouches to nobody. */
  credential: StoredCredential | null
}

/** How much a channel may hold unacknowledged when a delivery is appended (`appendWithin`). */
export interface Quota {
  maxBytes: number
  maxItems: number
}

/** Why an append did not happen: no such channel, or the channel is at one of its quotas. */
export type AppendRefusal = { refused: 'no_channel' } | { refused: 'quota'; heldBytes: number; heldItems: number }

export interface ReaderSummary {
  id: string
  name: string
  createdAt: string
  lastSeenAt: string
  ackedSeq: number
  /** Items held for this reader that it has not acknowledged yet. */
  behind: number
  /** When the oldest of those arrived, ISO 8601; null when it is caught up. */
  oldestWaiting: string | null
  /** Silent past `readerIdleMs`: it no longer holds items back. */
  idle: boolean
}

export interface ChannelSummary {
  id: string
  name: string
  createdAt: string
  lastSeq: number
  held: number
  heldBytes: number
  readers: ReaderSummary[]
}

export interface RelayStore {
  readonly kind: 'sqlite' | 'postgres'
  /** Where the data lives, for the start-up line (a path, or the URL without its password). */
  readonly location: string
  /** A channel with its first reader; the token is returned once and kept as a hash. */
  addChannel(name: string, readerName: string, now: number): Promise<{ id: string; readerId: string; token: string }>
  /** Null when there is no such channel. */
  addReader(channel: string, name: string, now: number): Promise<{ id: string; token: string } | null>
  /** By reader id or name, with every credential it registered; false when none matched. */
  removeReader(channel: string, reader: string): Promise<boolean>
  listChannels(now: number, retention: Retention): Promise<ChannelSummary[]>
  channelExists(channel: string): Promise<boolean>
  /** The reader a token belongs to (and marks it seen), or null. */
  authenticate(channel: string, token: string, now: number): Promise<string | null>
  /** Appends and wakes every instance's waiters for the channel. Returns the item's seq, or null without a channel. */
  append(channel: string, item: NewItem): Promise<number | null>
  /**
   * Appends a delivery unless the channel would then hold more than `quota` (bytes or items): the check and
   * the append are one statement, so concurrent appends on several instances cannot overshoot together.
   */
  appendWithin(channel: string, item: NewItem, quota: Quota): Promise<{ seq: number } | AppendRefusal>
  /** Bytes the channel holds now (kept by the database on every insert and delete). */
  heldBytes(channel: string): Promise<number>
  /** The reader's name as the operator set it (add-reader --name), or null when it is gone. */
  readerName(channel: string, reader: string): Promise<string | null>
  /**
   * Upserts the credential hashes a reader's app registered, by integration, as that reader's own: another
   * reader's registration for the same integration is never replaced (each is keyed by its reader).
   */
  registerCredentials(channel: string, reader: string, registrations: CredentialRegistration[], now: number): Promise<void>
  /** Every reader's registration for an integration on a channel (empty when none). */
  credentialsFor(channel: string, integrationId: string): Promise<ReaderRegistration[]>
  after(channel: string, seq: number, limit: number): Promise<StoredItem[]>
  latest(channel: string): Promise<number>
  /** Moves the reader's cursor and drops what every active reader has acknowledged. */
  ack(channel: string, reader: string, upTo: number, now: number, retention: Retention): Promise<void>
  /**
   * Drops what is older than `maxAgeMs` and what every active reader has acknowledged; nothing else (bytes
   * and count are quotas at append time, see `appendWithin`), so nothing answered 2xx is lost unread.
   */
  prune(now: number, retention: Retention): Promise<void>
  /** Called with a channel id when anything is appended on any instance, or '*' when some may have been missed. */
  onAppended(listener: (channel: string) => void): () => void
  close(): Promise<void>
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
export const newChannelId = () => `ch_${randomBytes(16).toString('base64url')}`
export const newReaderId = () => `rd_${randomBytes(9).toString('base64url')}`
export const newToken = () => `hbr_${randomBytes(32).toString('base64url')}`

/**
 * A note is kept as JSON in the body column, with the name of the reader that posted it (so the name shown
 * stays the one it was posted under); the delivery-shaped columns stay empty. Notes from before authorship
 * are the bare note (see `noteOf`).
 */
export function noteColumns(note: TeamNote, authorName: string) {
  const body = Buffer.from(JSON.stringify({ note, authorName }))
  return { method: 'POST', query: '', headers: '{}', body, size: body.length, credential: null }
}

/** The note and its author's name from a stored body; the name is null for a note kept before authorship. */
export function noteOf(body: Buffer): { note: TeamNote; authorName: string | null } {
  const value = JSON.parse(body.toString('utf8')) as { note?: TeamNote; authorName?: string } & TeamNote
  return value.note && typeof value.authorName === 'string'
    ? { note: value.note, authorName: value.authorName }
    : { note: value, authorName: null }
}

/** The columns both stores write for an item. */
export function itemColumns(item: NewItem) {
  if (item.kind === 'note') return { ...noteColumns(item.note, item.authorName), author: item.author }
  return {
    method: item.method,
    query: item.query,
    headers: JSON.stringify(item.headers),
    body: item.body,
    size: item.body.length,
    author: null,
    credential: item.credential ? JSON.stringify(item.credential) : null,
  }
}

/**
 * Registrations one reader may hold on a channel (one per integration). Per reader, so that one reader
 * filling its share cannot stop the others from registering; readers are added by the operator only.
 */
export const MAX_CHANNEL_REGISTRATIONS = 1000

/** Thrown (and rolled back) when a registration would take a reader past MAX_CHANNEL_REGISTRATIONS. */
export class RegistrationLimit extends HttpError {
  constructor() {
    super(
      507,
      'too_many_registrations',
      `a reader keeps at most ${MAX_CHANNEL_REGISTRATIONS} integrations' credential hashes on a channel; use another channel`,
    )
  }
}
