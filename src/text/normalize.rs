//! Normalisation that makes the same complaint look the same, however it was
//! typed: full-width forms, Traditional characters, invisible characters,
//! case, emoji and punctuation.

use super::is_cjk;
use unicode_normalization::UnicodeNormalization;

/// Returns `text` in the form the matcher compares: NFKC (which also folds
/// full-width letters and digits to ASCII), lower case, Traditional Chinese
/// folded to Simplified, apostrophes dropped (`can't` = `cant`), and every
/// other character that is not a letter, digit or ideograph turned into a
/// single space. Zero-width and control characters vanish without a space,
/// so `ver\u{200B}ify` still reads `verify`.
pub fn normalize(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfkc() {
        if is_invisible(c) || c == '\'' || c == '\u{2019}' {
            continue;
        }
        for lower in c.to_lowercase() {
            folded.push(lower);
        }
    }
    // fast2s works character by character on 3-byte (BMP ideograph) chars
    // and leaves everything else alone, so it is safe on mixed text.
    let simplified = if folded.chars().any(is_cjk) {
        super::cantonese::fold(fast2s::convert(&folded).chars().map(fold_variant).collect())
    } else {
        folded
    };

    let mut out = String::with_capacity(simplified.len());
    let mut pending_space = false;
    for c in simplified.chars() {
        if c.is_alphanumeric() && !is_emoji_like(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Simplified variants that fast2s keeps apart but users mean alike:
/// 帳戶 becomes 帐户, while most people write 账户.
fn fold_variant(c: char) -> char {
    match c {
        '帐' => '账',
        _ => c,
    }
}

/// Characters that carry no visible content: zero-width spaces and joiners,
/// the byte-order mark, bidi controls, variation selectors and C0/C1 controls.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{00AD}'
    ) || (c.is_control() && !c.is_whitespace())
}

/// Some emoji-adjacent symbols count as alphanumeric (enclosed letters);
/// they are decoration, not words.
fn is_emoji_like(c: char) -> bool {
    matches!(c, '\u{1F100}'..='\u{1FAFF}' | '\u{2460}'..='\u{24FF}')
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_width_case_and_traditional() {
        assert_eq!(normalize("ＫＹＣ 審核"), "kyc 审核");
        assert_eq!(normalize("證件照片"), "证件照片");
        assert_eq!(normalize("其他帳戶"), "其他账户");
    }

    #[test]
    fn hong_kong_cantonese_reads_as_mandarin() {
        assert_eq!(normalize("相片太矇，上載唔到"), "相片太模糊 上传不到");
        assert_eq!(
            normalize("影證件嗰陣手指遮住咗個角"),
            "拍证件那时手指遮住了个角"
        );
    }

    #[test]
    fn drops_invisible_and_emoji() {
        assert_eq!(normalize("ver\u{200B}ify 😭😭 my ID!!!"), "verify my id");
        assert_eq!(normalize("\u{FEFF}hello\u{0007}"), "hello");
    }

    #[test]
    fn apostrophes_vanish() {
        assert_eq!(normalize("can't won’t"), "cant wont");
    }

    #[test]
    fn empty_and_symbol_only() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("?!… 🙏"), "");
    }
}
