//! The reason a member quotes for an outcome: "review came back rejected,
//! reason said the selfie did not match", "审核被拒，原因写的是证件照片模糊".
//! The outcome's words ("rejected", "被拒") weigh more than the reason's in
//! the whole message, so the model reads the outcome; but the fix the
//! member needs is the reason's. The engine reads the quoted reason on its
//! own as well, and follows it when it is sure of it (see `mod.rs`).
//!
//! Grammar words only, like `speech.rs`: which scenario a reason means is
//! the model's to say, not a list here.

/// English words after which the app's reason follows ("due to" is
/// matched apart). Not "because": it more often brings the member's own
/// account of what happened ("is it risky to keep retrying? i submitted
/// 10 times because the photo keeps failing" asks about retries).
const MARKERS: &[&str] = &["reason", "reasons"];

/// Chinese words after which the app's reason follows (normalised text is
/// Simplified): 原因, 理由, and 说是 ("it said it was…"); not 因为, for
/// the same reason as "because".
const MARKERS_ZH: &[&str] = &["原因", "理由", "说是"];

/// A quoted reason needs at least this many bytes to be read on its own:
/// "reason" at the end of a message quotes nothing.
const MIN_REASON_BYTES: usize = 6;

/// The text after the last reason marker of `normalized`, if there is one
/// and something follows it.
pub fn stated(normalized: &str) -> Option<&str> {
    let words = normalized.split(' ').scan(0, |at, word| {
        let start = *at;
        *at += word.len() + 1;
        Some((start, word))
    });
    let english = words
        .filter_map(|(start, word)| {
            if MARKERS.contains(&word) {
                Some(start + word.len())
            } else {
                normalized[start..]
                    .starts_with("due to ")
                    .then(|| start + "due to".len())
            }
        })
        .max();
    let chinese = MARKERS_ZH
        .iter()
        .filter_map(|m| normalized.rfind(m).map(|at| at + m.len()))
        .max();
    let after = english.max(chinese)?;
    let reason = normalized[after..].trim();
    (reason.len() >= MIN_REASON_BYTES).then_some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn reason(text: &str) -> Option<String> {
        stated(&normalize(text)).map(str::to_string)
    }

    #[test]
    fn the_reason_after_its_marker_is_found() {
        assert_eq!(
            reason("review came back rejected, reason said the selfie did not match").as_deref(),
            Some("said the selfie did not match")
        );
        assert_eq!(
            reason("审核被拒，原因写的是证件照片模糊").as_deref(),
            Some("写的是证件照片模糊")
        );
        assert_eq!(
            reason("rejected due to glare on the card").as_deref(),
            Some("glare on the card")
        );
        assert_eq!(reason("被拒了 说是照片反光").as_deref(), Some("照片反光"));
    }

    #[test]
    fn no_marker_or_nothing_after_it_is_no_reason() {
        assert_eq!(reason("my selfie keeps failing"), None);
        assert_eq!(reason("rejected and i dont know the reason"), None);
        assert_eq!(reason("rejected, no idea reason"), None);
        assert_eq!(
            reason("ive submitted 10 times because the photo keeps failing"),
            None
        );
        // A marker inside a word is not one.
        assert_eq!(reason("treasons are bad"), None);
    }
}
