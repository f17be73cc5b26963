//! `kyc-triage stats`: how messages were triaged, whether answers helped,
//! and the unmatched messages the knowledge base should learn from.

use super::{open_store, runtime, CliError};
use crate::config::Config;
use crate::outln;
use crate::store::Stats;
use chrono::{SecondsFormat, Utc};
use serde_json::{json, Value};
use std::time::Duration;

/// Prints statistics since `since` ago (all time when `None`).
pub fn run(config: &Config, since: Option<Duration>, json: bool) -> Result<i32, CliError> {
    let from = since
        .map(|d| {
            chrono::Duration::from_std(d)
                .ok()
                .and_then(|d| Utc::now().checked_sub_signed(d))
                .ok_or_else(|| CliError::usage("--since reaches too far back"))
        })
        .transpose()?;
    let rt = runtime()?;
    let stats = rt.block_on(async {
        let store = open_store(config).await?;
        let stats = store.stats(from).await;
        store.close().await;
        stats.map_err(CliError::from)
    })?;
    if json {
        outln!("{}", stats_json(&stats));
    } else {
        outln!("{}", report(&stats).trim_end());
    }
    Ok(0)
}

/// Parses an age such as `7d`, `24h`, `90m`, `2w` or `30s`.
pub fn parse_age(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not an age such as 7d, 24h or 30m"))?;
    let secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" | "" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(format!("`{s}`: the unit must be s, m, h, d or w")),
    };
    n.checked_mul(secs)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("`{s}` is too long"))
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn report(s: &Stats) -> String {
    let mut out = String::new();
    let since = s.since.map_or("the beginning".into(), |t| {
        t.to_rfc3339_opts(SecondsFormat::Millis, true)
    });
    out.push_str(&format!("Triaged since {since}: {} messages\n", s.triages));
    let d = &s.decisions;
    for (name, n) in [
        ("answer", d.answer),
        ("clarify", d.clarify),
        ("escalate", d.escalate),
        ("ignore", d.ignore),
    ] {
        out.push_str(&format!("  {name:<9}{n:>7}  {:>6}\n", pct(n, s.triages)));
    }
    if !s.scenarios.is_empty() {
        out.push_str(&format!(
            "\n{:<24}{:>8}{:>9}{:>10}  helped (of users who answered)\n",
            "scenario", "triages", "answers", "escalated"
        ));
        for sc in &s.scenarios {
            let asked = sc.helped + sc.not_helped;
            out.push_str(&format!(
                "{:<24}{:>8}{:>9}{:>10}  {}\n",
                sc.scenario.as_deref().unwrap_or("(none)"),
                sc.triages,
                sc.answered,
                sc.escalated,
                if asked == 0 {
                    "-".to_string()
                } else {
                    format!("{} of {asked} ({})", sc.helped, pct(sc.helped, asked))
                }
            ));
        }
    }
    if !s.unmatched.is_empty() {
        out.push_str("\nMost frequent unmatched messages (redacted):\n");
        for u in &s.unmatched {
            let text: String = u.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = super::terminal::safe_line(&text);
            out.push_str(&format!("  {:>4}×  {text}\n", u.count));
        }
    }
    let cases: Vec<String> = s.cases.iter().map(|(st, n)| format!("{st} {n}")).collect();
    out.push_str(&format!("\nCases opened: {}\n", cases.join(", ")));
    out
}

/// The JSON contract of `stats --json`; rates are shares in [0, 1].
pub fn stats_json(s: &Stats) -> Value {
    let rate = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    let d = &s.decisions;
    json!({
        "since": s.since.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
        "triages": s.triages,
        "decisions": {
            "answer": d.answer, "clarify": d.clarify,
            "escalate": d.escalate, "ignore": d.ignore,
        },
        "rates": {
            "answer": rate(d.answer, s.triages), "clarify": rate(d.clarify, s.triages),
            "escalate": rate(d.escalate, s.triages), "ignore": rate(d.ignore, s.triages),
        },
        "scenarios": s.scenarios.iter().map(|sc| json!({
            "scenario": sc.scenario,
            "triages": sc.triages,
            "answered": sc.answered,
            "escalated": sc.escalated,
            "helped": sc.helped,
            "not_helped": sc.not_helped,
            "helped_rate": rate(sc.helped, sc.helped + sc.not_helped),
        })).collect::<Vec<_>>(),
        "unmatched": s.unmatched.iter().map(|u| json!({"text": u.text, "count": u.count}))
            .collect::<Vec<_>>(),
        "cases": s.cases.iter().map(|(st, n)| (st.code().to_string(), json!(n)))
            .collect::<serde_json::Map<_, _>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_take_a_unit() {
        assert_eq!(parse_age("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_age("24h"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_age("30m"), Ok(Duration::from_secs(1_800)));
        assert_eq!(parse_age("2w"), Ok(Duration::from_secs(14 * 86_400)));
        assert!(parse_age("7x").is_err());
        assert!(parse_age("d").is_err());
        assert!(parse_age("99999999999999999999w").is_err());
    }
}
