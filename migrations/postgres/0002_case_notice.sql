-- Where the bot posted its notice about a case, so it can edit it when the
-- case is claimed or closed.
ALTER TABLE escalations ADD COLUMN notice_channel_id TEXT;
ALTER TABLE escalations ADD COLUMN notice_message_id TEXT;
