//! Validation of a parsed knowledge base: every mistake an editor can make
//! that YAML itself accepts, reported with file and line.

use super::load::SourceFile;
use super::model::{Lang, LocalizedList, Scenario, Shared};
use crate::text::normalize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

/// Discord's limit on an embed description, where an answer is shown.
pub const EMBED_DESCRIPTION_MAX: usize = 4096;
/// Discord's limit on an embed title.
pub const EMBED_TITLE_MAX: usize = 256;
/// Fewer example phrasings than this per language makes matching guesswork.
const MIN_EXAMPLES_PER_LANG: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One finding of the check, pointing at a file and, where known, a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub scenario: Option<String>,
    pub message: String,
}

impl Issue {
    pub fn error(
        file: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    ) -> Self {
        Issue {
            severity: Severity::Error,
            file,
            line,
            column,
            scenario: None,
            message,
        }
    }

    fn at(
        severity: Severity,
        file: &SourceFile,
        needle: &str,
        scenario: &str,
        message: String,
    ) -> Self {
        Issue {
            severity,
            file: file.path.clone(),
            line: line_of(&file.text, needle),
            column: None,
            scenario: Some(scenario.to_string()),
            message,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}")?;
        if let Some(id) = &self.scenario {
            write!(f, " [{id}]")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The 1-based line where `needle` first occurs, for pointing editors at it.
/// YAML may quote or escape a value, so a shorter prefix is tried too.
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.trim();
    if needle.is_empty() {
        return None;
    }
    let prefix: String = needle.chars().take(16).collect();
    let offset = text.find(needle).or_else(|| text.find(prefix.as_str()))?;
    Some(text[..offset].matches('\n').count() + 1)
}

/// Runs every check over the parsed files (`scenarios` and `shared` carry
/// the index of the file they came from).
pub fn check(
    files: &[SourceFile],
    scenarios: &[(usize, Scenario)],
    shared: Option<&(usize, Shared)>,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    let ids: HashSet<&str> = scenarios.iter().map(|(_, s)| s.id.as_str()).collect();
    let mut first_file_of_id: HashMap<&str, &SourceFile> = HashMap::new();
    // Normalised prompt or example -> (scenario id, file) that claimed it first.
    let mut prompt_owner: HashMap<String, &str> = HashMap::new();
    let mut example_owner: HashMap<String, &str> = HashMap::new();
    let safety_len = shared.map_or(0, |(_, s)| s.safety.en.len().max(s.safety.zh.len()));

    for (index, scenario) in scenarios {
        let file = &files[*index];
        let id = scenario.id.as_str();
        let err =
            |needle: &str, message: String| Issue::at(Severity::Error, file, needle, id, message);
        let warn =
            |needle: &str, message: String| Issue::at(Severity::Warning, file, needle, id, message);

        if !is_valid_id(id) {
            issues.push(err(
                "id:",
                format!("id `{id}` must be lowercase letters, digits and hyphens"),
            ));
        }
        if let Some(previous) = first_file_of_id.insert(id, file) {
            issues.push(err(
                "id:",
                format!(
                    "duplicate id `{id}`: also defined in {}",
                    previous.path.display()
                ),
            ));
        }
        let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != id {
            issues.push(warn(
                "id:",
                format!("file is named `{stem}` but the id is `{id}`; name files after their id"),
            ));
        }

        for lang in Lang::ALL {
            let code = lang.code();
            let title = scenario.title.get(lang);
            if title.trim().is_empty() {
                issues.push(err("title:", format!("title.{code} is empty")));
            } else if title.chars().count() > EMBED_TITLE_MAX {
                issues.push(err(title, format!("title.{code} is longer than Discord's {EMBED_TITLE_MAX}-character embed title")));
            }
            let answer = scenario.answer.get(lang);
            if answer.trim().is_empty() {
                issues.push(err("answer:", format!("answer.{code} is empty")));
            }
            // The embed description carries the answer plus the safety line
            // and a line of related scenarios; keep room for those.
            let shown = answer.chars().count() + safety_len + 400;
            if shown > EMBED_DESCRIPTION_MAX {
                issues.push(err(
                    answer,
                    format!(
                        "answer.{code} is {} characters; with the safety line it exceeds Discord's \
                         {EMBED_DESCRIPTION_MAX}-character embed description: shorten it",
                        answer.chars().count()
                    ),
                ));
            }
            if lang == Lang::Zh && !answer.chars().any(crate::text::is_cjk) {
                issues.push(warn(
                    answer,
                    "answer.zh contains no Chinese characters".to_string(),
                ));
            }
            if scenario.examples.get(lang).is_empty() {
                issues.push(err("examples:", format!("examples.{code} is missing or empty: every scenario needs phrasings in both languages")));
            } else if scenario.examples.get(lang).len() < MIN_EXAMPLES_PER_LANG {
                issues.push(warn(
                    "examples:",
                    format!(
                        "only {} examples.{code}; at least {MIN_EXAMPLES_PER_LANG} make matching reliable",
                        scenario.examples.get(lang).len()
                    ),
                ));
            }
        }

        for related in &scenario.related {
            if related == id {
                issues.push(warn(related, "lists itself under related".to_string()));
            } else if !ids.contains(related.as_str()) {
                issues.push(err(
                    related,
                    format!("related scenario `{related}` does not exist"),
                ));
            }
        }
        match &scenario.refines {
            Some(base) if !ids.contains(base.as_str()) => issues.push(err(
                "refines:",
                format!("refines unknown scenario `{base}`"),
            )),
            Some(_) if scenario.signals.en.is_empty() || scenario.signals.zh.is_empty() => issues
                .push(err(
                    "refines:",
                    "a scenario that refines another needs signals in both languages".to_string(),
                )),
            _ => {}
        }

        check_texts(
            &scenario.prompts,
            "prompt",
            id,
            &mut prompt_owner,
            &mut issues,
            &err,
        );
        check_texts(
            &scenario.examples,
            "example",
            id,
            &mut example_owner,
            &mut issues,
            &err,
        );
        for text in scenario.signals.iter() {
            if normalize(text).trim().is_empty() {
                issues.push(err(
                    text,
                    "a signal is empty after normalisation".to_string(),
                ));
            }
        }
    }

    if let Some((index, shared)) = shared {
        let file = &files[*index];
        for lang in Lang::ALL {
            let code = lang.code();
            if shared.safety.get(lang).trim().is_empty() {
                issues.push(Issue::at(
                    Severity::Error,
                    file,
                    "safety:",
                    "_shared",
                    format!("safety.{code} is empty"),
                ));
            }
            for (name, list) in [
                ("domain_terms", &shared.domain_terms),
                ("human_request", &shared.human_request),
                ("off_topic", &shared.off_topic),
            ] {
                if list.get(lang).is_empty() {
                    issues.push(Issue::at(
                        Severity::Error,
                        file,
                        &format!("{name}:"),
                        "_shared",
                        format!("{name}.{code} is missing or empty"),
                    ));
                }
            }
        }
    }
    issues
}

/// Empty texts, and the same (normalised) text claimed by two scenarios.
fn check_texts<'a>(
    list: &'a LocalizedList,
    what: &str,
    id: &'a str,
    owner: &mut HashMap<String, &'a str>,
    issues: &mut Vec<Issue>,
    err: &dyn Fn(&str, String) -> Issue,
) {
    for text in list.iter() {
        let key = normalize(text);
        if key.trim().is_empty() {
            issues.push(err(text, format!("an empty {what}")));
            continue;
        }
        match owner.get(&key) {
            Some(other) if *other != id => issues.push(err(
                text,
                format!("{what} \"{text}\" is also claimed by `{other}`"),
            )),
            Some(_) => {}
            None => {
                owner.insert(key, id);
            }
        }
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
