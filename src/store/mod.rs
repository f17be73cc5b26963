//! The store: escalations, their audit trail, the triage log,
//! statistics and retention. Every SQL statement of the program lives in
//! this folder, behind small async methods of [`Store`].
//!
//! - [`model`]: the values going in and out, and the status workflow.
//! - [`error`]: [`StoreError`], user mistakes apart from system faults.
//! - `escalations`: record (with repeated-report merging), read, list, notice.
//! - `transitions`: claim, resolve, dismiss, reopen; atomic, audited.
//! - `audit`: the trail of every change to a case.
//! - `triage_log`: every decision and the user's feedback.
//! - `stats`: what `kyc-triage stats` prints.
//! - `retention`: erasing old text, on demand and daily.
//! - `members`: one member's data, exported or erased at their request.
//! - `claims`: unclaim, and taking over another moderator's claim.
//! - `guild_cases`: one Discord server's cases, paged.
//! - `threads`: each case's private thread (or DM); `transcript`: what was
//!   written there.
//!
//! - `backend`: SQLite (the default, `store.path`) or PostgreSQL
//!   (`store.url`), one query text for both; what differs, and the pattern
//!   for a new query.
//! - `migrate`: schema checks and migrations, per backend.
//!
//! Every free-text value is redacted here before it is bound, whatever the
//! caller did: nothing raw reaches the file.

mod audit;
mod backend;
mod claims;
mod clock;
mod coordination;
pub mod error;
mod escalations;
mod guild_cases;
mod health;
mod members;
mod migrate;
pub mod model;
mod retention;
mod stats;
mod threads;
mod transcript;
mod transitions;
mod triage_log;

pub use coordination::{IdentifyTurn, EVENT_MEMORY};
pub use error::{Lost, StoreError};
pub use guild_cases::GuildFilter;
pub use members::{Erased, MemberData};
pub use model::{
    AuditEntry, Escalated, Escalation, ListFilter, NewEscalation, Notice, Purged, Reporter, Status,
    Transition, TriageRecord,
};
pub use retention::spawn_retention;
pub use stats::{DecisionCounts, ScenarioStats, Stats, Unmatched};
pub use threads::{CaseThread, Via};
pub use transcript::{Speaker, TranscriptLine};
pub use transitions::Takeover;

use error::{classify, is_busy, parent_dir};
use sqlx::{Any, AnyPool, Transaction};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use backend::{without_password, Backend, Location};

/// How the database is opened. The defaults are what production uses.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// How long SQLite itself waits for another writer before SQLITE_BUSY.
    pub busy_timeout: Duration,
    /// Further attempts after SQLITE_BUSY (or a Postgres conflict), with a
    /// short pause between.
    pub busy_retries: u32,
    /// Connections for reads (WAL lets them run beside the one writer).
    pub readers: u32,
    /// A cap on the file size in pages (`PRAGMA max_page_count`). `None` in
    /// production; tests use it to make SQLite report a full disk.
    pub max_page_count: Option<u32>,
    /// Write connections on PostgreSQL, where writes that do not touch the
    /// same reporter or case commit side by side (SQLite: always one).
    pub postgres_writers: u32,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            busy_timeout: Duration::from_secs(5),
            busy_retries: 3,
            readers: 4,
            max_page_count: None,
            postgres_writers: 8,
        }
    }
}

/// A handle on the database. Cheap to clone: the pools are shared.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    location: Location,
    /// What errors call the database: the file, or the URL without password.
    path: PathBuf,
    backend: Backend,
    /// SQLite: one connection; it allows one writer at a time anyway, and
    /// queueing writers in the pool is fairer and faster than letting them
    /// spin in SQLite's busy handler against each other. Postgres:
    /// `postgres_writers` connections, since writes that touch different
    /// reporters and cases run side by side there (see [`WriteLock`]).
    writer: AnyPool,
    /// SQLite's writers queue here, first come first served, before taking
    /// the writer connection. Measured (benches/store.rs): 50 writers
    /// waiting in the pool itself managed ~430 escalations/s with a p99 of
    /// 225 ms; behind this mutex, ~2,600/s with a p99 of 25 ms. (Postgres
    /// writers wait in the pool: there are several connections to share.)
    write_turn: tokio::sync::Mutex<()>,
    reader: AnyPool,
    options: StoreOptions,
    /// The fault kind of the last write, if it failed (see `health.rs`).
    last_write_fault: std::sync::Mutex<Option<&'static str>>,
}

