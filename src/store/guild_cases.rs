//! The cases one Discord server's moderators see: its own, plus the ones
//! from no server (direct messages, the terminal) when the caller says the
//! server runs on the default settings. Paged, for `/escalations list`.
//!
//! SQL kept valid for PostgreSQL too (numbered placeholders, typed NULL
//! checks), for the shared-store work.

use super::model::{Escalation, Status};
use super::{Lost, Store, StoreError};

/// Which of a server's cases to list.
#[derive(Debug, Clone, Copy)]
pub struct GuildFilter {
    pub guild: u64,
    /// Include cases that belong to no server.
    pub unguilded: bool,
    pub status: Option<Status>,
    pub limit: u32,
    pub offset: u32,
}

impl Store {
    /// The newest first; at most `limit`, after skipping `offset`.
    pub async fn list_for_guild(&self, f: GuildFilter) -> Result<Vec<Escalation>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM escalations
             WHERE (guild_id = $1 OR ($2 = 1 AND guild_id IS NULL))
               AND (CAST($3 AS TEXT) IS NULL OR status = $3)
             ORDER BY id DESC LIMIT $4 OFFSET $5",
        )
        .bind(f.guild.to_string())
        .bind(i64::from(f.unguilded))
        .bind(f.status.map(Status::code))
        .bind(i64::from(f.limit))
        .bind(i64::from(f.offset))
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        rows.iter().map(|r| self.to_escalation(r)).collect()
    }
}
