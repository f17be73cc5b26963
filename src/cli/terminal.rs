//! Text a member or moderator typed, made safe to print to a terminal.
//!
//! A message stored from Discord or `chat` may carry escape sequences: an
//! OSC 52 clipboard write (`ESC ] 52 ; c ; … BEL`), a window title change,
//! colours, a cursor move, a `\r` that overwrites the start of the line, or
//! bidirectional overrides that make text read differently from what it is.
//! Replayed raw by `escalations list/show`, they act on the moderator's
//! terminal. Every control character becomes its visible Unicode picture
//! (`ESC` → `␛`, `\r` → `␍`), so nothing acts and nothing is hidden;
//! bidirectional controls are dropped. JSON output needs none of this:
//! serde_json escapes control characters itself.

/// `text` for one line of output: line breaks show as `␊` too, so a typed
/// value cannot forge lines of its own (a fake audit entry, say).
pub fn safe_line(text: &str) -> String {
    text.chars().filter_map(|c| picture(c, false)).collect()
}

/// `text` for several lines of output: line breaks stay, tabs become a
/// space, every other control character shows as its picture.
pub fn safe_text(text: &str) -> String {
    text.chars().filter_map(|c| picture(c, true)).collect()
}

fn picture(c: char, keep_lines: bool) -> Option<char> {
    match c {
        '\n' if keep_lines => Some('\n'),
        '\t' => Some(' '),
        // C0 controls and DEL: their pictures in U+2400…U+2421.
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        // C1 controls (U+0080…U+009F; 0x9B is a one-byte CSI).
        '\u{80}'..='\u{9f}' => Some('\u{FFFD}'),
        // Bidirectional embeddings, overrides and isolates; line and
        // paragraph separators (which some terminals treat as new lines).
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => None,
        '\u{2028}' | '\u{2029}' => Some(if keep_lines { '\n' } else { ' ' }),
        c => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_cannot_act() {
        let osc52 = "hi\x1b]52;c;ZXZpbA==\x07 there";
        let out = safe_line(osc52);
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert_eq!(out, "hi␛]52;c;ZXZpbA==␇ there");
        assert_eq!(safe_line("title\x1b]0;pwned\x07"), "title␛]0;pwned␇");
        assert_eq!(safe_line("real\rfake"), "real␍fake");
        assert_eq!(safe_line("csi\u{9b}2J"), "csi\u{FFFD}2J");
        assert_eq!(safe_line("abc\u{202E}fdp.exe"), "abcfdp.exe");
    }

    #[test]
    fn lines_stay_only_where_asked() {
        assert_eq!(safe_line("a\nb"), "a␊b");
        assert_eq!(safe_text("a\nb\tc\x1b[31m"), "a\nb c␛[31m");
        assert_eq!(safe_text("普通的文字 ok"), "普通的文字 ok");
    }
}
