//! The privacy shield: finds personal data in a user's message and returns
//! the text with each finding replaced by a short marker such as
//! `[CN-ID …002X]` or `[SEED PHRASE 12 words]`. Whatever is stored, logged
//! or quoted back goes through [`redact`] first.
//!
//! How it works, and why:
//!
//! - Detection runs on a *view* of the input ([`view`]): NFKC per character
//!   (full-width `１２３` reads `123`), invisible and control characters
//!   dropped (a zero-width space pasted inside a number no longer splits
//!   it), `%XX` URL escapes decoded, `×` read as X, runs of Chinese numerals
//!   read as digits, and every view byte mapped back to the input, so
//!   findings are byte ranges of the original text and everything outside
//!   them is left exactly as typed. Digit groups may be split by spaces,
//!   tabs, dots, slashes, dashes or a line break ([`scan`]).
//! - One file per detector family: [`ids`] (CN, HK, Macau, Taiwan identity
//!   numbers), [`national`] (Nigeria NIN/BVN, India Aadhaar/PAN, US SSN),
//!   [`passport`] (and MRZ lines), [`contact`] (phones, e-mail), [`card`]
//!   (Luhn), [`seed`] (BIP-39 phrases), [`keys`] (private keys),
//!   [`address`] (labelled home addresses), and last [`partial`] (long or
//!   labelled numbers no other detector claimed: half of an ID number).
//! - Overlaps: the earliest finding wins, then the longest; on an exact tie
//!   the more specific kind (identity number before card before phone).
//! - Redaction is repeated on its own output until nothing new is found
//!   (usually one extra, empty pass). Markers this call placed are opaque
//!   to the detectors, so text a first pass left (the tail of a number that
//!   lost an overlap) is still caught. Text that only looks like a marker
//!   is scanned like anything else: a user cannot hide a number inside a
//!   fake `[EMAIL …@…]`. Real markers hold nothing a detector finds, so
//!   `redact(redact(x)) == redact(x)` still holds.

mod address;
mod card;
mod contact;
mod ids;
mod keys;
mod national;
mod partial;
mod passport;
mod scan;
mod seed;
mod view;

use scan::Hit;
use view::View;

/// What a finding is. The label is what the marker in redacted text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Mainland China resident identity card number (18-digit or old 15-digit).
    CnId,
    /// Hong Kong identity card number, e.g. `A123456(3)`.
    HkId,
    /// Macau resident identity card number, e.g. `1234567(8)`.
    MoId,
    /// Taiwan national identification number, e.g. `A123456789`.
    TwId,
    /// Nigeria National Identification Number or Bank Verification Number
    /// (11 digits, after a label).
    NgId,
    /// India Aadhaar number (12 digits, Verhoeff check).
    Aadhaar,
    /// India Permanent Account Number, `ABCPE1234F`.
    Pan,
    /// US Social Security Number, `123-45-6789`.
    Ssn,
    Passport,
    /// A machine-readable zone line of a passport or ID card.
    Mrz,
    Phone,
    Email,
    /// Payment card number (Luhn-valid, known issuer prefix).
    Card,
    /// BIP-39 mnemonic (English or Chinese word list).
    SeedPhrase,
    /// Hex, WIF or extended private key (and anything shaped like one).
    PrivateKey,
    /// A home address after a label ("address:", "地址：", "住址").
    Address,
    /// A long number no other detector claims, or a shorter one after an
    /// identity label: half of an ID number, an unknown passport format.
    Number,
}

impl Kind {
    /// Every kind, in tie-break priority order (see [`resolve`]).
    const ALL: [Kind; 17] = [
        Kind::CnId,
        Kind::TwId,
        Kind::HkId,
        Kind::MoId,
        Kind::Aadhaar,
        Kind::NgId,
        Kind::Ssn,
        Kind::Pan,
        Kind::Passport,
        Kind::Mrz,
        Kind::PrivateKey,
        Kind::SeedPhrase,
        Kind::Card,
        Kind::Phone,
        Kind::Email,
        Kind::Address,
        Kind::Number,
    ];

