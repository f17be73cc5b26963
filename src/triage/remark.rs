//! Remarks about verification in general: an opinion ("passport > national
//! id for kyc imo"), a closing "just saying", hearsay ("听说有的小所资料被
//! 扒过", "heard if you fail too often they ban you"). They carry a
//! scenario's words, so the model reads them as that scenario's complaint;
//! but they are said about verification, not about the speaker's own case,
//! and nobody asked anything. An opinion or a closing counts only without
//! any failure, wait or attempt in it (an adversarial pass showed "tbh 5
//! days of waiting is too long" and "rejected 4 times… just sayin" are
//! complaints); hearsay counts with a failure in it, but not with the
//! speaker's own state after it ("…but since 4 days…", "…这都五天了").
//!
//! One-sided like `speech.rs` and `settled.rs`: a mark of the speaker
//! (I/my/我), a question or a plea keeps the message for the model, so
//! "tbh my selfie keeps failing" or "听说身份证过期不能认证，是真的吗" are
//! never silenced here.

use super::speech::{asks, speaks_or_pleads, PROBLEM_PREFIXES};
use crate::text::{latin_words, Unit};

/// English marks of an opinion. An opinion that names a failure
/// ("tbh the selfie check keeps failing") is as often a complaint, so
/// these count only without one.
const OPINION: &[&str] = &["imo", "imho", "tbh", "ngl", "tbf", "fwiw"];

/// Two-word English marks of an opinion, as units carry them (stemmed).
const OPINION_PAIRS: &[(&str, &str)] = &[("hot", "take"), ("unpopular", "opinion")];

/// English closings that make the whole message a remark ("…just saying"),
/// failure words included: they comment, they do not report.
const CLOSINGS: &[(&str, &str)] = &[("just", "say"), ("just", "sayin")];

/// Chinese marks of hearsay: the speaker tells what they heard, not what
/// happened to them, whatever failure it names.
const HEARSAY_ZH: &[&str] = &[
    "听说",
    "據說",
    "据说",
    "听人说",
    "聽說",
    "听群里",
    "群里有人说",
];

/// English openings of hearsay: "heard if you fail too often they ban you", "i read on reddit that…".
/// Counted, like the Chinese, whatever failure they name; the opening "i"
/// is not a mark of the speaker's case.
const HEARSAY: &[&[&str]] = &[
    &["heard"],
    &["i", "heard"],
    &["i", "read"],
    &["apparently"],
    &["rumor"],
    &["rumour"],
    &["someone", "said"],
    &["people", "say"],
];

/// True when the message is an opinion, a remark closed by "just saying"
/// or hearsay, with no mark of the speaker, no question and no plea.
/// `raw` is the text as written, for the question marks.
pub fn general_remark(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let words = latin_words(written);
    let heard = HEARSAY.iter().find(|h| words.starts_with(h));
    let after_opening = &words[heard.map_or(0, |h| h.len())..];
    if asks(raw, normalized, &words) || speaks_or_pleads(normalized, after_opening) {
        return false;
    }
    let closed =
        words.len() >= 2 && CLOSINGS.contains(&(words[words.len() - 2], words[words.len() - 1]));
    // The closing itself is no failure ("saying" reads as "it says").
    let body = &words[..words.len() - if closed { 2 } else { 0 }];
    let trouble = body
        .iter()
        .any(|w| is_trouble(w) || PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p)));
    let opinion = words.iter().any(|w| OPINION.contains(w))
        || words
            .windows(2)
            .any(|p| OPINION_PAIRS.contains(&(p[0], p[1])));
    // Hearsay then the speaker's own state ("heard it takes a day, but
    // since 4 days it shows under review", "听说一天就好，这都五天了还在审核")
    // is a complaint; "heard nothing back" is not hearsay at all.
    let own_state = words.iter().any(|w| CONTRASTS.contains(w))
        || CONTRASTS_ZH.iter().any(|m| normalized.contains(m));
    let heard_nothing =
        heard.is_some_and(|h| words.get(h.len()).is_some_and(|w| NOT_HEARSAY.contains(w)));
    let hearsay = ((heard.is_some() && !heard_nothing)
        || HEARSAY_ZH.iter().any(|m| normalized.contains(m)))
        && !own_state;
    ((opinion || closed) && !trouble) || hearsay
}

