//! Bringing a database's schema up to date, per backend: refuse another
//! program's database and a schema newer than this binary, then apply the
//! missing migrations of `migrations/sqlite/` or `migrations/postgres/`.

use super::backend::Backend;
use super::{StoreError, TxError};
use sqlx::AnyPool;
use std::path::Path;

fn known(backend: Backend) -> i64 {
    backend
        .migrator()
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

fn migrate_error(path: &Path, e: sqlx::migrate::MigrateError) -> TxError {
    match e {
        sqlx::migrate::MigrateError::Execute(e) => TxError::Sql(e),
        source => TxError::Store(StoreError::Migrate {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Refuses a schema newer than this binary's.
fn check_newer(path: &Path, found: Option<i64>, known: i64) -> Result<(), TxError> {
    match found.filter(|f| *f > known) {
        Some(found) => Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            known,
        }
        .into()),
        None => Ok(()),
    }
}

/// Checks the schema version and applies missing migrations, inside one
/// `BEGIN IMMEDIATE` transaction: several processes starting on a fresh
/// file at once take turns instead of racing to create the same tables.
/// A read-only file is found out here, not when the first user is waiting
/// for a case number.
pub(crate) async fn sqlite(path: &Path, writer: &AnyPool) -> Result<(), TxError> {
    let mut tx = writer.begin_with("BEGIN IMMEDIATE").await?;
    let has_table: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *tx)
    .await?;
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
        check_newer(path, found, known(Backend::Sqlite))?;
    }
    // Inside our transaction, sqlx applies each migration in a savepoint.
    Backend::Sqlite
        .migrator()
        .run(&mut *tx)
        .await
        .map_err(|e| migrate_error(path, e))?;
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

/// The same checks on Postgres, in the connection's current schema. sqlx's
/// migrator takes its own advisory lock, so processes starting together on
/// a fresh database take turns; the history table is created before any
/// of ours, so "tables but no history" means another program's schema.
pub(crate) async fn postgres(path: &Path, writer: &AnyPool) -> Result<(), TxError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .fetch_all(writer)
    .await?;
    if tables.iter().any(|t| t == "_sqlx_migrations") {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(writer)
                .await?;
        check_newer(path, found, known(Backend::Postgres))?;
    } else if !tables.is_empty() {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
        }
        .into());
    }
    Backend::Postgres
        .migrator()
        .run(writer)
        .await
        .map_err(|e| migrate_error(path, e))?;
    // A read-only server (a standby, default_transaction_read_only) is found
    // out now, not when the first member waits for a case number.
    let read_only: String = sqlx::query_scalar("SELECT current_setting('transaction_read_only')")
        .fetch_one(writer)
        .await?;
    if read_only == "on" {
        return Err(StoreError::ReadOnlyFile {
            path: path.to_path_buf(),
        }
        .into());
    }
    Ok(())
}
