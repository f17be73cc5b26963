//! Whether the speaker made the other account: put their own document on
//! an account they set up for someone, or speaks of an earlier account of
//! their own.
//!
//! "I used my passport for my mum's account, now I can't verify mine" has
//! every word of suspected misuse — my passport, another account, cannot
//! verify — but the speaker did it: the document is in use on an account
//! they know of, and the fix is the document-in-use one (unbind it, or use
//! the account it is on). Escalating it pings every moderator for a case
//! the member can solve. `owner.rs` asks whose document it is; this asks
//! who used it, and only the speaker's own doing counts.
//!
//! Narrow on purpose: the speaker must be the subject ("I used", "used"
//! with the subject dropped, "帮我爸…用了我的"), the document the
//! speaker's, and the other account named (a relative's, a company's, an
//! old one). "Someone used my ID", "I never used my passport anywhere" and
//! "骗子帮我解冻用了我的身份证" do not count, and a decisive misuse clause
//! still overrides this (see `Inner::decide`).
//!
//! "My old account", "旧号", "以前的账号": the guide's own test for the
//! misuse case is that the member never registered; one who names an
//! earlier account of theirs has, and is told how to find it. A denial
//! ("没有旧号", "no old account") is not such a mention.

use super::owner::{DOCUMENTS, DOCUMENTS_ZH, OTHER_OWNERS, OTHER_OWNERS_ZH};
use crate::text::{latin_words, Unit};

/// Words that, standing just before "used" or "helped", make it the
/// speaker's doing (or the subject is dropped: the verb opens the clause).
const SPEAKER: &[&str] = &["i", "ive", "id", "also", "and", "then", "so", "had", "have"];

/// Negations that turn "I used my passport for…" into a denial.
const NEGATIONS: &[&str] = &[
    "never", "not", "didnt", "dont", "havent", "hasnt", "wasnt", "no", "nobody",
];

/// Whose account, or which of the speaker's, the document went to, beyond
/// the possessives of `OTHER_OWNERS` ("for my mum", "on the company acc",
/// "for my old account").
const OTHER_ACCOUNTS: &[&str] = &[
    "mum",
    "mom",
    "dad",
    "mother",
    "father",
    "wife",
    "husband",
    "brother",
    "sister",
    "son",
    "daughter",
    "friend",
    "cousin",
    "uncle",
    "aunt",
    "parents",
    "family",
    "relative",
    "gf",
    "bf",
    "girlfriend",
    "boyfriend",
    "grandma",
    "grandpa",
    "company",
    "business",
    "old",
    "other",
    "second",
    "previous",
    "sub",
];

/// True when the speaker made the other account: verified it (a
/// relative's, a company's) with their own document, or names an earlier
/// account of theirs and does not deny having one.
pub fn made_the_other_account(normalized: &str, units: &[Unit]) -> bool {
    let words = latin_words(units);
    lent_own_document(normalized, &words) || mentions_own_earlier_account(normalized, &words)
}

/// The speaker verified another account with their own document.
fn lent_own_document(normalized: &str, words: &[&str]) -> bool {
    used_for_another_account(words) || helped_with_own_document(words) || lent_zh(normalized)
}

/// "my old account", "旧号": an earlier account of the speaker's.
fn mentions_own_earlier_account(normalized: &str, words: &[&str]) -> bool {
    own_earlier_account(words) || own_earlier_account_zh(normalized)
}

/// The speaker (or nobody: a dropped subject) is the one who did it, and
/// did not deny it: the words before position `at`.
fn speakers_doing(words: &[&str], at: usize) -> bool {
    let before = &words[at.saturating_sub(3)..at];
    if before.iter().any(|w| NEGATIONS.contains(w)) {
        return false;
    }
    at == 0 || SPEAKER.contains(&words[at - 1])
}

/// "my [own] passport" starting at `at`: the index after the document.
fn own_document_at(words: &[&str], at: usize) -> Option<usize> {
    if words.get(at) != Some(&"my") {
        return None;
    }
    let next = if words.get(at + 1) == Some(&"own") {
        at + 2
    } else {
        at + 1
    };
    // "my id card": the document may take two words.
    (next..(next + 2).min(words.len()))
        .rev()
        .find(|i| DOCUMENTS.contains(&words[*i]))
        .map(|i| i + 1)
}

