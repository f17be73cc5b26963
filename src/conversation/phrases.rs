//! The short replies a conversation understands in context: "did this
//! help?" answers, menu picks and requests for a human.
//!
//! These live in Rust, not in the knowledge base, on purpose: they are not
//! verification scenarios but the grammar of the exchange itself ("no",
//! "still failing", "还是不行", "2"), they are read only after the bot asked
//! something, and changing them changes conversation rules that tests pin.
//! Moderators edit scenarios; this file changes with the code that reads it.
//!
//! English is read word by word, each word compared with strsim
//! (Damerau-Levenshtein: one edit for words of four letters or more, two
//! from eight), so "didnt wrk", "stil failing" and "thnks" still count.
//! Chinese has no spaces: a short message is read by the phrases it contains.

use crate::text::normalize;

/// What a reply to "did this help?" says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    Helped,
    NotHelped,
}

/// Words that say the answer did not help (any one of them decides).
const NEGATIVE: &[&str] = &[
    "no", "nope", "nah", "not", "didnt", "doesnt", "dont", "isnt", "wasnt", "cant", "wont",
    "never", "fail", "fails", "failed", "failing", "stuck", "useless", "same", "worse", "error",
    "broken", "nothing", "unsolved", "n",
];

/// Words that say it did (when no negative word is there).
const POSITIVE: &[&str] = &[
    "yes", "yeah", "yep", "yup", "ya", "yea", "y", "ok", "okay", "thanks", "thank", "thx", "ty",
    "solved", "fixed", "works", "worked", "helped", "helpful", "great", "perfect", "awesome",
    "good", "done", "resolved", "passed", "success", "cool", "nice",
];

/// Words that carry no polarity of their own in a feedback reply.
const NEUTRAL: &[&str] = &[
    "it",
    "its",
    "that",
    "this",
    "you",
    "u",
    "i",
    "me",
    "my",
    "the",
    "a",
    "so",
    "much",
    "very",
    "really",
    "still",
    "did",
    "does",
    "do",
    "now",
    "for",
    "all",
    "just",
    "bro",
    "man",
    "sir",
    "help",
    "work",
    "working",
    "lol",
    "pls",
    "please",
    "again",
    "at",
    "is",
    "was",
    "has",
    "have",
    "got",
    "get",
    "problem",
    "issue",
    "same",
    "thing",
    "anything",
    "change",
    "changed",
    "bot",
    "kyc",
    "verification",
    "yet",
    "sorry",
    "but",
    "and",
    "oh",
    "hmm",
    "well",
    "lot",
    "lots",
    "tried",
    "try",
    "even",
    "after",
    "wrk",
    "werk",
    "tnx",
    "plz",
    "pls",
];

/// Chinese replies that say it did not help. Checked before the positive
/// ones, which they often contain (不行 contains 行).
const NEGATIVE_ZH: &[&str] = &[
    "还是不行",
    "不行",
    "没用",
    "没有用",
    "不管用",
    "没解决",
    "未解决",
    "没有解决",
    "还是失败",
    "还是一样",
    "一样",
    "没帮助",
    "没有帮助",
    "无效",
    "不好使",
    "没有",
    "不是",
    "不对",
    "还是",
    "失败",
    "不可以",
];

/// Chinese replies that say it helped.
const POSITIVE_ZH: &[&str] = &[
    "好了",
    "解决了",
    "已解决",
    "可以了",
    "成功了",
    "通过了",
    "谢谢",
    "感谢",
    "多谢",
    "有用",
    "有帮助",
    "行了",
    "搞定",
    "是的",
    "好的",
];

/// Single characters that are an answer only on their own ("是" inside
/// "这是什么" is not a yes).
const EXACT_ZH: &[(&str, Feedback)] = &[
    ("是", Feedback::Helped),
    ("有", Feedback::Helped),
    ("否", Feedback::NotHelped),
    ("不", Feedback::NotHelped),
];

/// A reply this long (in characters) is a new message, not feedback.
const MAX_FEEDBACK_CHARS: usize = 60;
/// Chinese feedback is a few characters; longer text is a new complaint.
const MAX_FEEDBACK_CJK: usize = 10;

