//! The moderators' workflow: claim, resolve, dismiss, reopen. Each runs in
//! one `BEGIN IMMEDIATE` transaction (read the status, check the move,
//! update guarded by the status read, audit), so two moderators clicking at
//! once cannot both win: the second sees the first one's result.

use super::audit::{record, Change};
use super::clock::now_text;
use super::model::{Escalation, Status, Transition};
use super::{redact, Lost, Store, StoreError, TxError, WriteLock};

/// What closing a case claimed by another moderator does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takeover {
    /// Refuse, naming the holder (the terminal without `--force`).
    Refuse,
    /// Close it anyway; the audit trail records the takeover.
    Allow,
}

impl Store {
    /// Takes an open case. Claiming a case one already holds changes
    /// nothing; one held by someone else is an error naming the holder.
    pub async fn claim(&self, id: i64, by: &str) -> Result<Escalation, StoreError> {
        self.transition(id, Transition::Claim, by, None).await
    }

    /// Closes an open or claimed case as handled; `note` says how. A case
    /// claimed by someone else is taken over, and the audit says so (see
    /// [`Store::close_case`] to refuse instead).
    pub async fn resolve(&self, id: i64, by: &str, note: &str) -> Result<Escalation, StoreError> {
        self.close_case(id, Transition::Resolve, by, note, Takeover::Allow)
            .await
    }

    /// Closes an open or claimed case as not needing action; `note` says why.
    /// Takes over someone else's claim like [`Store::resolve`].
    pub async fn dismiss(&self, id: i64, by: &str, note: &str) -> Result<Escalation, StoreError> {
        self.close_case(id, Transition::Dismiss, by, note, Takeover::Allow)
            .await
    }

    /// Resolves or dismisses (`action`) a case. When another moderator has
    /// claimed it, `takeover` decides: [`Takeover::Refuse`] is an error
    /// naming the holder ([`StoreError::ClaimedByOther`]'s close variant),
    /// [`Takeover::Allow`] closes it with an audit entry `takeover` saying
    /// from whom.
    pub async fn close_case(
        &self,
        id: i64,
        action: Transition,
        by: &str,
        note: &str,
        takeover: Takeover,
    ) -> Result<Escalation, StoreError> {
        debug_assert!(matches!(action, Transition::Resolve | Transition::Dismiss));
        self.transition_with(id, action, by, Some(note), takeover)
            .await
    }

    /// Opens a resolved or dismissed case again, unclaimed.
    pub async fn reopen(&self, id: i64, by: &str) -> Result<Escalation, StoreError> {
        self.transition(id, Transition::Reopen, by, None).await
    }

    async fn transition(
        &self,
        id: i64,
        action: Transition,
        by: &str,
        note: Option<&str>,
    ) -> Result<Escalation, StoreError> {
        self.transition_with(id, action, by, note, Takeover::Allow)
            .await
    }

    async fn transition_with(
        &self,
        id: i64,
        action: Transition,
        by: &str,
        note: Option<&str>,
        takeover: Takeover,
    ) -> Result<Escalation, StoreError> {
        let by = redact(by.trim());
        if by.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty()).map(redact);
        if action.needs_note() && note.is_none() {
            return Err(StoreError::EmptyNote { action });
        }
        let (by, note) = (&by, &note);
        let lock = WriteLock::Shared { key: None };
        self.write_locked(Lost::Change, lock, |mut tx| async move {
            let (from, holder) = self.status_and_holder(&mut tx, id).await?;
            if action == Transition::Claim && from == Status::Claimed {
                return match holder {
                    Some(h) if h == *by => Ok(()),
                    holder => Err(StoreError::ClaimedByOther {
                        id,
                        holder: holder.unwrap_or_else(|| "someone".into()),
                    }
                    .into()),
                };
            }
            if !action.allowed_from(from) {
                return Err(StoreError::BadTransition { id, from, action }.into());
            }
            let closing = matches!(action, Transition::Resolve | Transition::Dismiss);
            let taken_from = match holder {
                Some(h) if closing && from == Status::Claimed && h != *by => Some(h),
                _ => None,
            };
            if let (Some(holder), Takeover::Refuse) = (&taken_from, takeover) {
                return Err(StoreError::HeldByOther {
                    id,
                    holder: holder.clone(),
                    action,
                }
                .into());
            }
            let now = now_text();
            let sql = match action {
                Transition::Claim => {
                    "UPDATE escalations SET status = $1, updated_at = $2, claimed_by = $3
                     WHERE id = $5 AND status = $6"
                }
                Transition::Resolve | Transition::Dismiss => {
                    "UPDATE escalations SET status = $1, updated_at = $2, resolved_by = $3,
                       resolution_note = $4, closed_at = $2
                     WHERE id = $5 AND status = $6"
                }
                Transition::Reopen => {
                    "UPDATE escalations SET status = $1, updated_at = $2, claimed_by = NULL,
                       resolved_by = NULL, resolution_note = NULL, closed_at = NULL
                     WHERE id = $5 AND status = $6"
                }
            };
            let done = sqlx::query(sql)
                .bind(action.to().code())
                .bind(&now)
                .bind(by)
                .bind(note)
                .bind(id)
                .bind(from.code())
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                // Cannot happen while we hold the row (or write) lock; refuse rather
                // than audit a change that did not take place.
                return Err(TxError::Store(StoreError::BadTransition {
                    id,
                    from,
                    action,
                }));
            }
            if let Some(holder) = &taken_from {
                let detail = format!("took over from {holder}");
                record(&mut tx, id, by, Change::action("takeover"), Some(&detail)).await?;
            }
            let change = Change::moved(action.action(), from, action.to());
            record(&mut tx, id, by, change, note.as_deref()).await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        tracing::info!(case = id, action = action.action(), "case updated");
        self.get(id).await
    }
}

impl Store {
    /// The status of case `id` and who holds its claim, read inside the
    /// caller's write transaction (every move checks both before it acts).
    pub(super) async fn status_and_holder(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: i64,
    ) -> Result<(Status, Option<String>), TxError> {
        // Postgres: the row stays locked until the move commits, so two
        // moves of one case take turns (their writes hold the store's lock
        // only shared; see `WriteLock`).
        let sql = self.backend().pick(
            "SELECT status, claimed_by FROM escalations WHERE id = $1",
            "SELECT status, claimed_by FROM escalations WHERE id = $1 FOR UPDATE",
        );
        let current: Option<(String, Option<String>)> =
            sqlx::query_as(sql).bind(id).fetch_optional(conn).await?;
        let (status, holder) = current.ok_or(StoreError::UnknownCase(id))?;
        let status = Status::parse(&status).ok_or_else(|| StoreError::Corrupt {
            path: self.path().to_path_buf(),
        })?;
        Ok((status, holder))
    }
}
