//! The `ask --json --batch` contract other tools rely on, driven through
//! the real binary.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `ask --json --batch` on `input`; returns its standard output.
fn run_batch(input: &[u8]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kyc-triage"))
        .args(["ask", "--json", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn batch(input: &str) -> Vec<serde_json::Value> {
    run_batch(input.as_bytes())
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn batch_answers_each_line_in_order_with_the_contract_fields() {
    let input = "my id photo keeps saying image unclear\n\n提币要多久到账\n有人用我的身份证注册了账号，我从来没注册过\n";
    let rows = batch(input);
    assert_eq!(
        rows.len(),
        4,
        "one object per input line, blank lines included"
    );
    for row in &rows {
        let decision = row["decision"].as_str().unwrap();
        assert!(["answer", "clarify", "escalate", "ignore"].contains(&decision));
        let confidence = row["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
        assert!(["en", "zh"].contains(&row["language"].as_str().unwrap()));
        let candidates = row["candidates"].as_array().unwrap();
        assert!(candidates.len() <= 3);
        for c in candidates {
            assert!(c["scenario"].is_string());
            assert!((0.0..=1.0).contains(&c["score"].as_f64().unwrap()));
        }
        assert!(
            row.get("scenario").is_some(),
            "scenario key present (null allowed)"
        );
    }
    assert_eq!(rows[0]["decision"], "answer");
    assert_eq!(rows[0]["scenario"], "photo-unreadable");
    assert_eq!(rows[0]["language"], "en");
    assert_eq!(rows[1]["decision"], "ignore");
    assert_eq!(rows[2]["decision"], "ignore");
    assert_eq!(rows[2]["language"], "zh");
    assert_eq!(rows[3]["decision"], "escalate");
    assert_eq!(rows[3]["scenario"], "id-misuse");
}

#[test]
fn invalid_utf8_and_crlf_lines_do_not_break_the_batch() {
    let out = run_batch(b"face scan failed\r\n\xff\xfe broken bytes\r\nhello\r\n");
    assert_eq!(out.lines().count(), 3);
}

#[test]
fn single_message_json() {
    let out = Command::new(env!("CARGO_BIN_EXE_kyc-triage"))
        .args(["ask", "--json", "人脸识别一直失败，验证超时"])
        .output()
        .unwrap();
    let row: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row["scenario"], "face-failed");
    assert_eq!(row["language"], "zh");
}
