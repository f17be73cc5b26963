//! PLACEHOLDER on branch `store` only, until branch `redact` lands: the same
//! API (`redact`, `redact_str`, `Redacted`, `Finding`) with a few coarse
//! patterns, so that the store can redact before it writes. Delete in the
//! merge and keep `redact`'s version.

use regex::Regex;
use std::sync::OnceLock;

/// Redacted text and what was found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Redacted {
    pub text: String,
    pub findings: Vec<Finding>,
}

/// One piece of personal data that was replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: &'static str,
}

fn patterns() -> &'static [(&'static str, Regex)] {
    static P: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        [
            ("email", r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
            ("private-key", r"\b(0x)?[0-9a-fA-F]{64}\b"),
            // Any run of 8+ digits (spaces or dashes allowed), with an
            // optional trailing X: ID numbers, phones, cards.
            ("number", r"\+?\d[\d \-]{6,}\d[xX]?"),
            ("passport", r"\b[A-Za-z]{1,2}\d{7,8}\b"),
            // Twelve or more short lowercase words in a row.
            ("seed-phrase", r"\b(?:[a-z]{3,8}\s+){11,23}[a-z]{3,8}\b"),
        ]
        .into_iter()
        .map(|(k, p)| (k, Regex::new(p).expect("valid pattern")))
        .collect()
    })
}

/// Replaces personal data in `text` with `[kind]` markers.
pub fn redact(text: &str) -> Redacted {
    let mut out = text.to_string();
    let mut findings = Vec::new();
    for (kind, re) in patterns() {
        let n = re.find_iter(&out).count();
        if n > 0 {
            out = re.replace_all(&out, format!("[{kind}]")).into_owned();
            findings.extend((0..n).map(|_| Finding { kind }));
        }
    }
    Redacted {
        text: out,
        findings,
    }
}

/// [`redact`], keeping only the text.
pub fn redact_str(text: &str) -> String {
    redact(text).text
}
