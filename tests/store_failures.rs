//! What the operator sees when the database cannot be used: a sentence that
//! says what to do, a non-zero exit, never a panic and never "database is
//! locked". Also schema upgrades and refusals.

mod common;

use common::{case, init_tracing, raw_connection, text, write_config, BIN};
use kyc_triage::store::{Store, StoreError, StoreOptions};
use sqlx::Connection;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

fn run_list(config: &Path) -> Output {
    Command::new(BIN)
        .arg("--config")
        .arg(config)
        .args(["escalations", "list"])
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

/// Runs `escalations list` and expects a failure whose stderr has `sentence`.
fn assert_binary_says(config: &Path, sentence: &str) {
    let out = run_list(config);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "must fail: {stderr}");
    assert!(stderr.contains(sentence), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

#[tokio::test]
async fn missing_directory_says_create_it_or_set_store_path() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let db = missing.join("kyc.db");
    let err = Store::open(&db).await.err().unwrap();
    let sentence = format!(
        "the directory {} does not exist: create it or set store.path",
        missing.display()
    );
    assert_eq!(err.to_string(), sentence);
    assert!(!err.is_user_error());
    assert_binary_says(&write_config(dir.path(), &db), &sentence);
    assert!(!missing.exists(), "nothing was created");
}

#[tokio::test]
async fn garbage_file_is_reported_as_not_a_database() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    // Deterministic noise: 16 KiB from a linear congruential generator.
    let mut x: u32 = 12345;
    let bytes: Vec<u8> = (0..16 * 1024)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    std::fs::write(&db, &bytes).unwrap();
    let err = Store::open(&db).await.err().unwrap();
    let sentence = format!(
        "{} is not a kyc-triage database or is damaged: restore a backup or move it aside",
        db.display()
    );
    assert_eq!(err.to_string(), sentence);
    assert_binary_says(&write_config(dir.path(), &db), &sentence);
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file is left alone");
}

#[tokio::test]
async fn another_programs_database_is_refused_and_left_alone() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.db");
    let mut conn = raw_connection(&db, true).await;
    sqlx::query("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    let err = Store::open(&db).await.err().unwrap();
    assert!(
        err.to_string().contains("is not a kyc-triage database"),
        "{err}"
    );
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(tables, ["users"]);
    conn.close().await.unwrap();
}

#[tokio::test]
async fn full_disk_says_free_space_and_that_the_case_was_not_recorded() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    Store::open(&db).await.unwrap().close().await;
    // SQLite reports SQLITE_FULL when the file would pass max_page_count,
    // exactly as when the disk is full; no privileges or tmpfs needed.
    let options = StoreOptions {
        max_page_count: Some(40),
        ..StoreOptions::default()
    };
    let store = Store::open_with(&db, options).await.unwrap();
    let long = "x".repeat(3000);
    let mut stored = Vec::new();
    let err = loop {
        match store
            .escalate(case(&format!("u{}", stored.len()), None, &long))
            .await
        {
            Ok(e) => stored.push(e.id),
            Err(e) => break e,
        }
        assert!(stored.len() < 1000, "never filled up");
    };
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "the disk holding {} is full: free space; the case was NOT recorded",
            db.display()
        )
    );
    // What was acknowledged before is intact and readable.
    for id in &stored {
        store.get(*id).await.unwrap();
    }
    assert_eq!(
        store.list(Default::default()).await.unwrap().len(),
        stored.len()
    );
    let err = store.claim(stored[0], "mod").await;
    if let Err(e) = err {
        assert!(e.to_string().ends_with("the change was NOT saved"), "{e}");
    }
}

#[tokio::test]
async fn newer_schema_is_refused_with_upgrade_the_binary() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    Store::open(&db).await.unwrap().close().await;
    let mut conn = raw_connection(&db, false).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99, 'from the future', 1, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let known = kyc_triage::store::schema_version();
    let sentence = format!(
        "{} was written by a newer kyc-triage (schema 99 > {known}): upgrade the binary",
        db.display()
    );
    let err = Store::open(&db).await.err().unwrap();
    assert_eq!(err.to_string(), sentence);
    assert_binary_says(&write_config(dir.path(), &db), &sentence);
}

