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

use super::speech::{asks, ASKING_OR_PROBLEM_ZH, PLEAS, PROBLEM_PREFIXES};
use crate::text::{is_cjk, is_stopword, latin_words, latin_words_at, Unit};

/// English words of a verification that went through, as units carry
/// them (lightly stemmed: "solved" is "solv", "verified" "verifi";
/// "passed" stays). They also end a story well ("rejected once for a
/// photocopy, used the real card and passed").
const OUTCOME: &[&str] = &[
    "pass",
    "passed",
    "approv",
    "accept",
    "verifi",
    "solv",
    "success",
    "successful",
    "successfully",
];

/// More English words of success, only in a message with no mark of a
/// problem at all: "rejected, retook a clear one", "trying to fix it",
/// "still going through review" end nothing. Not "work": "my work email"
/// says nothing.
const MORE_SUCCESS: &[&str] = &[
    "sort", "fix", "clear", "thru", "through", "green", "fine",
    // A comparison of ways that worked: "selfie works better by a window",
    // "passport went smoother".
    "better", "faster", "quicker", "smoother", "easier",
];

fn is_success(word: &str) -> bool {
    OUTCOME.contains(&word) || MORE_SUCCESS.contains(&word)
}

/// English words that deny an outcome a few words on ("did not pass",
/// "hasnt been approved", "failed to get verified").
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "didnt", "doesnt", "dont", "wont", "cant", "cannot", "hasnt", "havent",
    "isnt", "wasnt", "arent", "werent", "couldnt", "unabl", "fail",
];

/// A word that denies: a negation, or a word it begins ("failed",
/// "unable"). "no" only as itself: "now" and "normal" deny nothing
/// ("fixed now, verified").
fn denies(word: &str) -> bool {
    NEGATIONS
        .iter()
        .any(|neg| word == *neg || (neg.len() > 2 && word.starts_with(neg)))
}

/// English words that move a story on to its outcome ("…, then passed",
/// "used the real card and passed"). Without one, a success after a
/// problem is background ("timeout every time, already passed the ID
/// photo step").
const CONNECTIVES: &[&str] = &[
    "then",
    "finally",
    "later",
    "eventually",
    "end",
    "after",
    "and",
    "now",
    "luckily",
];

/// Chinese words that move a story on to its outcome: 后来, 最后, 还好.
/// Not 都 or 倒是: "都过了一晚上了" is time passing, "正面倒是过了" a side note.
const CONNECTIVES_ZH: &[&str] = &[
    "后来", "最后", "终于", "就", "还好", "然后", "才", "总算", "幸好", "结果",
];

/// How much may follow the last success: "gg kyc cleared", "solved,
/// retook the passport photo in daylight", "认证搞定 去买币".
const MAX_TAIL_WORDS: usize = 6;
const MAX_TAIL_HAN: usize = 8;

/// How many words before an outcome a negation still denies it.
const NEGATION_REACH: usize = 3;

/// English marks of a joke or a laugh.
const LAUGHTER: &[&str] = &[
    "lol", "lmao", "lmfao", "rofl", "xd", "haha", "hahaha", "hehe", "jk",
];

/// English words that plead wherever they stand.
pub(super) const MORE_PLEAS: &[&str] = &["abeg", "kindly", "need", "want"];

/// Beyond `speech.rs`'s failure words: English words that deny, want
/// something changed, wait or turn a success into a complaint ("approved,
/// but my name is missing a letter", "waiting for review is killing me
/// lol"), even without a question mark. "can", "could", "should" and
/// "will" count anywhere here, not only opening the message.
const MORE_PROBLEM: &[&str] = &[
    "no", "nope", "can", "could", "should", "will", "typo", "mistake", "edit", "chang", "change",
    "updat", "modify", "modifi", "but", "however", "missing", "new", "wait", "slow", "long",
    "forever", "day", "hour", "week", "turn", "refus", "flip", "nothing", "havent", "hasnt", "yet",
    "unverifi",
];

/// Chinese marks of success.
const SUCCESS_ZH: &[&str] = &[
    "通过了",
    "过了",
    "搞定",
    "好了",
    "成功",
    "解决了",
    "ok了",
    "绿了",
];

/// Chinese comparisons of ways that worked ("护照认证比身份证快"): success
/// only in a message with no mark of a problem, never a story's outcome.
const BETTER_ZH: &[&str] = &[
    "比较快",
    "更快",
    "更容易",
    "更顺",
    "快很多",
    "快一点",
    "快些",
    "比身份证快",
    "比护照快",
];

/// Chinese marks of a laugh.
const LAUGHTER_ZH: &[&str] = &["哈哈", "笑死"];

/// Emoji of a laugh, as typed (normalisation drops them). Not 😭: crying
/// closes as many complaints as jokes.
const LAUGHTER_EMOJI: &[char] = &['😂', '🤣', '💀', '😆', '😅', '😹'];

/// Characters that deny the success that follows them: 没过了, 不过了, 未通过了.
const NEGATIONS_ZH: &[char] = &['没', '不', '未'];

