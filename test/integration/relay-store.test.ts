// The relay store's rules, run on SQLite and on PostgreSQL: readers with their own cursors, retention held
// by the slowest active reader, the shared rate limit, gap-free seqs under concurrent appends, and wake-ups.
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { RelayStore } from '../../src/relay/store/types'
import { DEFAULT_RETENTION, noteOf } from '../../src/relay/store/types'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'

afterAll(() => stopPostgres())

const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0)

const delivery = (n: number, at = T0, size = 10) => ({
  kind: 'delivery' as const,
  receivedAt: at,
  method: 'POST',
  query: `?integration=int_${n}`,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ n }).padEnd(size, ' ')),
})

describe.each(RELAY_BACKENDS)('relay store on %s', (name) => {
  let backend: RelayBackend
  let store: RelayStore
  beforeEach(async () => {
    await backend?.stop()
    backend = await startRelayBackend(name)
    store = await backend.openStore()
  })
  afterAll(async () => backend?.stop())

  it('gives every reader of a channel every item, each with its own cursor', async () => {
    const { id, token: dana } = await store.addChannel('team', 'dana', T0)
    const bob = (await store.addReader(id, 'bob', T0))!.token
    for (let i = 1; i <= 3; i++) expect(await store.append(id, delivery(i))).toBe(i)
    const danaId = (await store.authenticate(id, dana, T0))!
    const bobId = (await store.authenticate(id, bob, T0))!
    expect(danaId).not.toBe(bobId)
    await store.ack(id, danaId, 3, T0, DEFAULT_RETENTION)
    // Dana is done; Bob has not acknowledged anything yet, so everything stays for him.
    expect((await store.after(id, 0, 100)).map((d) => d.seq)).toEqual([1, 2, 3])
    await store.ack(id, bobId, 2, T0, DEFAULT_RETENTION)
    expect((await store.after(id, 0, 100)).map((d) => d.seq)).toEqual([3])
    const [channel] = await store.listChannels(T0, DEFAULT_RETENTION)
    expect(channel!.readers.map((r) => [r.name, r.behind, r.ackedSeq])).toEqual([
      ['dana', 0, 3],
      ['bob', 1, 2],
    ])
    expect(channel!.readers[1]!.oldestWaiting).toBe(new Date(T0).toISOString())
  })

  it('a reader silent for a week stops holding items back; removing one frees them at once', async () => {
    const { id, token: dana } = await store.addChannel('team', 'dana', T0)
    await store.addReader(id, 'bob', T0) // never polls again
    const carol = (await store.addReader(id, 'carol', T0))!.token
    for (let i = 1; i <= 4; i++) await store.append(id, delivery(i))
    const danaId = (await store.authenticate(id, dana, T0))!
    await store.ack(id, danaId, 4, T0 + DAY, DEFAULT_RETENTION)
    expect(await store.after(id, 0, 100)).toHaveLength(4)

    const carolId = (await store.authenticate(id, carol, T0))!
    expect(await store.removeReader(id, 'carol')).toBe(true)
    expect(await store.authenticate(id, carol, T0)).toBeNull()
    expect(await store.removeReader(id, carolId)).toBe(false)

    const later = T0 + 8 * DAY
    await store.ack(id, danaId, 4, later, DEFAULT_RETENTION)
    expect(await store.after(id, 0, 100)).toHaveLength(0)
    const [channel] = await store.listChannels(later, DEFAULT_RETENTION)
    expect(channel!.readers.find((r) => r.name === 'bob')).toMatchObject({ idle: true })
    expect(channel!.readers.find((r) => r.name === 'dana')).toMatchObject({ idle: false })
  })

  it('an acknowledgement never reaches past what exists, so later items are kept', async () => {
    const { id, token } = await store.addChannel('team', 'dana', T0)
    const reader = (await store.authenticate(id, token, T0))!
    await store.append(id, delivery(1))
    await store.ack(id, reader, 1_000_000, T0, DEFAULT_RETENTION)
    await store.append(id, delivery(2))
    expect((await store.after(id, 0, 100)).map((d) => d.seq)).toEqual([2])
  })

  it('drops only what expired by age when nobody reads, however many it holds', async () => {
    const { id } = await store.addChannel('team', 'dana', T0)
    await store.append(id, delivery(1, T0 - 8 * DAY))
    for (let i = 2; i <= 6; i++) await store.append(id, delivery(i, T0, 100))
    await store.prune(T0, { ...DEFAULT_RETENTION, maxPerChannel: 4 })
    // Five unread deliveries over a count of 4 all stay: the count refuses new ones, it never deletes.
    expect((await store.after(id, 0, 100)).map((d) => d.seq)).toEqual([2, 3, 4, 5, 6])
    expect(await store.heldBytes(id)).toBe(500)
  })

  it('refuses a delivery past the count quota; acknowledging frees room', async () => {
    const { id, token } = await store.addChannel('team', 'dana', T0)
    const reader = (await store.authenticate(id, token, T0))!
    const quota = { maxBytes: 1e9, maxItems: 2 }
    expect(await store.appendWithin(id, delivery(1), quota)).toEqual({ seq: 1 })
    expect(await store.appendWithin(id, delivery(2), quota)).toEqual({ seq: 2 })
    expect(await store.appendWithin(id, delivery(3), quota)).toEqual({ refused: 'quota', heldBytes: 20, heldItems: 2 })
    await store.ack(id, reader, 1, T0, DEFAULT_RETENTION)
    expect(await store.appendWithin(id, delivery(3), quota)).toEqual({ seq: 3 })
  })

  it('refuses a delivery past the byte quota instead of dropping older ones; acknowledging frees the space', async () => {
    const { id, token } = await store.addChannel('team', 'dana', T0)
    const reader = (await store.authenticate(id, token, T0))!
    const quota = { maxBytes: 250, maxItems: 100 }
    expect(await store.appendWithin(id, delivery(1, T0, 100), quota)).toEqual({ seq: 1 })
    expect(await store.appendWithin(id, delivery(2, T0, 100), quota)).toEqual({ seq: 2 })
    expect(await store.appendWithin(id, delivery(3, T0, 100), quota)).toEqual({ refused: 'quota', heldBytes: 200, heldItems: 2 })
    expect(await store.appendWithin('ch_missing', delivery(3, T0, 100), quota)).toEqual({ refused: 'no_channel' })
    // Nothing was numbered for the refusal, and nothing older was dropped to make room.
    expect((await store.after(id, 0, 100)).map((d) => d.seq)).toEqual([1, 2])
    await store.ack(id, reader, 1, T0, DEFAULT_RETENTION)
    expect(await store.heldBytes(id)).toBe(100)
    expect(await store.appendWithin(id, delivery(3, T0, 100), quota)).toEqual({ seq: 3 })
    await store.prune(T0 + 8 * DAY, DEFAULT_RETENTION)
    expect(await store.heldBytes(id)).toBe(0)
  })

  it('keeps concurrent appends from two instances within the byte quota', async () => {
    const other = await backend.openStore()
    const { id } = await store.addChannel('team', 'dana', T0)
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? store : other).appendWithin(id, delivery(i, T0, 100), { maxBytes: 1000, maxItems: 100 }),
      ),
    )
    expect(answers.filter((a) => 'seq' in a)).toHaveLength(10)
    expect(await store.heldBytes(id)).toBe(1000)
  })

  it('keeps the credential hashes each reader registers as its own: its newest wins, another reader never replaces it', async () => {
    const { id, token } = await store.addChannel('team', 'dana', T0)
    const reader = (await store.authenticate(id, token, T0))!
    const mallory = (await store.addReader(id, 'mallory-laptop', T0))!
    const hash = (c: string) => ({ salt: 'c2FsdHNhbHRzYWx0c2FsdA', hash: c.repeat(64) })
    await store.registerCredentials(id, reader, [{ integrationId: 'am', scheme: 'Bearer', hashes: [hash('a')] }], T0)
    await store.registerCredentials(id, reader, [{ integrationId: 'am', scheme: 'Token', hashes: [hash('b'), hash('c')] }], T0)
    await store.registerCredentials(id, mallory.id, [{ integrationId: 'am', scheme: 'Bearer', hashes: [hash('e')] }], T0)
    expect(await store.credentialsFor(id, 'am')).toEqual(
      [
        { reader, scheme: 'Token', header: null, hashes: [hash('b'), hash('c')] },
        { reader: mallory.id, scheme: 'Bearer', header: null, hashes: [hash('e')] },
      ].sort((x, y) => (x.reader < y.reader ? -1 : 1)),
    )
    expect(await store.credentialsFor(id, 'other')).toEqual([])
    // Removing a reader removes what it registered.
    expect(await store.removeReader(id, 'mallory-laptop')).toBe(true)
    expect(await store.credentialsFor(id, 'am')).toEqual([
      { reader, scheme: 'Token', header: null, hashes: [hash('b'), hash('c')] },
    ])
    const many = Array.from({ length: 200 }, (_, i) => ({ integrationId: `i${i}`, scheme: 'Bearer', hashes: [hash('d')] }))
    for (let n = 0; n < 4; n++)
      await store.registerCredentials(
        id,
        reader,
        many.map((m) => ({ ...m, integrationId: `${m.integrationId}-${n}` })),
        T0,
      )
    await expect(
      store.registerCredentials(
        id,
        reader,
        many.map((m) => ({ ...m, integrationId: `${m.integrationId}-x` })),
        T0,
      ),
    ).rejects.toThrow(/at most 1000/)
    // Refused as a whole: nothing of the refused batch was kept.
    expect(await store.credentialsFor(id, 'i0-x')).toEqual([])
    // The limit is per reader: another reader still registers.
    const other = (await store.addReader(id, 'bob-laptop', T0))!
    await store.registerCredentials(id, other.id, [{ integrationId: 'am', scheme: 'Bearer', hashes: [hash('f')] }], T0)
  })

  it('numbers concurrent appends from two store instances without gaps or repeats', async () => {
    const other = await backend.openStore()
    const { id } = await store.addChannel('team', 'dana', T0)
    const seqs = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? store : other).append(id, delivery(i))))
    expect([...seqs].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
    expect(await store.latest(id)).toBe(60)
    expect(await store.append('ch_missing', delivery(0))).toBeNull()
  })

  it('keeps order, quota and every byte when a storm of appends shares statements', async () => {
    const other = await backend.openStore()
    const { id } = await store.addChannel('team', 'dana', T0)
    const bodies = Array.from({ length: 300 }, (_, i) => Buffer.from([i % 256, 0, 255, (i * 7) % 256]))
    const quota = { maxBytes: 1e9, maxItems: 250 }
    const answers = await Promise.all(
      bodies.map((body, i) => (i % 3 ? store : other).appendWithin(id, { ...delivery(i), body }, quota)),
    )
    const accepted = answers.flatMap((a, i) => ('seq' in a ? [{ seq: a.seq, body: bodies[i]! }] : []))
    expect(accepted).toHaveLength(250)
    expect(answers.filter((a) => 'refused' in a).every((a) => 'heldItems' in a && a.heldItems === 250)).toBe(true)
    const stored = await store.after(id, 0, 1000)
    expect(stored.map((d) => d.seq)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1))
    const bySeq = new Map(accepted.map((a) => [a.seq, a.body]))
    expect(stored.every((d) => d.body.equals(bySeq.get(d.seq)!))).toBe(true)
  })

  it('tells listeners about appends (on PostgreSQL, on every instance)', async () => {
    const other = await backend.openStore()
    const { id } = await store.addChannel('team', 'dana', T0)
    const heard: string[] = []
    const watcher = name === 'postgres' ? other : store
    watcher.onAppended((channel) => heard.push(channel))
    await store.append(id, delivery(1))
    await expect.poll(() => heard.filter((c) => c === id)).toHaveLength(1)
  })

  it('keeps team notes in order with deliveries, marked with the reader that posted them', async () => {
    const { id, token } = await store.addChannel('team', 'dana', T0)
    const reader = (await store.authenticate(id, token, T0))!
    await store.append(id, delivery(1))
    const note = {
      integrationId: 'int_1',
      dedupKey: 'db-timeout',
      action: 'acknowledged' as const,
      user: 'Dana',
      at: new Date(T0).toISOString(),
    }
    await store.append(id, { kind: 'note', receivedAt: T0, author: reader, authorName: 'dana', note })
    const items = await store.after(id, 0, 100)
    expect(items.map((i) => [i.seq, i.kind, i.author])).toEqual([
      [1, 'delivery', null],
      [2, 'note', reader],
    ])
    expect(noteOf(items[1]!.body)).toEqual({ note, authorName: 'dana' })
  })
})

