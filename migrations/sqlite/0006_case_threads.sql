-- Where moderators talk with the member about a case: a private Discord
-- thread, or a DM when the bot could not open one. One per case; looked up
-- by channel when a message arrives, so it survives restarts.
CREATE TABLE case_threads (
    escalation_id INTEGER PRIMARY KEY REFERENCES escalations (id),
    channel_id    TEXT NOT NULL,
    via           TEXT NOT NULL CHECK (via IN ('thread', 'dm')),
    created_at    TEXT NOT NULL
);

CREATE UNIQUE INDEX case_threads_by_channel ON case_threads (channel_id);

-- What the member and the moderators wrote there, redacted before it is
-- bound; text erased (NULL) with the case's text by retention.
CREATE TABLE transcript (
    id            INTEGER PRIMARY KEY,
    escalation_id INTEGER NOT NULL REFERENCES escalations (id),
    at            TEXT NOT NULL,
    author_id     TEXT NOT NULL,
    author_role   TEXT NOT NULL CHECK (author_role IN ('member', 'moderator', 'bot')),
    text          TEXT
);

CREATE INDEX transcript_by_case ON transcript (escalation_id, id);
