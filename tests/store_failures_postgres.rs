//! What applies of `store_failures.rs` on PostgreSQL: another program's
//! schema and a newer schema are refused with a sentence, an unreachable
//! server is a sentence (never its password), and the CLI says the same.
//! The SQLite-only faults (a full disk, file permissions, damaged pages,
//! SQLITE_BUSY) have no Postgres counterpart the tests could provoke here.

mod common;

use common::postgres::{cluster, fresh_database};
use common::{init_tracing, text, write_config_at, BIN};
use kyc_triage::store::{Location, Store};
use sqlx::Connection;
use std::process::Command;

async fn raw(url: &str) -> sqlx::PgConnection {
    sqlx::PgConnection::connect(url).await.unwrap()
}

fn list_fails_with(location: &Location, sentence: &str) {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config_at(dir.path(), location);
    let out = Command::new(BIN)
        .arg("--config")
        .arg(&config)
        .args(["escalations", "list"])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a fault of the system: {stderr}"
    );
    assert!(stderr.contains(sentence), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

#[tokio::test]
async fn another_programs_schema_is_refused_and_left_alone() {
    init_tracing();
    let Some(url) = fresh_database() else { return };
    let mut conn = raw(&url).await;
    sqlx::query("CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    let err = Store::connect(&url).await.err().unwrap();
    assert!(
        err.to_string().contains("is not a kyc-triage database"),
        "{err}"
    );
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(tables, ["users"]);
    conn.close().await.unwrap();
    list_fails_with(&Location::Postgres(url), "is not a kyc-triage database");
}

#[tokio::test]
async fn newer_schema_is_refused_with_upgrade_the_binary() {
    init_tracing();
    let Some(url) = fresh_database() else { return };
    Store::connect(&url).await.unwrap().close().await;
    let mut conn = raw(&url).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99, 'from the future', true, '\\x00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let known = kyc_triage::store::schema_version();
    let err = Store::connect(&url).await.err().unwrap().to_string();
    assert!(
        err.ends_with(&format!(
            "was written by a newer kyc-triage (schema 99 > {known}): upgrade the binary"
        )),
        "{err}"
    );
    list_fails_with(&Location::Postgres(url), "upgrade the binary");
}

#[tokio::test]
async fn unreachable_server_is_a_sentence_without_the_password() {
    init_tracing();
    if cluster().is_none() {
        return;
    }
    // Nothing listens on a port just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://kyc:hunter2@127.0.0.1:{port}/kyc");
    let err = Store::connect(&url).await.err().unwrap();
    assert!(!err.is_user_error());
    let said = err.to_string();
    assert!(!said.contains("hunter2"), "{said}");
    assert!(
        said.contains(&format!("postgres://kyc@127.0.0.1:{port}/kyc")),
        "{said}"
    );
    list_fails_with(
        &Location::Postgres(url),
        "database error on postgres://kyc@",
    );
}

#[tokio::test]
async fn processes_starting_together_on_a_fresh_database_all_open_it() {
    init_tracing();
    let Some(url) = fresh_database() else { return };
    // Concurrent in one task: `Store::connect`'s future is not `Send`
    // (see open_store in src/discord/mod.rs), so it cannot be spawned.
    let opens = (0..6).map(|_| Store::connect(&url));
    for opened in futures_util::future::join_all(opens).await {
        opened.unwrap().close().await;
    }
    let store = Store::connect(&url).await.unwrap();
    let e = store
        .escalate(common::case("alice", Some("id-misuse"), "first"))
        .await
        .unwrap();
    assert!(e.created);
    store.close().await;
}
