//! What the store holds about one member, for their requests: export it
//! all, or erase their texts. A member is named the way they reported:
//! a Discord user id, or the name given to `chat --user` (matched both as
//! typed and as redaction stores it).
//!
//! The triage log holds no user ids (the statistics do not need them), so
//! it can be neither exported nor erased per member; retention erases its
//! text after `store.retention_days`.

use super::audit::{record, Change};
use super::clock::now_text;
use super::model::Escalation;
use super::{redact, Lost, Store, StoreError};

/// One member's cases, each with its audit trail.
#[derive(Debug, Clone)]
pub struct MemberData {
    pub cases: Vec<(Escalation, Vec<super::AuditEntry>)>,
}

/// What [`Store::erase_member`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Erased {
    /// Cases whose texts were erased now.
    pub cases: u64,
}

impl Store {
    /// The id `user` is stored under. A name that redaction changes
    /// (`13800138000` is stored as `[PHONE …8000]`) cannot be told apart
    /// from other names that redact alike, so it is refused rather than
    /// exporting or erasing someone else's cases with it.
    fn member_keys(user: &str) -> Result<(String, String), StoreError> {
        let typed = user.trim().to_string();
        let stored = redact(&typed);
        if typed.is_empty() {
            return Err(StoreError::EmptyName);
        }
        if stored != typed {
            return Err(StoreError::AmbiguousMember { stored });
        }
        Ok((typed, stored))
    }

    /// Every case `user` reported, with its audit trail, oldest first.
    pub async fn member_data(&self, user: &str) -> Result<MemberData, StoreError> {
        let (typed, stored) = Store::member_keys(user)?;
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM escalations WHERE user_id IN ($1, $2) ORDER BY id")
                .bind(&typed)
                .bind(&stored)
                .fetch_all(self.reader())
                .await
                .map_err(|e| self.fault(e, Lost::Nothing))?;
        let mut cases = Vec::with_capacity(ids.len());
        for id in ids {
            cases.push((self.get(id).await?, self.audit(id).await?));
        }
        Ok(MemberData { cases })
    }

    /// Erases the texts of every case `user` reported (message, context,
    /// display name, resolution note, and the notes in its audit trail), as
    /// retention would, and records in each case's trail that `by` did so
    /// at the member's request. Ids, times, statuses and the trail stay.
    pub async fn erase_member(&self, user: &str, by: &str) -> Result<Erased, StoreError> {
        let (typed, stored) = Store::member_keys(user)?;
        let by = redact(by.trim());
        if by.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let (typed, stored, by) = (&typed, &stored, &by);
        self.write(Lost::Change, |mut tx| async move {
            let now = now_text();
            let ids: Vec<i64> = sqlx::query_scalar(
                "UPDATE escalations SET text = NULL, context = NULL, display_name = NULL,
                   resolution_note = NULL, purged_at = $1
                 WHERE user_id IN ($2, $3)
                 RETURNING id",
            )
            .bind(&now)
            .bind(typed)
            .bind(stored)
            .fetch_all(&mut *tx)
            .await?;
            for &id in &ids {
                sqlx::query(
                    "UPDATE audit SET detail = NULL
                     WHERE escalation_id = $1 AND action IN ('resolve', 'dismiss', 'takeover')",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                super::transcript::erase(&mut tx, id).await?;
                let detail = "texts erased at the member's request";
                record(&mut tx, id, by, Change::action("erase"), Some(detail)).await?;
            }
            tx.commit().await?;
            Ok(Erased {
                cases: ids.len() as u64,
            })
        })
        .await
        .inspect(|erased| {
            tracing::info!(cases = erased.cases, "member's texts erased");
        })
    }
}