#[tokio::test]
async fn database_of_the_first_schema_is_upgraded_on_start() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    // Build a version-1 database with the first migration only, as the
    // first release of the store would have left it.
    let first = dir.path().join("v1");
    std::fs::create_dir(&first).unwrap();
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite/0001_escalations.sql");
    std::fs::copy(&source, first.join("0001_escalations.sql")).unwrap();
    let mut conn = raw_connection(&db, true).await;
    sqlx::migrate::Migrator::new(first.as_path())
        .await
        .unwrap()
        .run(&mut conn)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO escalations (created_at, updated_at, source, user_id, language, scenario,
           reason, text)
         VALUES ('2024-01-02T03:04:05.000Z', '2024-01-02T03:04:05.000Z', 'terminal', 'old',
           'zh', 'id-misuse', 'knowledge-base', 'an old case')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = Store::open(&db).await.unwrap();
    let old = store.get(1).await.unwrap();
    assert_eq!(old.text.as_deref(), Some("an old case"));
    assert_eq!((old.report_count, old.notice), (1, None));
    // The later migrations' features work on the upgraded file.
    let again = store
        .escalate(case("old", Some("id-misuse"), "again"))
        .await
        .unwrap();
    assert_eq!((again.id, again.created), (1, false));
    store.set_notice(1, 10, 20).await.unwrap();
    let log = store
        .log_triage(kyc_triage::store::TriageRecord {
            from_discord: false,
            language: kyc_triage::knowledge::Lang::Zh,
            decision: kyc_triage::triage::DecisionKind::Ignore,
            scenario: None,
            confidence: 0.0,
            reason: None,
            text: "hi".into(),
        })
        .await
        .unwrap();
    assert!(log > 0);
    store.close().await;
    let mut conn = raw_connection(&db, false).await;
    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(applied, kyc_triage::store::schema_version());
    assert!(applied >= 2, "keep at least two migrations");
}

/// Holds SQLite's write lock from another connection for `hold`.
async fn hold_write_lock(db: &Path, hold: Duration) -> tokio::task::JoinHandle<()> {
    let mut conn = raw_connection(db, false).await;
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut conn)
        .await
        .unwrap();
    tokio::spawn(async move {
        tokio::time::sleep(hold).await;
        sqlx::query("COMMIT").execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    })
}

fn impatient() -> StoreOptions {
    StoreOptions {
        busy_timeout: Duration::from_millis(100),
        busy_retries: 3,
        ..StoreOptions::default()
    }
}

#[tokio::test]
async fn write_waits_out_another_writer_instead_of_failing_locked() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    // Retries enough that a loaded machine, which may run the holder's
    // COMMIT late, cannot outlast them (a CI run failed here with 3).
    let options = StoreOptions {
        busy_retries: 30,
        ..impatient()
    };
    let store = Store::open_with(&db, options).await.unwrap();
    // Longer than busy_timeout: only the retry gets this write through.
    let holder = hold_write_lock(&db, Duration::from_millis(400)).await;
    let e = store.escalate(case("u", None, "waits")).await.unwrap();
    assert!(e.created);
    holder.await.unwrap();
}

#[tokio::test]
async fn writer_blocked_past_every_retry_gets_a_sentence_without_locked() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    let options = StoreOptions {
        busy_retries: 1,
        ..impatient()
    };
    let store = Store::open_with(&db, options).await.unwrap();
    let holder = hold_write_lock(&db, Duration::from_secs(2)).await;
    let err = store
        .escalate(case("u", None, "blocked"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    let sentence = err.to_string();
    assert!(!sentence.to_lowercase().contains("locked"), "{sentence}");
    assert!(
        sentence.ends_with("the case was NOT recorded"),
        "{sentence}"
    );
    holder.await.unwrap();
    store.escalate(case("u", None, "later")).await.unwrap();
}

/// Whether this test runs as root, who writes anywhere: the read-only
/// checks then run the binary as `nobody` instead.
fn running_as_root(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join("owner-probe");
    std::fs::write(&probe, b"").unwrap();
    let root = std::fs::metadata(&probe).unwrap().uid() == 0;
    std::fs::remove_file(&probe).unwrap();
    root
}

fn run_list_as(config: &Path, as_nobody: bool) -> Output {
    use std::os::unix::process::CommandExt;
    // `nobody` may not be allowed into the build directory (a clone under
    // /root, say): run a copy placed beside the config.
    let bin = if as_nobody {
        let copy = config.parent().unwrap().join("kyc-triage-copy");
        if !copy.exists() {
            std::fs::copy(BIN, &copy).unwrap();
            chmod(&copy, 0o755);
        }
        copy
    } else {
        Path::new(BIN).to_path_buf()
    };
    let mut cmd = Command::new(bin);
    cmd.arg("--config")
        .arg(config)
        .args(["escalations", "list"])
        .env_remove("RUST_LOG");
    if as_nobody {
        cmd.uid(65534).gid(65534);
    }
    cmd.output().unwrap()
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[tokio::test]
async fn read_only_directory_and_file_say_make_it_writable() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let root = running_as_root(dir.path());
    chmod(dir.path(), 0o755);

    // A directory the user cannot write: the database cannot be created.
    let ro_dir = dir.path().join("ro-dir");
    std::fs::create_dir(&ro_dir).unwrap();
    let db = ro_dir.join("kyc.db");
    let config = write_config(dir.path(), &db);
    chmod(&config, 0o644);
    chmod(&ro_dir, if root { 0o755 } else { 0o555 });
    let out = run_list_as(&config, root);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("the directory {} is read-only", ro_dir.display())),
        "{stderr}"
    );
    assert!(!db.exists());

    // A database file the user cannot write, in a directory they can.
    let rw_dir = dir.path().join("rw-dir");
    std::fs::create_dir(&rw_dir).unwrap();
    let db = rw_dir.join("kyc.db");
    let store = Store::open(&db).await.unwrap();
    store.escalate(case("u", None, "kept")).await.unwrap();
    store.close().await;
    chmod(&rw_dir, 0o777);
    chmod(&db, if root { 0o644 } else { 0o444 });
    let config = rw_dir.join("ro-file.toml");
    std::fs::write(
        &config,
        format!("[store]\npath = {:?}\n", db.display().to_string()),
    )
    .unwrap();
    chmod(&config, 0o644);
    let out = run_list_as(&config, root);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("{} is read-only", db.display())),
        "{stderr}"
    );
    chmod(&ro_dir, 0o755);
}