/// Chinese marks of a problem beyond `speech.rs`'s (the speaker's 我 is
/// not one: "我的认证终于通过了" reports success): a wish ("想", "改"), a
/// contrast ("但", "后来发现"), waiting ("等", "几天", "一个星期").
const MORE_PROBLEM_ZH: &[&str] = &[
    "点", "要", "能", "改", "少", "反了", "发现", "但", "可是", "后来", "等", "慢", "久", "天",
    "小时", "临时", "新的", "换了", "不", "期", "周", "星期", "月",
];

/// Phrases whose words would otherwise count as a problem: 已经
/// ("already", as in 已经被注册) and 审核 ("review", as in 审核中) in a
/// success; 还 ("still", as in 还没) in 还好 ("luckily").
const SUCCESS_PHRASES_ZH: &[&str] = &["已经审核通过", "审核通过", "已经通过", "还好"];

/// True when the message reports success or jokes and carries no mark of
/// a problem, or tells a story whose last word is success ("用港澳通行证
/// 不行 我后来用回身份证就过了"): no question anywhere, and no problem
/// mark after the success. `raw` is the text as written, for the question
/// marks normalisation removes.
pub fn reports_no_problem(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let words = latin_words(written);
    let pleads = words
        .iter()
        .any(|w| PLEAS.contains(w) || MORE_PLEAS.contains(w));
    if asks(raw, normalized, &words) || pleads {
        return false;
    }
    if closes_well(&words) {
        return true;
    }
    let laughs = words
        .iter()
        .any(|w| LAUGHTER.contains(w) || w.starts_with("haha"))
        || LAUGHTER_ZH
            .iter()
            .chain(BETTER_ZH)
            .any(|m| normalized.contains(m))
        || raw.contains(LAUGHTER_EMOJI);
    // Most messages carry no success or laugh at all: they are done here,
    // before the marks are placed.
    let succeeds =
        words.iter().any(|w| is_success(w)) || SUCCESS_ZH.iter().any(|m| normalized.contains(m));
    if !laughs && !succeeds {
        return false;
    }
    let marks = Marks::of(normalized);
    // A success report ends soon after its success. One that goes on
    // ("verified last month, birthday on the profile reads 1990, real one
    // is 1999") tells something the problem lists may not know.
    if let Some(end) = marks.last_success_end {
        let tail = &normalized[end..];
        let words = latin_words_at(tail)
            .iter()
            .filter(|(_, w)| !is_stopword(w))
            .count();
        let han = tail.chars().filter(|c| is_cjk(*c)).count();
        if words > MAX_TAIL_WORDS || han > MAX_TAIL_HAN {
            return false;
        }
    }
    match marks.last_problem_end {
        // A success or a laugh (the early return above), nothing wrong.
        None => true,
        Some(end) => marks.last_outcome.is_some_and(|at| {
            at >= end && {
                let between = &normalized[end..at];
                latin_words_at(between)
                    .iter()
                    .any(|(_, w)| CONNECTIVES.contains(&w.as_str()))
                    || CONNECTIVES_ZH.iter().any(|m| between.contains(m))
            }
        }),
    }
}

/// Closings that sum a story up as over ("…turned out it was the
/// photocopy. all good now", "…my old account from college, all sorted"),
/// as units carry them (stemmed). Whatever went wrong before them, the
/// member says it is behind them.
const CLOSINGS: &[&[&str]] = &[
    &["all", "good"],
    &["all", "good", "now"],
    &["all", "sort"],
    &["all", "set"],
    &["all", "fix"],
    &["sort", "now"],
    &["fix", "now"],
    &["work", "now"],
    &["good", "now"],
];

/// True when the message ends with a closing and no negation just before
/// it ("not all good").
fn closes_well(words: &[&str]) -> bool {
    CLOSINGS.iter().any(|c| {
        words.ends_with(c) && {
            let before = &words[..words.len() - c.len()];
            !before.iter().rev().take(NEGATION_REACH).any(|w| {
                NEGATIONS.contains(w)
                    || MORE_PROBLEM.contains(w)
                    || PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p))
            })
        }
    })
}

/// Where a message's marks of success and of a problem sit (byte offsets
/// into the normalised text).
struct Marks {
    /// End of the last success word or phrase.
    last_success_end: Option<usize>,
    /// Start of the last outcome that no negation denies.
    last_outcome: Option<usize>,
    /// End of the last mark of a problem.
    last_problem_end: Option<usize>,
}