/// English words of a wait, of attempts or of a bad experience, beyond
/// `speech.rs`'s failure words: an opinion that names one ("tbh 5 days of
/// waiting is too long", "ngl a nightmare, 6 tries today") is a complaint.
pub(super) const TROUBLE: &[&str] = &[
    "wait",
    "long",
    "slow",
    "day",
    "days",
    "hour",
    "hours",
    "week",
    "weeks",
    "try",
    "trie",
    "tries",
    "attempt",
    "zero",
    "nightmare",
    "bad",
    "worst",
    "broken",
    "useless",
    "since",
    "still",
    "uid",
    "ticket",
    "jialat",
];

/// A word of [`TROUBLE`]: the word itself, or a longer word it begins
/// ("attempts", "waiting"); short ones only as themselves ("day" is not
/// "daylight").
pub(super) fn is_trouble(word: &str) -> bool {
    TROUBLE
        .iter()
        .any(|t| word == *t || (t.len() >= 4 && word.starts_with(t)))
}

/// Words that turn hearsay to the speaker's own case ("…but since 4
/// days…", "…still under review").
const CONTRASTS: &[&str] = &[
    "but",
    "still",
    "since",
    "now",
    "yet",
    "meanwhile",
    "however",
];

/// Chinese marks of the speaker's own state after hearsay.
const CONTRASTS_ZH: &[&str] = &[
    "但", "可是", "还在", "还没", "这都", "我这", "一直", "结果", "现在", "已经",
];

/// Words after "heard" that make it news about the speaker's case, not
/// hearsay ("heard nothing back", "heard from support").
const NOT_HEARSAY: &[&str] = &["nothing", "back", "from", "anything", "no"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn remark(text: &str) -> bool {
        let n = normalize(text);
        general_remark(text, &n, &units(&n))
    }

    #[test]
    fn opinions_closings_and_hearsay_are_remarks() {
        assert!(remark(
            "driving licence is easier than the passport for kyc imo"
        ));
        assert!(remark("ngl the new verification screen looks clean"));
        assert!(remark("passport beats the id card for kyc. just saying"));
        assert!(remark("听说周末审核比较慢，所以工作日提交稳一点"));
        assert!(remark("據說護照比身份證好過"));
        assert!(remark(
            "heard they lock you out for a day after five failed selfies"
        ));
        assert!(remark(
            "i read somewhere that reviews take longer on weekends"
        ));
    }

    #[test]
    fn the_speakers_own_case_a_question_or_a_failure_opinion_is_not() {
        assert!(!remark("tbh my selfie keeps failing"));
        assert!(!remark(
            "imo the selfie check is broken, it fails every time"
        ));
        assert!(!remark("ngl is the review always this slow?"));
        assert!(!remark("听说身份证过期了不能认证，是真的吗"));
        assert!(!remark("听说要等三天，我都等一周了"));
        assert!(!remark(
            "just saying, my passport got rejected twice pls help"
        ));
        assert!(!remark("passport photo blurry"));
        assert!(!remark("i heard nothing back and my review is stuck"));
        assert!(!remark("heard they lock you out, is that true?"));
        // A wait, attempts, or the speaker's own state after hearsay.
        assert!(!remark(
            "tbh 5 days of waiting for a kyc review is too long"
        ));
        assert!(!remark(
            "ngl this face verification is a nightmare, 6 tries today"
        ));
        assert!(!remark(
            "passport rejected 4 times with the same photo. just sayin"
        ));
        assert!(!remark("heard nothing from the review team since monday"));
        assert!(!remark(
            "heard it takes 24 hours, but since 4 days it shows under review"
        ));
        assert!(!remark("听说审核一般一天就好，这都五天了还在审核中"));
    }
}