    /// The marker label: `"CN-ID"`, `"PASSPORT"`, `"SEED PHRASE"`, ...
    pub fn label(self) -> &'static str {
        match self {
            Kind::CnId => "CN-ID",
            Kind::HkId => "HK-ID",
            Kind::MoId => "MO-ID",
            Kind::TwId => "TW-ID",
            Kind::NgId => "NG-ID",
            Kind::Aadhaar => "AADHAAR",
            Kind::Pan => "IN-PAN",
            Kind::Ssn => "US-SSN",
            Kind::Passport => "PASSPORT",
            Kind::Mrz => "MRZ",
            Kind::Phone => "PHONE",
            Kind::Email => "EMAIL",
            Kind::Card => "CARD",
            Kind::SeedPhrase => "SEED PHRASE",
            Kind::PrivateKey => "PRIVATE KEY",
            Kind::Address => "ADDRESS",
            Kind::Number => "NUMBER",
        }
    }

    /// True for identity numbers, passports, seed phrases and private keys:
    /// a message holding one is deleted from Discord by the privacy guard.
    /// Phones, e-mail, card numbers and addresses are redacted but not
    /// deleted for.
    pub fn is_secret_or_id(self) -> bool {
        !matches!(
            self,
            Kind::Phone | Kind::Email | Kind::Card | Kind::Address | Kind::Number
        )
    }

    /// How many trailing characters the marker keeps for a moderator. Short
    /// numbers (HK, Macau) keep none: four of eight digits is half the number.
    fn kept_tail(self) -> usize {
        match self {
            Kind::CnId | Kind::Phone | Kind::Card | Kind::Aadhaar => 4,
            Kind::TwId | Kind::Passport => 3,
            _ => 0,
        }
    }

    fn priority(self) -> usize {
        Kind::ALL
            .iter()
            .position(|&k| k == self)
            .unwrap_or(usize::MAX)
    }
}

/// One piece of personal data: `start..end` is a byte range of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Redacted text and what was taken out of it (sorted, never overlapping).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub findings: Vec<Finding>,
}

impl Redacted {
    /// Nothing was found: `text` is the input unchanged.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// Something the privacy guard deletes a message for was found.
    pub fn has_sensitive(&self) -> bool {
        self.findings.iter().any(|f| f.kind.is_secret_or_id())
    }

    /// The kinds found, each once, in order of first appearance.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = Vec::new();
        for f in &self.findings {
            if !kinds.contains(&f.kind) {
                kinds.push(f.kind);
            }
        }
        kinds
    }
}

/// Finds personal data in `text` and replaces each piece with a marker.
/// Never panics; linear in the input (a 100 KB message takes milliseconds).
pub fn redact(text: &str) -> Redacted {
    let mut placed: Vec<Placed> = Vec::new();
    let mut current = text.to_owned();
    let mut opaque: Vec<(usize, usize)> = Vec::new();
    for _ in 0..MAX_PASSES {
        let view = View::new(&current, &opaque);
        let fresh = resolve(detect(&view), &view);
        if fresh.is_empty() {
            break;
        }
        // Later passes see earlier markers as opaque, so fresh findings lie
        // wholly in text that is still as the user typed it.
        let mut back = ToOriginal::new(&placed);
        let moved: Vec<Placed> = fresh
            .into_iter()
            .map(|p| Placed {
                start: back.map(p.start),
                end: back.map(p.end),
                ..p
            })
            .collect();
        placed.extend(moved);
        placed.sort_by_key(|p| p.start);
        (current, opaque) = render(text, &placed);
    }
    let findings = placed
        .iter()
        .map(|p| Finding {
            kind: p.kind,
            start: p.start,
            end: p.end,
        })
        .collect();
    Redacted {
        text: current,
        findings,
    }
}

/// Convenience for callers that only need the text: `redact(text).text`.
pub fn redact_str(text: &str) -> String {
    redact(text).text
}

/// A pass that still finds something after this many is pathological input;
/// what it found so far is returned (each pass only ever adds markers).
const MAX_PASSES: usize = 8;

/// A finding with its marker, in coordinates of the text it was found in
/// until [`redact`] moves it to the original's.
struct Placed {
    kind: Kind,
    start: usize,
    end: usize,
    marker: String,
}