impl Marks {
    fn of(normalized: &str) -> Marks {
        let mut marks = Marks {
            last_success_end: None,
            last_outcome: None,
            last_problem_end: None,
        };
        let words = latin_words_at(normalized);
        for (i, (at, w)) in words.iter().enumerate() {
            let w = w.as_str();
            if PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p)) || MORE_PROBLEM.contains(&w) {
                marks.problem(at + w.len());
            }
            if is_success(w) {
                let end = normalized[*at..]
                    .find(' ')
                    .map_or(normalized.len(), |e| at + e);
                marks.success(end);
            }
            let denied = words[i.saturating_sub(NEGATION_REACH)..i]
                .iter()
                .any(|(_, n)| denies(n));
            if OUTCOME.contains(&w) && !denied {
                marks.outcome(*at);
            }
        }
        // Blank the success phrases out of the problem scan, keeping every
        // offset where it was.
        let scanned = SUCCESS_PHRASES_ZH
            .iter()
            .fold(normalized.to_string(), |t, p| {
                t.replace(p, &" ".repeat(p.len()))
            });
        for m in ASKING_OR_PROBLEM_ZH.iter().chain(MORE_PROBLEM_ZH) {
            for (at, _) in scanned.match_indices(m) {
                marks.problem(at + m.len());
            }
        }
        for m in SUCCESS_ZH {
            for (at, _) in normalized.match_indices(m) {
                marks.success(at + m.len());
                let denied = normalized[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| NEGATIONS_ZH.contains(&c));
                if !denied {
                    marks.outcome(at);
                }
            }
        }
        marks
    }

    fn success(&mut self, end: usize) {
        self.last_success_end = self.last_success_end.max(Some(end));
    }

    fn problem(&mut self, end: usize) {
        self.last_problem_end = self.last_problem_end.max(Some(end));
    }

    fn outcome(&mut self, at: usize) {
        self.last_outcome = self.last_outcome.max(Some(at));
    }
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
        assert!(settled(
            "me doing the liveness check at 2am like a ghost 💀"
        ));
        assert!(settled("身份证上的照片是十年前的我🤣"));
        assert!(settled("gg kyc cleared"));
        assert!(settled("solved, my verification is green now"));
        assert!(settled("my wife and i both got verified today :)"));
        assert!(settled("好了好了 已经审核通过了"));
        assert!(settled("用港澳通行证不行 我后来用回身份证就过了"));
        assert!(settled(
            "mine got rejected once for photocopy, used the real card and passed. lesson learned"
        ));
        assert!(settled("刚帮我妈弄完实名 老人家刷脸真的难 不过最后过了"));
        assert!(settled("my passport got accepted first try, surprised tbh"));
        assert!(settled("人脸识别那个眨眼 我眨得跟抽筋一样 还好过了"));
        assert!(settled("selfie works better by a window"));
        assert!(settled("护照认证比身份证快 我两个都试过"));
        // A story summed up as over, and "now" is no negation.
        assert!(settled(
            "selfie got rejected twice last week, turned out it was my glasses. all good now"
        ));
        assert!(settled(
            "the name was wrong on my side, fixed now, verified"
        ));
    }

    #[test]
    fn any_mark_of_a_problem_or_a_question_keeps_the_message() {
        assert!(!settled(
            "passed the face scan but the id photo still fails"
        ));
        assert!(!settled("lol my kyc failed again"));
        assert!(!settled("selfie keeps failing 😂 what do i do"));
        assert!(!settled("审核三天了还没过😅"));
        assert!(!settled("did yours pass?"));
        assert!(!settled("how did you get it approved"));
        assert!(!settled("过了三天还没结果"));
        assert!(!settled("人脸识别过了但是证件被拒"));
        assert!(!settled("my passport photo is blurry"));
        assert!(!settled("认证通过了吗"));
        assert!(!settled("KYC過咗，想改資料點搞"));
        assert!(!settled("abeg the selfie verification no dey pass at all"));
        assert!(!settled("is my kyc approved"));
        assert!(!settled("still not verified"));
        assert!(!settled(
            "tried everything, nothing worked, verification fine on my other phone"
        ));
        assert!(!settled("已经过了一个星期"));
        assert!(!settled("审核通过了，但是提现不了"));
        // A story that does not end well, or a success denied.
        assert!(!settled("my selfie did not pass"));
        assert!(!settled("rejected, failed to get verified again"));
        assert!(!settled("passport not accepted"));
        assert!(!settled("身份证认证通不过了"));
        assert!(!settled("为什么别人都过了"));
        assert!(!settled("my kyc failed again lol"));
        assert!(!settled("passport keeps failing, selfie all good now"));
        assert!(!settled("it is not all good now, still pending"));
        // More after the success than a report of it.
        assert!(!settled(
            "verified last month, birthday on the profile reads 1990, real one is 1999"
        ));
        assert!(!settled(
            "fine, retook the ID card photo by the window, same red banner about image quality"
        ));
        assert!(!settled(
            "verified fine. now the data deletion request for the selfie video is the thing"
        ));
        assert!(!settled("is there an easier way to verify"));
        assert!(!settled(
            "selfie works better without glasses but still fails"
        ));
        assert!(!settled("approved yesterday, now it says rejected"));
        assert!(!settled(
            "stuck on the selfie video part, timeout every time, already passed the ID photo step"
        ));
        assert!(!settled(
            "identity verification 还在 pending，都过了一晚上了"
        ));
        assert!(!settled("上传身份证背面总是说 image unclear，正面倒是过了"));
        assert!(!settled(
            "verification passed but my birthday has a typo, can i edit it"
        ));
    }
}
