//! What can go wrong in the store, split the zero2prod way: mistakes of the
//! person at the keyboard (a helpful sentence, exit non-zero, nothing to
//! log) and faults of the system (a sentence that tells the operator what to
//! do; the whole chain goes to the log).

use super::backend::Backend;
use super::model::{Status, Transition};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    // ---- user mistakes ----
    #[error("there is no case #{0}")]
    UnknownCase(i64),
    #[error("there is no triage-log entry {0}")]
    UnknownLogEntry(i64),
    #[error("case #{id} is {from}: it cannot be {}", action.past())]
    BadTransition {
        id: i64,
        from: Status,
        action: Transition,
    },
    #[error("case #{id} is already claimed by {holder}")]
    ClaimedByOther { id: i64, holder: String },
    /// Resolving or dismissing a case another moderator holds.
    #[error("case #{id} is claimed by {holder}: add --force to {} it anyway (the audit trail will say you took it over)", action.action())]
    HeldByOther {
        id: i64,
        holder: String,
        action: Transition,
    },
    /// Unclaiming or taking over a case nobody holds.
    #[error("case #{id} is {status}, not claimed: there is no claim to give back or take over")]
    NotClaimed { id: i64, status: Status },
    #[error("a note is required to {} a case (--note TEXT)", action.action())]
    EmptyNote { action: Transition },
    #[error("say who you are: the moderator name is empty")]
    EmptyName,
    /// A member name that redaction changes cannot select one member.
    #[error("that name holds personal data and is stored redacted as {stored}, which other members' names may share: it cannot select one member's cases")]
    AmbiguousMember { stored: String },

    // ---- system faults ----
    #[error("the directory {} does not exist: create it or set store.path", dir.display())]
    MissingDirectory { dir: PathBuf },
    #[error("the directory {} is read-only: make it writable for this user or set store.path (SQLite needs to create {}-wal and -shm beside it)", dir.display(), path.display())]
    ReadOnlyDirectory { dir: PathBuf, path: PathBuf },
    #[error("{} is read-only: make it writable for this user or set store.path", path.display())]
    ReadOnlyFile { path: PathBuf },
    #[error("{} is not a kyc-triage database or is damaged: restore a backup or move it aside", path.display())]
    Corrupt { path: PathBuf },
    /// `PRAGMA quick_check` found damaged pages at start.
    #[error("{} is damaged ({detail}): stop the bot, restore a backup or recover it with `sqlite3 {} \".recover\" | sqlite3 new.db`, and set store.path to the repaired file", path.display(), path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("the disk holding {} is full: free space; {}", path.display(), lost.sentence())]
    DiskFull { path: PathBuf, lost: Lost },
    #[error("{} was written by a newer kyc-triage (schema {found} > {known}): upgrade the binary", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// Another program held the write lock for longer than every retry.
    #[error("{} stayed busy (another program kept writing for over {} seconds): try again; {}", path.display(), waited_secs, lost.sentence())]
    Busy {
        path: PathBuf,
        waited_secs: u64,
        lost: Lost,
    },
    #[error("cannot upgrade the schema of {}: {source}", path.display())]
    Migrate {
        path: PathBuf,
        source: sqlx::migrate::MigrateError,
    },
    #[error("database error on {}: {source}", path.display())]
    Database { path: PathBuf, source: sqlx::Error },
}

/// What a failed write did not do, for the end of the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    /// An escalation: the user must not believe it was recorded.
    Case,
    /// Any other write.
    Change,
    /// Opening the database.
    Nothing,
}

impl Lost {
    fn sentence(self) -> &'static str {
        match self {
            Lost::Case => "the case was NOT recorded",
            Lost::Change => "the change was NOT saved",
            Lost::Nothing => "nothing was written",
        }
    }
}

impl StoreError {
    /// True for mistakes of the person at the keyboard; false for faults
    /// the operator must fix (those deserve an error log with the chain).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            StoreError::UnknownCase(_)
                | StoreError::UnknownLogEntry(_)
                | StoreError::BadTransition { .. }
                | StoreError::ClaimedByOther { .. }
                | StoreError::HeldByOther { .. }
                | StoreError::NotClaimed { .. }
                | StoreError::EmptyNote { .. }
                | StoreError::EmptyName
                | StoreError::AmbiguousMember { .. }
        )
    }
}

impl StoreError {
    /// A short fixed name of the fault, for the operator's metrics
    /// (`kyc_triage_store_errors_total{kind}`): never the paths or text
    /// inside the error. Users' mistakes are `user-mistake`, though they
    /// are not counted as faults.
    pub fn kind(&self) -> &'static str {
        match self {
            e if e.is_user_error() => "user-mistake",
            StoreError::MissingDirectory { .. } => "missing-directory",
            StoreError::ReadOnlyDirectory { .. } | StoreError::ReadOnlyFile { .. } => "read-only",
            StoreError::Corrupt { .. } | StoreError::Damaged { .. } => "corrupt",
            StoreError::DiskFull { .. } => "disk-full",
            StoreError::NewerSchema { .. } | StoreError::Migrate { .. } => "schema",
            StoreError::Busy { .. } => "busy",
            StoreError::Database { .. } => "database",
            _ => "user-mistake",
        }
    }
}

