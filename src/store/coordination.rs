//! What several `serve` processes on one database agree on, through the
//! database they already share (no other service to run): which gateway
//! events were already acted on, which process may IDENTIFY next, and the
//! generation counters `/kb reload` bumps for the others.
//!
//! Each is one small statement under the store's usual write path, so it
//! is atomic on both backends (SQLite's single writer; PostgreSQL's write
//! lock, see `WriteLock` in `mod.rs`): the IDENTIFY turn (read, then
//! write) takes it exclusively, the event claim shared.

use super::{Lost, Store, StoreError, WriteLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long an event's claim is kept. Discord's duplicates come within
/// minutes (a resume replays what the last session missed; a rolling
/// deploy overlaps two processes for seconds); a day is ample.
pub const EVENT_MEMORY: Duration = Duration::from_secs(24 * 60 * 60);

fn unix_millis(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Whose turn it is to IDENTIFY, as [`Store::take_identify_turn`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentifyTurn {
    /// This process holds the turn until the window it asked for ends.
    Mine,
    /// `holder` holds it; ask again after `wait`.
    Busy { holder: String, wait: Duration },
}

impl Store {
    /// Claims gateway event `event` (e.g. `message:<id>`) for this
    /// process: true the first time any process on this database asks,
    /// false for every later ask, so a duplicate delivery is dropped.
    pub async fn claim_event(&self, event: &str) -> Result<bool, StoreError> {
        let event = event.to_string();
        let at = unix_millis(SystemTime::now()) / 1000;
        // One insert, atomic by its own conflict rule: side by side with
        // other shared writes on Postgres (one per message, so it matters).
        let lock = WriteLock::Shared { key: None };
        self.write_locked(Lost::Change, lock, |mut tx| {
            let event = event.clone();
            async move {
                let done = sqlx::query(
                    "INSERT INTO handled_events (event, at) VALUES ($1, $2)
                     ON CONFLICT (event) DO NOTHING",
                )
                .bind(&event)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(done.rows_affected() == 1)
            }
        })
        .await
    }

    /// Forgets event claims older than `age`; returns how many.
    pub async fn forget_events(&self, age: Duration) -> Result<u64, StoreError> {
        let cutoff = unix_millis(SystemTime::now().checked_sub(age).unwrap_or(UNIX_EPOCH)) / 1000;
        self.write(Lost::Change, |mut tx| async move {
            let done = sqlx::query("DELETE FROM handled_events WHERE at < $1")
                .bind(cutoff)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(done.rows_affected())
        })
        .await
    }

    /// Takes the gateway's IDENTIFY turn for `window` if nobody else holds
    /// it (or the holder's window has passed, e.g. it died), else says who
    /// has it and for how long. `holder` names this process in the other's logs.
    pub async fn take_identify_turn(
        &self,
        holder: &str,
        window: Duration,
    ) -> Result<IdentifyTurn, StoreError> {
        let holder = holder.to_string();
        let now = unix_millis(SystemTime::now());
        let until = now.saturating_add(i64::try_from(window.as_millis()).unwrap_or(i64::MAX));
        self.write(Lost::Change, |mut tx| {
            let holder = holder.clone();
            async move {
                let current: Option<(String, i64)> =
                    sqlx::query_as("SELECT holder, until_at FROM identify_turn WHERE id = 1")
                        .fetch_optional(&mut *tx)
                        .await?;
                // The holder's own earlier turn (an in-process restart) is its own.
                let busy = current.filter(|(h, u)| *u > now && *h != holder);
                if let Some((other, until_at)) = busy {
                    let wait = Duration::from_millis((until_at - now).unsigned_abs());
                    return Ok(IdentifyTurn::Busy {
                        holder: other,
                        wait,
                    });
                }
                sqlx::query(
                    "INSERT INTO identify_turn (id, holder, until_at) VALUES (1, $1, $2)
                     ON CONFLICT (id) DO UPDATE SET holder = $1, until_at = $2",
                )
                .bind(&holder)
                .bind(until)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(IdentifyTurn::Mine)
            }
        })
        .await
    }

    /// Bumps counter `topic` and returns its new generation.
    pub async fn broadcast(&self, topic: &str) -> Result<i64, StoreError> {
        let topic = topic.to_string();
        self.write(Lost::Change, |mut tx| {
            let topic = topic.clone();
            async move {
                sqlx::query(
                    "INSERT INTO broadcasts (topic, generation) VALUES ($1, 1)
                     ON CONFLICT (topic) DO UPDATE SET generation = broadcasts.generation + 1",
                )
                .bind(&topic)
                .execute(&mut *tx)
                .await?;
                let generation: i64 =
                    sqlx::query_scalar("SELECT generation FROM broadcasts WHERE topic = $1")
                        .bind(&topic)
                        .fetch_one(&mut *tx)
                        .await?;
                tx.commit().await?;
                Ok(generation)
            }
        })
        .await
    }

    /// The current generation of `topic` (0: never broadcast).
    pub async fn generation(&self, topic: &str) -> Result<i64, StoreError> {
        let generation: Option<i64> =
            sqlx::query_scalar("SELECT generation FROM broadcasts WHERE topic = $1")
                .bind(topic)
                .fetch_optional(self.reader())
                .await
                .map_err(|e| self.fault(e, Lost::Nothing))?;
        Ok(generation.unwrap_or(0))
    }
}
