//! A member telling of their own current problem: a mark of the speaker
//! and, with it, a failure, a state the app showed, or a question or plea
//! ("my kyc got locked for 24 hours", "我这都三天了还在审核", "what now").
//!
//! The model weighs such a message against chatter that uses the same
//! words ("kyc passed, took 5 min"), and the no-action class wins ties by
//! `off_topic_margin`. With the speaker's own problem in view the tie goes
//! the other way (`decide.rs`). The counterpart of `speech.rs`: that file
//! stays silent only without these marks; this one speaks only with them.

use super::speech::{asks, FIRST_PERSON, PLEAS, PROBLEM_PREFIXES, SPEAKER_ZH};
use crate::text::{latin_words, Unit};

/// Chinese marks of a failure or a wait (a narrower list than
/// `speech.rs`'s: 没 and 问题 also say "no problem", 已经 "already passed").
pub(super) const TROUBLE_ZH: &[&str] = &[
    "失败",
    "不行",
    "不了",
    "驳回",
    "拒",
    "错误",
    "卡住",
    "卡在",
    "无法",
    "不清",
    "模糊",
    "不符",
    "不匹配",
    "不一致",
    "锁",
    "冻结",
    "过期",
    "超时",
    "一直",
    "还没",
    "还在",
    "怎么办",
    "怎么解除",
    "过不了",
    "通不过",
    "唔得",
    "上限",
    "都三天",
    "好几天",
];

/// True when the message carries a mark of the speaker together with a
/// mark of trouble or a question. `raw` is the text as written (question
/// marks), `resolved` its units with typos corrected ("rejectd").
pub fn tells_own_problem(raw: &str, normalized: &str, written: &[Unit], resolved: &[Unit]) -> bool {
    let words = latin_words(written);
    let corrected = latin_words(resolved);
    let english = words.iter().any(|w| FIRST_PERSON.contains(w))
        && (asks(raw, normalized, &words)
            || words.iter().any(|w| PLEAS.contains(w))
            || corrected
                .iter()
                .any(|w| PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p))));
    let chinese = SPEAKER_ZH.iter().any(|m| normalized.contains(m))
        && (asks(raw, normalized, &[]) || TROUBLE_ZH.iter().any(|m| normalized.contains(m)));
    english || chinese
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn own(text: &str) -> bool {
        let n = normalize(text);
        let u = units(&n);
        tells_own_problem(text, &n, &u, &u)
    }

    #[test]
    fn the_speakers_own_trouble_is_recognised() {
        assert!(own("heads up, 5 face tries in a row and my kyc got locked"));
        assert!(own("attempts used up on my account, what now"));
        assert!(own("公告说审核两小时，我这都三天了"));
        assert!(own("我的身份证一直识别不了"));
        assert!(own("我这个实名怎么办啊"));
    }

    #[test]
    fn chatter_and_other_peoples_cases_are_not() {
        // No mark of the speaker.
        assert!(!own(
            "temporary ids are not accepted, only the second gen card"
        ));
        assert!(!own("你的审核过了没"));
        // The speaker, but no trouble and no question.
        assert!(!own("my kyc passed in five minutes"));
        assert!(!own("我当时照着身份证一个个字打上去就没问题"));
    }
}
