//! Which database the store talks to, and what differs between them.
//!
//! Both backends go through sqlx's `Any` driver: one pool type, one
//! transaction type and one query text for every statement, written with
//! `$1` placeholders (SQLite reads `$N` as the N-th argument too). What
//! really differs stays here: how a connection is set up, how a write
//! transaction begins, migrations, and which driver errors mean "busy, try
//! again". The rare statement whose dialects differ picks its text with
//! [`Backend::pick`], next to the statement, so that the two versions are
//! read (and changed) together.
//!
//! A new store function follows the pattern of the others: `$N`
//! placeholders, `Transaction<'static, Any>` / `AnyConnection`, integers as
//! `i64`, booleans bound as `0`/`1` (`helped`), sums wrapped in
//! `CAST(… AS BIGINT)` (Postgres sums integers to NUMERIC), no bare columns
//! beside aggregates, and a `Backend::pick` only where the SQL must differ.
//! Its tests run on both (see `tests/support/store_backends.rs`).

use super::error::pg_code;
use super::StoreOptions;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// The migrations compiled into this binary, one folder per backend. The
/// versions are the same on both: a version number means one schema.
pub(crate) static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
pub(crate) static POSTGRES_MIGRATOR: sqlx::migrate::Migrator =
    sqlx::migrate!("migrations/postgres");

/// The database kind behind a [`super::Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the store lives: a SQLite file (`store.path`, the default) or a
/// PostgreSQL database (`store.url`).
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "Sqlite({path:?})"),
            Location::Postgres(url) => write!(f, "Postgres({:?})", without_password(url)),
        }
    }
}

impl Location {
    /// What errors and logs call this database: the file, or the URL
    /// without its password.
    pub fn display_name(&self) -> PathBuf {
        match self {
            Location::Sqlite(path) => path.clone(),
            Location::Postgres(url) => PathBuf::from(without_password(url)),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }
}

impl Backend {
    /// The statement text for this backend, where the dialects differ.
    pub(crate) fn pick(self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        match self {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        }
    }

    /// The migrations of this backend.
    pub(crate) fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        }
    }
}

/// The advisory lock every Postgres write transaction takes first:
/// exclusively by default, so that such writes take turns across all
/// processes as SQLite's one writer does; shared by the frequent writes
/// that lock only what they touch (a reporter's merge, a case's row), which
/// then run side by side. See `WriteLock` in `mod.rs`; measured in
/// `benches/store.rs`.
pub(crate) const WRITE_LOCK_KEY: i64 = 0x6b79_635f_7472_6961; // "kyc_tria"

/// `postgres://user:secret@host/db` as `postgres://user@host/db`.
pub fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}@{}", &url[..scheme + 3], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// `path` as a `sqlite://` URL, percent-encoding what a URL would misread.
fn sqlite_url(path: &Path) -> String {
    let mut url = String::from("sqlite://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'.' | b'_' | b'-' | b'~' => {
                url.push(byte as char)
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url.push_str("?mode=rwc");
    url
}

/// The options every connection is opened with. Slow statements are
/// logged at INFO: waiting on another process's write is expected under
/// load, not a warning for the person at the terminal.
fn connect_options(location: &Location) -> Result<AnyConnectOptions, sqlx::Error> {
    let url = match location {
        Location::Sqlite(path) => sqlite_url(path),
        Location::Postgres(url) => url.clone(),
    };
    Ok(AnyConnectOptions::from_str(&url)?
        .log_slow_statements(log::LevelFilter::Info, Duration::from_secs(1)))
}

/// Per-connection settings of SQLite (the `Any` URL cannot carry pragmas).
fn sqlite_pragmas(options: &StoreOptions) -> Vec<String> {
    let mut pragmas = vec![
        "PRAGMA journal_mode = WAL".to_string(),
        // FULL: a case number shown to a user must survive a power cut,
        // not only a crash of this process.
        "PRAGMA synchronous = FULL".to_string(),
        format!("PRAGMA busy_timeout = {}", options.busy_timeout.as_millis()),
        "PRAGMA foreign_keys = ON".to_string(),
        // Erased text is overwritten with zeros, not left in free pages.
        "PRAGMA secure_delete = ON".to_string(),
    ];
    if let Some(pages) = options.max_page_count {
        pragmas.push(format!("PRAGMA max_page_count = {pages}"));
    }
    pragmas
}

/// A pool of at most `max` connections to `location`.
pub(crate) async fn pool(
    location: &Location,
    options: &StoreOptions,
    max: u32,
    writer: bool,
) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let connect = connect_options(location)?;
    let mut pool = AnyPoolOptions::new()
        .max_connections(max.max(1))
        .acquire_slow_level(log::LevelFilter::Info);
    if writer {
        // Under load writers queue here; the wait is bounded by the
        // number of writers ahead, each a millisecond or two.
        pool = pool.acquire_timeout(Duration::from_secs(120));
    }
    match location {
        Location::Sqlite(_) => {
            let pragmas = sqlite_pragmas(options);
            // sqlx's pool retries a failing `after_connect` until the
            // acquire timeout and then reports only "pool timed out": set
            // the pragmas once on a connection of our own first, so that a
            // file that is not a database says so at once.
            let mut first = connect.connect().await?;
            for pragma in &pragmas {
                first.execute(pragma.as_str()).await?;
            }
            sqlx::Connection::close(first).await?;
            pool = pool
                // A local file does not drop connections: skip the ping
                // that sqlx otherwise sends before handing one out.
                .test_before_acquire(false)
                .after_connect(move |conn, _| {
                    let pragmas = pragmas.clone();
                    Box::pin(async move {
                        for pragma in &pragmas {
                            conn.execute(pragma.as_str()).await?;
                        }
                        Ok(())
                    })
                });
        }
        Location::Postgres(_) => {
            // The pool would retry a refused connection until its acquire
            // timeout and then say only "pool timed out": connect once
            // ourselves, so that an unreachable server or a wrong password
            // is the server's own sentence, at once.
            sqlx::Connection::close(connect.connect().await?).await?;
            // A server restarts and drops connections: keep the ping.
            pool = pool.test_before_acquire(true);
        }
    }
    pool.connect_with(connect).await
}

/// Whether a Postgres error is a conflict worth retrying (serialization
/// failure, deadlock, lock not available), like SQLITE_BUSY.
pub(crate) fn pg_is_busy(e: &sqlx::Error) -> bool {
    matches!(pg_code(e).as_deref(), Some("40001" | "40P01" | "55P03"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_leave_the_url() {
        assert_eq!(
            without_password("postgres://kyc:s3cret@db:5432/kyc"),
            "postgres://kyc@db:5432/kyc"
        );
        assert_eq!(without_password("postgres://db/kyc"), "postgres://db/kyc");
        let shown = format!("{:?}", Location::Postgres("postgres://a:pw@h/d".into()));
        assert!(!shown.contains("pw"), "{shown}");
    }

    #[test]
    fn odd_file_names_survive_the_sqlite_url() {
        assert_eq!(
            sqlite_url(Path::new("/tmp/a b?#%.db")),
            "sqlite:///tmp/a%20b%3F%23%25.db?mode=rwc"
        );
    }
}
