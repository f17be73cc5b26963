//! Helpers shared by the store's integration tests.
#![allow(dead_code)]

pub mod postgres;

use kyc_triage::knowledge::Lang;
use kyc_triage::store::Location;
use kyc_triage::store::{NewEscalation, Reporter};
use kyc_triage::triage::EscalationReason;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The real binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_kyc-triage");

/// Logs in tests only when asked for: `RUST_LOG=debug cargo test ...`.
pub fn init_tracing() {
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
}

/// Writes a config file in `dir` pointing at `db` and the repo's knowledge base.
pub fn write_config(dir: &Path, db: &Path) -> PathBuf {
    let path = dir.join("kyc-triage.toml");
    let knowledge = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    std::fs::write(
        &path,
        format!(
            "[store]\npath = {:?}\n\n[knowledge]\ndir = {:?}\n",
            db.display().to_string(),
            knowledge.display().to_string()
        ),
    )
    .unwrap();
    path
}

/// Runs the binary with `--config config` and `args`, stdin from `input`.
pub fn run(config: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Case numbers announced by `chat` in its output, in order (English or Chinese).
pub fn announced_ids(stdout: &str) -> Vec<i64> {
    stdout
        .lines()
        .filter(|l| l.contains("case number is #") || l.contains("工单编号是 #"))
        .filter_map(|l| {
            let digits: String = l
                .split('#')
                .nth(1)?
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .collect()
}

/// A case from terminal user `user`.
pub fn case(user: &str, scenario: Option<&str>, text: &str) -> NewEscalation {
    NewEscalation {
        reporter: Reporter::Terminal { user: user.into() },
        display_name: Some(user.into()),
        language: Lang::En,
        scenario: scenario.map(Into::into),
        confidence: scenario.map(|_| 0.8),
        reason: if scenario.is_some() {
            EscalationReason::KnowledgeBase
        } else {
            EscalationReason::NoMatch
        },
        context: None,
        text: text.into(),
    }
}

/// A message that escalates without a scenario (a request for a human about
/// verification), so each one opens a new case, distinguished by `n`.
pub fn unmatched_line(n: usize) -> String {
    let mut tag = String::new();
    let mut k = n;
    loop {
        tag.push((b'a' + (k % 26) as u8) as char);
        k /= 26;
        if k == 0 {
            break;
        }
    }
    format!("转人工 我的认证有问题 q{tag}")
}

/// A report of suspected identity misuse (merged into the user's open case).
pub const MISUSE_LINE: &str = "someone used my ID to open an account, I never signed up";

/// A plain SQLite connection to `db`, past the store, for tests that look
/// at or tamper with the file itself. `create` makes the file if missing.
pub async fn raw_connection(db: &Path, create: bool) -> sqlx::SqliteConnection {
    use sqlx::ConnectOptions;
    sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(create)
        .connect()
        .await
        .unwrap()
}

/// The store backend a test runs on; the store's suites run on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A fresh, empty store location for `db`: `kyc.db` in `dir`, or a new
/// database on the test cluster. `None` (the reason printed) when
/// PostgreSQL is not installed.
pub fn fresh_location(db: Db, dir: &Path) -> Option<Location> {
    match db {
        Db::Sqlite => Some(Location::Sqlite(dir.join("kyc.db"))),
        Db::Postgres => postgres::fresh_database().map(Location::Postgres),
    }
}

/// Writes a config file in `dir` pointing at `location` and the repo's
/// knowledge base.
pub fn write_config_at(dir: &Path, location: &Location) -> PathBuf {
    match location {
        Location::Sqlite(db) => write_config(dir, db),
        Location::Postgres(url) => {
            let path = dir.join("kyc-triage.toml");
            let knowledge = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
            std::fs::write(
                &path,
                format!(
                    "[store]\nurl = {url:?}\n\n[knowledge]\ndir = {:?}\n",
                    knowledge.display().to_string()
                ),
            )
            .unwrap();
            path
        }
    }
}

/// Runs each listed test, written as `fn name(db: Db)` (or `async fn`), once
/// per backend: `sqlite::name` and `postgres::name`. The Postgres variant
/// returns after a printed notice when PostgreSQL is not installed.
#[macro_export]
macro_rules! on_both_backends {
    ($($(#[$attr:meta])* $kind:ident $name:ident;)*) => {
        mod sqlite {
            $($crate::on_both_backends!(@one $kind $name Sqlite $(#[$attr])*);)*
        }
        mod postgres {
            $($crate::on_both_backends!(@one $kind $name Postgres $(#[$attr])*);)*
        }
    };
    (@one async $name:ident $db:ident $(#[$attr:meta])*) => {
        $(#[$attr])*
        async fn $name() {
            if $crate::common::Db::$db == $crate::common::Db::Postgres
                && $crate::common::postgres::cluster().is_none()
            {
                return;
            }
            super::$name($crate::common::Db::$db).await
        }
    };
    (@one sync $name:ident $db:ident $(#[$attr:meta])*) => {
        $(#[$attr])*
        fn $name() {
            if $crate::common::Db::$db == $crate::common::Db::Postgres
                && $crate::common::postgres::cluster().is_none()
            {
                return;
            }
            super::$name($crate::common::Db::$db)
        }
    };
}

/// `GET path` on the bot's `/healthz` and `/metrics` server, over a fresh
/// connection: (status, body).
pub async fn http_get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP response");
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}
