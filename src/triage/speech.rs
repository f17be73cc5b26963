//! Who a message speaks to. In a support channel members advise each other
//! ("selfie记得光线要够", "don't crop the photo, upload it as is", "one ID
//! can only verify one account fyi"); such advice is full of the words of a
//! scenario, so the model reads it as that scenario's complaint. What tells
//! them apart is grammar, not topic: advice is said *to someone* (an
//! imperative, "you", "大家") and carries none of the marks of a member's own
//! problem (I/my/我, a question, a failure or an error the app showed).
//!
//! The lists are grammar words, not scenario phrasings, which is why they
//! live here and not in the knowledge base (like the conversation's
//! feedback phrases). They are deliberately one-sided: a message with any
//! mark of a problem is never silenced here, so a terse real complaint
//! ("your app keeps rejecting my passport") is left to the model.

use super::remark::is_trouble;
use crate::text::{latin_words, Unit};

/// English words that open an instruction to someone else.
pub(super) const IMPERATIVE_OPENERS: &[&str] = &[
    "try", "use", "dont", "make", "remember", "upload", "take", "wait", "just", "check", "go",
    "clear", "remove", "turn", "retake", "avoid",
];

/// English words that address someone anywhere in the message.
/// Not "you" or "u": in pinyin "you" is 有 ("kyc you wenti"), and a bare
/// "you" asks as often as it advises.
const ADDRESSING: &[&str] = &["fyi", "yall", "your", "ur"];

/// Chinese marks of advice or address (normalised text is Simplified).
/// 别 ("don't") is matched apart, by [`says_dont`]: as one character it
/// also stands inside 识别, 性别 and 别的.
const ADDRESSING_ZH: &[&str] = &[
    "记得", "把", "不要", "试试", "试下", "就好", "就行", "一般", "用返", "你", "您", "大家",
    "建议", "最好", "唔好", "记住",
];

/// English marks of the speaker (not "id", which is the document more
/// often than "I'd").
pub(super) const FIRST_PERSON: &[&str] = &[
    "i", "im", "ive", "my", "me", "mine", "myself", "we", "our", "us", "wo", "wode",
];

/// English question words (`settled.rs` reads them too).
pub(super) const WH: &[&str] = &[
    "how", "why", "what", "whats", "when", "where", "which", "who",
];

/// English words that plead or ask for someone (`settled.rs` reads them too).
pub(super) const PLEAS: &[&str] = &["anyone", "help", "pls", "plz", "please"];

/// English auxiliaries, which ask a question only when they open the
/// message ("can i use my passport"): inside a sentence they state
/// ("one ID can only verify one account", "upload it as is"), and a
/// question mark, which also asks, is checked apart.
pub(super) const ASKING_OPENERS: &[&str] = &[
    "can", "could", "is", "are", "does", "do", "did", "will", "would", "should",
];

/// Beginnings of English words that report a failure, an error or a state
/// the app showed (words arrive lightly stemmed and typo-corrected).
pub(super) const PROBLEM_PREFIXES: &[&str] = &[
    "fail", "reject", "declin", "error", "stuck", "pend", "wrong", "issu", "problem", "doesnt",
    "didnt", "cant", "cannot", "unabl", "wont", "keep", "again", "still", "unclear", "blur",
    "mismatch", "expir", "regist", "already", "lock", "frozen", "freez", "limit", "deni",
    "invalid", "not", "isnt", "arent", "wasnt", "never", "timeout", "say", "show", "prompt",
];

/// Chinese marks of the speaker.
pub(super) const SPEAKER_ZH: &[&str] = &["我", "咱", "俺", "本人"];

/// Chinese marks of a question.
pub(super) const QUESTION_ZH: &[&str] = &[
    "吗",
    "么",
    "嘛",
    "呢",
    "怎",
    "为什么",
    "如何",
    "咋",
    "请问",
    "哪",
    "谁",
    "点解",
    "咩",
    "几时",
    "多久",
    "多少",
    "会不会",
    "能不能",
    "可不可以",
    "是不是",
    "有没有",
    "要不要",
    "行不行",
];

/// Chinese marks of a plea ("求助", "帮我看看"); 帮 also tells of help
/// given ("帮我妈弄完实名"), which `settled.rs` weighs by where it stands.
pub(super) const PLEAS_ZH: &[&str] = &["求", "帮"];

