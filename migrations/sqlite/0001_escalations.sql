-- Cases handed to human moderators, and the audit trail of every change.
-- Timestamps are UTC RFC 3339 with milliseconds (fixed width, so they sort
-- as text). Discord ids are TEXT: snowflakes are u64, SQLite integers i64.
-- Free text (text, context, display_name, notes, actor) is redacted before
-- it is bound; NULL text means erased by retention (purged_at says when).

CREATE TABLE escalations (
    -- AUTOINCREMENT: a case number told to a user is never reused.
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('discord', 'terminal')),
    guild_id        TEXT,
    channel_id      TEXT,
    message_id      TEXT,
    user_id         TEXT NOT NULL,
    display_name    TEXT,
    language        TEXT NOT NULL CHECK (language IN ('en', 'zh')),
    scenario        TEXT,
    confidence      REAL,
    reason          TEXT NOT NULL
        CHECK (reason IN ('knowledge-base', 'no-match', 'not-helped', 'asked-for-human')),
    context         TEXT,
    text            TEXT,
    status          TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'claimed', 'resolved', 'dismissed')),
    claimed_by      TEXT,
    resolved_by     TEXT,
    resolution_note TEXT,
    closed_at       TEXT,
    purged_at       TEXT
);

CREATE INDEX escalations_by_status ON escalations (status, id);
-- Finds the open case of a user for a scenario (repeated reports).
CREATE INDEX escalations_by_reporter ON escalations (user_id, scenario)
    WHERE status IN ('open', 'claimed');

CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    escalation_id INTEGER NOT NULL REFERENCES escalations (id),
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    from_status   TEXT,
    to_status     TEXT,
    detail        TEXT
);

CREATE INDEX audit_by_case ON audit (escalation_id, id);
