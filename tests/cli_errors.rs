//! The binary's errors carry their kind: a user's mistake exits 1, a fault
//! of the system exits 2, each with one sentence; `--help` describes every
//! argument. And `chat` through the real binary: commands, a scripted
//! follow-up, a line too long to keep.

mod common;

use common::{run, text, write_config};

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &dir.path().join("kyc.db"));
    (dir, config)
}

/// Exit code and stderr.
fn fails(config: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = run(config, args, "");
    (out.status.code().unwrap_or(-1), text(&out.stderr))
}

fn one_sentence(stderr: &str) {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
}

#[test]
fn user_mistakes_exit_1_with_one_sentence() {
    let (_dir, config) = setup();
    let (code, err) = fails(&config, &["escalations", "show", "999"]);
    assert_eq!(code, 1, "{err}");
    one_sentence(&err);
    assert!(err.contains("no case #999"), "{err}");

    // A case claimed by someone else cannot be claimed again.
    let out = run(
        &config,
        &["chat", "--user", "alice"],
        "it says my ID is already registered but I never signed up\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        run(&config, &["escalations", "claim", "1", "--by", "mod1"], "")
            .status
            .code(),
        Some(0)
    );
    let (code, err) = fails(&config, &["escalations", "claim", "1", "--by", "mod2"]);
    assert_eq!(code, 1, "{err}");
    one_sentence(&err);

    // Bad flags and values are mistakes too, not faults.
    let (code, err) = fails(&config, &["escalations", "list", "--status", "closed"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("open, claimed, resolved, dismissed"), "{err}");
    let (code, _) = fails(&config, &["escalations", "show", "0"]);
    assert_eq!(code, 1);
    let (code, _) = fails(&config, &["ask", "--no-such-flag"]);
    assert_eq!(code, 1);
    let (code, err) = fails(&config, &["eval", "no/such/file.yaml"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn system_faults_exit_2_with_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    // The store's directory does not exist.
    let config = write_config(dir.path(), &dir.path().join("missing/kyc.db"));
    let (code, err) = fails(&config, &["escalations", "list"]);
    assert_eq!(code, 2, "{err}");
    one_sentence(&err);
    // A configuration file that is not TOML.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[store\n").unwrap();
    let (code, err) = fails(&bad, &["stats"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn help_describes_every_argument() {
    let (_dir, config) = setup();
    for sub in ["claim", "resolve", "dismiss", "reopen", "show"] {
        let out = run(&config, &["escalations", sub, "--help"], "");
        assert!(out.status.success());
        let help = text(&out.stdout);
        assert!(help.contains("<ID>  The case number"), "{sub}: {help}");
        if sub != "show" {
            // On one line, however wide the column (global options such
            // as --log-format set its width).
            assert!(
                help.lines()
                    .any(|l| l.contains("--by <NAME>") && l.contains("  Your name")),
                "{sub}: {help}"
            );
        }
    }
    let out = run(&config, &["escalations", "list", "--help"], "");
    let help = text(&out.stdout);
    for value in ["- open:", "- claimed:", "- resolved:", "- dismissed:"] {
        assert!(help.contains(value), "{value}: {help}");
    }
}

#[test]
fn chat_through_the_binary_follow_ups_and_commands() {
    let (_dir, config) = setup();
    let out = run(
        &config,
        &["chat", "--user", "alice"],
        "/help\nface scan keeps failing\nnope, still failing\n/quit\nkyc\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("/reset"), "{said}");
    assert!(said.contains("case number is #1"), "{said}");
    assert!(
        !said.contains("Which of these"),
        "nothing after /quit: {said}"
    );
    let list = run(&config, &["escalations", "list", "--json"], "");
    let cases: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(cases[0]["scenario"], "face-failed");
    assert_eq!(cases[0]["reason"], "not-helped");
}

#[test]
fn chat_cuts_a_line_too_long_to_keep_and_reads_the_next() {
    let (_dir, config) = setup();
    let long = "a".repeat(3 * 1024 * 1024);
    let out = run(
        &config,
        &["chat", "--user", "alice"],
        &format!("{long}\nface scan keeps failing\nyes thanks\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("longer than 64 KiB"),
        "{}",
        &said[..said.len().min(500)]
    );
    assert!(
        said.contains("Glad it worked"),
        "{}",
        &said[..said.len().min(2000)]
    );
}