/// Chinese marks of a question or a failure (`settled.rs` reads them too).
pub(super) const ASKING_OR_PROBLEM_ZH: &[&str] = &[
    "吗",
    "么",
    "嘛",
    "呢",
    "怎",
    "为什么",
    "多久",
    "几天",
    "什么",
    "如何",
    "咋",
    "能否",
    "能不能",
    "可不可以",
    "是不是",
    "是否",
    "请问",
    "求",
    "帮",
    "哪",
    "谁",
    "点解",
    "咩",
    "几时",
    "边度",
    "失败",
    "不行",
    "不了",
    "不到",
    "驳回",
    "拒",
    "错",
    "一直",
    "卡",
    "不能",
    "无法",
    "问题",
    "提示",
    "显示",
    "不清",
    "模糊",
    "不符",
    "不匹配",
    "不一致",
    "对不上",
    "已被",
    "已经",
    "被",
    "冒",
    "盗",
    "锁",
    "冻结",
    "上限",
    "过期",
    "唔得",
    "唔到",
    "超时",
    "过不去",
    "通不过",
    "不通过",
    "不过",
    "不出",
    "不对",
    "没",
    "未",
    "又",
    "还",
    "审核",
    "等了",
    "说",
    "注册",
    "想",
    "要不要",
    "会不会",
    "可以",
    "有没有",
    "行不行",
];

/// A question mark as typed (normalisation removes it), ASCII or full-width.
pub(super) fn has_question_mark(raw: &str) -> bool {
    raw.contains('?') || raw.contains('？')
}

/// The message asks something: a question mark as typed, an auxiliary
/// opening it, a question word, a Chinese question particle or form.
/// `words` are its Latin words as written (`latin_words`).
pub(super) fn asks(raw: &str, normalized: &str, words: &[&str]) -> bool {
    has_question_mark(raw)
        || words.first().is_some_and(|w| ASKING_OPENERS.contains(w))
        || words.iter().any(|w| WH.contains(w))
        || QUESTION_ZH.iter().any(|m| normalized.contains(m))
}

/// The speaker or a plea appears: I/my or please/help among `words` (the
/// Latin words to read, which a caller may start past an opening such as
/// "for anyone"), 我 or 求/帮 in the Chinese. The common guard of the
/// rules that silence a remark: with either, the message may be the
/// speaker's own problem.
pub(super) fn speaks_or_pleads(normalized: &str, words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| FIRST_PERSON.contains(w) || PLEAS.contains(w))
        || SPEAKER_ZH
            .iter()
            .chain(PLEAS_ZH)
            .any(|m| normalized.contains(m))
}

/// True when `normalized` (with its resolved `units`) is said to someone
/// else and says nothing of the speaker's own problem. `raw` is the text as
/// written, for the question marks normalisation removes.
pub fn addressed_to_others(
    raw: &str,
    normalized: &str,
    written: &[Unit],
    resolved: &[Unit],
) -> bool {
    if has_question_mark(raw) {
        return false;
    }
    // Grammar words are read as written: typo correction maps a stopword
    // such as "does" to a knowledge-base word ("dose"). Problem words are
    // also read corrected, so that "rejectd" still counts.
    let words = || {
        written.iter().chain(resolved).filter_map(|u| match u {
            Unit::Word(w) => Some(w.as_str()),
            Unit::Han(_) => None,
        })
    };
    let opens_with = |list: &[&str]| {
        normalized
            .split(' ')
            .next()
            .is_some_and(|w| list.contains(&w))
    };
    let own_or_problem = opens_with(ASKING_OPENERS)
        || words().any(|w| {
            FIRST_PERSON.contains(&w)
                || WH.contains(&w)
                || PLEAS.contains(&w)
                || PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p))
        })
        || SPEAKER_ZH
            .iter()
            .chain(ASKING_OR_PROBLEM_ZH)
            .any(|m| normalized.contains(m));
    if own_or_problem {
        return false;
    }
    // The first word as typed, not stemmed: "waited a day" reports, "wait
    // a day" advises.
    opens_with_a_members_name(raw)
        || opens_with(IMPERATIVE_OPENERS)
        || words().any(|w| ADDRESSING.contains(&w))
        || ADDRESSING_ZH.iter().any(|m| normalized.contains(m))
        || says_dont(normalized)
}

