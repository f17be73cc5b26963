//! Text handling shared by the knowledge base checks and the triage engine:
//! normalisation, tokenisation, language detection, and Simplified or
//! Traditional Chinese (`script`). Pure functions.

mod cantonese;
mod lang;
mod normalize;
pub mod script;
mod tokens;

pub use lang::detect_language;
pub use normalize::normalize;
pub use tokens::{
    is_stopword, latin_words, latin_words_at, tokenize, units, Token, TokenKind, Unit,
};

/// True for the Han ideographs that Chinese text is written in.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'    // CJK Unified Ideographs
        | '\u{3400}'..='\u{4DBF}'  // Extension A
        | '\u{F900}'..='\u{FAFF}'  // Compatibility Ideographs
        | '\u{20000}'..='\u{2A6DF}' // Extension B
    )
}
