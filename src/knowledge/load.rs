//! Reading the YAML files of a knowledge-base directory.
//!
//! Parsing and validation are separate steps: every file is parsed first, so
//! that one `kb check` run reports the mistakes of all files at once.

use super::check::{self, Issue, Severity};
use super::model::{KnowledgeBase, Scenario, Shared};
use std::fmt;
use std::path::{Path, PathBuf};

/// The file that holds the texts shared by all scenarios.
pub const SHARED_FILE: &str = "_shared.yaml";

/// One file as read from disk, kept so that issues can point at lines.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// Why a knowledge base could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The directory itself is missing or unreadable.
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Files were read but have errors; each issue names file and line.
    Invalid(Vec<Issue>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Dir { path, source } => write!(
                f,
                "cannot read the knowledge base directory {}: {source} \
                 (set knowledge.dir in the config or run from the repository root)",
                path.display()
            ),
            LoadError::Invalid(issues) => {
                let errors = issues
                    .iter()
                    .filter(|i| i.severity == Severity::Error)
                    .count();
                writeln!(f, "the knowledge base has {errors} error(s):")?;
                for issue in issues.iter().filter(|i| i.severity == Severity::Error) {
                    writeln!(f, "  {issue}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads and validates every `*.yaml` file of `dir`.
///
/// Returns the base together with its warnings; any error-severity issue
/// makes the whole load fail, so a broken edit never reaches users.
pub fn load_dir(dir: &Path) -> Result<(KnowledgeBase, Vec<Issue>), LoadError> {
    let files = read_files(dir)?;
    let mut issues = Vec::new();
    let mut scenarios: Vec<(usize, Scenario)> = Vec::new();
    let mut shared: Option<(usize, Shared)> = None;

    for (index, file) in files.iter().enumerate() {
        let is_shared = file.path.file_name().and_then(|n| n.to_str()) == Some(SHARED_FILE);
        if is_shared {
            match serde_yaml::from_str::<Shared>(&file.text) {
                Ok(value) => shared = Some((index, value)),
                Err(e) => issues.push(yaml_issue(file, &e)),
            }
        } else {
            match serde_yaml::from_str::<Scenario>(&file.text) {
                Ok(value) => scenarios.push((index, value)),
                Err(e) => issues.push(yaml_issue(file, &e)),
            }
        }
    }

    if shared.is_none() && !issues.iter().any(|i| i.file.ends_with(SHARED_FILE)) {
        issues.push(Issue::error(
            dir.join(SHARED_FILE),
            None,
            None,
            format!("missing {SHARED_FILE} (safety line, domain terms, human requests, off-topic examples)"),
        ));
    }
    if scenarios.is_empty() && issues.is_empty() {
        issues.push(Issue::error(
            dir.to_path_buf(),
            None,
            None,
            "no scenario files (*.yaml) found".to_string(),
        ));
    }

    issues.extend(check::check(&files, &scenarios, shared.as_ref()));

    if issues.iter().any(|i| i.severity == Severity::Error) {
        return Err(LoadError::Invalid(issues));
    }
    let Some((_, shared)) = shared else {
        return Err(LoadError::Invalid(issues));
    };
    let kb = KnowledgeBase {
        scenarios: scenarios.into_iter().map(|(_, s)| s).collect(),
        shared,
    };
    Ok((kb, issues))
}

/// Reads the YAML files of `dir`, sorted by name so ids and order are stable.
fn read_files(dir: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let dir_error = |source| LoadError::Dir {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(dir_error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml") | Some("yml")
                )
        })
        .collect();
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    let mut issues = Vec::new();
    for path in paths {
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push(SourceFile { path, text }),
                Err(e) => issues.push(Issue::error(
                    path,
                    None,
                    None,
                    format!(
                        "not valid UTF-8 (byte {}): save the file as UTF-8",
                        e.utf8_error().valid_up_to()
                    ),
                )),
            },
            Err(e) => issues.push(Issue::error(path, None, None, format!("cannot read: {e}"))),
        }
    }
    if issues.is_empty() {
        Ok(files)
    } else {
        Err(LoadError::Invalid(issues))
    }
}

fn yaml_issue(file: &SourceFile, error: &serde_yaml::Error) -> Issue {
    let (line, column) = match error.location() {
        Some(loc) => (Some(loc.line()), Some(loc.column())),
        None => (None, None),
    };
    // serde_yaml appends "at line X column Y" itself; the issue already says where.
    let message = error.to_string();
    let message = match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    };
    Issue::error(file.path.clone(), line, column, format!("YAML: {message}"))
}