/// "(I) used my passport for/on/to verify my mum's account".
fn used_for_another_account(words: &[&str]) -> bool {
    (0..words.len()).any(|j| {
        matches!(words[j], "used" | "use" | "using")
            && speakers_doing(words, j)
            && own_document_at(words, j + 1).is_some_and(|after| {
                let rest = &words[after..(after + 6).min(words.len())];
                matches!(rest.first(), Some(&("for" | "on" | "to")))
                    && rest
                        .iter()
                        .any(|w| OTHER_OWNERS.contains(w) || OTHER_ACCOUNTS.contains(w))
            })
    })
}

/// "I helped my sister verify with my passport".
fn helped_with_own_document(words: &[&str]) -> bool {
    (0..words.len()).any(|j| {
        matches!(words[j], "helped" | "help" | "helping")
            && speakers_doing(words, j)
            && words.get(j + 1).is_some_and(|w| *w != "me")
            && (j + 1..(j + 10).min(words.len())).any(|k| {
                matches!(words[k], "with" | "using" | "used")
                    && own_document_at(words, k + 1).is_some()
            })
    })
}

/// "my old account", "my other acc": the speaker's own earlier account.
fn own_earlier_account(words: &[&str]) -> bool {
    const EARLIER: &[&str] = &[
        "old", "other", "previous", "second", "alt", "former", "original", "older",
    ];
    const ACCOUNT: &[&str] = &["account", "accounts", "acc", "acct", "accs", "login"];
    (0..words.len()).any(|j| {
        words[j] == "my"
            && (j + 1..(j + 3).min(words.len())).any(|k| {
                EARLIER.contains(&words[k])
                    && words[k + 1..(k + 3).min(words.len())]
                        .iter()
                        .any(|w| ACCOUNT.contains(w))
            })
    })
}

/// 旧号, 以前的账号, 另一个号: an earlier account of the speaker's, not denied.
fn own_earlier_account_zh(n: &str) -> bool {
    const EARLIER_ZH: &[&str] = &[
        "旧号",
        "老号",
        "小号",
        "旧账号",
        "旧帐号",
        "老账号",
        "旧账户",
        "以前的号",
        "以前的账号",
        "以前的帐号",
        "之前的号",
        "之前的账号",
        "之前的帐号",
        "另一个号",
        "另一个账号",
        "原来的号",
        "原来的账号",
    ];
    const DENIALS_ZH: &[&str] = &["没", "不是", "无", "从未", "别人的"];
    EARLIER_ZH.iter().any(|e| {
        n.match_indices(e).any(|(at, _)| {
            // The four characters before it.
            let from = n[..at].char_indices().rev().nth(3).map_or(0, |(i, _)| i);
            !DENIALS_ZH.iter().any(|d| n[from..at].contains(d))
        })
    })
}

/// Negations that may stand right before 帮 or 用 ("没帮别人", "从没用过").
const NEGATIONS_ZH: &[&str] = &["没", "不", "未", "别", "没有", "从没", "从未"];

/// The speaker's own document, right at the start of `s` ("我的身份证",
/// "自己护照"): the rest after it.
fn own_document_zh(s: &str) -> Option<&str> {
    let s = s
        .strip_prefix("我")
        .or_else(|| s.strip_prefix("自己"))
        .or_else(|| s.strip_prefix("本人"))?;
    let s = s.strip_prefix('的').unwrap_or(s);
    DOCUMENTS_ZH.iter().find_map(|d| s.strip_prefix(d))
}

fn negated_zh(before: &str) -> bool {
    NEGATIONS_ZH.iter().any(|n| before.ends_with(n))
}

