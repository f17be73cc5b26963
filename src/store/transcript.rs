//! The transcript of a case: what the member and the moderators wrote in
//! its private thread, redacted here before it is bound, like every other
//! free text of the store.
//!
//! SQL kept valid for PostgreSQL too (numbered placeholders).

use super::clock::{now_text, parse};
use super::{redact, Lost, Store, StoreError};
use chrono::{DateTime, Utc};

/// Who wrote a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    Member,
    Moderator,
    Bot,
}

impl Speaker {
    pub fn code(self) -> &'static str {
        match self {
            Speaker::Member => "member",
            Speaker::Moderator => "moderator",
            Speaker::Bot => "bot",
        }
    }

    fn parse(s: &str) -> Option<Speaker> {
        match s {
            "member" => Some(Speaker::Member),
            "moderator" => Some(Speaker::Moderator),
            "bot" => Some(Speaker::Bot),
            _ => None,
        }
    }
}

/// One message of a transcript; `text` is redacted (`None`: erased).
#[derive(Debug, Clone, PartialEq)]
pub struct TranscriptLine {
    pub at: DateTime<Utc>,
    /// A Discord user id.
    pub author_id: u64,
    pub speaker: Speaker,
    pub text: Option<String>,
}

impl Store {
    /// Appends `text` (redacted here) to case `case`'s transcript.
    pub async fn append_transcript(
        &self,
        case: i64,
        author_id: u64,
        speaker: Speaker,
        text: &str,
    ) -> Result<(), StoreError> {
        let text = redact(text);
        self.write(Lost::Change, |mut tx| {
            let text = text.clone();
            async move {
                sqlx::query(
                    "INSERT INTO transcript (escalation_id, at, author_id, author_role, text)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(case)
                .bind(now_text())
                .bind(author_id.to_string())
                .bind(speaker.code())
                .bind(text)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }
        })
        .await
    }

    /// Case `case`'s transcript, oldest first.
    pub async fn transcript(&self, case: i64) -> Result<Vec<TranscriptLine>, StoreError> {
        self.get(case).await?;
        let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT at, author_id, author_role, text FROM transcript
             WHERE escalation_id = $1 ORDER BY id",
        )
        .bind(case)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        let damaged = || StoreError::Corrupt {
            path: self.path().to_path_buf(),
        };
        rows.into_iter()
            .map(|(at, author, role, text)| {
                Ok(TranscriptLine {
                    at: parse(&at).ok_or_else(damaged)?,
                    author_id: author.parse().map_err(|_| damaged())?,
                    speaker: Speaker::parse(&role).ok_or_else(damaged)?,
                    text,
                })
            })
            .collect()
    }
}

/// Erases the text of case `case`'s transcript, in the caller's
/// transaction: retention and a member's erasure treat it like the case's
/// own text.
pub(super) async fn erase(conn: &mut sqlx::AnyConnection, case: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE transcript SET text = NULL WHERE escalation_id = $1")
        .bind(case)
        .execute(conn)
        .await?;
    Ok(())
}
