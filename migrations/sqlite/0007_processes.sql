-- What several `serve` processes on one database agree on.

-- Gateway events already acted on (a message id, an edit), so that an event
-- Discord delivers twice (a resume replay, two processes on one shard
-- during a rolling deploy) is handled once. `at`: Unix seconds, for pruning.
CREATE TABLE handled_events (
    event TEXT PRIMARY KEY,
    at    INTEGER NOT NULL
);

CREATE INDEX handled_events_by_age ON handled_events (at);

-- Counters every process polls: `kb`, bumped by `/kb reload`, tells the
-- others to reload their knowledge base too.
CREATE TABLE broadcasts (
    topic      TEXT PRIMARY KEY,
    generation INTEGER NOT NULL
);

-- Whose turn it is to IDENTIFY on the gateway: Discord allows one IDENTIFY
-- per 5 s per bot (per rate-limit bucket), across all its processes. One
-- row; `until_at` is Unix milliseconds.
CREATE TABLE identify_turn (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    holder   TEXT NOT NULL,
    until_at INTEGER NOT NULL
);