/// SQLite's primary result code of a database error, if it is one.
pub(crate) fn sqlite_code(e: &sqlx::Error) -> Option<i32> {
    let db = e.as_database_error()?;
    db.try_downcast_ref::<sqlx::sqlite::SqliteError>()?;
    let code = db.code()?;
    // sqlx reports the extended code; the low byte is the primary one.
    code.parse::<i32>().ok().map(|c| c & 0xff)
}

const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;
const SQLITE_READONLY: i32 = 8;
const SQLITE_CORRUPT: i32 = 11;
const SQLITE_IOERR: i32 = 10;
const SQLITE_FULL: i32 = 13;
const SQLITE_CANTOPEN: i32 = 14;
const SQLITE_NOTADB: i32 = 26;

/// Postgres's SQLSTATE of a database error, if it is one from Postgres.
pub(crate) fn pg_code(e: &sqlx::Error) -> Option<String> {
    let db = e.as_database_error()?;
    db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .map(|pg| pg.code().to_string())
}

/// Another connection holds the lock (SQLite), or a conflict Postgres asks
/// to retry: worth waiting and trying again.
pub(crate) fn is_busy(e: &sqlx::Error) -> bool {
    super::backend::pg_is_busy(e) || matches!(sqlite_code(e), Some(SQLITE_BUSY | SQLITE_LOCKED))
}

/// Turns a driver error into a sentence about the database; on Postgres,
/// a full disk (53100) has its sentence and the rest carries the driver's
/// own, which names the server's reason.
pub(crate) fn classify(backend: Backend, path: &Path, e: sqlx::Error, lost: Lost) -> StoreError {
    match backend {
        Backend::Sqlite => classify_sqlite(path, e, lost),
        Backend::Postgres => match pg_code(&e).as_deref() {
            Some("53100") => StoreError::DiskFull {
                path: path.to_path_buf(),
                lost,
            },
            Some("25006") => StoreError::ReadOnlyFile {
                path: path.to_path_buf(),
            },
            _ => StoreError::Database {
                path: path.to_path_buf(),
                source: e,
            },
        },
    }
}

/// SQLite's codes as sentences; file-system causes are looked up after the
/// fact, since SQLite's codes do not say which file.
fn classify_sqlite(path: &Path, e: sqlx::Error, lost: Lost) -> StoreError {
    match sqlite_code(&e) {
        Some(SQLITE_FULL) => StoreError::DiskFull {
            path: path.to_path_buf(),
            lost,
        },
        Some(SQLITE_CORRUPT | SQLITE_NOTADB) => StoreError::Corrupt {
            path: path.to_path_buf(),
        },
        // A disk that is really full often shows as an I/O error (writing
        // the WAL or -shm file fails) rather than SQLITE_FULL: ask the disk.
        Some(SQLITE_IOERR) if disk_is_full(&parent_dir(path)) => StoreError::DiskFull {
            path: path.to_path_buf(),
            lost,
        },
        Some(SQLITE_READONLY | SQLITE_CANTOPEN) => {
            diagnose_file_system(path).unwrap_or_else(|| StoreError::Database {
                path: path.to_path_buf(),
                source: e,
            })
        }
        _ if matches!(e, sqlx::Error::Io(_)) && disk_is_full(&parent_dir(path)) => {
            StoreError::DiskFull {
                path: path.to_path_buf(),
                lost,
            }
        }
        _ if matches!(e, sqlx::Error::Io(_)) => {
            diagnose_file_system(path).unwrap_or_else(|| StoreError::Database {
                path: path.to_path_buf(),
                source: e,
            })
        }
        _ => StoreError::Database {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

/// Why the database cannot be opened for writing, if the file system says.
pub(crate) fn diagnose_file_system(path: &Path) -> Option<StoreError> {
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Some(StoreError::MissingDirectory { dir });
    }
    if path.exists() {
        let writable = std::fs::OpenOptions::new().write(true).open(path).is_ok();
        if !writable {
            return Some(StoreError::ReadOnlyFile {
                path: path.to_path_buf(),
            });
        }
    }
    if !dir_is_writable(&dir) {
        return Some(StoreError::ReadOnlyDirectory {
            dir,
            path: path.to_path_buf(),
        });
    }
    None
}

/// Whether the file system holding `dir` has no room left: a probe file of
/// one SQLite page's worth (64 KiB, what a WAL frame batch needs) cannot
/// be written.
pub(crate) fn disk_is_full(dir: &Path) -> bool {
    use std::io::Write;
    let probe = dir.join(format!(".kyc-triage-space-{}", std::process::id()));
    let Ok(mut file) = std::fs::File::create(&probe) else {
        // Creating even an empty file can fail on a full disk (no inode).
        return std::fs::File::create(&probe)
            .err()
            .is_some_and(|e| is_no_space(&e));
    };
    let result = file
        .write_all(&[0u8; 64 * 1024])
        .and_then(|()| file.sync_all());
    drop(file);
    let _ = std::fs::remove_file(&probe);
    result.err().is_some_and(|e| is_no_space(&e))
}

fn is_no_space(e: &std::io::Error) -> bool {
    // ENOSPC (28) and EDQUOT (122 on Linux): no space, or no quota left.
    e.kind() == std::io::ErrorKind::StorageFull || matches!(e.raw_os_error(), Some(28 | 122))
}

/// The directory that holds `path` (`.` for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Permission bits do not tell (root, ACLs, read-only mounts): try it.
fn dir_is_writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".kyc-triage-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => e.kind() == std::io::ErrorKind::AlreadyExists,
    }
}
