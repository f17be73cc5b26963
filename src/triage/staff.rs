//! A plea to the staff for help: "any mod online? need help pls", "any mod
//! can help me in DM? kyc stuck", "管理员在吗 求帮忙". The model weighs
//! them against presence questions ("any mod online?"), which the
//! knowledge base keeps as chatter on purpose (a moderator reading the
//! channel answers them), and the plea loses by a hair; but a member who
//! names the staff *and* asks for help is asking for a person, which the
//! bot must hand on (`decide.rs`).
//!
//! One-sided the other way from `speech.rs`: it only ever makes the bot
//! act. It takes the staff named and a plea for the speaker ("help me",
//! "need help", "pls help", 求助, 帮我); thanks ("the mods helped me,
//! thanks"), help given or asked for someone else ("mods pls help him"),
//! and advice ("ask a mod for help") do not count.

use crate::text::{latin_words, Unit};

/// English names of the staff.
const STAFF: &[&str] = &[
    "mod",
    "mods",
    "moderator",
    "moderators",
    "admin",
    "admins",
    "staff",
    "agent",
    "human",
];

/// English pleas for the speaker, as pairs of words in order ("help me",
/// "need help") or as a plea word beside "help".
const PLEAS_FOR_ME: &[(&str, &str)] = &[
    ("help", "me"),
    ("need", "help"),
    ("pls", "help"),
    ("plz", "help"),
    ("please", "help"),
    ("help", "pls"),
    ("help", "plz"),
    ("help", "please"),
];

/// Chinese names of the staff.
const STAFF_ZH: &[&str] = &["管理", "客服", "人工", "版主"];

/// Chinese pleas for the speaker.
const PLEAS_ZH: &[&str] = &["求助", "求帮", "帮我", "帮帮", "救救"];

/// English words of gratitude or of advice that turn a plea into a report
/// or a tip ("the mods helped me, thanks", "ask a mod to help you").
const NOT_A_PLEA: &[&str] = &["thanks", "thank", "thx", "ty", "ask", "helped"];

/// Chinese words of gratitude.
const NOT_A_PLEA_ZH: &[&str] = &["谢谢", "感谢", "多谢"];

/// True when the message names the staff (or mentions a role) and pleads
/// for help for the speaker. `raw` is the text as written, for role
/// mentions (`<@&…>`), which normalisation removes.
pub fn pleads_with_staff(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let words = latin_words(written);
    let staff = raw.trim_start().starts_with("<@&")
        || words.iter().any(|w| STAFF.contains(w))
        || STAFF_ZH.iter().any(|m| normalized.contains(m));
    if !staff {
        return false;
    }
    let not_a_plea = words.iter().any(|w| NOT_A_PLEA.contains(w))
        || NOT_A_PLEA_ZH.iter().any(|m| normalized.contains(m));
    if not_a_plea {
        return false;
    }
    // "help him", "help my friend": a plea for someone else, who can ask.
    let for_another = words
        .windows(2)
        .any(|p| p[0] == "help" && HELPED_OTHERS.contains(&p[1]));
    !for_another
        && (words
            .windows(2)
            .any(|p| PLEAS_FOR_ME.contains(&(p[0], p[1])))
            || PLEAS_ZH.iter().any(|m| asks_for_it(normalized, m)))
}

/// A Chinese plea that asks rather than reports help received: 帮我 with
/// a completion soon after ("客服帮我解绑了", "管理帮我弄好了") tells of
/// help given.
fn asks_for_it(normalized: &str, plea: &str) -> bool {
    if plea != "帮我" {
        return normalized.contains(plea);
    }
    normalized.match_indices(plea).any(|(at, _)| {
        let after: String = normalized[at + plea.len()..].chars().take(6).collect();
        !DONE_ZH.iter().any(|d| after.contains(d))
    })
}

/// Chinese marks of something done.
const DONE_ZH: &[&str] = &["了", "好", "完", "过"];

/// Who else a plea may be for, right after "help".
const HELPED_OTHERS: &[&str] = &["him", "her", "them", "my", "his", "their"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn plea(text: &str) -> bool {
        let n = normalize(text);
        pleads_with_staff(text, &n, &units(&n))
    }

    #[test]
    fn a_plea_to_the_staff_is_recognised() {
        assert!(plea("any mod online? need help pls"));
        assert!(plea("<@&1180000000000000010> need help with my kyc"));
        assert!(plea("admin please help, selfie stuck for 2 days"));
        assert!(plea("管理员在吗 求助 实名卡住了"));
        assert!(plea("客服能帮我看看吗"));
    }

    #[test]
    fn a_presence_question_thanks_or_advice_is_not() {
        assert!(!plea("any mod online?"));
        assert!(!plea("the mods helped me yesterday, thanks"));
        assert!(!plea("ask a mod to help you with that"));
        assert!(!plea("mods pls help him, his selfie is stuck"));
        assert!(!plea("谢谢管理员帮我解决了"));
        assert!(!plea("客服帮我解绑了，现在能认证"));
        assert!(!plea("need help with my selfie"));
    }
}
