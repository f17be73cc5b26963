//! What the fake remembers about each HTTP request, so tests can assert on
//! exactly what the bot sent.

use std::collections::BTreeMap;

use serde_json::Value;

/// One HTTP request the bot made, with the fake's answer.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// 0 for the first request the fake received, then 1, 2, ...
    pub index: usize,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The full path as sent, e.g. `/api/v10/channels/42/messages`.
    pub path: String,
    /// The query string without `?` (serenity writes `?&limit=50`), if any.
    pub query: Option<String>,
    /// Discord's `operationId` for the route (`create_message`,
    /// `create_interaction_response`, ...), or `unknown_route` when the fake
    /// has no such route (it answered 404).
    pub operation: &'static str,
    /// Headers of interest, lower-case names: `authorization`, `content-type`,
    /// `user-agent`, `x-audit-log-reason`.
    pub headers: BTreeMap<String, String>,
    pub body: RecordedBody,
    /// The status the fake answered with.
    pub status: u16,
    /// The JSON the fake answered with, if any (e.g. the created message).
    pub response: Option<Value>,
}

/// A request body, parsed.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordedBody {
    Empty,
    Json(Value),
    /// `multipart/form-data`, as serenity sends messages with attachments.
    Multipart {
        /// The `payload_json` part, parsed.
        payload_json: Option<Value>,
        /// Every other part (the files).
        files: Vec<FilePart>,
    },
    /// A body that is neither JSON nor multipart, or JSON that does not parse.
    Other {
        content_type: Option<String>,
        bytes: Vec<u8>,
    },
}

/// One file of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct FilePart {
    /// The form field name, e.g. `files[0]`.
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl RecordedBody {
    /// The JSON sent: the body, or a multipart body's `payload_json`.
    pub fn json(&self) -> Option<&Value> {
        match self {
            RecordedBody::Json(value) => Some(value),
            RecordedBody::Multipart { payload_json, .. } => payload_json.as_ref(),
            RecordedBody::Empty | RecordedBody::Other { .. } => None,
        }
    }

    /// The files of a multipart body (empty otherwise).
    pub fn files(&self) -> &[FilePart] {
        match self {
            RecordedBody::Multipart { files, .. } => files,
            _ => &[],
        }
    }
}

impl RecordedRequest {
    /// The JSON the bot sent: the body, or a multipart body's `payload_json`.
    pub fn json(&self) -> Option<&Value> {
        self.body.json()
    }

    /// The files of a multipart body (empty otherwise).
    pub fn files(&self) -> &[FilePart] {
        self.body.files()
    }

    /// The path without Discord's `/api/v10` prefix: `/channels/42/messages`.
    pub fn route_path(&self) -> &str {
        super::openapi::strip_api_prefix(&self.path)
    }

    /// True for `method` and a path whose segments equal `pattern`'s, where a
    /// `*` segment matches anything: `r.is("POST", "/channels/*/messages")`.
    /// The `/api/v10` prefix is optional in `pattern`.
    pub fn is(&self, method: &str, pattern: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && path_matches(pattern, &self.path)
    }

    /// A one-line summary for failure messages: `POST /api/v10/channels/1/messages -> 200`.
    pub fn summary(&self) -> String {
        format!(
            "{} {} -> {} ({})",
            self.method, self.path, self.status, self.operation
        )
    }
}

/// True when `path`'s segments equal `pattern`'s, where a `*` segment
/// matches anything; the `/api/v10` prefix is optional on both.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let wanted: Vec<&str> = super::openapi::strip_api_prefix(pattern)
        .split('/')
        .collect();
    let actual: Vec<&str> = super::openapi::strip_api_prefix(path).split('/').collect();
    wanted.len() == actual.len() && wanted.iter().zip(&actual).all(|(w, a)| *w == "*" || w == a)
}

/// Parses a body according to its content type.
pub fn parse_body(content_type: Option<&str>, bytes: &[u8]) -> RecordedBody {
    if bytes.is_empty() {
        return RecordedBody::Empty;
    }
    let other = || RecordedBody::Other {
        content_type: content_type.map(str::to_owned),
        bytes: bytes.to_vec(),
    };
    match content_type {
        Some(ct) if ct.starts_with("application/json") => serde_json::from_slice(bytes)
            .map(RecordedBody::Json)
            .unwrap_or_else(|_| other()),
        Some(ct) if ct.starts_with("multipart/form-data") => boundary(ct)
            .and_then(|b| parse_multipart(&b, bytes))
            .unwrap_or_else(other),
        _ => other(),
    }
}

fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|param| {
        let value = param.trim().strip_prefix("boundary=")?;
        Some(value.trim_matches('"').to_owned())
    })
}

/// A small RFC 7578 reader: enough for what reqwest writes (every part has a
/// `Content-Disposition`, bodies are raw bytes, no nested multiparts).
fn parse_multipart(boundary: &str, body: &[u8]) -> Option<RecordedBody> {
    let delimiter = format!("--{boundary}");
    let mut payload_json = None;
    let mut files = Vec::new();
    for chunk in split_bytes(body, delimiter.as_bytes()).into_iter().skip(1) {
        if chunk.starts_with(b"--") {
            break; // the closing delimiter
        }
        let chunk = chunk.strip_prefix(b"\r\n")?;
        let header_end = find(chunk, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&chunk[..header_end]).ok()?;
        let content = &chunk[header_end + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);

        let mut name = None;
        let mut filename = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let (key, value) = line.split_once(':')?;
            match key.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    name = disposition_param(value, "name");
                    filename = disposition_param(value, "filename");
                }
                "content-type" => content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        let name = name?;
        if name == "payload_json" {
            payload_json = Some(serde_json::from_slice(content).ok()?);
        } else {
            files.push(FilePart {
                name,
                filename,
                content_type,
                bytes: content.to_vec(),
            });
        }
    }
    Some(RecordedBody::Multipart {
        payload_json,
        files,
    })
}

fn disposition_param(header: &str, key: &str) -> Option<String> {
    header.split(';').find_map(|part| {
        let (k, v) = part.trim().split_once('=')?;
        (k == key).then(|| v.trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    while let Some(at) = find(haystack, needle) {
        parts.push(&haystack[..at]);
        haystack = &haystack[at + needle.len()..];
    }
    parts.push(haystack);
    parts
}
