//! Which Chinese script a reply is written in. The rule, once for every
//! transport: Traditional for a member who writes Traditional (more
//! characters that exist only in Traditional than only in Simplified, see
//! [`crate::text::script`]) or whose client asks for it (Discord's
//! interaction locale `zh-TW`); Simplified otherwise. A reply that names no
//! script of its own ("2", "yes", an English "still failing") keeps the
//! script of the message it answers.

use super::Said;
use crate::text::script::written_in;
pub use crate::text::script::Script;

/// The script the member writes in: `text`, or failing that `earlier`
/// (what they wrote before, in the same exchange).
pub fn of_member(text: &str, earlier: Option<&str>) -> Script {
    written_in(text)
        .or_else(|| earlier.and_then(written_in))
        .unwrap_or_default()
}

/// The script of a reply to `text` from a member whose client is set to
/// `locale` (`None` where the transport does not say, as for messages).
pub fn reply_script(text: &str, locale: Option<&str>) -> Script {
    match locale {
        Some(l) if locale_reads_traditional(l) => Script::Traditional,
        _ => of_member(text, None),
    }
}

/// True for the locales that read Traditional characters: Discord offers
/// `zh-TW`; `zh-HK` and `zh-Hant*` are the other tags that mean it.
pub fn locale_reads_traditional(locale: &str) -> bool {
    let locale = locale.to_ascii_lowercase();
    locale == "zh-tw" || locale == "zh-hk" || locale.starts_with("zh-hant")
}

impl Said {
    /// This reply for a member whose client is set to `locale`: a locale
    /// that reads Traditional makes it Traditional; any other keeps the
    /// script the member wrote in.
    pub fn for_locale(mut self, locale: &str) -> Said {
        if locale_reads_traditional(locale) {
            self.script = Script::Traditional;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_members_own_writing_decides_then_what_they_wrote_before() {
        assert_eq!(of_member("我的身份證驗證失敗", None), Script::Traditional);
        assert_eq!(of_member("我的身份证验证失败", None), Script::Simplified);
        assert_eq!(
            of_member("2", Some("我的身份證驗證失敗")),
            Script::Traditional
        );
        assert_eq!(
            of_member("還是不行", Some("我的身份证验证失败")),
            Script::Traditional,
            "the newest words win"
        );
        assert_eq!(of_member("still failing", None), Script::Simplified);
    }

    #[test]
    fn only_traditional_locales_ask_for_traditional() {
        assert!(locale_reads_traditional("zh-TW"));
        assert!(locale_reads_traditional("zh-Hant-HK"));
        assert!(!locale_reads_traditional("zh-CN"));
        assert!(!locale_reads_traditional("en-US"));
        assert_eq!(
            reply_script("我的身份证", Some("zh-TW")),
            Script::Traditional
        );
        assert_eq!(
            reply_script("我的身份證驗證", Some("en-US")),
            Script::Traditional
        );
        assert_eq!(
            reply_script("我的身份证", Some("zh-CN")),
            Script::Simplified
        );
        assert_eq!(reply_script("我的身份证", None), Script::Simplified);
    }
}
