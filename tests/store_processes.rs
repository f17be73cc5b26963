//! Several real `kyc-triage` processes on one database file, and one killed
//! in the middle of writing: every case number a user was shown is stored,
//! the file stays sound, and no one ever reads "database is locked".

mod common;

use common::{
    announced_ids, fresh_location, init_tracing, raw_connection, run, text, unmatched_line,
    write_config_at, Db, BIN, MISUSE_LINE,
};
use kyc_triage::store::{ListFilter, Location, Store, StoreOptions};
use sqlx::Connection;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The conversation of one process: misuse reports (merged into the user's
/// open case) between unmatched messages (a new case each).
fn script(process: usize, lines: usize) -> String {
    (0..lines)
        .map(|n| {
            if n % 4 == 0 {
                format!("{MISUSE_LINE}\n")
            } else {
                format!("{}\n", unmatched_line(process * 1000 + n))
            }
        })
        .collect()
}

/// SQLite's own check of the file; a Postgres server keeps its pages
/// sound by itself, so there the cases' presence is the whole check.
async fn integrity(location: &Location) -> String {
    let Location::Sqlite(db) = location else {
        return "ok".into();
    };
    let mut conn = raw_connection(db, false).await;
    let result: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    result
}

async fn eight_chat_processes_on_one_file_lose_nothing_and_never_say_locked(db: Db) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).unwrap();
    let config = write_config_at(dir.path(), &location);
    // Two processes per user, so that merging races across processes too;
    // the file does not exist yet, so they also race to create it.
    let children: Vec<_> = (0..8)
        .map(|p| {
            let user = format!("user{}", p / 2);
            let mut child = Command::new(BIN)
                .arg("--config")
                .arg(&config)
                .args(["chat", "--user", &user])
                .env_remove("RUST_LOG")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let input = script(p, 40);
            std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
            (user, child)
        })
        .collect();
    let mut announced: HashMap<String, Vec<i64>> = HashMap::new();
    for (user, child) in children {
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(out.status.success(), "{user}: {stderr}");
        for output in [&stdout, &stderr] {
            assert!(
                !output.to_lowercase().contains("locked"),
                "{user}: {output}"
            );
        }
        let ids = announced_ids(&stdout);
        assert_eq!(ids.len(), 40, "{user}: every line escalates:\n{stdout}");
        announced.entry(user).or_default().extend(ids);
    }

    let store = Store::open_at(location.clone(), StoreOptions::default())
        .await
        .unwrap();
    let cases = store.list(ListFilter::default()).await.unwrap();
    // What a moderator sees: `escalations list` shows every stored case.
    let out = run(
        &config,
        &["escalations", "list", "--json", "--limit", "1000"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed: HashSet<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let stored: HashSet<i64> = cases.iter().map(|c| c.id).collect();
    assert_eq!(listed, stored, "escalations list shows every case");
    let by_id: HashMap<i64, _> = cases.iter().map(|c| (c.id, c)).collect();
    for (user, ids) in &announced {
        let mine: Vec<_> = cases
            .iter()
            .filter(|c| c.reporter.to_string() == format!("terminal user {user}"))
            .collect();
        for id in ids {
            let case = by_id.get(id).unwrap_or_else(|| panic!("case #{id} lost"));
            assert_eq!(case.reporter.to_string(), format!("terminal user {user}"));
        }
        // Every report is counted once, in a case that was announced.
        let reports: i64 = mine.iter().map(|c| c.report_count).sum();
        assert_eq!(reports as usize, ids.len(), "{user}");
        let distinct: HashSet<&i64> = ids.iter().collect();
        assert_eq!(distinct.len(), mine.len(), "{user}: no unannounced cases");
        let merged = mine
            .iter()
            .filter(|c| c.scenario.as_deref() == Some("id-misuse"))
            .count();
        assert_eq!(
            merged, 1,
            "{user}: both processes' misuse reports share one case"
        );
    }
    store.close().await;
    assert_eq!(integrity(&location).await, "ok");
}

/// Feeds `chat` until `wanted` case numbers were announced, then SIGKILLs it
/// while it is still writing; returns the announced numbers.
fn chat_until_killed(config: &Path, user: &str, offset: usize, wanted: usize) -> Vec<i64> {
    let mut child = Command::new(BIN)
        .arg("--config")
        .arg(config)
        .args(["chat", "--user", user])
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Far more input than it will get through before the kill.
    let feeder = std::thread::spawn(move || {
        for n in 0..100_000 {
            let line = if n % 5 == 0 {
                format!("{MISUSE_LINE}\n")
            } else {
                format!("{}\n", unmatched_line(offset + n))
            };
            if stdin.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
    });
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut ids = Vec::new();
    let started = Instant::now();
    for line in stdout.lines() {
        let line = line.unwrap();
        ids.extend(announced_ids(&line));
        if ids.len() >= wanted {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "too slow");
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no checkpoint, no close.
    child.wait().unwrap();
    feeder.join().unwrap();
    ids
}

async fn sigkill_mid_load_keeps_every_announced_case_and_a_sound_file(db: Db) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).unwrap();
    let config = write_config_at(dir.path(), &location);
    let mut announced = Vec::new();
    // Twice on the same file: the second run starts from a killed one.
    for round in 0..2 {
        let ids = chat_until_killed(&config, "crash", round * 10_000, 60);
        assert!(ids.len() >= 60);
        announced.extend(ids);
        assert_eq!(integrity(&location).await, "ok", "after kill {round}");
    }
    let store = Store::open_at(location.clone(), StoreOptions::default())
        .await
        .unwrap();
    for id in &announced {
        store
            .get(*id)
            .await
            .unwrap_or_else(|e| panic!("announced case #{id}: {e}"));
    }
    // The merged misuse case counts at least every announced report of it.
    let misuse = store
        .list(ListFilter::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.scenario.as_deref() == Some("id-misuse"))
        .collect::<Vec<_>>();
    assert_eq!(misuse.len(), 1);
    let announced_misuse = announced.iter().filter(|id| **id == misuse[0].id).count();
    assert!(misuse[0].report_count as usize >= announced_misuse);
    store.close().await;
}

on_both_backends! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async eight_chat_processes_on_one_file_lose_nothing_and_never_say_locked;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async sigkill_mid_load_keeps_every_announced_case_and_a_sound_file;
}
