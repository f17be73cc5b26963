//! The moderators' terminal workflow through the real binary: cases come in
//! from `chat`, then list -> claim -> resolve, with every invalid step a
//! clear message and a non-zero exit, and JSON output that parses.

mod common;

use common::{announced_ids, init_tracing, run, text, write_config, MISUSE_LINE};
use serde_json::Value;
use std::path::Path;

fn ok(config: &Path, args: &[&str]) -> String {
    let out = run(config, args, "");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn fails(config: &Path, args: &[&str], sentence: &str) {
    let out = run(config, args, "");
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{args:?} must fail");
    assert!(stderr.contains(sentence), "{args:?}: {stderr}");
}

fn json(config: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(config, args)).expect("--json prints JSON")
}

#[test]
fn moderator_walks_a_case_from_list_to_resolved_and_back() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    let config = write_config(dir.path(), &db);

    // A user reports suspected misuse twice and, in between, a vague
    // problem for which none of the menu's scenarios fits.
    let input = format!("{MISUSE_LINE}\nmy kyc failed\n0\n{MISUSE_LINE}\n");
    let out = run(&config, &["chat", "--user", "ann"], &input);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ids = announced_ids(&text(&out.stdout));
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], ids[2], "the repeated report joins the open case");
    let (misuse, other) = (ids[0].to_string(), ids[1].to_string());

    let listing = ok(&config, &["escalations", "list", "--status", "open"]);
    let line = listing
        .lines()
        .find(|l| l.starts_with(&format!("#{misuse} ")))
        .unwrap_or_else(|| panic!("{listing}"));
    for part in [
        "[open]",
        "id-misuse",
        "(knowledge-base)",
        "×2",
        "from terminal user ann",
    ] {
        assert!(line.contains(part), "{part} missing in {line}");
    }
    let stamp = line.split_whitespace().nth(2).unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(stamp).is_ok() && stamp.ends_with('Z'),
        "UTC RFC 3339: {stamp}"
    );
    assert!(listing.contains("someone used my ID"), "{listing}");

    let list = json(&config, &["escalations", "list", "--json"]);
    let cases = list.as_array().unwrap();
    assert_eq!(cases.len(), 2);
    let case = cases
        .iter()
        .find(|c| c["id"].as_i64() == Some(ids[0]))
        .unwrap();
    assert_eq!(case["status"], "open");
    assert_eq!(case["reason"], "knowledge-base");
    assert_eq!(case["user"], "ann");
    assert_eq!(case["report_count"], 2);

    assert!(ok(&config, &["escalations", "claim", &misuse, "--by", "mia"]).contains("mia"));
    fails(
        &config,
        &["escalations", "claim", &misuse, "--by", "max"],
        &format!("case #{misuse} is already claimed by mia"),
    );
    fails(
        &config,
        &[
            "escalations",
            "resolve",
            &misuse,
            "--by",
            "mia",
            "--note",
            " ",
        ],
        "a note is required to resolve a case",
    );
    ok(
        &config,
        &[
            "escalations",
            "resolve",
            &format!("#{misuse}"),
            "--by",
            "mia",
            "--note",
            "sent to official support",
        ],
    );
    fails(
        &config,
        &[
            "escalations",
            "resolve",
            &misuse,
            "--by",
            "mia",
            "--note",
            "again",
        ],
        &format!("case #{misuse} is resolved: it cannot be resolved"),
    );
    fails(
        &config,
        &["escalations", "reopen", &other, "--by", "mia"],
        &format!("case #{other} is open: it cannot be reopened"),
    );
    fails(
        &config,
        &["escalations", "show", "999"],
        "there is no case #999",
    );
    fails(
        &config,
        &["escalations", "claim", "999", "--by", "mia"],
        "there is no case #999",
    );
    fails(
        &config,
        &["escalations", "list", "--status", "closed"],
        "possible values: open, claimed, resolved, dismissed",
    );
    ok(
        &config,
        &[
            "escalations",
            "dismiss",
            &other,
            "--by",
            "max",
            "--note",
            "not KYC",
        ],
    );
    ok(&config, &["escalations", "reopen", &other, "--by", "max"]);

    let shown = json(&config, &["escalations", "show", &misuse, "--json"]);
    assert_eq!(shown["status"], "resolved");
    assert_eq!(shown["claimed_by"], "mia");
    assert_eq!(shown["resolution_note"], "sent to official support");
    let actions: Vec<&str> = shown["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["open", "report", "claim", "resolve"]);
    let human = ok(&config, &["escalations", "show", &misuse]);
    assert!(human.contains("audit:") && human.contains("mia  claim open -> claimed"));

    let stats = json(&config, &["stats", "--since", "7d", "--json"]);
    assert_eq!(stats["triages"], 3);
    assert_eq!(stats["decisions"]["escalate"], 2);
    assert_eq!(stats["decisions"]["clarify"], 1);
    assert_eq!(stats["unmatched"][0]["count"], 1);
    assert!(ok(&config, &["stats"]).contains("Most frequent unmatched"));

    let purged = ok(&config, &["privacy", "purge", "--days", "0"]);
    assert!(
        purged.contains("erased the text of 1 closed case"),
        "{purged}"
    );
    let shown = json(&config, &["escalations", "show", &misuse, "--json"]);
    assert!(shown["text"].is_null() && shown["purged_at"].is_string());
    assert_eq!(shown["scenario"], "id-misuse", "metadata stays");
}

#[test]
fn help_after_a_clarifying_menu_counts_for_the_picked_scenario() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &dir.path().join("kyc.db"));
    // A vague message gets a menu; the user picks 1 and says it helped.
    let out = run(
        &config,
        &["chat", "--user", "ann"],
        "verification failed\n1\ny\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stats = json(&config, &["stats", "--json"]);
    let rows = stats["scenarios"].as_array().unwrap();
    let helped: Vec<&Value> = rows.iter().filter(|r| r["helped"] == 1).collect();
    assert_eq!(helped.len(), 1, "{rows:?}");
    assert!(helped[0]["scenario"].is_string(), "{rows:?}");
    assert_eq!(helped[0]["helped_rate"], 1.0);
}