/// Names that ping staff rather than a member ("@mods", "@admin",
/// "@管理员"): a message opening with one asks them for something.
const STAFF: &[&str] = &[
    "mod",
    "mods",
    "moderator",
    "moderators",
    "admin",
    "admins",
    "support",
    "staff",
    "team",
    "here",
    "everyone",
    "管理",
    "管理员",
    "管理員",
    "客服",
];

/// The message opens by naming another member: "@sara relax, …" as typed,
/// or a Discord user mention (`<@123…>`; the adapter has already taken out
/// the bot's own). Not a role mention (`<@&…>`, most often the moderators')
/// and not a name that pings staff.
fn opens_with_a_members_name(raw: &str) -> bool {
    let t = raw.trim_start();
    if t.starts_with("<@&") {
        return false;
    }
    if t.starts_with("<@") {
        return true;
    }
    let Some(rest) = t.strip_prefix('@') else {
        return false;
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect::<String>()
        .to_lowercase();
    !name.is_empty() && !STAFF.contains(&name.as_str())
}

/// English labels that open a tip or a notice ("tip: face the window",
/// "heads up: reviews are slower this weekend"). Only as the first word or
/// two: "followed every tip in the pinned post, selfie still fails"
/// speaks of a tip, it is not one.
const OPENING_LABELS: &[&[&str]] = &[
    &["tip"],
    &["tips"],
    &["protip"],
    &["pro", "tip"],
    &["psa"],
    &["head", "up"],
    &["reminder"],
    &["notice"],
    &["announcement"],
];

/// Openings that name the audience of a tip ("for anyone with the unclear
/// image error: …", "mainland users: only the second gen card works"):
/// the tip names the failure it is for, so a failure word does not keep
/// the message, as after "fyi".
const AUDIENCE_OPENINGS: &[&[&str]] = &[
    &["for", "anyone"],
    &["for", "those"],
    &["for", "everyone"],
    &["for", "people"],
    &["to", "anyone"],
    &["anyone", "with"],
];

/// A group named as the second word ("mainland users", "ios folks").
const AUDIENCE_GROUPS: &[&str] = &["user", "ppl", "folk", "peep", "holder"];

/// Beginnings of words of a current state, a repeat or the staff, which
/// make an audience opening a report (see [`labelled_advice`]).
const STATE_PREFIXES: &[&str] = &["pend", "stuck", "again", "team", "mod", "admin"];

/// "If you…" opening a condition put to the listener.
const IF_YOU: &[&str] = &["you", "u", "ur", "your", "youre", "yours"];

/// Words that give the listener an instruction after such a condition
/// ("if ur kyc is rejected just retake the pics", "if your review is
/// pending over 24h, open a ticket"); without one, "if you fail 5 times is
/// it locked" asks.
pub(super) const INSTRUCTIONS: &[&str] = &[
    "try", "use", "dont", "make", "upload", "take", "wait", "just", "check", "go", "retake",
    "open", "contact", "submit", "resubmit", "tell", "ask", "email", "ping", "avoid", "remove",
];

/// Chinese labels that open a notice or a tip. Chinese drops the subject
/// ("小贴士都看了，人脸还是过不去" is the member's own failure), so these
/// count only in a message with no mark of a problem at all.
const OPENING_LABELS_ZH: &[&str] = &["公告", "提醒", "温馨提示", "小贴士", "友情提示", "请注意"];

/// Chinese conditions put to the listener: "如果你…"; a failure word may
/// follow, as in English.
const IF_YOU_ZH: &[&str] = &["如果你", "要是你", "如果您"];

/// After 的话 ("if…"), the characters of an instruction: "被拒的话去app内问客服".
pub(super) const INSTRUCTIONS_ZH: &[&str] = &["去", "就", "找", "联系", "换", "重新", "先"];

/// True when the message is a tip, a notice or an instruction under a
/// condition, says nothing of the speaker (no I/my/我) and asks nothing:
/// a tip opening with its label ("tip:", "heads up", "psa", "公告") and
/// naming no failure, "fyi" anywhere, "if you…, just…", "如果你…",
/// "…的话去…". After "fyi" or a condition a failure word does not keep
/// the message, unlike in [`addressed_to_others`]: the advice names the
/// failure it prevents ("HK ppl use HKID not mainland card fyi"). `raw` is the text as written, for the question
/// marks.
pub fn labelled_advice(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let words = latin_words(written);
    // "for anyone with…" names an audience; its "anyone" does not plead.
    let audience_opening = AUDIENCE_OPENINGS.iter().find(|l| words.starts_with(l));
    let own_or_asking = asks(raw, normalized, &words)
        || speaks_or_pleads(
            normalized,
            &words[audience_opening.map_or(0, |l| l.len())..],
        );
    if own_or_asking {
        return false;
    }
    // An opening label with a failure after it is as often a member's own
    // news ("heads up, kyc went through with the old passport number and
    // the profile still shows it"); "fyi" closes a rule ("…not mainland
    // card fyi").
    let failure = words
        .iter()
        .any(|w| PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p)));
    // A report under an audience opening ("for anyone from the team
    // reading: uid 55018820, review pending since the 3rd", "mainland
    // users, first gen id gets rejected and the new card is 3 weeks away")
    // tells a state, a wait or a number; a tip does not.
    let reports_state = words
        .iter()
        .any(|w| is_trouble(w) || STATE_PREFIXES.iter().any(|p| w.starts_with(p)))
        || raw.chars().filter(|c| c.is_ascii_digit()).count() >= 5;
    let audience = (audience_opening.is_some()
        || (words.len() > 2 && AUDIENCE_GROUPS.contains(&words[1])))
        && !reports_state;
    let labelled = (OPENING_LABELS.iter().any(|l| words.starts_with(l)) && !failure)
        || words.contains(&"fyi")
        || audience;
    let condition = words
        .windows(2)
        .position(|p| p[0] == "if" && IF_YOU.contains(&p[1]))
        .is_some_and(|at| words[at + 2..].iter().any(|w| INSTRUCTIONS.contains(w)));
    let labelled_zh = OPENING_LABELS_ZH.iter().any(|l| normalized.starts_with(l))
        && (!ASKING_OR_PROBLEM_ZH.iter().any(|m| normalized.contains(m))
            || opens_with_a_bracketed_label(raw));
    let condition_zh = IF_YOU_ZH.iter().any(|m| normalized.contains(m))
        || normalized
            .find("的话")
            .is_some_and(|at| INSTRUCTIONS_ZH.iter().any(|m| normalized[at..].contains(m)));
    labelled || condition || labelled_zh || condition_zh
}

