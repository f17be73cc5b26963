//! Whose identity document a message is about.
//!
//! Suspected ID misuse is a member's *own* document tied to an account
//! they never made. "帮朋友认证用了他的身份证拍照 结果被拒" (I verified for a
//! friend with his ID card and was rejected) has the misuse scenario's
//! words — someone else's document, used — but the speaker is the one who
//! used it, and the fix is the review-rejected one; escalating it pings
//! every moderator for nothing. What tells the two apart is the owner of
//! the document: "my ID" / "我的身份证" against "his ID" / "朋友的身份证".
//!
//! One-sided on purpose: a message that names the speaker's own document
//! anywhere ("my friend used my passport") is never marked, and a decisive
//! misuse clause ("he never registered") overrides this (see
//! `Inner::decide`), so a member reporting for a relative whose ID was
//! taken still reaches a human. Grammar words, not scenario phrasings, so
//! they live here and not in the knowledge base.

use crate::text::{latin_words, Unit};

/// English words for an identity document (as normalised: no apostrophes).
pub(super) const DOCUMENTS: &[&str] = &[
    "id",
    "ids",
    "passport",
    "passports",
    "document",
    "documents",
    "licence",
    "license",
    "identity",
    "card",
    "nric",
    "aadhaar",
];

/// English owners that are not the speaker, as they stand before a
/// document ("his id", "my friends passport", "someone elses id").
pub(super) const OTHER_OWNERS: &[&str] = &[
    "his",
    "her",
    "their",
    "friends",
    "friend",
    "dads",
    "moms",
    "mums",
    "fathers",
    "mothers",
    "parents",
    "wifes",
    "husbands",
    "brothers",
    "sisters",
    "sons",
    "daughters",
    "boyfriends",
    "girlfriends",
    "cousins",
    "uncles",
    "aunts",
    "elses",
    "else",
    "grandmas",
    "grandpas",
    "bosss",
    "colleagues",
];

/// English marks of the speaker's own document.
const OWN: &[&str] = &["my", "mine", "myself"];

/// Chinese documents.
pub(super) const DOCUMENTS_ZH: &[&str] = &["身份证", "护照", "证件", "驾照"];

/// Chinese owners that are not the speaker, as they stand before a
/// document, with or without 的 ("他的身份证", "我爸身份证").
pub(super) const OTHER_OWNERS_ZH: &[&str] = &[
    "他", "她", "朋友", "别人", "爸", "妈", "老婆", "老公", "家人", "亲戚", "同事", "哥", "姐",
    "弟", "妹", "儿子", "女儿", "父母", "爷爷", "奶奶", "他人", "对方",
];

/// True when the message's document belongs to someone other than the
/// speaker and nothing in it names the speaker's own.
pub fn someone_elses_document(normalized: &str, units: &[Unit]) -> bool {
    let words = latin_words(units);
    let mut other = false;
    for (i, w) in words.iter().enumerate() {
        if !DOCUMENTS.contains(w) {
            continue;
        }
        // The owner stands one or two words before ("his id", "my friends
        // id card", "someone elses passport"); the nearest owner word is
        // the one that owns it ("my friends passport" is the friend's).
        let owner = words[i.saturating_sub(2)..i]
            .iter()
            .rev()
            .find(|b| OWN.contains(b) || OTHER_OWNERS.contains(b));
        match owner {
            Some(b) if OWN.contains(b) => return false,
            Some(_) => other = true,
            None => {}
        }
    }
    for doc in DOCUMENTS_ZH {
        for (at, _) in normalized.match_indices(doc) {
            let before = normalized[..at]
                .strip_suffix('的')
                .unwrap_or(&normalized[..at]);
            // "我的身份证", "我身份证", "本人身份证": the speaker's own. 我爸 is
            // not (the owner is read first).
            if OTHER_OWNERS_ZH.iter().any(|o| before.ends_with(o)) {
                other = true;
            } else if before.ends_with('我') || before.ends_with("本人") || before.ends_with("自己")
            {
                return false;
            }
        }
    }
    other
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn others(text: &str) -> bool {
        let n = normalize(text);
        someone_elses_document(&n, &units(&n))
    }

    #[test]
    fn someone_elses_document_is_recognised() {
        assert!(others("帮朋友认证用了他的身份证拍照 结果被拒"));
        assert!(others("用了我爸的身份证，审核被拒"));
        assert!(others(
            "i used my friend's passport to verify and it got rejected"
        ));
        assert!(others("verified with his ID and it failed"));
        assert!(others("can i use someone else's id"));
    }

    #[test]
    fn the_speakers_own_document_is_never_marked() {
        assert!(!others("someone used my ID to register an account"));
        assert!(!others(
            "my friend used my passport, now it says already registered"
        ));
        assert!(!others("朋友用了我的身份证注册了账号"));
        assert!(!others("他用我身份证注册了"));
        assert!(!others("我的身份证显示已被注册"));
        assert!(!others("ID already registered but I never made an account"));
    }
}
