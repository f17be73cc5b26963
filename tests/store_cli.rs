//! The moderators' terminal workflow through the real binary: cases come in
//! from `chat`, then list -> claim -> resolve, with every invalid step a
//! clear message and a non-zero exit, and JSON output that parses.

mod common;

use common::{
    announced_ids, fresh_location, init_tracing, run, text, write_config_at, Db, MISUSE_LINE,
};
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

fn moderator_walks_a_case_from_list_to_resolved_and_back(db: Db) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).unwrap();
    let config = write_config_at(dir.path(), &location);

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

    // Issue 9: `--days 0` erased every text at once, silently. Now it says
    // what it would erase, and without a terminal to ask on needs --yes.
    let dry = ok(&config, &["privacy", "purge", "--days", "0", "--dry-run"]);
    assert!(
        dry.contains("would erase the text of 1 closed case"),
        "{dry}"
    );
    fails(
        &config,
        &["privacy", "purge", "--days", "0"],
        "add --yes to confirm",
    );
    assert!(json(&config, &["escalations", "show", &misuse, "--json"])["text"].is_string());
    let purged = ok(&config, &["privacy", "purge", "--days", "0", "--yes"]);
    assert!(
        purged.contains("erased the text of 1 closed case"),
        "{purged}"
    );
    let shown = json(&config, &["escalations", "show", &misuse, "--json"]);
    assert!(shown["text"].is_null() && shown["purged_at"].is_string());
    assert_eq!(shown["scenario"], "id-misuse", "metadata stays");
}

fn help_after_a_clarifying_menu_counts_for_the_picked_scenario(db: Db) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).unwrap();
    let config = write_config_at(dir.path(), &location);
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

/// Regression for issue 9: escape sequences a member typed (an OSC 52
/// clipboard write, a title change, a `\r` overwrite, a C1 CSI) were
/// replayed raw by `escalations list/show`, and so were those passed in
/// `--user`, `--by` and `--note`.
fn typed_escape_sequences_never_reach_the_terminal(db: Db) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).unwrap();
    let config = write_config_at(dir.path(), &location);
    let hostile = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}]0;owned\u{7}\rFAKE\u{9b}2J\u{1b}[31m";
    let input = format!("{MISUSE_LINE} {hostile}\n");
    let user = format!("eve{hostile}");
    let out = run(&config, &["chat", "--user", &user], &input);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = announced_ids(&text(&out.stdout))[0].to_string();
    let by = format!("mallory{hostile}");
    ok(&config, &["escalations", "claim", &id, "--by", &by]);
    let note = format!("done{hostile}\n    2026-01-01T00:00:00.000Z  admin  approved");
    let out = run(
        &config,
        &[
            "escalations",
            "resolve",
            &id,
            "--by",
            "other",
            "--note",
            &note,
        ],
        "",
    );
    // Closing someone else's claim is refused without --force; the refusal
    // quotes the holder's name and must be as clean as everything else.
    assert!(!out.status.success());
    let refusal = text(&out.stderr);
    assert!(
        refusal.contains("add --force to resolve it anyway"),
        "{refusal}"
    );
    let mut printed = vec![refusal];
    printed.push(ok(
        &config,
        &[
            "escalations",
            "resolve",
            &id,
            "--by",
            "other",
            "--note",
            &note,
            "--force",
        ],
    ));
    printed.push(ok(&config, &["escalations", "list"]));
    printed.push(ok(&config, &["escalations", "show", &id]));
    for out in &printed {
        for raw in ['\u{1b}', '\u{7}', '\r', '\u{9b}'] {
            assert!(!out.contains(raw), "{raw:?} printed raw in {out:?}");
        }
    }
    let show = &printed[2];
    assert!(
        show.contains("␛]52"),
        "the escape is shown, not hidden: {show}"
    );
    // A note cannot forge an audit line of its own.
    assert!(
        !show.lines().any(|l| l
            .trim_start()
            .starts_with("2026-01-01T00:00:00.000Z  admin")),
        "{show}"
    );
}

/// Issue 9: a case claimed by one moderator was resolved by another without
/// a word. Now `resolve`/`dismiss` need `--force` for someone else's claim,
/// and the audit trail says who took it over from whom.
fn closing_someone_elses_claim_needs_force_and_is_audited(db: Db) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).unwrap();
    let config = write_config_at(dir.path(), &location);
    let out = run(
        &config,
        &["chat", "--user", "amy"],
        &format!("{MISUSE_LINE}\n"),
    );
    let id = announced_ids(&text(&out.stdout))[0].to_string();
    ok(&config, &["escalations", "claim", &id, "--by", "ann"]);
    for verb in ["resolve", "dismiss"] {
        fails(
            &config,
            &["escalations", verb, &id, "--by", "bob", "--note", "n"],
            &format!("case #{id} is claimed by ann: add --force to {verb} it anyway"),
        );
    }
    // The holder needs no --force.
    ok(
        &config,
        &[
            "escalations",
            "dismiss",
            &id,
            "--by",
            "ann",
            "--note",
            "dup",
        ],
    );
    ok(&config, &["escalations", "reopen", &id, "--by", "ann"]);
    ok(&config, &["escalations", "claim", &id, "--by", "ann"]);
    ok(
        &config,
        &[
            "escalations",
            "resolve",
            &id,
            "--by",
            "bob",
            "--note",
            "done",
            "--force",
        ],
    );
    let case = json(&config, &["escalations", "show", &id, "--json"]);
    assert_eq!(case["status"], "resolved");
    assert_eq!(case["resolved_by"], "bob");
    let audit = case["audit"].as_array().unwrap();
    let takeovers: Vec<&Value> = audit.iter().filter(|a| a["action"] == "takeover").collect();
    assert_eq!(takeovers.len(), 1, "{audit:?}");
    assert_eq!(takeovers[0]["actor"], "bob");
    assert_eq!(takeovers[0]["detail"], "took over from ann");
}