/// A label set in brackets ("【公告】", "[公告]"): the typography of a
/// moderator's notice, which names the delays or failures it warns about
/// ("【公告】…审核时间可能有所延长"). A member telling of their own case
/// does not typeset it (their 我 keeps it anyway, above).
fn opens_with_a_bracketed_label(raw: &str) -> bool {
    let raw = raw.trim_start();
    ["【", "[", "［"].iter().any(|open| {
        raw.strip_prefix(open)
            .is_some_and(|rest| OPENING_LABELS_ZH.iter().any(|l| rest.starts_with(l)))
    })
}

/// A verb and "you"/"your" that ask about the listener's own experience
/// ("how long did your review take", "did u use the passport"). Not a bare
/// "you" or "your": "how long does your review take" asks the exchange, and
/// in pinyin "you" is 有.
const SECOND_PERSON_PAIRS: &[(&str, &str)] = &[
    ("did", "you"),
    ("did", "u"),
    ("did", "your"),
    ("did", "ur"),
    ("have", "you"),
    ("have", "u"),
    ("were", "you"),
    ("was", "your"),
    ("were", "your"),
    ("had", "your"),
    ("for", "you"),
    ("for", "u"),
];

/// "You" meaning the exchange, its app or its staff: a question to them is
/// a complaint ("why does your app reject my passport"), not a member's
/// question to another.
const THE_EXCHANGE: &[&str] = &[
    "app", "system", "team", "support", "okx", "platform", "exchange", "site", "website", "staff",
    "mod", "mods", "admin", "admins", "guys", "bot", "yall", "company", "service",
];

