-- Cases handed to human moderators, and the audit trail of every change.
-- The same tables as migrations/sqlite/, so one query text serves both
-- backends. Timestamps are TEXT in the store's fixed-width UTC RFC 3339
-- form (text order is time order, exactly as on SQLite); a dashboard reads
-- them with `created_at::timestamptz`. Discord ids are TEXT: snowflakes are
-- u64, BIGINT is i64. Free text is redacted before it is bound; NULL text
-- means erased by retention (purged_at says when).

CREATE TABLE escalations (
    -- An identity never hands out a number twice, like AUTOINCREMENT.
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    confidence      DOUBLE PRECISION,
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
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    escalation_id BIGINT NOT NULL REFERENCES escalations (id),
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    from_status   TEXT,
    to_status     TEXT,
    detail        TEXT
);

CREATE INDEX audit_by_case ON audit (escalation_id, id);
