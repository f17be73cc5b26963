-- Every triage decision, for `kyc-triage stats`: what was decided, how sure,
-- and whether the user said the answer helped. No user ids: the statistics
-- do not need them. Text is redacted, and erased by retention. `helped` is
-- 0/1 as on SQLite, so the statistics' queries are the same on both.
CREATE TABLE triage_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('discord', 'terminal')),
    language    TEXT NOT NULL CHECK (language IN ('en', 'zh')),
    decision    TEXT NOT NULL CHECK (decision IN ('answer', 'clarify', 'escalate', 'ignore')),
    scenario    TEXT,
    confidence  DOUBLE PRECISION NOT NULL,
    reason      TEXT,
    text        TEXT,
    helped      BIGINT CHECK (helped IN (0, 1)),
    feedback_at TEXT
);

CREATE INDEX triage_log_by_time ON triage_log (at);