/// Chinese failure words: a question about one ("你这个认证怎么老失败") is a
/// complaint to whoever "you" is, and stays with the model.
const FAILURE_ZH: &[&str] = &[
    "失败", "不行", "不了", "驳回", "拒", "错", "卡", "无法", "问题", "提示", "显示", "不清",
    "模糊", "不符", "被", "冒", "盗", "锁", "冻结", "过期", "超时", "一直", "又",
];

/// True when the message is a question to another member about *their*
/// experience ("how long did your review take", "你审核多久过的?", "did u use
/// your passport?"): second person, no mark of the speaker, not the
/// exchange addressed, no failure word. The bot answering it would answer
/// someone who asked nothing.
pub fn asks_another_member(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let words = latin_words(written);
    let asks = has_question_mark(raw)
        || words.first().is_some_and(|w| ASKING_OPENERS.contains(w))
        || words.iter().any(|w| WH.contains(w))
        || normalized.contains('吗')
        || normalized.contains('呢')
        || normalized.contains("多久")
        || normalized.contains("没");
    if !asks {
        return false;
    }
    let english = words
        .windows(2)
        .any(|p| SECOND_PERSON_PAIRS.contains(&(p[0], p[1])))
        && !words.iter().any(|w| {
            FIRST_PERSON.contains(w)
                || THE_EXCHANGE.contains(w)
                || PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p))
        });
    let chinese = normalized.contains('你')
        && !["你们", "你好", "您"]
            .iter()
            .any(|m| normalized.contains(m))
        && !SPEAKER_ZH
            .iter()
            .chain(FAILURE_ZH)
            .any(|m| normalized.contains(m));
    english || chinese
}

