//! Someone else's case, told to its end: "my friend found out someone
//! used his ID, support sorted it after he reported it", "我朋友的身份证被人
//! 盗用注册了，最后报警了", "coworker got locked out after too many tries, he
//! waited a day and it reset". Such a story carries every word of the
//! scenario it tells, the misuse one included, so the model reads it as
//! that complaint and a misuse story would ping every moderator. But the
//! case is a third person's and it is over: nobody is asking for anything.
//!
//! One-sided: a mark of the speaker beyond naming the third person ("my
//! friend", "我朋友"), a question, a plea, or a denial after the ending
//! ("it never got sorted", "后来还是没解决") keeps the message for the model.
//! A member reporting a relative's ongoing case ("my mom's ID is registered
//! to an account she never made") tells no ending, and still escalates.

use super::settled::MORE_PLEAS;
use super::speech::{asks, FIRST_PERSON, PLEAS, PLEAS_ZH};
use crate::text::{latin_words, Unit};

/// English words for the third person whose case it is. Not "someone":
/// "someone used my ID" is the speaker's own misuse. Not "bro" or "sis",
/// which address the listener.
const THIRD_PARTIES: &[&str] = &[
    "friend",
    "friends",
    "brother",
    "sister",
    "coworker",
    "colleague",
    "cousin",
    "mom",
    "mum",
    "dad",
    "mother",
    "father",
    "parents",
    "wife",
    "husband",
    "boyfriend",
    "girlfriend",
    "bf",
    "gf",
    "uncle",
    "aunt",
    "roommate",
    "flatmate",
    "neighbour",
    "neighbor",
    "son",
    "daughter",
    "grandma",
    "grandpa",
    "coworkers",
    "colleagues",
    "buddy",
    "mate",
    "moms",
    "dads",
    "mums",
    "bfs",
    "gfs",
    "sons",
];

/// English endings of a story ("turned out", "sorted", "it reset"), as
/// units carry them (stemmed: "sorted" is "sort").
const ENDINGS: &[&str] = &[
    "sort", "fix", "resolv", "reset", "unlock", "pass", "passed", "approv", "verifi", "eventual",
    "turn", "recover", "unbound", "unbind",
];

/// Words that deny or reopen what came before: after the ending, the case
/// is not over ("turned out it was stolen and it still isnt fixed").
const REOPENERS: &[&str] = &[
    "not",
    "never",
    "still",
    "didnt",
    "doesnt",
    "wont",
    "cant",
    "isnt",
    "havent",
    "hasnt",
    "yet",
    "again",
    "but",
    "every",
    "keep",
    "currently",
];

/// How many words before an ending a denial reaches ("is not passing").
const NEGATION_REACH: usize = 3;

/// Chinese third persons, as they open the story or stand after 我 ("我表弟").
const THIRD_PARTIES_ZH: &[&str] = &[
    "朋友",
    "同事",
    "表弟",
    "表哥",
    "表姐",
    "表妹",
    "堂弟",
    "堂哥",
    "我爸",
    "我妈",
    "老爸",
    "老妈",
    "我哥",
    "我姐",
    "我弟",
    "我妹",
    "老婆",
    "老公",
    "室友",
    "同学",
    "邻居",
    "亲戚",
    "家人",
    "之前有人",
    "有个群友",
    "群友",
];

/// Chinese endings of a story.
/// Not 过了 or 试过了: "过了有效期" is "past its expiry", "试过了十几次"
/// "tried a dozen times". 最后 only when it is "in the end", not "the
/// last step" (最后一步).
const ENDINGS_ZH: &[&str] = &[
    "后来",
    "最后",
    "解决",
    "解绑",
    "搞定",
    "好了",
    "报警了",
    "申诉成功",
];

/// Chinese marks of a case still open anywhere in the message: a repeat
/// (每次, 一直, 又, 还是) or the present (现在).
const OPEN_ZH: &[&str] = &["每次", "一直", "又", "还是", "现在"];

/// Chinese words that reopen the case after its ending (还没, 不行).
const REOPENERS_ZH: &[char] = &['没', '不', '未', '还'];

/// True when the message tells a third person's case and how it ended,
/// with no mark of the speaker's own case, no question and no plea.
/// `raw` is the text as written, for the question marks.
pub fn someone_elses_case_told(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let words = latin_words(written);
    let pleads = words
        .iter()
        .any(|w| PLEAS.contains(w) || MORE_PLEAS.contains(w))
        || PLEAS_ZH
            .iter()
            .any(|m| normalized.contains(m) && !helped_the_third_person(normalized, m));
    if asks(raw, normalized, &words) || pleads {
        return false;
    }
    english(&words) || chinese(normalized)
}

