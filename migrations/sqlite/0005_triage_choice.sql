-- The scenario a user picked from a clarifying menu, so that "did this
-- help?" after a clarification counts for that scenario in the statistics.
ALTER TABLE triage_log ADD COLUMN chosen TEXT;
