//! The knowledge base: scenarios in English and Simplified Chinese, loaded
//! from YAML files and validated before anything uses them.
//!
//! A [`KnowledgeBase`] is immutable once loaded; reloading builds a new one
//! and swaps it in, so a bad edit never replaces a good base in service.

mod check;
mod load;
mod model;

pub use check::{check, line_of, Issue, Severity};
pub use load::{load_dir, LoadError, SourceFile, BUILT_IN, SHARED_FILE};
pub use model::{KnowledgeBase, Lang, Localized, LocalizedList, Scenario, Shared};

use std::path::PathBuf;

/// The knowledge base used when no directory is configured: `knowledge/`
/// under the working directory if present (an operator's edited copy),
/// else the one built into the binary ([`BUILT_IN`]), so that a copied
/// binary or a container needs no source tree.
pub fn default_dir() -> PathBuf {
    let local = PathBuf::from("knowledge");
    if local.is_dir() {
        local
    } else {
        PathBuf::from(BUILT_IN)
    }
}
