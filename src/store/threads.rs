//! The private thread (or DM) of each case: where the member and the
//! moderators talk. Kept in the store so that a restart still knows which
//! thread belongs to which case.
//!
//! SQL kept valid for PostgreSQL too (numbered placeholders).

use super::audit::{record, Change};
use super::clock::now_text;
use super::{Lost, Store, StoreError};

/// How the bot reaches the member about a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A private thread (channel id = thread id).
    Thread,
    /// A direct message, when no thread could be opened.
    Dm,
}

impl Via {
    pub fn code(self) -> &'static str {
        match self {
            Via::Thread => "thread",
            Via::Dm => "dm",
        }
    }

    fn parse(s: &str) -> Option<Via> {
        match s {
            "thread" => Some(Via::Thread),
            "dm" => Some(Via::Dm),
            _ => None,
        }
    }
}

/// A case's thread or DM channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseThread {
    pub case: i64,
    pub channel_id: u64,
    pub via: Via,
}

impl Store {
    /// Records where case `case` is talked about, with an audit entry that
    /// says how (`detail`: why there is no thread, for a DM).
    pub async fn set_case_thread(
        &self,
        case: i64,
        channel_id: u64,
        via: Via,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.get(case).await?;
        let detail = detail.to_string();
        self.write(Lost::Change, |mut tx| {
            let detail = detail.clone();
            async move {
                sqlx::query(
                    "INSERT INTO case_threads (escalation_id, channel_id, via, created_at)
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(case)
                .bind(channel_id.to_string())
                .bind(via.code())
                .bind(now_text())
                .execute(&mut *tx)
                .await?;
                let action = match via {
                    Via::Thread => "thread",
                    Via::Dm => "dm",
                };
                record(
                    &mut tx,
                    case,
                    super::escalations::SYSTEM_ACTOR,
                    Change::action(action),
                    Some(&detail),
                )
                .await?;
                tx.commit().await?;
                Ok(())
            }
        })
        .await
    }

    /// The thread (or DM) of case `case`, if one was opened.
    pub async fn case_thread(&self, case: i64) -> Result<Option<CaseThread>, StoreError> {
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT escalation_id, channel_id, via FROM case_threads WHERE escalation_id = $1",
        )
        .bind(case)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        row.map(|r| self.thread_of(r)).transpose()
    }

    /// The case whose thread is `channel_id`; only threads, never a DM
    /// channel (a member's DMs with the bot are still triaged).
    pub async fn thread_case(&self, channel_id: u64) -> Result<Option<CaseThread>, StoreError> {
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT escalation_id, channel_id, via FROM case_threads
             WHERE channel_id = $1 AND via = 'thread'",
        )
        .bind(channel_id.to_string())
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        row.map(|r| self.thread_of(r)).transpose()
    }

    /// Every channel that is a case's private thread, to tell them apart
    /// without a query per message.
    pub async fn case_thread_channels(&self) -> Result<Vec<u64>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT channel_id FROM case_threads WHERE via = 'thread'")
                .fetch_all(self.reader())
                .await
                .map_err(|e| self.fault(e, Lost::Nothing))?;
        Ok(rows.iter().filter_map(|c| c.parse().ok()).collect())
    }

    fn thread_of(
        &self,
        (case, channel, via): (i64, String, String),
    ) -> Result<CaseThread, StoreError> {
        let damaged = || StoreError::Corrupt {
            path: self.path().to_path_buf(),
        };
        Ok(CaseThread {
            case,
            channel_id: channel.parse().map_err(|_| damaged())?,
            via: Via::parse(&via).ok_or_else(damaged)?,
        })
    }
}
