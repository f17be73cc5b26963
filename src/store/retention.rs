//! Retention: the text of closed cases and of old triage-log entries is
//! erased after `store.retention`; ids, times, statuses, scenarios and who
//! did what stay, so the statistics and the audit trail still add up.

use super::audit::{record, Change};
use super::clock::{now_text, to_text};
use super::escalations::SYSTEM_ACTOR;
use super::model::Purged;
use super::{Lost, Store, StoreError};
use chrono::{DateTime, Utc};
use std::future::Future;
use std::time::Duration;

/// How often the bot applies retention while it runs.
pub const RETENTION_PERIOD: Duration = Duration::from_secs(24 * 60 * 60);

impl Store {
    /// Erases what is older than `retention`: the text, context, display name
    /// and note of cases resolved or dismissed before then (and the notes in
    /// their audit trail), and the text of triage-log entries.
    pub async fn purge(&self, retention: Duration) -> Result<Purged, StoreError> {
        let age = chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
        let cutoff = Utc::now()
            .checked_sub_signed(age)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        self.purge_before(cutoff).await
    }

    /// What [`Store::purge`] with `retention` would erase now, erasing
    /// nothing (`privacy purge --dry-run`).
    pub async fn purge_preview(&self, retention: Duration) -> Result<Purged, StoreError> {
        let age = chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
        let cutoff = Utc::now()
            .checked_sub_signed(age)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let cutoff = to_text(cutoff);
        let cases: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM escalations
             WHERE status IN ('resolved', 'dismissed') AND closed_at < $1 AND purged_at IS NULL",
        )
        .bind(&cutoff)
        .fetch_one(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        let entries: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM triage_log WHERE at < $1 AND text IS NOT NULL",
        )
        .bind(&cutoff)
        .fetch_one(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        Ok(Purged {
            cases: cases.max(0) as u64,
            triage_entries: entries.max(0) as u64,
        })
    }

    /// [`Store::purge`] with an explicit cut-off time.
    pub async fn purge_before(&self, cutoff: DateTime<Utc>) -> Result<Purged, StoreError> {
        let cutoff = &to_text(cutoff);
        let purged = self
            .write(Lost::Change, |mut tx| async move {
                let now = now_text();
                let ids: Vec<i64> = sqlx::query_scalar(
                    "UPDATE escalations SET text = NULL, context = NULL, display_name = NULL,
                       resolution_note = NULL, purged_at = $1
                     WHERE status IN ('resolved', 'dismissed') AND closed_at < $2
                       AND purged_at IS NULL
                     RETURNING id",
                )
                .bind(&now)
                .bind(cutoff)
                .fetch_all(&mut *tx)
                .await?;
                for &id in &ids {
                    sqlx::query(
                        "UPDATE audit SET detail = NULL
                         WHERE escalation_id = $1 AND action IN ('resolve', 'dismiss')",
                    )
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    super::transcript::erase(&mut tx, id).await?;
                    let change = Change::action("purge");
                    record(
                        &mut tx,
                        id,
                        SYSTEM_ACTOR,
                        change,
                        Some("text erased by retention"),
                    )
                    .await?;
                }
                let log = sqlx::query(
                    "UPDATE triage_log SET text = NULL WHERE at < $1 AND text IS NOT NULL",
                )
                .bind(cutoff)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(Purged {
                    cases: ids.len() as u64,
                    triage_entries: log.rows_affected(),
                })
            })
            .await?;
        if purged != Purged::default() {
            // The old page images are still in the WAL until a checkpoint;
            // copy them home and empty it. Best effort: a busy reader only
            // delays this until the next automatic checkpoint.
            // On Postgres the old row versions stay until VACUUM reclaims
            // them; ask for it now rather than at autovacuum's leisure.
            let reclaim = self.backend().pick(
                "PRAGMA wal_checkpoint(TRUNCATE)",
                "VACUUM escalations, audit, triage_log",
            );
            if let Err(e) = sqlx::Executor::execute(self.writer(), reclaim).await {
                tracing::debug!(error = %e, "checkpoint or vacuum after purge skipped");
            }
        }
        tracing::info!(
            cases = purged.cases,
            triage_entries = purged.triage_entries,
            "retention applied"
        );
        Ok(purged)
    }
}

/// Applies retention now and then every day until `shutdown` completes; for
/// the long-running Discord bot. Failures are logged and retried next time.
pub fn spawn_retention(
    store: Store,
    retention: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    crate::periodic::every(RETENTION_PERIOD, shutdown, move || {
        let store = store.clone();
        async move {
            if let Err(e) = store.purge(retention).await {
                tracing::error!(error = %e, "retention failed; retrying in a day");
            }
        }
    })
}
