//! The binary's log lines as an operator's tools receive them: plain text
//! without colour escapes when stderr is a pipe or a file, colour at a
//! terminal unless NO_COLOR is set, and with `--log-format json` (or
//! KYC_TRIAGE_LOG_FORMAT=json) one JSON object per line.

use crate::binary::{serve_command, signal, stderr_of, wait_exit};
use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::{FakeDiscord, TIMEOUT};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kyc-triage");

/// `escalations list` on a fresh database, logging at debug (sqlx says a
/// few lines per query), with stderr piped.
fn list_with_logs(dir: &std::path::Path, tweak: impl FnOnce(&mut Command)) -> Output {
    let config = dir.join("kyc-triage.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\npath = {:?}\n",
            dir.join("kyc.db").display().to_string()
        ),
    )
    .unwrap();
    let mut command = Command::new(BIN);
    command
        .arg("--config")
        .arg(&config)
        .args(["escalations", "list"])
        .env("RUST_LOG", "debug")
        .env_remove("NO_COLOR")
        .env_remove("KYC_TRIAGE_LOG_FORMAT")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    tweak(&mut command);
    command.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every line a JSON object with a timestamp, a level, a target and its
/// fields (the message among them); returns the objects.
fn json_lines(log: &str) -> Vec<serde_json::Value> {
    assert!(!log.trim().is_empty(), "no log lines");
    log.lines()
        .map(|line| {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"));
            for key in ["level", "target", "timestamp"] {
                assert!(v[key].is_string(), "no {key}: {line}");
            }
            // Most events have a message; some (sqlx's query events) only
            // fields.
            let fields = v["fields"].as_object();
            assert!(fields.is_some_and(|f| !f.is_empty()), "no fields: {line}");
            assert!(!line.contains('\x1b'), "escapes in JSON: {line:?}");
            v
        })
        .collect()
}

#[test]
fn piped_stderr_gets_no_colour_and_json_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = list_with_logs(dir.path(), |_| {});
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stderr(&out);
    assert!(log.contains("DEBUG"), "debug lines expected: {log}");
    assert!(!log.contains('\x1b'), "ANSI escapes on a pipe: {log:?}");

    for tweak in [
        (|c: &mut Command| {
            c.args(["--log-format", "json"]);
        }) as fn(&mut Command),
        |c: &mut Command| {
            c.env("KYC_TRIAGE_LOG_FORMAT", "json");
        },
    ] {
        let out = list_with_logs(dir.path(), tweak);
        assert!(out.status.success(), "{}", stderr(&out));
        let lines = json_lines(&stderr(&out));
        assert!(lines.iter().any(|v| v["level"] == "DEBUG"));
    }
    // The flag wins over the variable.
    let out = list_with_logs(dir.path(), |c| {
        c.env("KYC_TRIAGE_LOG_FORMAT", "json")
            .args(["--log-format", "text"]);
    });
    assert!(!stderr(&out).trim_start().starts_with('{'));

    let out = list_with_logs(dir.path(), |c| {
        c.env("KYC_TRIAGE_LOG_FORMAT", "yaml");
    });
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: KYC_TRIAGE_LOG_FORMAT must be `text` or `json`, not `yaml`\n"
    );
    let out = list_with_logs(dir.path(), |c| {
        c.args(["--log-format", "yaml"]);
    });
    assert_eq!(out.status.code(), Some(1), "a bad argument");
}

/// At a terminal (a pseudo-terminal from util-linux `script`) the text
/// format is coloured, unless NO_COLOR is set.
#[test]
fn a_terminal_gets_colour_unless_no_color_is_set() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipping: no `script` (util-linux) to make a terminal");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let at_terminal = |no_color: bool| {
        list_with_logs(dir.path(), |c| {
            // script runs the command line on a new pseudo-terminal and
            // copies what it wrote (stdout and stderr) to its stdout.
            let line = format!(
                "{BIN} --config {} escalations list",
                dir.path().join("kyc-triage.toml").display()
            );
            *c = Command::new("script");
            c.args(["-qec", &line, "/dev/null"])
                .env("RUST_LOG", "debug")
                .env_remove("KYC_TRIAGE_LOG_FORMAT")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            if no_color {
                c.env("NO_COLOR", "1");
            } else {
                c.env_remove("NO_COLOR");
            }
        })
    };
    let coloured = at_terminal(false);
    let text = String::from_utf8_lossy(&coloured.stdout);
    assert!(coloured.status.success(), "{text}");
    assert!(text.contains("DEBUG"), "{text}");
    assert!(text.contains('\x1b'), "a terminal gets colour: {text:?}");
    let plain = at_terminal(true);
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(text.contains("DEBUG"), "{text}");
    assert!(!text.contains('\x1b'), "NO_COLOR is honoured: {text:?}");
}

/// `serve` in JSON: every line of a whole session (start, a decision, the
/// shutdown) is an object; no message text, only ids and decisions.
#[tokio::test]
async fn serve_logs_json_lines_end_to_end() {
    let fake = FakeDiscord::start_with(fake_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = serve_command(&fake, dir.path(), "info,kyc_triage=debug", "")
        .args(["--log-format", "json"])
        .spawn()
        .unwrap();
    fake.wait_for_request(
        |r| r.is("PUT", "/applications/*/guilds/*/commands"),
        TIMEOUT,
    )
    .await;
    let secret = "my passport number is E12345678 and my photo keeps failing";
    let m = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), alice(), secret);
    fake.send_dispatch("MESSAGE_CREATE", m.build()).await;
    fake.wait_for_request(|r| r.is("POST", "/channels/*/messages"), TIMEOUT)
        .await;
    signal(&child, "TERM");
    assert!(wait_exit(&mut child).await.success());
    let log = stderr_of(dir.path());
    let lines = json_lines(&log);
    let messages: Vec<&str> = lines
        .iter()
        .filter_map(|v| v["fields"]["message"].as_str())
        .collect();
    for said in ["connected to Discord", "answered", "stopped"] {
        assert!(messages.contains(&said), "no {said:?} in {messages:?}");
    }
    assert!(
        lines
            .iter()
            .any(|v| v["target"] == "kyc_triage::discord::messages"),
        "targets name the module"
    );
    assert!(!log.contains("E12345678"), "a passport number in the log");
    assert!(!log.contains(fake.token()), "the token in the log");
}
