-- Every triage decision, for `kyc-triage stats`: what was decided, how sure,
-- and whether the user said the answer helped. No user ids: the statistics
-- do not need them. Text is redacted, and erased by retention.
CREATE TABLE triage_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('discord', 'terminal')),
    language    TEXT NOT NULL CHECK (language IN ('en', 'zh')),
    decision    TEXT NOT NULL CHECK (decision IN ('answer', 'clarify', 'escalate', 'ignore')),
    scenario    TEXT,
    confidence  REAL NOT NULL,
    reason      TEXT,
    text        TEXT,
    helped      INTEGER CHECK (helped IN (0, 1)),
    feedback_at TEXT
);

CREATE INDEX triage_log_by_time ON triage_log (at);