describe('relay store on SQLite, upgraded from one reader per channel', () => {
  it('keeps the old token, the waiting deliveries and the numbering apps saved cursors in', async () => {
    const { DatabaseSync } = await import('node:sqlite')
    const { join } = await import('node:path')
    const { createHash } = await import('node:crypto')
    const { openSqliteRelayStore } = await import('../../src/relay/store/sqlite-store')
    const { tempDir } = await import('../helpers/test-core')
    const dir = tempDir('hookbell-relay-')
    const old = new DatabaseSync(join(dir, 'relay.db'))
    // The schema and rows a relay from before readers left behind.
    old.exec(`
      CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
      INSERT INTO schema_migrations VALUES (1, 0);
      CREATE TABLE channels (id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE deliveries (seq INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        received_at INTEGER NOT NULL, method TEXT NOT NULL, query TEXT NOT NULL, headers TEXT NOT NULL, body BLOB NOT NULL);
      CREATE INDEX deliveries_channel ON deliveries (channel, seq);
      CREATE INDEX deliveries_age ON deliveries (received_at);
    `)
    const token = 'hbr_old-token'
    old
      .prepare('INSERT INTO channels VALUES (?, ?, ?, ?)')
      .run('ch_old', 'laptop', createHash('sha256').update(token).digest('hex'), T0)
    for (let i = 1; i <= 5; i++)
      old
        .prepare('INSERT INTO deliveries (channel, received_at, method, query, headers, body) VALUES (?, ?, ?, ?, ?, ?)')
        .run('ch_old', T0, 'POST', '?integration=x', '{}', Buffer.from(`{"n":${i}}`))
    old.exec('DELETE FROM deliveries WHERE seq <= 3') // acknowledged by the app, cursor 3
    old.close()

    const store = openSqliteRelayStore(dir)
    expect(await store.authenticate('ch_old', token, T0)).toMatch(/^rd_/)
    expect((await store.after('ch_old', 3, 100)).map((d) => [d.seq, d.body.toString()])).toEqual([
      [4, '{"n":4}'],
      [5, '{"n":5}'],
    ])
    expect(await store.append('ch_old', delivery(6))).toBe(6)
    await store.close()
  })
})

