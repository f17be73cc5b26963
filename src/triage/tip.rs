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

use super::remark::is_trouble;
use super::speech::{
    has_question_mark, speaks_or_pleads, ASKING_OR_PROBLEM_ZH, IMPERATIVE_OPENERS, INSTRUCTIONS,
    INSTRUCTIONS_ZH, PROBLEM_PREFIXES,
};
use crate::text::{is_cjk, is_stopword, latin_words, normalize, units, Unit};

/// A rhetorical question is short: "selfie keeps failing?", "审核被拒？".
const MAX_QUESTION_WORDS: usize = 5;
const MAX_QUESTION_HAN: usize = 10;

/// Chinese openings of an instruction beyond `speech.rs`'s (which follow
/// 的话): reminders and suggestions.
const MORE_INSTRUCTIONS_ZH: &[&str] =
    &["记得", "试试", "试下", "不要", "别", "建议", "检查", "看看"];

/// Chinese marks of a repeat in the question ("又被拒了？").
const AGAIN_ZH: &[&str] = &["又", "还是", "再次"];

/// Chinese marks of a report or of the exchange addressed in the answer.
const REPORT_ZH: &[&str] = &["你们", "了", "再叫", "次"];

/// True when `raw` opens with a short question and answers it with an
/// instruction, with no mark of the speaker and no plea. `normalized` and
/// `written` are of the whole message.
pub fn answers_its_own_question(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let Some(at) = raw.find(['?', '？']) else {
        return false;
    };
    let words = latin_words(written);
    if speaks_or_pleads(normalized, &words) {
        return false;
    }
    let answer = raw[at..].trim_start_matches(|c: char| {
        c == '?' || c == '？' || c.is_whitespace() || c.is_ascii_punctuation()
    });
    if answer.is_empty() || has_question_mark(answer) {
        return false;
    }
    let question = normalize(&raw[..at]);
    // "Rejected AGAIN?", "又被拒了？": the speaker's own repeated failure.
    if latin_words(&units(&question)).contains(&"again")
        || AGAIN_ZH.iter().any(|m| question.contains(m))
    {
        return false;
    }
    let question_units = units(&question);
    let question_words = latin_words(&question_units)
        .into_iter()
        .filter(|w| !is_stopword(w))
        .count();
    let question_han = question.chars().filter(|c| is_cjk(*c)).count();
    if question_words > MAX_QUESTION_WORDS || question_han > MAX_QUESTION_HAN {
        return false;
    }
    // The answer must be an instruction and nothing more: a failure, a
    // wait, a number (a UID) or a report after it ("turn off beauty mode
    // they said. did that, still failing") tells the speaker's own case;
    // 你们 puts it to the exchange ("建议你们看看后台").
    if answer.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let answer = normalize(answer);
    let answer_units = units(&answer);
    // Past the instruction itself ("try near a window").
    let reports = latin_words(&answer_units)
        .iter()
        .skip(1)
        .any(|w| is_trouble(w) || PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p)))
        || ASKING_OR_PROBLEM_ZH
            .iter()
            .chain(REPORT_ZH)
            .any(|m| answer.contains(m));
    if reports {
        return false;
    }
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
        // A repeat, a report after the instruction, a UID, the exchange.
        assert!(!tip("Rejected AGAIN? check uid 4471203, same passport"));
        assert!(!tip(
            "selfie failing? turn off beauty mode they said. did that, still failing"
        ));
        assert!(!tip("实名被拒？建议你们看看后台"));
        assert!(!tip("照片模糊？重新拍了八次，原图都很清楚"));
    }
}
