//! The accuracy gate: the shipped knowledge base against the labelled
//! messages in tests/eval/. A drop below these floors fails the build.

use kyc_triage::cli::eval::{evaluate, read_cases};
use kyc_triage::knowledge::{default_dir, load_dir, Lang};
use kyc_triage::text::normalize;
use kyc_triage::triage::{Engine, Thresholds};
use std::path::PathBuf;

fn engine() -> Engine {
    let (kb, _) = load_dir(&default_dir()).expect("shipped knowledge base loads");
    Engine::new(kb, Thresholds::default())
}

fn eval_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval")
        .join(name)
}

fn all_sets() -> Vec<PathBuf> {
    ["dev.yaml", "holdout.yaml", "blind.yaml"]
        .map(eval_file)
        .to_vec()
}

#[test]
fn eval_set_is_large_and_covers_every_scenario() {
    let cases = read_cases(&all_sets()).unwrap();
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let engine = engine();
    for scenario in &engine.knowledge().scenarios {
        let n = cases.iter().filter(|c| c.expect == scenario.id).count();
        assert!(n >= 8, "{} has only {n} eval cases", scenario.id);
    }
    assert!(cases.iter().filter(|c| c.expect == "ignore").count() >= 40);
}

/// The eval set must measure generalisation, not recall of the base:
/// no case may be a copy of a knowledge-base phrasing.
#[test]
fn no_eval_case_copies_a_knowledge_base_phrasing() {
    let engine = engine();
    let kb = engine.knowledge();
    let mut phrasings: Vec<String> = kb
        .scenarios
        .iter()
        .flat_map(|s| {
            s.examples
                .iter()
                .chain(s.prompts.iter())
                .chain(s.signals.iter())
        })
        .chain(kb.shared.off_topic.iter())
        .map(|p| normalize(p))
        .collect();
    phrasings.sort();
    let cases = read_cases(&all_sets()).unwrap();
    let copies: Vec<&str> = cases
        .iter()
        .filter(|c| phrasings.binary_search(&normalize(&c.text)).is_ok())
        .map(|c| c.text.as_str())
        .collect();
    assert!(
        copies.is_empty(),
        "eval cases copied from the knowledge base: {copies:?}"
    );
}

fn check_floors(file: &str) {
    let cases = read_cases(&[eval_file(file)]).unwrap();
    let r = evaluate(&engine(), &cases).unwrap();
    let summary = format!(
        "{file}: right {:.3} wrong {:.3} unrelated answered {:.3} misuse {}/{}",
        r.in_scope_right,
        r.in_scope_wrong,
        r.out_of_scope_answered,
        r.must_escalate_escalated,
        r.must_escalate_total
    );
    // Floors a little under what the shipped base measures (README), so a
    // knowledge-base edit that makes the bot worse fails here.
    assert!(r.in_scope_right >= 0.85, "{summary}");
    assert!(r.in_scope_wrong <= 0.05, "{summary}");
    assert!(r.out_of_scope_answered <= 0.10, "{summary}");
    assert_eq!(
        r.must_escalate_escalated, r.must_escalate_total,
        "every suspected misuse escalates: {summary}"
    );
}

#[test]
fn dev_set_meets_the_accuracy_floors() {
    check_floors("dev.yaml");
}

#[test]
fn holdout_set_meets_the_accuracy_floors() {
    check_floors("holdout.yaml");
}

/// Written last, in the noisiest styles (Cantonese, Singlish, Nigerian and
/// Indian English, rambling backstories), by someone who saw neither the
/// knowledge base nor the other sets.
#[test]
fn blind_set_meets_the_accuracy_floors() {
    check_floors("blind.yaml");
}

#[test]
fn misuse_clause_turns_an_already_registered_report_into_an_escalation() {
    let engine = engine();
    let forgot = engine.triage(
        "it says this document has already been registered, I think I made an account years ago",
    );
    assert_eq!(
        forgot.scenario.as_deref(),
        Some("document-in-use"),
        "{forgot:?}"
    );
    for victim in [
        "it says this document has already been registered but I never registered before",
        "提示该证件已被注册，可是我从来没注册过",
        "證件已被註冊？我從來沒有註冊過啊",
    ] {
        let d = engine.triage(victim);
        assert_eq!(
            d.kind,
            kyc_triage::triage::DecisionKind::Escalate,
            "{victim}: {d:?}"
        );
        assert_eq!(d.scenario.as_deref(), Some("id-misuse"), "{victim}");
    }
}

/// Victims phrase it in many ways; each of these must reach a moderator.
#[test]
fn varied_misuse_reports_escalate() {
    let engine = engine();
    for text in [
        "someone opened an account with my identity, what should i do",
        "my ID card is bound to another account that isn't mine",
        "提示证件已被其他账户绑定，但我是第一次用这个平台",
        "証件已被綁定到其他帳戶，但我沒有其他帳戶",
        "kyc说document already registered，可是我从来没用过okx",
        "someone verified an account with my driver license photos",
        "i got scammed by a fake support agent who asked for my id photos, now my kyc says already registered",
    ] {
        let d = engine.triage(text);
        assert_eq!(d.kind, kyc_triage::triage::DecisionKind::Escalate, "{text}: {d:?}");
        assert_eq!(d.scenario.as_deref(), Some("id-misuse"), "{text}");
    }
}

#[test]
fn replies_follow_the_message_language() {
    let engine = engine();
    assert_eq!(engine.triage("照片一直提示不清晰").language, Lang::Zh);
    assert_eq!(
        engine
            .triage("my photo keeps saying image unclear")
            .language,
        Lang::En
    );
    assert_eq!(
        engine.triage("kyc一直显示image unclear怎么办").language,
        Lang::Zh
    );
}

#[test]
fn normalisation_makes_variants_decide_alike() {
    let engine = engine();
    let plain = engine.triage("image unclear please re-upload");
    for variant in [
        "ＩＭＡＧＥ　ＵＮＣＬＥＡＲ please re-upload",
        "im\u{200B}age uncl\u{200D}ear please re-upload 😭😭",
        "IMAGE UNCLEAR!!! PLEASE RE-UPLOAD",
    ] {
        let d = engine.triage(variant);
        assert_eq!(d.scenario, plain.scenario, "{variant}");
        assert_eq!(d.kind, plain.kind, "{variant}");
    }
}

#[test]
fn typos_still_find_the_scenario() {
    let engine = engine();
    let d = engine.triage("facial recogniton faild agian, verifcation timed out");
    assert_eq!(d.scenario.as_deref(), Some("face-failed"), "{d:?}");
}