describe('relay store on SQLite, upgraded to registrations that belong to their reader', () => {
  it("keeps each living reader's registration as its own and drops those of readers already removed", async () => {
    const { join } = await import('node:path')
    const { openDb } = await import('../../src/server-common/sqlite')
    const { MIGRATIONS, openSqliteRelayStore } = await import('../../src/relay/store/sqlite-store')
    const { tempDir } = await import('../helpers/test-core')
    const dir = tempDir('hookbell-relay-')
    // A relay from before: one registration per integration, the last writer's, even a removed reader's.
    const old = openDb(join(dir, 'relay.db'), MIGRATIONS.slice(0, 3))
    old.exec(`INSERT INTO channels (id, name, created_at) VALUES ('ch_team', 'oncall', ${T0});
      INSERT INTO readers (id, channel, name, token_hash, created_at, last_seen_at) VALUES ('rd_dana', 'ch_team', 'dana', 'h1', ${T0}, ${T0});`)
    const hashes = JSON.stringify([{ salt: 'c2FsdHNhbHRzYWx0c2FsdA', hash: 'a'.repeat(64) }])
    const insert = old.prepare('INSERT INTO credentials VALUES (?, ?, ?, ?, ?, ?)')
    insert.run('ch_team', 'am', 'Bearer', hashes, 'rd_dana', T0)
    insert.run('ch_team', 'grafana', 'Bearer', hashes, 'rd_mallory_removed', T0)
    old.close()

    const store = openSqliteRelayStore(dir)
    expect(await store.credentialsFor('ch_team', 'am')).toEqual([
      { reader: 'rd_dana', scheme: 'Bearer', header: null, hashes: JSON.parse(hashes) },
    ])
    expect(await store.credentialsFor('ch_team', 'grafana')).toEqual([])
    await store.close()
  })
})
