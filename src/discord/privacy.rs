//! The privacy guard's view of a message: its redacted text, whether it
//! carries something that must never stay in a public channel, and whether
//! an attachment is probably a photo of a document.

use serenity::all::Attachment;

/// A message as the guard sees it.
pub struct Scan {
    /// The text with personal data replaced; the only form that is logged,
    /// stored, shown to moderators or triaged.
    pub redacted: String,
    /// An ID number, passport number, seed phrase or private key.
    pub sensitive: bool,
}

/// Scans `text`.
pub fn scan(text: &str) -> Scan {
    let r = crate::redact::redact(text);
    Scan {
        sensitive: r.has_sensitive(),
        redacted: r.text,
    }
}

/// True for attachments that are images (by MIME type or, when Discord
/// sends none, by file extension). We cannot tell an ID photo from an error
/// screenshot, so the guard only warns about images; it never deletes them.
pub fn is_image(a: &Attachment) -> bool {
    if let Some(t) = &a.content_type {
        return t.starts_with("image/");
    }
    let name = a.filename.to_ascii_lowercase();
    [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::scan;

    /// Issue 9: the guard uses the same detectors as the store, so every
    /// format the store redacts as an ID, seed or key also gets the warning
    /// and the deletion.
    #[test]
    fn every_id_seed_and_key_format_is_sensitive() {
        for (text, secret) in [
            (
                "身份证 1 1 0 1 0 5 1 9 9 0 0 3 0 7 2 8 1 3",
                "1 1 0 1 0 5 1 9",
            ),
            (
                "身份证号码：一一〇一〇五一九九〇〇三〇七二八一三",
                "一一〇一〇五一九九",
            ),
            (
                "id 110105199003072814 (typo in the last digit)",
                "110105199003072814",
            ),
            ("my passport which is 161689267", "161689267"),
            ("P<USADOE<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "DOE<<JOHN"),
            ("my NIN is 23456789012", "23456789012"),
            ("PAN ABCPK1234Q", "ABCPK1234Q"),
            ("SSN 078-05-1120", "078-05-1120"),
            ("HKID K 654321 (9)", "654321"),
            (
                "legl winner thank year wave sausage worth useful legal winner thank yellow",
                "sausage worth useful",
            ),
        ] {
            let s = scan(text);
            assert!(s.sensitive, "{text}");
            assert!(!s.redacted.contains(secret), "{text} -> {}", s.redacted);
        }
        // A phone number is redacted but no reason to delete a post.
        let s = scan("call me 0803 123 4567");
        assert!(!s.sensitive);
        assert!(!s.redacted.contains("123 4567"));
    }
}
