//! Messages that report no problem: "my selfie passed this time, thanks",
//! "终于通过了", "haha my passport photo looks like a mugshot". They are
//! full of a scenario's words (selfie, passport, 认证), so the model reads
//! them as that scenario's complaint; in a channel a reply to them answers
//! someone who asked nothing. What tells them apart is that they carry a
//! mark of success or of a joke and none of a problem: no failure, no
//! error the app showed, no question.
//!
//! One-sided like `speech.rs`: any mark of a problem ("passed the face
//! scan but the photo still fails", "过了三天还没结果", a question mark)
//! leaves the message to the model, so a real complaint is never silenced
//! here. Grammar words, not scenario phrasings, so they live here and not
//! in the knowledge base.

use super::speech::{
    has_question_mark, ASKING_OPENERS, ASKING_OR_PROBLEM_ZH, PLEAS, PROBLEM_PREFIXES, WH,
};
use crate::text::{latin_words, Unit};

/// English words of a verification that went through or a problem solved,
/// as units carry them (lightly stemmed: "cleared" is "clear", "solved"
/// "solv"; "passed" stays). Not "work": "my work email" says nothing.
const SUCCESS: &[&str] = &[
    "pass",
    "passed",
    "approv",
    "solv",
    "sort",
    "fix",
    "clear",
    "success",
    "successful",
    "successfully",
    "thru",
    "through",
    "green",
];

/// English marks of a joke or a laugh.
const LAUGHTER: &[&str] = &[
    "lol", "lmao", "lmfao", "rofl", "xd", "haha", "hahaha", "hehe", "jk",
];

/// Beyond `speech.rs`'s question words and pleas: English words that ask,
/// deny, want something changed or turn a success into a complaint
/// ("approved, but my name is missing a letter", "waiting for review is
/// killing me lol"), even without a question mark. "can", "could",
/// "should" and "will" count anywhere here, not only opening the message.
const MORE_ASKING: &[&str] = &[
    "abeg", "kindly", "need", "want", "no", "nope", "can", "could", "should", "will", "typo",
    "mistake", "edit", "chang", "change", "updat", "modify", "modifi", "but", "however", "missing",
    "new", "wait", "slow", "long", "forever", "day", "hour", "week", "turn", "refus", "flip",
];

/// Chinese marks of success or of a laugh.
const SUCCESS_ZH: &[&str] = &[
    "通过了",
    "过了",
    "搞定",
    "好了",
    "成功",
    "解决了",
    "ok了",
    "哈哈",
    "笑死",
    "绿了",
];

/// Chinese marks of a problem or a question beyond `speech.rs`'s (the
/// speaker's 我 is not one: "我的认证终于通过了" reports success): a wish
/// ("想", "改"), a contrast ("但", "后来发现"), waiting ("等", "几天").
const MORE_PROBLEM_ZH: &[&str] = &[
    "点", "要", "能", "改", "少", "反了", "发现", "但", "可是", "后来", "等", "慢", "久", "天",
    "小时", "临时", "新的", "换了", "不", "期",
];

/// True when the message reports success or jokes, and carries no mark of
/// a problem or a question. `raw` is the text as written, for the question
/// marks normalisation removes.
pub fn reports_no_problem(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    if has_question_mark(raw) {
        return false;
    }
    let words = latin_words(written);
    let problem = words.first().is_some_and(|w| ASKING_OPENERS.contains(w))
        || words.iter().any(|w| {
            WH.contains(w)
                || PLEAS.contains(w)
                || MORE_ASKING.contains(w)
                || PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p))
        })
        || ASKING_OR_PROBLEM_ZH
            .iter()
            .chain(MORE_PROBLEM_ZH)
            .any(|m| normalized.contains(m));
    if problem {
        return false;
    }
    words
        .iter()
        .any(|w| SUCCESS.contains(w) || LAUGHTER.contains(w) || w.starts_with("haha"))
        || SUCCESS_ZH.iter().any(|m| normalized.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn settled(text: &str) -> bool {
        let n = normalize(text);
        reports_no_problem(text, &n, &units(&n))
    }

    #[test]
    fn success_and_jokes_without_a_problem_are_recognised() {
        assert!(settled(
            "face check went through after i took my glasses off, thanks all"
        ));
        assert!(settled("solved, retook the passport photo in daylight"));
        assert!(settled("我的实名终于通过了"));
        assert!(settled("认证搞定 去买币"));
        assert!(settled("haha my id photo looks like a prison photo"));
        assert!(settled("kyc selfie face lol"));
        assert!(settled("gg kyc cleared"));
        assert!(settled("solved, my verification is green now"));
    }

    #[test]
    fn any_mark_of_a_problem_or_a_question_keeps_the_message() {
        assert!(!settled(
            "passed the face scan but the id photo still fails"
        ));
        assert!(!settled("lol my kyc failed again"));
        assert!(!settled("did yours pass?"));
        assert!(!settled("how did you get it approved"));
        assert!(!settled("过了三天还没结果"));
        assert!(!settled("人脸识别过了但是证件被拒"));
        assert!(!settled("my passport photo is blurry"));
        assert!(!settled("认证通过了吗"));
        assert!(!settled("KYC過咗，想改資料點搞"));
        assert!(!settled("abeg the selfie verification no dey pass at all"));
        assert!(!settled("is my kyc approved"));
        assert!(!settled(
            "verification passed but my birthday has a typo, can i edit it"
        ));
    }
}