/// 帮 before a third person tells of help given ("客服后来帮他解绑了"), not
/// asked for; 帮我 and 帮帮 still plead.
fn helped_the_third_person(normalized: &str, plea: &str) -> bool {
    plea == "帮"
        && normalized.match_indices(plea).all(|(at, _)| {
            let after = &normalized[at + plea.len()..];
            ["他", "她", "朋友"].iter().any(|t| after.starts_with(t))
        })
}

fn english(words: &[&str]) -> bool {
    if !words.iter().any(|w| THIRD_PARTIES.contains(w)) {
        return false;
    }
    // "my" is allowed only where it names the third person ("my friend").
    let speaker = words.iter().enumerate().any(|(i, w)| {
        FIRST_PERSON.contains(w)
            && !(*w == "my" && words.get(i + 1).is_some_and(|n| THIRD_PARTIES.contains(n)))
    });
    if speaker {
        return false;
    }
    // An ending counts when nothing denies it a few words before ("her
    // face scan is not passing") or reopens the case after it.
    words.iter().enumerate().any(|(i, w)| {
        ENDINGS.iter().any(|e| w.starts_with(e))
            && !words[i.saturating_sub(NEGATION_REACH)..i]
                .iter()
                .any(|n| REOPENERS.contains(n))
            && !words[i..].iter().any(|n| REOPENERS.contains(n))
    })
}

fn chinese(normalized: &str) -> bool {
    let Some(third) = THIRD_PARTIES_ZH
        .iter()
        .filter_map(|t| normalized.find(t).map(|at| (at, *t)))
        .min()
    else {
        return false;
    };
    // Every 我 must be the one naming the third person ("我朋友").
    let named = |at: usize| {
        THIRD_PARTIES_ZH
            .iter()
            .any(|t| t.starts_with('我') && normalized[at..].starts_with(t))
            || normalized[at + '我'.len_utf8()..].starts_with(|c: char| third.1.starts_with(c))
    };
    if normalized.match_indices('我').any(|(at, _)| !named(at)) {
        return false;
    }
    // As in English: not denied right before (没解决, 不过了), nothing
    // reopening after.
    if OPEN_ZH.iter().any(|m| normalized.contains(m)) {
        return false;
    }
    ENDINGS_ZH.iter().any(|e| {
        normalized.match_indices(e).any(|(at, _)| {
            let after = &normalized[at + e.len()..];
            let last_step = *e == "最后" && after.starts_with('一');
            !(normalized[..at].ends_with(REOPENERS_ZH) || after.contains(REOPENERS_ZH) || last_step)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn told(text: &str) -> bool {
        let n = normalize(text);
        someone_elses_case_told(text, &n, &units(&n))
    }

    #[test]
    fn a_third_persons_case_told_to_its_end_is_recognised() {
        assert!(told(
            "my cousin found out someone had used her passport, support sorted it out in a week"
        ));
        assert!(told(
            "roommate got locked after too many selfie tries, it reset the next day"
        ));
        assert!(told("同事的身份证被人拿去注册了，后来报警处理了"));
        assert!(told("我表弟用临时身份证不行，最后换了正式的就好了"));
        assert!(told("朋友的身份证被人用了，客服后来帮他解绑了"));
    }

    #[test]
    fn the_speakers_case_an_open_case_or_a_question_is_not() {
        // The speaker's own document, or the speaker's own trouble.
        assert!(!told("my friend used my passport and it got sorted"));
        assert!(!told("朋友用了我的身份证注册，后来我才知道"));
        // No ending: a relative's case that is still open escalates.
        assert!(!told(
            "my mom's ID is registered to an account she never made"
        ));
        assert!(!told("我妈的身份证被别人注册了"));
        // The ending is denied or reopened.
        assert!(!told(
            "my dad's passport turned out to be used by someone and it still isnt fixed"
        ));
        assert!(!told("朋友的身份证被盗用了，后来还没解决"));
        assert!(!told(
            "my mother is old and her face scan is not passing, her hands shake"
        ));
        assert!(!told("我妈的人脸一直没过了"));
        // "The last step", "tried", "past its expiry", a repeat, the present.
        assert!(!told("老婆的账户最后一步人脸识别，每次都显示超时"));
        assert!(!told("我爸人脸试过了十几次，都提示活体检测失败"));
        assert!(!told(
            "表弟的护照过了有效期，重新办了新护照，现在提交显示证件已被使用"
        ));
        // A question or a plea.
        assert!(!told("my friend's kyc got sorted, how did he do it?"));
        assert!(!told("朋友的身份证被人用了，最后怎么解决的"));
        assert!(!told("my brother got locked, it reset, pls help him again"));
        assert!(!told("朋友的身份证被人用了，后来解绑了，帮我看看我的"));
    }
}