/// The words of `text` as the feedback reader sees them: normalised
/// (case, width, apostrophes), split on anything not a letter or digit.
fn words(text: &str) -> Vec<String> {
    normalize(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_cjk_text(text: &str) -> bool {
    text.chars().any(crate::text::is_cjk)
}

/// True when `word` is one of `list`, allowing a typo in longer words.
fn is_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| {
        if *w == word {
            return true;
        }
        let len = word.chars().count().min(w.chars().count());
        let allowed = match len {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        allowed > 0 && strsim::damerau_levenshtein(word, w) <= allowed
    })
}

/// Reads `text` as an answer to "did this help?". `Some` only when the
/// whole reply is feedback ("no it didnt", "yes thanks", "还是不行");
/// a reply with anything else in it ("no, it now says name mismatch") is
/// `None` here and left to triage.
pub fn feedback(text: &str) -> Option<Feedback> {
    if text.chars().count() > MAX_FEEDBACK_CHARS {
        return None;
    }
    if is_cjk_text(text) {
        return feedback_zh(text);
    }
    let words = words(text);
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let mut negative = false;
    let mut positive = false;
    for w in &words {
        let w = w.as_str();
        // Exact words first, typos second: "done" is a word, not "dont"
        // misspelt.
        if NEUTRAL.contains(&w) {
            continue;
        }
        if NEGATIVE.contains(&w) {
            negative = true;
        } else if POSITIVE.contains(&w) {
            positive = true;
        } else if is_in(w, NEGATIVE) {
            negative = true;
        } else if is_in(w, POSITIVE) {
            positive = true;
        } else if !is_in(w, NEUTRAL) {
            return None;
        }
    }
    match (negative, positive) {
        (true, _) => Some(Feedback::NotHelped),
        (false, true) => Some(Feedback::Helped),
        (false, false) => None,
    }
}

/// Chinese (or mixed) feedback: short, and made of a known phrase.
fn feedback_zh(text: &str) -> Option<Feedback> {
    let folded: String = normalize(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if folded.chars().count() > MAX_FEEDBACK_CJK {
        return None;
    }
    if let Some((_, f)) = EXACT_ZH.iter().find(|(p, _)| *p == folded) {
        return Some(*f);
    }
    if NEGATIVE_ZH.iter().any(|p| folded.contains(p)) {
        return Some(Feedback::NotHelped);
    }
    if POSITIVE_ZH.iter().any(|p| folded.contains(p)) {
        return Some(Feedback::Helped);
    }
    None
}

/// The polarity a longer reply opens with ("no, still the same error after
/// a new photo"): the first word, or the first Chinese phrase.
pub fn leaning(text: &str) -> Option<Feedback> {
    if is_cjk_text(text) {
        let folded: String = normalize(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(4)
            .collect();
        return feedback_zh(&folded);
    }
    let first = words(text).into_iter().next()?;
    if is_in(&first, NEGATIVE) {
        Some(Feedback::NotHelped)
    } else if ["yes", "yeah", "yep", "thanks", "solved", "fixed"].contains(&first.as_str()) {
        Some(Feedback::Helped)
    } else {
        None
    }
}

/// A reply to a numbered menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuReply {
    /// Option `n` (1-based, in range).
    Option(usize),
    /// "0", "none", "都不是": none of the options fits.
    NoneOfThese,
    /// A number that is not on the menu.
    OutOfRange,
    /// Not a number: words, to be matched against the options.
    Words,
}

const NONE_WORDS: &[&str] = &[
    "none",
    "none of these",
    "none of them",
    "neither",
    "nothing fits",
    "other",
    "something else",
    "都不是",
    "都不对",
    "没有",
    "其他",
    "别的",
];

/// Reads a reply to a menu of `count` options ("0" is "none of these").
pub fn menu_reply(text: &str, count: usize) -> MenuReply {
    // NFKC only (full-width digits): normalize() would drop the '-' of "-1".
    use unicode_normalization::UnicodeNormalization;
    let t: String = text.nfkc().collect();
    let t = t
        .trim()
        .trim_start_matches('#')
        .trim_end_matches('.')
        .trim();
    if let Ok(n) = t.parse::<u64>() {
        return match n {
            0 => MenuReply::NoneOfThese,
            n if (n as usize) <= count => MenuReply::Option(n as usize),
            _ => MenuReply::OutOfRange,
        };
    }
    if t.chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
        && !t.is_empty()
    {
        return MenuReply::OutOfRange;
    }
    let joined = words(text).join(" ");
    let folded: String = normalize(t)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if NONE_WORDS.iter().any(|w| *w == joined || *w == folded) {
        return MenuReply::NoneOfThese;
    }
    MenuReply::Words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_in_both_languages_and_with_typos() {
        use Feedback::*;
        for (text, want) in [
            ("no", NotHelped),
            ("n", NotHelped),
            ("no it didnt", NotHelped),
            ("nope, still failing", NotHelped),
            ("didn't work", NotHelped),
            ("didnt wrk", NotHelped),
            ("stil failing", NotHelped),
            ("still not working", NotHelped),
            ("same error", NotHelped),
            ("还是不行", NotHelped),
            ("没用", NotHelped),
            ("不行啊", NotHelped),
            ("yes", Helped),
            ("y", Helped),
            ("yes thanks", Helped),
            ("yes it did, thanks!", Helped),
            ("thnks", Helped),
            ("solved", Helped),
            ("solvd it", Helped),
            ("it works now", Helped),
            ("好了", Helped),
            ("好了，谢谢", Helped),
            ("是", Helped),
            ("done", Helped),
        ] {
            assert_eq!(feedback(text), Some(want), "{text}");
        }
    }

    #[test]
    fn a_new_complaint_is_not_feedback() {
        for text in [
            "it now says name mismatch",
            "my passport is rejected",
            "人脸识别一直失败，验证超时怎么办",
            "someone used my id and i never registered",
            "这是什么意思",
            "",
        ] {
            assert_eq!(feedback(text), None, "{text}");
        }
    }

    #[test]
    fn a_longer_reply_leans_by_its_first_word() {
        assert_eq!(
            leaning("no, it still says image unclear after a new photo"),
            Some(Feedback::NotHelped)
        );
        assert_eq!(leaning("my passport now"), None);
        assert_eq!(leaning("还是不行，照片重新拍了"), Some(Feedback::NotHelped));
    }

    #[test]
    fn menu_replies() {
        assert_eq!(menu_reply("2", 3), MenuReply::Option(2));
        assert_eq!(menu_reply(" 3. ", 3), MenuReply::Option(3));
        assert_eq!(menu_reply("#1", 3), MenuReply::Option(1));
        assert_eq!(menu_reply("5", 3), MenuReply::OutOfRange);
        assert_eq!(menu_reply("-1", 3), MenuReply::OutOfRange);
        assert_eq!(
            menu_reply("99999999999999999999999", 3),
            MenuReply::OutOfRange
        );
        assert_eq!(menu_reply("０", 3), MenuReply::NoneOfThese);
        assert_eq!(menu_reply("None of these", 3), MenuReply::NoneOfThese);
        assert_eq!(menu_reply("都不是", 3), MenuReply::NoneOfThese);
        assert_eq!(menu_reply("the photo one", 3), MenuReply::Words);
    }
}
