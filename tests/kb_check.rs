//! `kyc-triage kb check`: every editor mistake is reported with file and
//! line, and errors exit 1. Each test breaks a copy of the shipped base.

use std::path::{Path, PathBuf};
use std::process::Command;

fn shipped() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// A temporary copy of the shipped knowledge base.
fn copy_kb() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(shipped()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn check(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kyc-triage"))
        .args(["kb", "check"])
        .arg(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn shipped_knowledge_base_has_no_errors() {
    let (code, out) = check(&shipped());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s)"), "{out}");
    assert!(out.contains("route to their own class"), "{out}");
}

#[test]
fn yaml_syntax_error_names_file_line_and_column() {
    let dir = copy_kb();
    edit(
        dir.path(),
        "face-failed.yaml",
        "title:\n",
        "title: [unclosed\n",
    );
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("face-failed.yaml:"), "{out}");
    assert!(out.contains("error") && out.contains("YAML"), "{out}");
    let located = out.lines().any(|l| {
        l.contains("face-failed.yaml:")
            && l.split(':')
                .nth(1)
                .is_some_and(|n| n.parse::<usize>().is_ok())
    });
    assert!(located, "no line number: {out}");
}

#[test]
fn unknown_field_is_an_error_with_its_line() {
    let dir = copy_kb();
    edit(
        dir.path(),
        "review-time.yaml",
        "escalate:",
        "escalte: false\nescalate:",
    );
    let line = line_of(dir.path(), "review-time.yaml", "escalte");
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("review-time.yaml:{line}")),
        "want line {line}: {out}"
    );
    assert!(out.contains("escalte"), "{out}");
}

#[test]
fn missing_language_is_an_error() {
    let dir = copy_kb();
    let path = dir.path().join("modify-info.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Drop the Chinese answer: everything from "  zh: |" after "answer:".
    let answer = text.find("answer:").unwrap();
    let zh = answer + text[answer..].find("\n  zh:").unwrap();
    std::fs::write(&path, &text[..zh]).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("modify-info.yaml") && out.contains("zh"),
        "{out}"
    );
}

#[test]
fn duplicate_ids_across_files_are_errors() {
    let dir = copy_kb();
    std::fs::copy(
        dir.path().join("review-time.yaml"),
        dir.path().join("review-time-copy.yaml"),
    )
    .unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("duplicate id `review-time`"), "{out}");
}

#[test]
fn a_prompt_claimed_by_two_scenarios_is_an_error() {
    let dir = copy_kb();
    edit(
        dir.path(),
        "face-failed.yaml",
        "prompts:\n  en:\n",
        "prompts:\n  en:\n    - Image unclear\n",
    );
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("also claimed by"), "{out}");
}

#[test]
fn answers_longer_than_an_embed_are_errors() {
    let dir = copy_kb();
    let long = "x".repeat(5000);
    edit(
        dir.path(),
        "review-time.yaml",
        "answer:\n  en: |\n",
        &format!("answer:\n  en: |\n    {long}\n"),
    );
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("4096"), "{out}");
}

#[test]
fn unknown_related_scenario_is_an_error() {
    let dir = copy_kb();
    edit(
        dir.path(),
        "review-time.yaml",
        "related: [",
        "related: [no-such-scenario, ",
    );
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("`no-such-scenario` does not exist"), "{out}");
}

#[test]
fn a_misfiled_example_is_a_warning_not_an_error() {
    let dir = copy_kb();
    edit(
        dir.path(),
        "review-time.yaml",
        "examples:\n  en:\n",
        "examples:\n  en:\n    - my selfie liveness check keeps failing in the dark\n",
    );
    let (code, out) = check(dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("warning [review-time]") && l.contains("liveness")),
        "{out}"
    );
}

#[test]
fn missing_directory_is_a_clear_error() {
    let (code, out) = check(Path::new("/nonexistent/knowledge"));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/nonexistent/knowledge"), "{out}");
}
