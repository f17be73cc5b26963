//! Claims between moderators, beside the status workflow of
//! `transitions.rs`: giving a claimed case back to the queue, and taking
//! over a case another moderator holds (which the Discord notice asks to
//! confirm first). Each is one `BEGIN IMMEDIATE` transaction whose update is
//! guarded by what was read, and audited.
//!
//! SQL kept valid for PostgreSQL too (numbered placeholders).

use super::audit::{record, Change};
use super::clock::now_text;
use super::model::{Escalation, Status};
use super::{redact, Lost, Store, StoreError, WriteLock};

/// What to do with the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    /// Back to open, unclaimed.
    Unclaim,
    /// Claimed by the caller instead of its holder.
    TakeOver,
}

impl Store {
    /// Gives a claimed case back: open again, held by nobody.
    pub async fn unclaim(&self, id: i64, by: &str) -> Result<Escalation, StoreError> {
        self.move_claim(id, by, Move::Unclaim).await
    }

    /// Takes a case claimed by another moderator; the audit names whom it
    /// was taken from. Taking one's own claim changes nothing.
    pub async fn take_over(&self, id: i64, by: &str) -> Result<Escalation, StoreError> {
        self.move_claim(id, by, Move::TakeOver).await
    }

    async fn move_claim(&self, id: i64, by: &str, how: Move) -> Result<Escalation, StoreError> {
        let by = redact(by.trim());
        if by.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let by = &by;
        let lock = WriteLock::Shared { key: None };
        self.write_locked(Lost::Change, lock, |mut tx| async move {
            let (status, holder) = self.status_and_holder(&mut tx, id).await?;
            if status != Status::Claimed {
                return Err(StoreError::NotClaimed { id, status }.into());
            }
            let holder = holder.unwrap_or_default();
            if how == Move::TakeOver && holder == *by {
                return Ok(());
            }
            let (sql, change, detail) = match how {
                Move::Unclaim => (
                    "UPDATE escalations SET status = 'open', updated_at = $1, claimed_by = NULL
                     WHERE id = $2 AND status = 'claimed' AND claimed_by = $3",
                    Change::moved("unclaim", Status::Claimed, Status::Open),
                    format!("claimed by {holder} until now"),
                ),
                Move::TakeOver => (
                    "UPDATE escalations SET updated_at = $1, claimed_by = $4
                     WHERE id = $2 AND status = 'claimed' AND claimed_by = $3",
                    Change::action("takeover"),
                    format!("taken over from {holder}"),
                ),
            };
            let mut query = sqlx::query(sql).bind(now_text()).bind(id).bind(&holder);
            if how == Move::TakeOver {
                query = query.bind(by);
            }
            let done = query.execute(&mut *tx).await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotClaimed { id, status }.into());
            }
            record(&mut tx, id, by, change, Some(&detail)).await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        self.get(id).await
    }
}
