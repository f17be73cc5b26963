//! A tip put as a question and its answer: "kyc rejected? check your email
//! first", "人脸过不了？换个光线好的地方". The question is rhetorical: the
//! same message answers it with an instruction to the reader, and nobody
//! in it has a problem of their own. The model reads the question's
//! scenario words as a complaint; `speech.rs` cannot help, since any
//! question mark keeps a message there.
//!
//! One-sided: a mark of the speaker (I/my/我) or a plea anywhere, a long
//! question, or a second question after the answer ("selfie failed? tried
//! again? still fails?") keeps the message for the model.

use super::speech::{
    has_question_mark, FIRST_PERSON, IMPERATIVE_OPENERS, INSTRUCTIONS, INSTRUCTIONS_ZH, PLEAS,
    PLEAS_ZH, SPEAKER_ZH,
};
use crate::text::{is_cjk, is_stopword, latin_words, normalize, units, Unit};

/// A rhetorical question is short: "selfie keeps failing?", "审核被拒？".
const MAX_QUESTION_WORDS: usize = 5;
const MAX_QUESTION_HAN: usize = 10;

/// Chinese openings of an instruction beyond `speech.rs`'s (which follow
/// 的话): reminders and suggestions.
const MORE_INSTRUCTIONS_ZH: &[&str] =
    &["记得", "试试", "试下", "不要", "别", "建议", "检查", "看看"];

/// True when `raw` opens with a short question and answers it with an
/// instruction, with no mark of the speaker and no plea. `normalized` and
/// `written` are of the whole message.
pub fn answers_its_own_question(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let Some(at) = raw.find(['?', '？']) else {
        return false;
    };
    let words = latin_words(written);
    let own_or_pleading = words
        .iter()
        .any(|w| FIRST_PERSON.contains(w) || PLEAS.contains(w))
        || SPEAKER_ZH
            .iter()
            .chain(PLEAS_ZH)
            .any(|m| normalized.contains(m));
    if own_or_pleading {
        return false;
    }
    let answer = raw[at..].trim_start_matches(|c: char| {
        c == '?' || c == '？' || c.is_whitespace() || c.is_ascii_punctuation()
    });
    if answer.is_empty() || has_question_mark(answer) {
        return false;
    }
    let question = normalize(&raw[..at]);
    let question_units = units(&question);
    let question_words = latin_words(&question_units)
        .into_iter()
        .filter(|w| !is_stopword(w))
        .count();
    let question_han = question.chars().filter(|c| is_cjk(*c)).count();
    if question_words > MAX_QUESTION_WORDS || question_han > MAX_QUESTION_HAN {
        return false;
    }
    let answer = normalize(answer);
    let first = answer.split(' ').next().unwrap_or("");
    IMPERATIVE_OPENERS.contains(&first)
        || INSTRUCTIONS.contains(&first)
        || INSTRUCTIONS_ZH
            .iter()
            .chain(MORE_INSTRUCTIONS_ZH)
            .any(|m| answer.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tip(text: &str) -> bool {
        let n = normalize(text);
        answers_its_own_question(text, &n, &units(&n))
    }

    #[test]
    fn a_question_answered_by_an_instruction_is_a_tip() {
        assert!(tip("selfie keeps failing? try near a window in daylight"));
        assert!(tip(
            "passport rejected?? check the email, the reason is in there"
        ));
        assert!(tip("人脸过不了？换个光线好的地方再试"));
        assert!(tip("审核被拒？记得先看邮件里的原因"));
    }

    #[test]
    fn a_real_question_or_the_speakers_case_is_not() {
        assert!(!tip("kyc rejected? what do i do now"));
        assert!(!tip("my selfie keeps failing? try again doesnt work"));
        assert!(!tip("selfie failed? tried again? still fails?"));
        assert!(!tip("anyone know why face fails? try again never works"));
        assert!(!tip("我的认证被拒了？去哪里看原因"));
        assert!(!tip(
            "why does the passport upload keep saying the image is unclear even in daylight? try"
        ));
        assert!(!tip("kyc rejected"));
    }
}
