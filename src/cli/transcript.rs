//! A case's transcript (what the member and the moderators wrote in its
//! private thread), for `escalations show` and `escalations export`.
//! Already redacted in the store; printed through the terminal guard.

use super::terminal::safe_line;
use crate::store::TranscriptLine;
use chrono::SecondsFormat;
use serde_json::{json, Value};

/// The transcript as indented lines, oldest first.
pub fn lines(transcript: &[TranscriptLine]) -> Vec<String> {
    if transcript.is_empty() {
        return vec!["transcript: -".into()];
    }
    let mut out = vec!["transcript:".to_string()];
    for l in transcript {
        let text = l
            .text
            .as_deref()
            .map_or("(erased by retention)".into(), safe_line);
        out.push(format!(
            "    {}  {} {}  {text}",
            l.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            l.speaker.code(),
            l.author_id,
        ));
    }
    out
}

/// The transcript as a JSON array, for `--json`.
pub fn json(transcript: &[TranscriptLine]) -> Value {
    transcript
        .iter()
        .map(|l| {
            json!({
                "at": l.at.to_rfc3339_opts(SecondsFormat::Millis, true),
                "author_id": l.author_id.to_string(),
                "speaker": l.speaker.code(),
                "text": l.text,
            })
        })
        .collect()
}
