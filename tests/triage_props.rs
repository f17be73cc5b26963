//! Property tests: triage never panics, is deterministic and keeps scores
//! in [0, 1], on arbitrary Unicode up to and beyond Discord's limit.

use kyc_triage::knowledge::{default_dir, load_dir};
use kyc_triage::triage::{DecisionKind, Engine, Thresholds};
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let (kb, _) = load_dir(&default_dir()).expect("shipped knowledge base loads");
        Engine::new(kb, Thresholds::default())
    })
}

/// Text mixing the scripts users type: ASCII, Chinese, full-width forms,
/// emoji, zero-width and control characters, and anything else.
fn messy_text(max_chars: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z ]{0,12}",
        "[\u{4e00}-\u{9fa5}]{0,8}",
        "[\u{FF01}-\u{FF5E}]{0,6}",
        "[\u{1F300}-\u{1FAFF}]{0,3}",
        "[\u{200B}-\u{200F}\u{FEFF}\u{0000}-\u{001F}]{0,3}",
        any::<String>(),
        Just("image unclear".to_string()),
        Just("我从来没注册过".to_string()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(move |pieces| {
        let text: String = pieces.concat();
        text.chars().take(max_chars).collect()
    })
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let a = engine().triage(text);
    let b = engine().triage(text);
    prop_assert_eq!(&a, &b, "triage must be deterministic");
    prop_assert!(
        (0.0..=1.0).contains(&a.confidence),
        "confidence {}",
        a.confidence
    );
    prop_assert!(a.candidates.len() <= 3);
    for pair in a.candidates.windows(2) {
        prop_assert!(pair[0].score >= pair[1].score, "candidates best first");
    }
    for c in &a.candidates {
        prop_assert!((0.0..=1.0).contains(&c.score), "score {}", c.score);
    }
    if a.kind == DecisionKind::Answer {
        prop_assert!(a.scenario.is_some(), "an answer names its scenario");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_unicode_is_safe(text in messy_text(600)) {
        check(&text)?;
    }

    #[test]
    fn long_messages_are_safe(text in messy_text(6000), repeat in 1usize..4) {
        // Up to and well beyond Discord's 4000-character limit.
        check(&text.repeat(repeat))?;
    }
}

#[test]
fn a_hundred_kilobyte_message_is_handled() {
    let text = "身份证照片 image unclear ".repeat(5000);
    assert!(text.len() > 100_000);
    check(&text).unwrap();
}

#[test]
fn empty_and_invisible_messages_are_ignored() {
    for text in ["", "   ", "\u{200B}\u{200B}", "😀😀😀", "\u{0000}\u{0007}"] {
        assert_eq!(engine().triage(text).kind, DecisionKind::Ignore, "{text:?}");
    }
}
