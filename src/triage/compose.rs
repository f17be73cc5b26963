//! Training samples that pair a scenario's phrasing with a generic
//! complaint or a greeting: "照片模糊，认证失败了" is a blurry photo, not a
//! vague report, and "hi guys, my selfie keeps failing" is not chatter.
//!
//! The vague-complaint class learns from bare remarks ("认证失败了", "my kyc
//! failed"), and scenario phrasings rarely carry such a remark, so on their
//! own the two teach the model that "认证失败" is evidence *against* every
//! scenario. Members write the cause and the remark together all the time;
//! a message with both then lands on the vague class, and gets a menu
//! though its cause was stated. Composed samples (the features of a
//! scenario phrasing plus those of a vague remark in the same language,
//! labelled with the scenario) teach that a stated cause outweighs the
//! remark. Greetings and thanks ("大家好，", "… thanks") are the same
//! story with the chatter class: wrapped in them, 3 in 100 Chinese
//! complaints went silent. They change training only: the vectorizer's vocabulary and IDF
//! come from the phrases as written.

use super::classes::{Class, Layout};
use crate::knowledge::Lang;
use crate::text::detect_language;

/// Pairs `(phrasing, remark)` of indices into `texts`: every `every`-th
/// phrasing of a target class of each language (scenarios; for chatter
/// remarks, human requests too) with the next remark of that language
/// (round robin, so the same base composes the same pairs). The sample is
/// the two phrases' features together, with the phrasing's class.
pub(super) fn with_remarks(
    texts: &[(&str, usize)],
    layout: &Layout,
    every: usize,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if every == 0 {
        return out;
    }
    let class = |i: usize| layout.class(texts[i].1);
    let lang_of = |i: usize| detect_language(texts[i].0);
    let scenario = |c: Class| matches!(c, Class::Scenario(_));
    let scenario_or_human = |c: Class| scenario(c) || c == Class::Human;
    let pairings: [(Class, &dyn Fn(Class) -> bool); 2] = [
        (Class::Vague, &scenario),
        (Class::Chatter, &scenario_or_human),
    ];
    for (remark, is_target) in pairings {
        for lang in [Lang::En, Lang::Zh] {
            let remarks: Vec<usize> = (0..texts.len())
                .filter(|&i| class(i) == remark && lang_of(i) == lang)
                .collect();
            if remarks.is_empty() {
                continue;
            }
            let targets = (0..texts.len())
                .filter(|&i| is_target(class(i)) && lang_of(i) == lang)
                .step_by(every);
            out.extend(
                targets
                    .enumerate()
                    .map(|(n, i)| (i, remarks[n % remarks.len()])),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::knowledge::{default_dir, load_dir};
    use crate::triage::{DecisionKind, Engine, Thresholds};

    /// A stated cause with a generic remark beside it is answered with the
    /// cause. Without composed samples the first two got a menu (the vague
    /// class led).
    #[test]
    fn a_cause_beside_a_generic_remark_is_answered() {
        let (kb, _) = load_dir(&default_dir()).expect("shipped base loads");
        let engine = Engine::new(kb, Thresholds::default());
        for (text, scenario) in [
            ("照片模糊，认证失败了", "photo-unreadable"),
            ("姓名不符，认证失败了", "name-mismatch"),
            (
                "kyc failed. it says the image is unclear",
                "photo-unreadable",
            ),
            (
                "the selfie check keeps timing out, verification failed again",
                "face-failed",
            ),
        ] {
            let d = engine.triage(text);
            assert_eq!(d.kind, DecisionKind::Answer, "{text}: {d:?}");
            assert_eq!(d.scenario.as_deref(), Some(scenario), "{text}");
        }
    }

    /// The remark alone is still a vague complaint: a menu, not an answer.
    #[test]
    fn a_generic_remark_alone_still_gets_a_menu() {
        let (kb, _) = load_dir(&default_dir()).expect("shipped base loads");
        let engine = Engine::new(kb, Thresholds::default());
        for text in ["my kyc failed", "认证失败了", "实名一直不过怎么办"] {
            assert_eq!(engine.triage(text).kind, DecisionKind::Clarify, "{text}");
        }
    }
}