/// Issue 9: `privacy export --user` prints everything the store holds about
/// one member; `privacy erase --user` erases their texts, and the audit
/// trail keeps that it happened.
fn a_member_can_have_their_data_exported_and_erased(db: Db) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).unwrap();
    let config = write_config_at(dir.path(), &location);
    for user in ["zoe", "yan"] {
        let out = run(
            &config,
            &["chat", "--user", user],
            &format!("{MISUSE_LINE}\n"),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let export = json(&config, &["privacy", "export", "--user", "zoe"]);
    let cases = export["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "{export}");
    assert_eq!(cases[0]["user"], "zoe");
    assert!(cases[0]["text"]
        .as_str()
        .unwrap()
        .contains("someone used my ID"));
    assert!(!cases[0]["audit"].as_array().unwrap().is_empty());
    assert!(
        export["triage_log"].is_string(),
        "says why the log is not in it"
    );
    assert_eq!(
        json(&config, &["privacy", "export", "--user", "nobody"])["cases"],
        Value::Array(vec![])
    );

    fails(
        &config,
        &["privacy", "erase", "--user", "zoe"],
        "add --yes to confirm",
    );
    let erased = ok(
        &config,
        &["privacy", "erase", "--user", "zoe", "--yes", "--by", "dpo"],
    );
    assert!(erased.contains("erased the texts of 1 case(s)"), "{erased}");
    let after = json(&config, &["privacy", "export", "--user", "zoe"]);
    let case = &after["cases"][0];
    assert!(
        case["text"].is_null() && case["purged_at"].is_string(),
        "{case}"
    );
    let last = case["audit"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "erase");
    assert_eq!(last["actor"], "dpo");
    // A name stored redacted cannot pick one member out of those it shares
    // its marker with.
    fails(
        &config,
        &["privacy", "erase", "--user", "13800138000", "--yes"],
        "stored redacted as [PHONE …8000]",
    );
    // The other member's case is untouched.
    let other = json(&config, &["privacy", "export", "--user", "yan"]);
    assert!(other["cases"][0]["text"].is_string());
}

/// A case's private-thread transcript, written by the Discord bot, is
/// printed by `escalations show` and exported by `escalations export`,
/// redacted, with Discord user ids.
fn show_and_export_print_the_case_transcript(db: Db) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).unwrap();
    let config = write_config_at(dir.path(), &location);
    let out = run(
        &config,
        &["chat", "--user", "ann"],
        &format!("{MISUSE_LINE}\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = announced_ids(&text(&out.stdout))[0];
    let raw = "11010519491231002X";
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = kyc_triage::store::Store::open_at(location.clone(), Default::default())
            .await
            .unwrap();
        use kyc_triage::store::{Speaker, Via};
        store
            .set_case_thread(id, 777, Via::Thread, "private thread 777")
            .await
            .unwrap();
        store
            .append_transcript(id, 42, Speaker::Member, &format!("my ID is {raw}, help"))
            .await
            .unwrap();
        store
            .append_transcript(id, 43, Speaker::Moderator, "we are on it")
            .await
            .unwrap();
        store.close().await;
    });
    let shown = ok(&config, &["escalations", "show", &id.to_string()]);
    assert!(shown.contains("transcript:"), "{shown}");
    assert!(shown.contains("member 42") && shown.contains("moderator 43  we are on it"));
    assert!(!shown.contains(raw), "{shown}");
    let exported = json(
        &config,
        &["escalations", "export", &id.to_string(), "--json"],
    );
    let lines = exported.as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["author_id"], "42");
    assert_eq!(lines[1]["speaker"], "moderator");
    assert!(!exported.to_string().contains(raw));
    fails(&config, &["escalations", "export", "999"], "999");
}

on_both_backends! {
    #[test] sync moderator_walks_a_case_from_list_to_resolved_and_back;
    #[test] sync help_after_a_clarifying_menu_counts_for_the_picked_scenario;
    #[test] sync typed_escape_sequences_never_reach_the_terminal;
    #[test] sync closing_someone_elses_claim_needs_force_and_is_audited;
    #[test] sync a_member_can_have_their_data_exported_and_erased;
    #[test] sync show_and_export_print_the_case_transcript;
}