/// Runs every detector over the view; hits are in view coordinates.
fn detect(view: &View) -> Vec<Hit> {
    let text = view.text();
    let mut hits = Vec::new();
    ids::find(text, &mut hits);
    national::find(text, &mut hits);
    passport::find(text, &mut hits);
    contact::find(text, &mut hits);
    card::find(text, &mut hits);
    seed::find(text, &mut hits);
    keys::find(text, &mut hits);
    address::find(text, &mut hits);
    // Last: it takes only what every specific detector left.
    partial::find(text, &mut hits);
    hits
}

/// Maps hits to the viewed text's coordinates and keeps a non-overlapping
/// set: earliest start first, then the longest, then kind priority. A hit
/// inside a longer one is the longer one's part (the phone number that is
/// an address's local part). Hits that only partly overlap are merged, so
/// that no detector's text is left raw because another claimed its first
/// words (`x@A. abandon …` reads as an address ending in `abandon`, the
/// seed phrase runs on); the merged span takes the kind that comes first
/// in [`Kind::ALL`] and that hit's own marker, so a marker still describes
/// one finding.
fn resolve(hits: Vec<Hit>, view: &View) -> Vec<Placed> {
    let mut spans: Vec<(usize, usize, Hit)> = hits
        .into_iter()
        .filter(|h| h.start < h.end)
        .map(|h| {
            let (s, e) = view.source_range(h.start, h.end);
            (s, e, h)
        })
        .collect();
    spans.sort_by_key(|&(s, e, h)| (s, std::cmp::Reverse(e), h.kind.priority()));
    let placed = |s: usize, e: usize, h: Hit| Placed {
        kind: h.kind,
        start: s,
        end: e,
        marker: marker(h.kind, &view.text()[h.start..h.end]),
    };
    let mut out: Vec<Placed> = Vec::new();
    for (s, e, h) in spans {
        match out.last_mut() {
            Some(last) if e <= last.end => {}
            Some(last) if s < last.end => {
                if h.kind.priority() < last.kind.priority() {
                    *last = placed(last.start, e, h);
                } else {
                    last.end = e;
                }
            }
            _ => out.push(placed(s, e, h)),
        }
    }
    out
}

/// The marker for a finding, from its normalised text (so a full-width
/// number shows its tail in ASCII). A marker must hold nothing a detector
/// finds (the tail is at most four characters), so that redacting redacted
/// text changes nothing.
fn marker(kind: Kind, found: &str) -> String {
    let label = kind.label();
    match kind {
        Kind::Email => match contact::email_domain(found) {
            Some(domain) => format!("[{label} …@{domain}]"),
            None => format!("[{label}]"),
        },
        Kind::SeedPhrase => format!("[{label} {} words]", seed::word_count(found)),
        _ => {
            let keep = kind.kept_tail();
            let alnum: Vec<char> = found.chars().filter(char::is_ascii_alphanumeric).collect();
            if keep == 0 || alnum.len() <= keep {
                format!("[{label}]")
            } else {
                let tail: String = alnum[alnum.len() - keep..].iter().collect();
                format!("[{label} …{tail}]")
            }
        }
    }
}

/// Maps positions in the current (partly redacted) text back to the input,
/// in one sweep: positions must come in non-decreasing order (a pass's
/// findings, sorted). A position is never inside a marker: markers are
/// opaque to detection.
struct ToOriginal<'a> {
    placed: &'a [Placed],
    next: usize,
    shift: isize,
}

impl<'a> ToOriginal<'a> {
    fn new(placed: &'a [Placed]) -> Self {
        ToOriginal {
            placed,
            next: 0,
            shift: 0,
        }
    }

    fn map(&mut self, pos: usize) -> usize {
        while let Some(p) = self.placed.get(self.next) {
            if pos as isize <= p.start as isize + self.shift {
                break;
            }
            self.shift += p.marker.len() as isize - (p.end - p.start) as isize;
            self.next += 1;
        }
        (pos as isize - self.shift) as usize
    }
}

/// The input with each placed finding (original coordinates, sorted,
/// disjoint) replaced by its marker, and where the markers are in it.
fn render(text: &str, placed: &[Placed]) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut markers = Vec::with_capacity(placed.len());
    let mut at = 0;
    for p in placed {
        out.push_str(&text[at..p.start]);
        let s = out.len();
        out.push_str(&p.marker);
        markers.push((s, out.len()));
        at = p.end;
    }
    out.push_str(&text[at..]);
    (out, markers)
}
