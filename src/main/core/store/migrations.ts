// Schema migrations, applied in order inside one transaction each. Never edit a released migration: add one.
export const MIGRATIONS: readonly string[] = [
  // 1: incidents, their timeline, full-text search, and the delivery log.
  `
  CREATE TABLE incidents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    integration_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    kind TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    occurrences INTEGER NOT NULL DEFAULT 1,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    app TEXT,
    environment TEXT,
    url TEXT,
    snoozed_until INTEGER,
    read_at INTEGER,
    source_ts INTEGER,
    resolved_at INTEGER,
    detail TEXT NOT NULL DEFAULT '{}',
    raw TEXT,
    UNIQUE (integration_id, dedup_key)
  );
  CREATE INDEX incidents_last_seen ON incidents (last_seen_at DESC, seq DESC);
  CREATE INDEX incidents_status ON incidents (status, last_seen_at DESC, seq DESC);
  CREATE INDEX incidents_severity ON incidents (severity, last_seen_at DESC, seq DESC);
  CREATE INDEX incidents_integration ON incidents (integration_id, last_seen_at DESC, seq DESC);
  CREATE INDEX incidents_kind ON incidents (kind, last_seen_at DESC, seq DESC);
  CREATE INDEX incidents_deploys ON incidents (app, environment, kind, first_seen_at DESC);
  CREATE INDEX incidents_resolved ON incidents (resolved_at) WHERE status = 'resolved';

  CREATE TABLE timeline (
    id INTEGER PRIMARY KEY,
    incident_seq INTEGER NOT NULL REFERENCES incidents (seq) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    text TEXT NOT NULL,
    count INTEGER
  );
  CREATE INDEX timeline_incident ON timeline (incident_seq, id);

  CREATE VIRTUAL TABLE incidents_fts USING fts5 (
    title, message, exception_type, frames, app, environment,
    tokenize = 'unicode61 remove_diacritics 2'
  );

  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    integration_id TEXT,
    provider TEXT,
    via TEXT NOT NULL,
    status INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT,
    fingerprint TEXT,
    headers TEXT NOT NULL,
    body BLOB,
    size INTEGER NOT NULL,
    incident_ids TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX deliveries_fingerprint ON deliveries (fingerprint, received_at);
  CREATE INDEX deliveries_integration ON deliveries (integration_id, id DESC);
  CREATE INDEX deliveries_received ON deliveries (received_at);
  `,
  // 2: the forward outbox. A forward is committed before its first attempt, so it survives crash and sleep.
  `
  CREATE TABLE forwards (
    id INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    event TEXT NOT NULL,
    message_id TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX forwards_due ON forwards (state, next_attempt_at);
  CREATE INDEX forwards_incident ON forwards (incident_id);
  `,
  // 3: the relay cursor, committed with the deliveries it covers so a crash replays rather than loses.
  `
  CREATE TABLE relay_cursor (
    channel_url TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // 4: the refusal log's quota drops the oldest refusals first.
  `
  CREATE INDEX deliveries_outcome ON deliveries (outcome, id);
  `,
  // 5: the team relay. Who last changed an incident by hand (you or a teammate), and team notes waiting to
  // be posted to the channel: committed with the change, so a relay that is down delays a note, never drops it.
  `
  ALTER TABLE incidents ADD COLUMN status_by TEXT;
  CREATE TABLE team_outbox (
    id INTEGER PRIMARY KEY,
    channel_url TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT
  );
  CREATE INDEX team_outbox_due ON team_outbox (next_attempt_at);
  `,
  // 6: each incident's group (core/groups/group-of.ts) as a column, so group totals count every matching
  // incident, not only the rows a window has loaded. NULL until computed: rows from before this migration are
  // filled in when the store opens; '' is "in no group".
  `
  ALTER TABLE incidents ADD COLUMN group_key TEXT;
  CREATE INDEX incidents_group ON incidents (group_key, status, severity);
  `,
  // 7: group totals kept as the incidents change (triggers), so a page's groups are counted from a few rows
  // per group instead of every member (a 100k store's first page went from 5 ms to 85 ms counting them).
  // Rows with no group yet ('' or NULL) are not counted; the store fills NULLs in, and the update counts them.
  `
  CREATE TABLE group_counts (
    group_key TEXT NOT NULL,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    integration_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (group_key, status, severity, integration_id, kind)
  ) WITHOUT ROWID;
  INSERT INTO group_counts
    SELECT group_key, status, severity, integration_id, kind, COUNT(*) FROM incidents
    WHERE group_key IS NOT NULL AND group_key != '' GROUP BY 1, 2, 3, 4, 5;
  CREATE TRIGGER group_counts_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO group_counts
      SELECT NEW.group_key, NEW.status, NEW.severity, NEW.integration_id, NEW.kind, 1
      WHERE NEW.group_key IS NOT NULL AND NEW.group_key != ''
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER group_counts_delete AFTER DELETE ON incidents BEGIN
    UPDATE group_counts SET n = n - 1
      WHERE group_key = OLD.group_key AND status = OLD.status AND severity = OLD.severity
        AND integration_id = OLD.integration_id AND kind = OLD.kind;
  END;
  CREATE TRIGGER group_counts_update AFTER UPDATE OF group_key, status, severity ON incidents
  WHEN OLD.group_key IS NOT NEW.group_key OR OLD.status != NEW.status OR OLD.severity != NEW.severity BEGIN
    UPDATE group_counts SET n = n - 1
      WHERE group_key = OLD.group_key AND status = OLD.status AND severity = OLD.severity
        AND integration_id = OLD.integration_id AND kind = OLD.kind;
    INSERT INTO group_counts
      SELECT NEW.group_key, NEW.status, NEW.severity, NEW.integration_id, NEW.kind, 1
      WHERE NEW.group_key IS NOT NULL AND NEW.group_key != ''
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  `,
  // 8: deliveries that resolved or acknowledged an incident, remembered for as long as the incident lives
  // (the redelivery window is an hour), so a captured "resolved" replayed a day later closes nothing.
  // Deleted with their incident (ON DELETE CASCADE) when retention removes it.
  `
  CREATE TABLE state_changes (
    fingerprint TEXT NOT NULL,
    incident_seq INTEGER NOT NULL REFERENCES incidents (seq) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    PRIMARY KEY (fingerprint, incident_seq)
  ) WITHOUT ROWID;
  CREATE INDEX state_changes_incident ON state_changes (incident_seq, at);
  `,
  // 9: a second resolve used to clear resolved_at, and retention only deletes incidents with one, so those
  // stayed forever. Heal them: the time of the last resolve in the timeline, else the latest timeline entry,
  // else when the incident was last seen.
  `
  UPDATE incidents SET resolved_at = COALESCE(
    (SELECT MAX(at) FROM timeline WHERE incident_seq = incidents.seq AND type = 'status' AND text LIKE 'resolved%'),
    (SELECT MAX(at) FROM timeline WHERE incident_seq = incidents.seq),
    last_seen_at)
  WHERE status = 'resolved' AND resolved_at IS NULL;
  `,
  // 10: group totals drop a row when its count reaches 0. Migration 7's triggers only decremented, so every
  // (group, status, severity, integration, kind) an incident ever passed through stayed as a 0 row for good.
  `
  DROP TRIGGER group_counts_delete;
  DROP TRIGGER group_counts_update;
  CREATE TRIGGER group_counts_delete AFTER DELETE ON incidents BEGIN
    UPDATE group_counts SET n = n - 1
      WHERE group_key = OLD.group_key AND status = OLD.status AND severity = OLD.severity
        AND integration_id = OLD.integration_id AND kind = OLD.kind;
    DELETE FROM group_counts
      WHERE group_key = OLD.group_key AND status = OLD.status AND severity = OLD.severity
        AND integration_id = OLD.integration_id AND kind = OLD.kind AND n <= 0;
  END;
  CREATE TRIGGER group_counts_update AFTER UPDATE OF group_key, status, severity ON incidents
  WHEN OLD.group_key IS NOT NEW.group_key OR OLD.status != NEW.status OR OLD.severity != NEW.severity BEGIN
    UPDATE group_counts SET n = n - 1
      WHERE group_key = OLD.group_key AND status = OLD.status AND severity = OLD.severity
        AND integration_id = OLD.integration_id AND kind = OLD.kind;
    DELETE FROM group_counts
      WHERE group_key = OLD.group_key AND status = OLD.status AND severity = OLD.severity
        AND integration_id = OLD.integration_id AND kind = OLD.kind AND n <= 0;
    INSERT INTO group_counts
      SELECT NEW.group_key, NEW.status, NEW.severity, NEW.integration_id, NEW.kind, 1
      WHERE NEW.group_key IS NOT NULL AND NEW.group_key != ''
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  DELETE FROM group_counts WHERE n <= 0;
  `,
  // 11: an incident's raw view is the delivery that last changed it (its body is stored once, in the delivery
  // log, which keeps the deliveries incidents point at). Rows from before keep their raw text and show it.
  `
  ALTER TABLE incidents ADD COLUMN raw_delivery INTEGER;
  `,
  // 12: the delivery log's retention asks, per old delivery, whether an incident still shows it; without an
  // index that was a scan of every incident row (270-640 ms at 100k, every 10 minutes, on the writer's thread).
  `
  CREATE INDEX incidents_raw_delivery ON incidents (raw_delivery) WHERE raw_delivery IS NOT NULL;
  `,
  // 13: acting on the source (source-actions/): your acknowledge, resolve or snooze as a request to the tool
  // that sent the alert, committed with the change like a forward, and what the last one left there (an
  // Alertmanager silence id, extended from `extend_at` while the incident stays acknowledged).
  `
  CREATE TABLE source_actions (
    id INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    integration_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    action TEXT NOT NULL,
    user TEXT NOT NULL,
    until INTEGER,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX source_actions_due ON source_actions (state, next_attempt_at);
  CREATE INDEX source_actions_incident ON source_actions (incident_id, id);
  CREATE TABLE source_refs (
    incident_id TEXT PRIMARY KEY,
    ref TEXT NOT NULL,
    until INTEGER,
    extend_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX source_refs_extend ON source_refs (extend_at) WHERE extend_at IS NOT NULL;
  `,
  // 14: what an undo (un-acknowledge, reopen, resolve) targets, taken when its row is made: retried later, it
  // expires the silence it was meant for, never one a later acknowledge made ('' when there was none; NULL on
  // rows from before, which take the current one as they did).
  `
  ALTER TABLE source_actions ADD COLUMN target_ref TEXT;
  `,
]
