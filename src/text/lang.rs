//! Which language to answer in.

use super::is_cjk;
use crate::knowledge::Lang;

/// Chinese when the message is mostly Chinese. One ideograph carries about as
/// much meaning as a short English word, so each counts as three letters:
/// "kyc一直显示image unclear怎么办" is a Chinese speaker quoting English UI.
pub fn detect_language(text: &str) -> Lang {
    let mut cjk = 0usize;
    let mut latin = 0usize;
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
        } else if c.is_alphabetic() {
            latin += 1;
        }
    }
    if cjk > 0 && cjk * 3 >= latin {
        Lang::Zh
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decides_by_weighted_share() {
        assert_eq!(detect_language("my photo is blurry"), Lang::En);
        assert_eq!(detect_language("照片一直不清晰"), Lang::Zh);
        assert_eq!(detect_language("kyc一直显示image unclear怎么办"), Lang::Zh);
        assert_eq!(
            detect_language("face verification failed again, 为什么"),
            Lang::En
        );
        assert_eq!(detect_language(""), Lang::En);
    }
}
