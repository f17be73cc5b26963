//! The triage log: every decision the bot made, and whether the user said
//! the answer helped. Feeds `kyc-triage stats`.

use super::clock::now_text;
use super::model::{decision_code, lang_code, TriageRecord};
use super::{redact, Lost, Store, StoreError, WriteLock};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

impl Store {
    /// Records one decision; returns the entry id for [`Store::record_feedback`].
    pub async fn log_triage(&self, entry: TriageRecord) -> Result<i64, StoreError> {
        let text = redact(&entry.text);
        let (entry, text) = (&entry, &text);
        // An insert and one-row updates: side by side on Postgres.
        let lock = WriteLock::Shared { key: None };
        self.write_locked(Lost::Change, lock, |mut tx| async move {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO triage_log (at, source, language, decision, scenario, confidence,
                   reason, text)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(now_text())
            .bind(if entry.from_discord {
                "discord"
            } else {
                "terminal"
            })
            .bind(lang_code(entry.language))
            .bind(decision_code(entry.decision))
            .bind(&entry.scenario)
            .bind(entry.confidence)
            .bind(entry.reason.map(|r| r.code()))
            .bind(text)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(id)
        })
        .await
    }

    /// Records whether the answer logged as `log_id` helped; a second
    /// answer replaces the first (users change their minds).
    pub async fn record_feedback(&self, log_id: i64, helped: bool) -> Result<(), StoreError> {
        self.update_entry(log_id, || {
            sqlx::query("UPDATE triage_log SET helped = $1, feedback_at = $2 WHERE id = $3")
                // 0/1, as the column holds on both backends.
                .bind(i64::from(helped))
                .bind(now_text())
                .bind(log_id)
        })
        .await
    }

    /// Records the scenario the user picked from the clarifying menu shown
    /// for `log_id`; their "did this help?" then counts for that scenario.
    pub async fn record_choice(&self, log_id: i64, scenario: &str) -> Result<(), StoreError> {
        self.update_entry(log_id, || {
            sqlx::query("UPDATE triage_log SET chosen = $1 WHERE id = $2")
                .bind(scenario)
                .bind(log_id)
        })
        .await
    }

    /// The (redacted) message of triage-log entry `log_id`, so that a later
    /// "Still stuck" can hand the moderator what the user wrote; `None`
    /// once retention erased it.
    pub async fn logged_text(&self, log_id: i64) -> Result<Option<String>, StoreError> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT text FROM triage_log WHERE id = $1")
                .bind(log_id)
                .fetch_optional(self.reader())
                .await
                .map_err(|e| self.fault(e, Lost::Nothing))?;
        row.map(|(text,)| text)
            .ok_or(StoreError::UnknownLogEntry(log_id))
    }

    /// Runs the `UPDATE triage_log … WHERE id = ?` that `update` builds
    /// (afresh on each attempt) for the one entry `log_id`. No row touched
    /// means there is no such entry: [`StoreError::UnknownLogEntry`], and
    /// nothing is committed.
    async fn update_entry<'q>(
        &self,
        log_id: i64,
        update: impl Fn() -> Query<'q, Any, AnyArguments<'q>>,
    ) -> Result<(), StoreError> {
        self.write_locked(Lost::Change, WriteLock::Shared { key: None }, |mut tx| {
            let query = update();
            async move {
                let done = query.execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::UnknownLogEntry(log_id).into());
                }
                tx.commit().await?;
                Ok(())
            }
        })
        .await
    }
}