/// 别 as "don't": before a verb of taking or sending the photo, and not
/// the second character of a word (识别 "recognise", 性别 "sex", 区别).
fn says_dont(normalized: &str) -> bool {
    const VERBS: &str = "用拍传戴开裁美急慌信上发给挡遮";
    const WORD_STARTS: &str = "识性区分特告离类级辨鉴差派";
    let chars: Vec<char> = normalized.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '别'
            && chars.get(i + 1).is_some_and(|n| VERBS.contains(*n))
            && !(i > 0 && WORD_STARTS.contains(chars[i - 1]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn to_others(text: &str) -> bool {
        let n = normalize(text);
        addressed_to_others(text, &n, &units(&n), &units(&n))
    }

    #[test]
    fn advice_to_others_is_recognised() {
        assert!(to_others("retake the selfie near a window"));
        assert!(to_others("selfie記得光線要夠"));
        assert!(to_others("one passport per account fyi"));
        assert!(to_others("照片别用滤镜"));
    }

    #[test]
    fn any_mark_of_the_speakers_problem_keeps_the_message() {
        assert!(!to_others("your app keeps rejecting the photo"));
        assert!(!to_others("try again? it failed"));
        assert!(!to_others("you guys lost my documents"));
        assert!(!to_others("你们审核太慢了"));
        assert!(!to_others("把身份证拍了三次都说不清晰"));
        assert!(!to_others("selfie verification timeout every time"));
        // The listeners named do not make a report advice.
        assert!(!to_others(
            "wait guys, face verification says too many attempts"
        ));
        assert!(!to_others(
            "try all you want, the face scan fails every single time"
        ));
    }

    fn asks_other(text: &str) -> bool {
        let n = normalize(text);
        asks_another_member(text, &n, &units(&n))
    }

    fn labelled(text: &str) -> bool {
        let n = normalize(text);
        labelled_advice(text, &n, &units(&n))
    }

    #[test]
    fn tips_notices_and_conditional_advice_are_recognised() {
        assert!(labelled("HK ppl use HKID not mainland card fyi"));
        assert!(labelled(
            "if ur kyc is rejected just retake proper pics and resubmit"
        ));
        assert!(labelled(
            "pro tip: do kyc on wifi, mobile data can time out"
        ));
        assert!(labelled(
            "Heads up: verification reviews may be slower this weekend"
        ));
        assert!(labelled("审核被拒的话去app内客服问 他们会讲原因"));
        assert!(labelled("公告: 请勿在频道内发布任何身份证件照片"));
        // A bracketed notice may name the delay it warns of.
        assert!(labelled(
            "【公告】本周审核量大，审核时间可能延长，请勿重复提交"
        ));
        assert!(labelled("[提醒] 认证失败请先看置顶帖"));
        // The audience named first, the failure it is for after.
        assert!(labelled(
            "for anyone getting the image unclear error: wipe the camera lens first"
        ));
        assert!(labelled(
            "HK users: use the HKID option, the mainland card option fails for you"
        ));
    }

    #[test]
    fn a_labelled_question_or_complaint_is_not_advice() {
        assert!(!labelled("face check fails on my laptop webcam, any tips"));
        assert!(!labelled("fyi my kyc failed again"));
        assert!(!labelled("今晚做实名的话大概多久能审核完"));
        assert!(!labelled("if you fail 5 times is it locked forever"));
        assert!(!labelled("如果我的身份证过期了的话怎么办"));
        assert!(!labelled("tip: why does the selfie keep failing?"));
        // Speaking of a tip or a notice, or one's own case under a label.
        assert!(!labelled(
            "followed every tip in the pinned post, selfie check still fails on my phone"
        ));
        assert!(!labelled("小贴士都看了也照做了，人脸还是过不去"));
        assert!(!labelled(
            "公告说只收二代身份证，我这张就是二代的，还是过不了"
        ));
        assert!(!labelled("【公告】说审核两小时，我这都三天了"));
        assert!(!labelled("公告 审核时间可能延长"));
        assert!(!labelled(
            "heads up: my passport shows as used on another account"
        ));
        assert!(!labelled("审核不通过的话会不会封号"));
        assert!(!labelled("for anyone asking, my selfie failed 5 times"));
        assert!(!labelled(
            "anyone with the same error? selfie keeps failing"
        ));
        assert!(!labelled(
            "for anyone from the team reading: uid 55018820, review pending since the 3rd"
        ));
        assert!(!labelled(
            "mainland users, first gen id gets rejected and the new card is 3 weeks away"
        ));
        assert!(!labelled(
            "heads up, kyc went through with the old passport number and the profile still shows it"
        ));
    }

    #[test]
    fn a_question_about_another_members_experience_is_recognised() {
        assert!(asks_other("how long did your verification take?"));
        assert!(asks_other("which one did you pick in the end"));
        assert!(asks_other("did u upload the passport or the id card"));
        assert!(asks_other("你用的护照还是身份证?"));
        assert!(asks_other("你实名多久通过的"));
    }

    #[test]
    fn a_question_to_the_exchange_or_about_a_problem_is_not() {
        assert!(!asks_other("why does your app keep rejecting my passport?"));
        assert!(!asks_other("how long does your review take?"));
        assert!(!asks_other("did your selfie fail too?"));
        assert!(!asks_other("can you help me with kyc"));
        assert!(!asks_other("kyc you wenti ma?"));
        // "You" in general, not the listener.
        assert!(!asks_other("how long r u supposed to wait for kyc"));
        assert!(!asks_other("你们审核要多久?"));
        assert!(!asks_other("你好，认证失败怎么办?"));
        assert!(!asks_other("你这个认证怎么老失败?"));
        assert!(!asks_other("你能帮我看看吗"));
    }

    #[test]
    fn a_remark_to_a_named_member_is_recognised_but_not_a_ping_to_staff() {
        assert!(to_others(
            "@sara relax, they store kyc data like a bank does"
        ));
        assert!(to_others("<@1180000000000000402> passport works too"));
        assert!(!to_others("@mods passport photo blurry"));
        assert!(!to_others("<@&1180000000000000402> passport photo blurry"));
        assert!(!to_others("@管理员 护照照片模糊"));
        // The speaker's own problem, even said to a member.
        assert!(!to_others("@ken same, my selfie fails too"));
    }

    #[test]
    fn a_complaint_that_addresses_nobody_is_not_advice() {
        assert!(!to_others("passport photo blurry"));
        assert!(!to_others("人脸识别超时"));
        assert!(!to_others("人脸识别"));
        assert!(!to_others("waited a whole day no result"));
        assert!(!to_others("kyc you wenti"));
        assert!(!to_others("实名过了，性别填成男的"));
    }
}