/// What a Postgres write transaction locks before its first statement
/// (SQLite: `BEGIN IMMEDIATE`, one writer at a time, whatever this says).
///
/// Every write holds the store's advisory lock (`backend::WRITE_LOCK_KEY`),
/// across all processes: exclusively by default, which makes each write
/// take turns with every other as on SQLite, so a write written for
/// SQLite's semantics is safe unchanged. The frequent writes that only
/// insert, or change one case, hold it shared instead and say what they
/// touch: `key` (an advisory lock of its own, e.g. one reporter's merge)
/// and row locks (`SELECT … FOR UPDATE`) inside. They run side by side
/// with each other and still take turns with every exclusive write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WriteLock {
    Exclusive,
    Shared { key: Option<String> },
}

/// An error inside a write: a driver error (maybe worth retrying) or a
/// decided outcome such as an unknown case id.
pub(crate) enum TxError {
    Sql(sqlx::Error),
    Store(StoreError),
}

impl From<sqlx::Error> for TxError {
    fn from(e: sqlx::Error) -> Self {
        TxError::Sql(e)
    }
}

impl From<StoreError> for TxError {
    fn from(e: StoreError) -> Self {
        TxError::Store(e)
    }
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path` and brings
    /// its schema up to date.
    pub async fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path, StoreOptions::default()).await
    }

    /// [`Store::open`] with explicit options.
    pub async fn open_with(
        path: impl AsRef<Path>,
        options: StoreOptions,
    ) -> Result<Store, StoreError> {
        Store::open_at(Location::Sqlite(path.as_ref().to_path_buf()), options).await
    }

    /// Connects to the PostgreSQL database at `url` and brings its schema
    /// up to date.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::open_at(Location::Postgres(url.to_string()), StoreOptions::default()).await
    }

    /// Opens the store wherever `location` says, with explicit options.
    pub async fn open_at(location: Location, options: StoreOptions) -> Result<Store, StoreError> {
        let path = location.display_name();
        if let Location::Sqlite(file) = &location {
            let dir = parent_dir(file);
            if !dir.is_dir() {
                return Err(StoreError::MissingDirectory { dir });
            }
        }
        let backend = location.backend();
        let mut attempt = 0;
        loop {
            match Store::try_open(&location, &options).await {
                Err(TxError::Sql(e)) if is_busy(&e) && attempt < options.busy_retries => {
                    attempt += 1;
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(TxError::Sql(e)) => return Err(classify(backend, &path, e, Lost::Nothing)),
                Err(TxError::Store(e)) => return Err(e),
                Ok(store) => return Ok(store),
            }
        }
    }

    async fn try_open(location: &Location, options: &StoreOptions) -> Result<Store, TxError> {
        let path = location.display_name();
        let writers = match location.backend() {
            Backend::Sqlite => 1,
            Backend::Postgres => options.postgres_writers.max(1),
        };
        let writer = backend::pool(location, options, writers, true).await?;
        match location.backend() {
            Backend::Sqlite => {
                check_integrity(&path, &writer).await?;
                migrate::sqlite(&path, &writer).await?;
            }
            Backend::Postgres => migrate::postgres(&path, &writer).await?,
        }
        let reader = backend::pool(location, options, options.readers, false).await?;
        Ok(Store {
            inner: Arc::new(Inner {
                location: location.clone(),
                path,
                backend: location.backend(),
                writer,
                write_turn: tokio::sync::Mutex::new(()),
                reader,
                options: options.clone(),
                last_write_fault: std::sync::Mutex::new(None),
            }),
        })
    }

    /// The database file, or for Postgres its URL without the password.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Where the store lives.
    pub fn location(&self) -> &Location {
        &self.inner.location
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// Waits for running statements, checkpoints the WAL and closes.
    pub async fn close(&self) {
        self.inner.reader.close().await;
        self.inner.writer.close().await;
    }

    pub(crate) fn reader(&self) -> &AnyPool {
        &self.inner.reader
    }

    pub(crate) fn writer(&self) -> &AnyPool {
        &self.inner.writer
    }

    /// Begins a write transaction: `BEGIN IMMEDIATE` on SQLite (the write
    /// lock up front, so a read inside cannot be overtaken), and on
    /// Postgres a transaction holding what `lock` says, in one round trip.
    async fn begin_write(
        &self,
        lock: &WriteLock,
    ) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.inner.backend {
            Backend::Sqlite => self.inner.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => {
                let mut tx = self.inner.writer.begin().await?;
                let query = match lock {
                    WriteLock::Exclusive => sqlx::query("SELECT pg_advisory_xact_lock($1)")
                        .bind(backend::WRITE_LOCK_KEY),
                    WriteLock::Shared { key: None } => {
                        sqlx::query("SELECT pg_advisory_xact_lock_shared($1)")
                            .bind(backend::WRITE_LOCK_KEY)
                    }
                    // The key after the shared lock, in every keyed write,
                    // so no two writes take them in opposite orders.
                    WriteLock::Shared { key: Some(key) } => sqlx::query(
                        "SELECT pg_advisory_xact_lock_shared($1), \
                         pg_advisory_xact_lock(hashtextextended($2, 0))",
                    )
                    .bind(backend::WRITE_LOCK_KEY)
                    .bind(key.clone()),
                };
                query.execute(&mut *tx).await?;
                Ok(tx)
            }
        }
    }

    /// Runs `f` as one write transaction that takes turns with every other
    /// write ([`WriteLock::Exclusive`]); see [`Store::write_locked`].
    pub(crate) async fn write<T, F, Fut>(&self, lost: Lost, f: F) -> Result<T, StoreError>
    where
        F: FnMut(Transaction<'static, Any>) -> Fut,
        Fut: Future<Output = Result<T, TxError>>,
    {
        self.write_locked(lost, WriteLock::Exclusive, f).await
    }

    /// Runs `f` as one write transaction holding `lock` (on Postgres),
    /// retrying on SQLITE_BUSY (or a Postgres conflict) so that "database
    /// is locked" never reaches a user.
    pub(crate) async fn write_locked<T, F, Fut>(
        &self,
        lost: Lost,
        lock: WriteLock,
        mut f: F,
    ) -> Result<T, StoreError>
    where
        F: FnMut(Transaction<'static, Any>) -> Fut,
        Fut: Future<Output = Result<T, TxError>>,
    {
        let mut attempt = 0;
        loop {
            let result = {
                let _turn = match self.inner.backend {
                    Backend::Sqlite => Some(self.inner.write_turn.lock().await),
                    Backend::Postgres => None,
                };
                let result = match self.begin_write(&lock).await {
                    Ok(tx) => f(tx).await,
                    Err(e) => Err(TxError::Sql(e)),
                };
                // A busy database leaves no transaction behind (BEGIN
                // IMMEDIATE itself failed, or the drop's ROLLBACK works): keep
                // the connection for the retry.
                match &result {
                    Err(TxError::Sql(e)) if !is_busy(e) => self.replace_writer(e).await,
                    _ => {}
                }
                result
            };
            match result {
                Ok(value) => {
                    self.note_write(None);
                    return Ok(value);
                }
                // A decided outcome (an unknown case) wrote nothing: it
                // says nothing about whether writes work.
                Err(TxError::Store(e)) if e.is_user_error() => return Err(e),
                Err(TxError::Store(e)) => {
                    self.note_write(Some(e.kind()));
                    crate::ops::record::store_fault(e.kind());
                    return Err(e);
                }
                Err(TxError::Sql(e)) if is_busy(&e) => {
                    if attempt >= self.inner.options.busy_retries {
                        let waited = self.inner.options.busy_timeout * (attempt + 1);
                        tracing::error!(path = %self.path().display(), error = %e, "database stayed busy");
                        let err = StoreError::Busy {
                            path: self.path().to_path_buf(),
                            waited_secs: waited.as_secs(),
                            lost,
                        };
                        self.note_write(Some(err.kind()));
                        crate::ops::record::store_fault(err.kind());
                        return Err(err);
                    }
                    attempt += 1;
                    tracing::debug!(attempt, "database busy; retrying");
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(TxError::Sql(e)) => {
                    let err = self.fault(e, lost);
                    self.note_write(Some(err.kind()));
                    return Err(err);
                }
            }
        }
    }

    /// After a failed write, the writer connection may be left inside a
    /// transaction sqlx can no longer end: SQLite rolls back by itself on
    /// SQLITE_FULL and some I/O errors, so the ROLLBACK that sqlx queues when
    /// the transaction is dropped fails, its transaction depth stays at one,
    /// and every later write failed with "attempted to call begin_with at
    /// non-zero transaction depth", even once the disk had room again. The
    /// connection is taken out of the pool and closed; the pool opens a fresh
    /// one (with the same pragmas) for the next write. Called with the write
    /// turn held, so no other writer is using it. (On Postgres a fresh
    /// connection after a failed write costs little and rules out the same;
    /// there the one closed is any idle writer connection, which is as good.)
    async fn replace_writer(&self, cause: &sqlx::Error) {
        // The dropped transaction hands its connection back to the pool
        // from a spawned task: wait for it, briefly.
        let back = tokio::time::timeout(Duration::from_secs(5), self.inner.writer.acquire());
        match back.await {
            Ok(Ok(conn)) => {
                tracing::debug!(error = %cause, "replacing the writer connection after a failed write");
                let conn = conn.detach();
                // Closing may fail on the same full disk; it is gone either way.
                if let Err(e) = sqlx::Connection::close(conn).await {
                    tracing::debug!(error = %e, "closing the failed writer connection");
                }
            }
            Ok(Err(e)) => tracing::debug!(error = %e, "no writer connection to replace"),
            Err(_) => tracing::warn!("writer connection not returned after a failed write"),
        }
    }

    /// A driver error as a sentence for the operator, logged with its cause.
    pub(crate) fn fault(&self, e: sqlx::Error, lost: Lost) -> StoreError {
        let cause = e.to_string();
        let err = classify(self.inner.backend, self.path(), e, lost);
        tracing::error!(%cause, "store failure: {err}");
        crate::ops::record::store_fault(err.kind());
        err
    }
}

/// `PRAGMA quick_check` before anything is written: a damaged page found
/// now is a refusal with a sentence, instead of new cases acknowledged into
/// a file that may lose them. (Linear in the file size: ~10 ms per 10 MB.)
async fn check_integrity(path: &Path, writer: &AnyPool) -> Result<(), TxError> {
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA quick_check(5)")
        .fetch_all(writer)
        .await?;
    if problems.len() == 1 && problems[0] == "ok" {
        return Ok(());
    }
    tracing::error!(path = %path.display(), ?problems, "quick_check found damage");
    Err(StoreError::Damaged {
        path: path.to_path_buf(),
        detail: problems.first().cloned().unwrap_or_default(),
    }
    .into())
}

/// 50, 100, 200 ms ... plus up to 50 ms of jitter so that processes that
/// collided do not collide again.
fn backoff(attempt: u32) -> Duration {
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() % 50);
    Duration::from_millis(50 * (1 << attempt.min(6)) + u64::from(jitter))
}

/// Longest free-text value kept, in characters: Discord's own message
/// limit. A pasted 100 KB log would otherwise bloat every moderator view.
pub const MAX_STORED_CHARS: usize = 4000;

/// Redacts a free-text value before it is bound, then caps its length.
/// Redaction comes first: a cut through an ID number would leave a
/// fragment the detectors no longer recognise.
pub(crate) fn redact(text: &str) -> String {
    let redacted = crate::redact::redact_str(text);
    match redacted.char_indices().nth(MAX_STORED_CHARS) {
        None => redacted,
        Some((cut, _)) => {
            let dropped = redacted[cut..].chars().count();
            format!(
                "{} … [{dropped} more characters not kept]",
                &redacted[..cut]
            )
        }
    }
}

/// Redacts an optional free-text value; blank becomes `None`.
pub(crate) fn redact_opt(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(redact)
}

/// The version of the newest migration this binary knows (the same on
/// both backends).
pub fn schema_version() -> i64 {
    Backend::Sqlite
        .migrator()
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression for issue 9. On a full disk SQLite may roll a transaction
    /// back by itself; the ROLLBACK sqlx then sends when the transaction is
    /// dropped fails, its depth stays at one, and every later write failed
    /// with "attempted to call begin_with at non-zero transaction depth".
    /// The write here ends its transaction behind sqlx's back the same way.
    #[tokio::test]
    async fn a_transaction_sqlite_ended_itself_does_not_wedge_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("kyc.db")).await.unwrap();
        let failed: Result<(), StoreError> = store
            .write(Lost::Change, |mut tx| async move {
                sqlx::query("ROLLBACK").execute(&mut *tx).await?;
                sqlx::query("INSERT INTO no_such_table VALUES (1)")
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
            .await;
        assert!(failed.is_err());
        for n in 0..3 {
            let done: Result<i64, StoreError> = store
                .write(Lost::Change, |mut tx| async move {
                    let one: i64 = sqlx::query_scalar("SELECT 1").fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(one)
                })
                .await;
            assert_eq!(done.unwrap_or_else(|e| panic!("write {n}: {e}")), 1);
        }
        store.close().await;
    }
}
