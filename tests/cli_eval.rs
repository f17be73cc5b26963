//! `kyc-triage eval`: the report a knowledge-base editor reads, and the
//! `--min-accuracy` gate a build can use.

use std::process::Command;

fn eval(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kyc-triage"))
        .arg("eval")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn report_has_accuracy_per_scenario_confusion_and_misses() {
    let (code, out) = eval(&["tests/eval/dev.yaml"]);
    assert_eq!(code, 0, "{out}");
    for part in [
        "in scope, right scenario",
        "precision",
        "recall",
        "confusion",
        "id-misuse",
    ] {
        assert!(out.contains(part), "missing `{part}`: {out}");
    }
}

#[test]
fn min_accuracy_fails_the_build_when_not_met() {
    let (code, out) = eval(&["tests/eval/dev.yaml", "--min-accuracy", "0.999"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("below --min-accuracy"), "{out}");
    let (code, out) = eval(&["tests/eval/dev.yaml", "--min-accuracy", "0.5"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn json_report_parses() {
    let (code, out) = eval(&["--json", "tests/eval/holdout.yaml"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(report["in_scope_right"].as_f64().unwrap() > 0.0);
    assert!(report["confusion"].is_object());
}

#[test]
fn unknown_label_and_bad_yaml_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bad_label = dir.path().join("bad.yaml");
    std::fs::write(&bad_label, "- text: hello\n  expect: no-such-scenario\n").unwrap();
    let (code, out) = eval(&[bad_label.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(out.contains("no-such-scenario"), "{out}");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "- text: [unclosed\n").unwrap();
    let (code, out) = eval(&[broken.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(out.contains("broken.yaml:"), "{out}");
}
