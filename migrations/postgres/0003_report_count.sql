-- A user who reports the same problem again updates their open case instead
-- of opening a duplicate; this counts the reports.
ALTER TABLE escalations ADD COLUMN report_count BIGINT NOT NULL DEFAULT 1;
