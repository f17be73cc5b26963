//! What the operator's `/healthz` and `/metrics` ask the store: how many
//! cases wait for a moderator (which also proves that the database answers
//! a query), and whether the last write failed.

use super::{Lost, Store, StoreError};

impl Store {
    /// Cases with status open or claimed. A read on the reader pool, so it
    /// never queues behind the writers.
    pub async fn waiting_cases(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM escalations WHERE status IN ('open', 'claimed')",
        )
        .fetch_one(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The kind of fault (see [`StoreError::kind`]) of the last write, if
    /// the last write failed; `None` once a write has succeeded since. A
    /// database that answers reads but refuses writes (a full disk, a lock
    /// held for ever) cannot record cases: `/healthz` says so.
    pub fn last_write_fault(&self) -> Option<&'static str> {
        *self
            .inner
            .last_write_fault
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Called by every write with its outcome (faults only: a user's
    /// mistake, such as an unknown case, says nothing about the database).
    pub(crate) fn note_write(&self, fault: Option<&'static str>) {
        *self
            .inner
            .last_write_fault
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = fault;
    }
}