/// Regression for issue 9: after one failed write (a full disk) every
/// later write failed with "attempted to call begin_with at non-zero
/// transaction depth", even once space was free again. Now the writer
/// connection is replaced and the process keeps recording.
#[tokio::test]
async fn writes_work_again_after_the_disk_fills_and_frees() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    Store::open(&db).await.unwrap().close().await;
    let options = StoreOptions {
        max_page_count: Some(40),
        ..StoreOptions::default()
    };
    let store = Store::open_with(&db, options).await.unwrap();
    let long = "x".repeat(3000);
    let mut n = 0;
    let err = loop {
        match store.escalate(case(&format!("u{n}"), None, &long)).await {
            Ok(_) => n += 1,
            Err(e) => break e,
        }
        assert!(n < 1000, "never filled up");
    };
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    // Every kind of write fails the same honest way while the disk is full.
    for _ in 0..3 {
        let again = store.escalate(case("full", None, &long)).await.unwrap_err();
        assert!(matches!(again, StoreError::DiskFull { .. }), "{again:?}");
    }
    // Space comes back: another program (an operator's cleanup) frees pages.
    let mut conn = raw_connection(&db, false).await;
    sqlx::query("DELETE FROM audit")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("DELETE FROM escalations")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    for k in 0..5 {
        let e = store
            .escalate(case(
                &format!("after {k}"),
                Some("id-misuse"),
                "recorded again",
            ))
            .await
            .unwrap_or_else(|e| panic!("write {k} after the disk freed: {e}"));
        store.claim(e.id, "mod").await.unwrap();
    }
    store.close().await;
}

/// Issue 9: a damaged page was accepted silently while new cases were
/// acknowledged into the file. Now `PRAGMA quick_check` at start refuses it
/// with a sentence.
#[tokio::test]
async fn damaged_page_is_refused_at_start_with_a_sentence() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    let store = Store::open(&db).await.unwrap();
    let long = "y".repeat(2000);
    for n in 0..60 {
        store
            .escalate(case(&format!("u{n}"), None, &long))
            .await
            .unwrap();
    }
    store.close().await;
    // Fold the write-ahead log into the file first: closing the pools
    // checkpoints too, but on a loaded machine the last connection may
    // still be closing when the file is read (a CI run saw 4,096 bytes).
    let mut conn = raw_connection(&db, false).await;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .unwrap();
    // The cases table's root page: a b-tree page, whose damage quick_check
    // sees (a page picked by number may be an overflow page of text, whose
    // content it does not check, and migrations move the numbers).
    let root: i64 =
        sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = 'escalations'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    conn.close().await.unwrap();
    // Scribble over the middle of a table page, past its header, as a bad
    // sector or a stray write would.
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 24 * 4096, "{} bytes", bytes.len());
    let page = (root as usize - 1) * 4096;
    for b in &mut bytes[page + 8..page + 3000] {
        *b = 0x5A;
    }
    std::fs::write(&db, &bytes).unwrap();
    let err = match Store::open(&db).await {
        Ok(_) => panic!("a damaged file was accepted"),
        Err(e) => e,
    };
    let sentence = err.to_string();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert!(sentence.contains("restore a backup"), "{sentence}");
    let config = write_config(dir.path(), &db);
    assert_binary_says(&config, "is damaged (");
}