/// 帮我爸注册的时候用了我的身份证 · 用自己的护照给我妈实名 ·
/// 我的身份证绑在我妈的号上.
fn lent_zh(n: &str) -> bool {
    // 帮 + another person (not 帮我: someone helping the speaker), then the
    // speaker's own document used within the same stretch.
    for (at, _) in n.match_indices('帮') {
        if negated_zh(&n[..at]) {
            continue;
        }
        let after = &n[at + '帮'.len_utf8()..];
        let helps_other = match after.strip_prefix('我') {
            Some(rest) => OTHER_OWNERS_ZH.iter().any(|o| rest.starts_with(o)),
            None => !after.starts_with('助') && !after.starts_with('忙'),
        };
        if !helps_other {
            continue;
        }
        let stretch: String = after.chars().take(20).collect();
        if ["用了", "用的", "拿了", "用", "拿"].iter().any(|verb| {
            stretch
                .match_indices(verb)
                .any(|(v, _)| own_document_zh(&stretch[v + verb.len()..]).is_some())
        }) {
            return true;
        }
    }
    // 用(了)我的身份证 给/帮/替 someone.
    for verb in ["用了", "拿了", "用", "拿"] {
        for (at, _) in n.match_indices(verb) {
            if negated_zh(&n[..at]) {
                continue;
            }
            let rest = &n[at + verb.len()..];
            if own_document_zh(rest).is_some_and(|r| r.starts_with(['给', '帮', '替'])) {
                return true;
            }
        }
    }
    // 身份证绑在/认证在 我妈的号上.
    for doc in DOCUMENTS_ZH {
        for (at, _) in n.match_indices(doc) {
            let rest = &n[at + doc.len()..];
            let Some(rest) = ["绑在", "绑定在", "认证在", "实名在", "在"]
                .iter()
                .find_map(|p| rest.strip_prefix(p))
            else {
                continue;
            };
            let rest = rest.strip_prefix('我').unwrap_or(rest);
            if let Some(rest) = OTHER_OWNERS_ZH.iter().find_map(|o| rest.strip_prefix(o)) {
                let rest = rest.strip_prefix('的').unwrap_or(rest);
                if ["号", "账号", "账户", "帐号"]
                    .iter()
                    .any(|a| rest.starts_with(a))
                {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn lent(text: &str) -> bool {
        let n = normalize(text);
        lent_own_document(&n, &latin_words(&units(&n)))
    }

    #[test]
    fn the_speaker_verifying_another_account_with_their_document_is_recognised() {
        assert!(lent(
            "I used my passport for my mom's account and now mine says already registered"
        ));
        assert!(lent(
            "used my id card on the company account, personal kyc fails now"
        ));
        assert!(lent("i helped my sister verify with my own passport"));
        assert!(lent("帮我妈开户的时候用了我的身份证，现在我自己认证不了"));
        assert!(lent("帮表哥实名拿了自己的护照"));
        assert!(lent("用我的身份证给我爸实名了"));
        assert!(lent("我的身份证绑在我老婆的号上了"));
        assert!(lent("幫我媽開戶用了我的身份證"));
    }

    fn earlier(text: &str) -> bool {
        let n = normalize(text);
        mentions_own_earlier_account(&n, &latin_words(&units(&n)))
    }

    #[test]
    fn an_earlier_account_of_the_speakers_is_recognised_unless_denied() {
        assert!(earlier("id already registered, probably on my old account"));
        assert!(earlier("my other acc has the kyc i think"));
        assert!(earlier("旧号占用了身份证"));
        assert!(earlier("以前的账号被盗了，新号认证说证件已用"));
        assert!(!earlier("i never had any other account"));
        // The first account is this one: it says there was no earlier one.
        assert!(!earlier("my id is registered and this is my first account"));
        assert!(!earlier("我没有旧号，从来没注册过"));
        assert!(!earlier("不是我的小号"));
        assert!(!earlier("someone used my id on an account i never made"));
    }

    #[test]
    fn someone_else_using_it_or_a_denial_is_not() {
        assert!(!lent(
            "someone used my passport for an account i never made"
        ));
        assert!(!lent("i never used my id for any other account"));
        assert!(!lent("they used my id on their account"));
        assert!(!lent(
            "i used my passport to sign up and it says already registered"
        ));
        assert!(!lent("he helped me with my id"));
        assert!(!lent("我从来没帮别人用过我的身份证"));
        assert!(!lent("骗子说帮我解冻，用了我的身份证注册"));
        assert!(!lent("有人用了我的身份证注册"));
        assert!(!lent("我的身份证在别的账号上被认证了，不是我弄的"));
    }
}
