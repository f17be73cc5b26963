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
