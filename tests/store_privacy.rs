//! Nothing raw reaches disk: messages full of ID numbers, phone numbers, a
//! seed phrase and more go in through every free-text field of the API and
//! through `kyc-triage chat`, then the bytes of the database file and its
//! -wal and -shm files are searched for them. The logs are searched too.

mod common;

use common::{init_tracing, text, write_config, BIN};
use kyc_triage::knowledge::Lang;
use kyc_triage::store::{NewEscalation, Reporter, Store, TriageRecord};
use kyc_triage::triage::{DecisionKind, EscalationReason};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SECRETS: &[&str] = &[
    "11010519491231002X",
    "440308199001011239",
    "310115198512310459",
    "13812345678",
    "+86 139 1234 5678",
    "victim.name@example.com",
    "legal winner thank year wave sausage worth useful legal winner thank yellow",
    "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
];

fn message(n: usize) -> String {
    format!(
        "someone used my ID {} and I never signed up! call me on {} or {}, mail {}. \
         my seed is {} key {} ({n})",
        SECRETS[n % 3],
        SECRETS[3],
        SECRETS[4],
        SECRETS[5],
        SECRETS[6],
        SECRETS[7]
    )
}

/// The database file and whichever of its -wal and -shm files exist.
fn files(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| PathBuf::from(format!("{}{s}", db.display())))
        .filter(|p| p.exists())
        .collect()
}

fn assert_no_secret_in_files(db: &Path) {
    let files = files(db);
    assert!(!files.is_empty());
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        for secret in SECRETS {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{secret:?} is in {}", file.display());
        }
    }
}

#[tokio::test]
async fn no_raw_personal_data_in_the_database_or_its_wal_and_shm() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    let store = Store::open(&db).await.unwrap();
    for n in 0..30 {
        let discord = n % 2 == 0;
        let reporter = if discord {
            Reporter::Discord {
                guild_id: Some(1),
                channel_id: 2,
                message_id: 3 + n as u64,
                user_id: 4 + (n % 3) as u64,
            }
        } else {
            // A user name is free text too.
            Reporter::Terminal {
                user: format!("{} {}", SECRETS[5], n % 3),
            }
        };
        let e = store
            .escalate(NewEscalation {
                reporter,
                display_name: Some(format!("{} {}", SECRETS[3], SECRETS[5])),
                language: Lang::En,
                scenario: (n % 3 == 0).then(|| "id-misuse".to_string()),
                confidence: Some(0.9),
                reason: EscalationReason::KnowledgeBase,
                context: Some(message(n + 1)),
                text: message(n),
            })
            .await
            .unwrap();
        let log = store
            .log_triage(TriageRecord {
                from_discord: discord,
                language: Lang::En,
                decision: DecisionKind::Escalate,
                scenario: None,
                confidence: 0.1,
                reason: Some(EscalationReason::NoMatch),
                text: message(n),
            })
            .await
            .unwrap();
        store.record_feedback(log, false).await.unwrap();
        if n % 5 == 0 && e.created {
            let moderator = format!("mod {}", SECRETS[4]);
            store.claim(e.id, &moderator).await.unwrap();
            store
                .resolve(e.id, &moderator, &message(n + 2))
                .await
                .unwrap();
        }
    }
    // The redacted text is there: redaction happened, the text was not dropped.
    let first = store.get(1).await.unwrap();
    assert!(first.text.unwrap().contains("someone used my ID"));
    // While open, with the WAL holding recent pages.
    assert_no_secret_in_files(&db);
    store.close().await;
    assert_no_secret_in_files(&db);
}

#[tokio::test]
async fn chat_writes_and_logs_no_raw_personal_data() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    let config = write_config(dir.path(), &db);
    let input: String = (0..12).map(|n| message(n) + "\n").collect();
    let mut child = Command::new(BIN)
        .arg("--config")
        .arg(&config)
        .args(["chat", "--user", SECRETS[3]])
        // Every log line the program can produce, to check it too.
        .env("RUST_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !common::announced_ids(&text(&out.stdout)).is_empty(),
        "{}",
        text(&out.stdout)
    );
    for secret in SECRETS {
        assert!(!stderr.contains(secret), "{secret:?} logged");
    }
    assert_no_secret_in_files(&db);
}

/// A pasted 100 KB message is stored capped, and an ID number beyond the
/// cap never reaches the file even in part.
#[tokio::test]
async fn huge_messages_are_capped_after_redaction() {
    use kyc_triage::knowledge::Lang;
    use kyc_triage::store::{NewEscalation, Reporter, Store, MAX_STORED_CHARS};
    use kyc_triage::triage::EscalationReason;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cap.db");
    let store = Store::open(&path).await.unwrap();
    let id_number = "11010519491231002X";
    let text = format!("{}{id_number}", "blah ".repeat(MAX_STORED_CHARS / 5 - 2));
    let case = NewEscalation {
        reporter: Reporter::Terminal { user: "cap".into() },
        display_name: None,
        language: Lang::En,
        scenario: None,
        confidence: None,
        reason: EscalationReason::NoMatch,
        context: None,
        text: format!("{text}{}", "x".repeat(100_000)),
    };
    let id = store.escalate(case).await.unwrap().id;
    let stored = store.get(id).await.unwrap().text.unwrap();
    assert!(
        stored.chars().count() < MAX_STORED_CHARS + 100,
        "{} chars",
        stored.chars().count()
    );
    assert!(stored.contains("more characters not kept"));
    store.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let file = dir.path().join(format!("cap.db{suffix}"));
        if let Ok(bytes) = std::fs::read(&file) {
            let haystack = String::from_utf8_lossy(&bytes);
            assert!(
                !haystack.contains("1101051949"),
                "raw ID fragment in {}",
                file.display()
            );
        }
    }
}
