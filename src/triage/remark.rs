//! Remarks about verification in general: an opinion ("passport > national
//! id for kyc imo"), a closing "just saying", hearsay ("听说有的小所资料被
//! 扒过"). They carry a scenario's words and often its failure ("90% of
//! selfie fails = dark room. just saying"), so the model reads them as that
//! scenario's complaint; but they are said about verification, not about
//! the speaker's own case, and nobody asked anything.
//!
//! One-sided like `speech.rs` and `settled.rs`: a mark of the speaker
//! (I/my/我), a question or a plea keeps the message for the model, so
//! "tbh my selfie keeps failing" or "听说身份证过期不能认证，是真的吗" are
//! never silenced here.

use super::speech::{asks, FIRST_PERSON, PLEAS, PLEAS_ZH, PROBLEM_PREFIXES, SPEAKER_ZH};
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
    let own_or_asking = asks(raw, normalized, &words)
        || after_opening
            .iter()
            .any(|w| FIRST_PERSON.contains(w) || PLEAS.contains(w))
        || SPEAKER_ZH
            .iter()
            .chain(PLEAS_ZH)
            .any(|m| normalized.contains(m));
    if own_or_asking {
        return false;
    }
    let failure = words
        .iter()
        .any(|w| PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p)));
    let opinion = words.iter().any(|w| OPINION.contains(w))
        || words
            .windows(2)
            .any(|p| OPINION_PAIRS.contains(&(p[0], p[1])));
    let closed =
        words.len() >= 2 && CLOSINGS.contains(&(words[words.len() - 2], words[words.len() - 1]));
    let hearsay = heard.is_some() || HEARSAY_ZH.iter().any(|m| normalized.contains(m));
    (opinion && !failure) || closed || hearsay
}

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
        assert!(remark("most selfie fails are bad lighting. just saying"));
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
    }
}
