//! Simplified and Traditional Chinese: which one a text is written in, and
//! Simplified text rewritten in Traditional (Taiwan phrasing) for a reply.
//! Both use OpenCC's own tables (the `ferrous-opencc` crate, Apache-2.0):
//! a character exists only in Traditional when OpenCC's Traditional ->
//! Simplified table changes it and its Simplified -> Traditional table
//! leaves it as it is (`證`, `驗`, `們`); only in Simplified the other way
//! round (`证`, `验`, `们`). Characters both scripts share (`我`, `的`,
//! `身份`) say nothing.

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use std::sync::OnceLock;

/// The two ways of writing Chinese.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Script {
    #[default]
    Simplified,
    Traditional,
}

/// How many characters of `text` exist only in each script.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptCount {
    pub traditional: usize,
    pub simplified: usize,
}

/// The three converters, built once (each loads its embedded dictionaries).
/// `None` if the crate's embedded data could not be read, which would be a
/// broken build: then nothing is converted and everything counts as shared.
struct Tables {
    t2s: OpenCC,
    s2t: OpenCC,
    s2twp: OpenCC,
}

fn tables() -> Option<&'static Tables> {
    static TABLES: OnceLock<Option<Tables>> = OnceLock::new();
    TABLES
        .get_or_init(|| {
            let load = |config| {
                OpenCC::from_config(config)
                    .map_err(|e| tracing::error!(error = %e, "cannot load OpenCC's tables"))
                    .ok()
            };
            Some(Tables {
                t2s: load(BuiltinConfig::T2s)?,
                s2t: load(BuiltinConfig::S2t)?,
                s2twp: load(BuiltinConfig::S2twp)?,
            })
        })
        .as_ref()
}

/// Counts the characters of `text` that exist in only one script.
pub fn count(text: &str) -> ScriptCount {
    let mut n = ScriptCount::default();
    let Some(t) = tables() else {
        return n;
    };
    let mut buf = [0u8; 4];
    for c in text.chars().filter(|&c| super::is_cjk(c)) {
        let one: &str = c.encode_utf8(&mut buf);
        let as_simplified = t.t2s.convert(one);
        let as_traditional = t.s2t.convert(one);
        match (as_simplified == one, as_traditional == one) {
            (false, true) => n.traditional += 1,
            (true, false) => n.simplified += 1,
            // Shared, or ambiguous both ways (a character with variants in each).
            _ => {}
        }
    }
    n
}

/// The script `text` is mostly written in, counting only the characters
/// that exist in one script; `None` when neither outweighs the other
/// (English, or only shared characters, or as many of each).
pub fn written_in(text: &str) -> Option<Script> {
    let n = count(text);
    match n.traditional.cmp(&n.simplified) {
        std::cmp::Ordering::Greater => Some(Script::Traditional),
        std::cmp::Ordering::Less => Some(Script::Simplified),
        std::cmp::Ordering::Equal => None,
    }
}

/// `text` (Simplified, or English, which passes unchanged) in Traditional
/// characters with Taiwan's usual words (`信息` -> `資訊`, `软件` -> `軟體`).
pub fn to_traditional(text: &str) -> String {
    match tables() {
        Some(t) => t.s2twp.convert(text),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_traditional_and_shared_characters_are_told_apart() {
        assert_eq!(
            written_in("我的身份证一直验证失败"),
            Some(Script::Simplified)
        );
        assert_eq!(
            written_in("我的身份證一直驗證失敗"),
            Some(Script::Traditional)
        );
        assert_eq!(
            written_in("人脸识别一直失败怎么办"),
            Some(Script::Simplified)
        );
        assert_eq!(
            written_in("人臉識別一直失敗怎麼辦"),
            Some(Script::Traditional)
        );
        // Only characters both scripts write alike, or none at all.
        assert_eq!(written_in("我的身份"), None);
        assert_eq!(written_in("my selfie keeps failing"), None);
        assert_eq!(written_in(""), None);
    }

    #[test]
    fn a_mixed_message_goes_by_the_majority_of_script_only_characters() {
        // 證 is Traditional; 验, 证 (the second time), 败 are Simplified.
        let mixed = "身份證一直验证失败";
        let n = count(mixed);
        assert_eq!(n.traditional, 1);
        assert!(n.simplified >= 3, "{n:?}");
        assert_eq!(written_in(mixed), Some(Script::Simplified));
        assert_eq!(
            written_in("身份證驗證一直失敗，验证码"),
            Some(Script::Traditional)
        );
        // As many of each: no verdict, the caller decides.
        assert_eq!(written_in("證证"), None);
        // Chinese inside English still counts.
        assert_eq!(
            written_in("kyc says 驗證失敗 again"),
            Some(Script::Traditional)
        );
    }

    #[test]
    fn simplified_is_rewritten_in_traditional_with_taiwan_words() {
        assert_eq!(to_traditional("身份证验证失败"), "身份證驗證失敗");
        assert_eq!(to_traditional("请检查你的账户信息"), "請檢查你的賬戶資訊");
        assert_eq!(to_traditional("Case #12 <@42>"), "Case #12 <@42>");
        assert_eq!(
            written_in(&to_traditional("人脸识别一直失败")),
            Some(Script::Traditional)
        );
    }
}
