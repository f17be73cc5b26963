//! A member acknowledging what someone told them: "明白了 身份证要二代的",
//! "got it, passport then", "ok so the review takes a day". Such a reply
//! restates the advice it thanks for, so it is full of a scenario's words,
//! and on its own in a channel it is a follow-up that only makes sense in
//! the conversation it answers: the bot replying to it would answer
//! someone who asked nothing.
//!
//! One-sided like `speech.rs`: after the acknowledgement, any mark of the
//! speaker, a question, a plea, a failure or a "but" ("ok but my selfie
//! still fails", "明白了，可是我的还是不行") leaves the message to the model.

use super::speech::{
    has_question_mark, ASKING_OPENERS, ASKING_OR_PROBLEM_ZH, FIRST_PERSON, PLEAS, PROBLEM_PREFIXES,
    SPEAKER_ZH, WH,
};
use crate::text::{is_stopword, latin_words, Unit};

/// English acknowledgements, as the words that open the message. Not
/// "yes", "yeah" or "sure": they answer a question the bot may have asked
/// ("yes the passport"), which is more than an acknowledgement.
const OPENERS: &[&[&str]] = &[
    &["ok"],
    &["okay"],
    &["okk"],
    &["oki"],
    &["okie"],
    &["got", "it"],
    &["gotcha"],
    &["i", "see"],
    &["understood"],
    &["noted"],
    &["ah"],
    &["ahh"],
    &["oh"],
    &["ohh"],
    &["makes", "sense"],
    &["thank", "you"],
    &["thanks"],
    &["thx"],
    &["ty"],
];

/// English words that, after the acknowledgement, turn it into a report
/// or a question ("ok but…", "oh no…", "ok, tried at the window also…").
const TURNS: &[&str] = &[
    "but",
    "however",
    "though",
    "no",
    "nope",
    "still",
    "also",
    "same",
    "anyway",
    "now",
    "tri",
    "tried",
    "retook",
    "apparently",
    "nothing",
];

/// What a restatement of advice can hold after the acknowledgement: a few
/// words ("got it, passport then"). A longer message, or one with a number
/// in it ("ok, 3 days in review now"), goes on to tell something.
const MAX_REST_WORDS: usize = 5;
const MAX_REST_HAN: usize = 10;

/// Chinese acknowledgements opening the message (normalised text is
/// Simplified).
const OPENERS_ZH: &[&str] = &[
    "明白", "懂了", "原来", "收到", "了解", "好的", "好吧", "哦", "噢", "谢谢", "多谢",
];

/// Chinese contrasts: "明白了，但是…".
const TURNS_ZH: &[&str] = &[
    "但", "可是", "不过", "也", "一样", "照着", "试了", "重拍", "担心",
];

/// True when the message opens with an acknowledgement and what follows
/// carries no mark of the speaker, a question or a problem. `raw` is the
/// text as written, for the question marks normalisation removes.
pub fn acknowledges(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    if has_question_mark(raw) {
        return false;
    }
    let words = latin_words(written);
    let english = OPENERS.iter().find(|o| words.starts_with(o));
    let chinese = OPENERS_ZH.iter().find(|o| normalized.starts_with(*o));
    let rest_words = match english {
        Some(opener) => &words[opener.len()..],
        None if chinese.is_some() => &words[..],
        None => return false,
    };
    let rest_text = match chinese {
        Some(opener) => &normalized[opener.len()..],
        None => normalized,
    };
    if rest_words.is_empty() && rest_text.chars().all(|c| c.is_ascii() || c == ' ') {
        // Nothing but the acknowledgement: the one-word rule and the
        // knowledge base's chatter see to it.
        return false;
    }
    let content = rest_words.iter().filter(|w| !is_stopword(w)).count();
    let han = rest_text
        .chars()
        .filter(|c| crate::text::is_cjk(*c))
        .count();
    if content > MAX_REST_WORDS
        || han > MAX_REST_HAN
        || rest_text.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    let turned = rest_words
        .first()
        .is_some_and(|w| ASKING_OPENERS.contains(w))
        || rest_words.iter().any(|w| {
            FIRST_PERSON.contains(w)
                || WH.contains(w)
                || PLEAS.contains(w)
                || TURNS.contains(w)
                || PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p))
        })
        || SPEAKER_ZH
            .iter()
            .chain(ASKING_OR_PROBLEM_ZH)
            .chain(TURNS_ZH)
            .any(|m| rest_text.contains(m));
    !turned
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn ack(text: &str) -> bool {
        let n = normalize(text);
        acknowledges(text, &n, &units(&n))
    }

    #[test]
    fn an_acknowledgement_restating_advice_is_recognised() {
        assert!(ack("明白了 身份证要二代的"));
        assert!(ack("got it, passport then"));
        assert!(ack("ok so the review takes about a day"));
        assert!(ack("i see, daylight for the selfie"));
        assert!(ack("收到 护照照片要拍全四个角"));
    }

    #[test]
    fn a_report_or_a_question_after_the_acknowledgement_is_not() {
        assert!(!ack("ok but my selfie still fails"));
        assert!(!ack("ok the selfie failed again"));
        assert!(!ack("oh no kyc rejected"));
        assert!(!ack("ok can i use my passport instead"));
        assert!(!ack("got it, what about a hk id?"));
        assert!(!ack("明白了，可是我的还是不行"));
        assert!(!ack("好的 那要等多久"));
        assert!(!ack("ok i will try"));
        // A longer report after the acknowledgement.
        assert!(!ack("收到，照着弄了，刷脸那步转完圈直接退回首页"));
        assert!(!ack(
            "ok lah, tried at the window also, face scan spin spin then kick out"
        ));
        assert!(!ack(
            "ah that explains it. the card is tied to some other account and nobody in this house ever opened one"
        ));
        assert!(!ack(
            "ok went with the passport, now its been 3 days in review"
        ));
        // No acknowledgement at all.
        assert!(!ack("passport photo blurry"));
        assert!(!ack("okx kyc rejected"));
        // Nothing after it.
        assert!(!ack("ok"));
        assert!(!ack("好的"));
    }
}
