//! The audit trail: one row per change to a case (who, what, when), written
//! in the same transaction as the change itself.

use super::clock::{now_text, parse};
use super::model::{AuditEntry, Status};
use super::{redact, Lost, Store, StoreError};
use sqlx::AnyConnection;

/// What happened, with the status move when there was one.
pub(crate) struct Change {
    action: &'static str,
    from: Option<Status>,
    to: Option<Status>,
}

impl Change {
    /// A change that leaves the status alone (a report, a notice, a purge).
    pub(crate) fn action(action: &'static str) -> Change {
        Change {
            action,
            from: None,
            to: None,
        }
    }

    /// A case coming into being with `to`.
    pub(crate) fn to(action: &'static str, to: Status) -> Change {
        Change {
            action,
            from: None,
            to: Some(to),
        }
    }

    pub(crate) fn moved(action: &'static str, from: Status, to: Status) -> Change {
        Change {
            action,
            from: Some(from),
            to: Some(to),
        }
    }
}

/// Appends an entry; `actor` and `detail` are redacted here as well.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    case: i64,
    actor: &str,
    change: Change,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit (escalation_id, at, actor, action, from_status, to_status, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case)
    .bind(now_text())
    .bind(redact(actor))
    .bind(change.action)
    .bind(change.from.map(Status::code))
    .bind(change.to.map(Status::code))
    .bind(detail.map(redact))
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Every change to case `id`, oldest first.
    pub async fn audit(&self, id: i64) -> Result<Vec<AuditEntry>, StoreError> {
        // Fails with UnknownCase rather than returning an empty trail.
        self.get(id).await?;
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT at, actor, action, from_status, to_status, detail
             FROM audit WHERE escalation_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        let damaged = || StoreError::Corrupt {
            path: self.path().to_path_buf(),
        };
        rows.into_iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: parse(&r.at).ok_or_else(damaged)?,
                    actor: r.actor,
                    action: r.action,
                    from_status: r.from_status.as_deref().and_then(Status::parse),
                    to_status: r.to_status.as_deref().and_then(Status::parse),
                    detail: r.detail,
                })
            })
            .collect()
    }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    at: String,
    actor: String,
    action: String,
    from_status: Option<String>,
    to_status: Option<String>,
    detail: Option<String>,
}
