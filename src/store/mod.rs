//! The SQLite store: escalations, their audit trail, the triage log,
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
//! Every free-text value is redacted here before it is bound, whatever the
//! caller did: nothing raw reaches the file.

mod audit;
mod claims;
mod clock;
pub mod error;
mod escalations;
mod guild_cases;
mod members;
pub mod model;
mod retention;
mod stats;
mod threads;
mod transcript;
mod transitions;
mod triage_log;

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
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Sqlite, Transaction};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The migrations compiled into this binary, from `migrations/`.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// How the database is opened. The defaults are what production uses.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// How long SQLite itself waits for another writer before SQLITE_BUSY.
    pub busy_timeout: Duration,
    /// Further attempts after SQLITE_BUSY, with a short pause between.
    pub busy_retries: u32,
    /// Connections for reads (WAL lets them run beside the one writer).
    pub readers: u32,
    /// A cap on the file size in pages (`PRAGMA max_page_count`). `None` in
    /// production; tests use it to make SQLite report a full disk.
    pub max_page_count: Option<u32>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            busy_timeout: Duration::from_secs(5),
            busy_retries: 3,
            readers: 4,
            max_page_count: None,
        }
    }
}

/// A handle on the database. Cheap to clone: the pools are shared.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    /// One connection: SQLite allows one writer at a time anyway, and
    /// queueing writers in the pool is fairer and faster than letting them
    /// spin in SQLite's busy handler against each other.
    writer: SqlitePool,
    /// Writers queue here, first come first served, before taking the
    /// writer connection. Measured (benches/store.rs): 50 writers waiting
    /// in the pool itself managed ~430 escalations/s with a p99 of 225 ms;
    /// behind this mutex, ~2,600/s with a p99 of 25 ms.
    write_turn: tokio::sync::Mutex<()>,
    reader: SqlitePool,
    options: StoreOptions,
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
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub async fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path, StoreOptions::default()).await
    }

    /// [`Store::open`] with explicit options.
    pub async fn open_with(
        path: impl AsRef<Path>,
        options: StoreOptions,
    ) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let dir = parent_dir(&path);
        if !dir.is_dir() {
            return Err(StoreError::MissingDirectory { dir });
        }
        let mut attempt = 0;
        loop {
            match Store::try_open(&path, &options).await {
                Err(TxError::Sql(e)) if is_busy(&e) && attempt < options.busy_retries => {
                    attempt += 1;
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(TxError::Sql(e)) => return Err(classify(&path, e, Lost::Nothing)),
                Err(TxError::Store(e)) => return Err(e),
                Ok(store) => return Ok(store),
            }
        }
    }

    async fn try_open(path: &Path, options: &StoreOptions) -> Result<Store, TxError> {
        let mut connect = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a case number shown to a user must survive a power cut,
            // not only a crash of this process.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(options.busy_timeout)
            .foreign_keys(true)
            // Erased text is overwritten with zeros, not left in free pages.
            .pragma("secure_delete", "ON")
            // Waiting on another process's write is expected under load, not
            // a warning for the person at the terminal (sqlx warns by default).
            .log_slow_statements(log::LevelFilter::Info, Duration::from_secs(1));
        if let Some(pages) = options.max_page_count {
            connect = connect.pragma("max_page_count", pages.to_string());
        }
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            // Under load writers queue here; the wait is bounded by the
            // number of writers ahead, each a millisecond or two.
            .acquire_timeout(Duration::from_secs(120))
            .acquire_slow_level(log::LevelFilter::Info)
            // A local file does not drop connections: skip the ping that
            // sqlx otherwise sends before handing one out.
            .test_before_acquire(false)
            .connect_with(connect.clone())
            .await?;
        check_integrity(path, &writer).await?;
        migrate(path, &writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(options.readers.max(1))
            .test_before_acquire(false)
            .connect_with(connect)
            .await?;
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                writer,
                write_turn: tokio::sync::Mutex::new(()),
                reader,
                options: options.clone(),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Waits for running statements, checkpoints the WAL and closes.
    pub async fn close(&self) {
        self.inner.reader.close().await;
        self.inner.writer.close().await;
    }

    pub(crate) fn reader(&self) -> &SqlitePool {
        &self.inner.reader
    }

    pub(crate) fn writer(&self) -> &SqlitePool {
        &self.inner.writer
    }

    /// Runs `f` as one write transaction, retrying on SQLITE_BUSY so that
    /// "database is locked" never reaches a user.
    pub(crate) async fn write<T, F, Fut>(&self, lost: Lost, mut f: F) -> Result<T, StoreError>
    where
        F: FnMut(Transaction<'static, Sqlite>) -> Fut,
        Fut: Future<Output = Result<T, TxError>>,
    {
        let mut attempt = 0;
        loop {
            let result = {
                let _turn = self.inner.write_turn.lock().await;
                let result = match self.inner.writer.begin_with("BEGIN IMMEDIATE").await {
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
                Ok(value) => return Ok(value),
                Err(TxError::Store(e)) => return Err(e),
                Err(TxError::Sql(e)) if is_busy(&e) => {
                    if attempt >= self.inner.options.busy_retries {
                        let waited = self.inner.options.busy_timeout * (attempt + 1);
                        tracing::error!(path = %self.path().display(), error = %e, "database stayed busy");
                        return Err(StoreError::Busy {
                            path: self.path().to_path_buf(),
                            waited_secs: waited.as_secs(),
                            lost,
                        });
                    }
                    attempt += 1;
                    tracing::debug!(attempt, "database busy; retrying");
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(TxError::Sql(e)) => return Err(self.fault(e, lost)),
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
    /// turn held, so no other writer is using it.
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
        let err = classify(self.path(), e, lost);
        tracing::error!(%cause, "store failure: {err}");
        err
    }
}

/// `PRAGMA quick_check` before anything is written: a damaged page found
/// now is a refusal with a sentence, instead of new cases acknowledged into
/// a file that may lose them. (Linear in the file size: ~10 ms per 10 MB.)
async fn check_integrity(path: &Path, writer: &SqlitePool) -> Result<(), TxError> {
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

/// Checks the schema version and applies missing migrations, inside one
/// `BEGIN IMMEDIATE` transaction: several processes starting on a fresh
/// file at once take turns instead of racing to create the same tables.
/// A read-only file is found out here, not when the first user is waiting
/// for a case number.
async fn migrate(path: &Path, writer: &SqlitePool) -> Result<(), TxError> {
    let mut tx = writer.begin_with("BEGIN IMMEDIATE").await?;
    let has_table: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    if has_table.is_none() {
        // Tables but no migration history: another program's database
        // (store.path pointing at the wrong file). Do not add ours to it.
        let foreign: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_one(&mut *tx)
        .await?;
        if foreign > 0 {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
            }
            .into());
        }
    } else {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut *tx)
                .await?;
        if let Some(found) = found.filter(|f| *f > known) {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                known,
            }
            .into());
        }
    }
    // Inside our transaction, sqlx applies each migration in a savepoint.
    MIGRATOR.run(&mut *tx).await.map_err(|e| match e {
        sqlx::migrate::MigrateError::Execute(e) => TxError::Sql(e),
        source => TxError::Store(StoreError::Migrate {
            path: path.to_path_buf(),
            source,
        }),
    })?;
    // A read-only file opens, reads and even begins a write transaction
    // without complaint; only an actual write fails. Try one, undo it.
    for probe in [
        "SAVEPOINT write_probe",
        "UPDATE _sqlx_migrations SET success = success WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
        "ROLLBACK TO write_probe",
        "RELEASE write_probe",
    ] {
        sqlx::query(probe).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
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

/// The version of the newest migration this binary knows.
pub fn schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
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
