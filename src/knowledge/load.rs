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

/// The name of the knowledge base built into the binary (`knowledge/` as
/// it was at build time). `knowledge.dir = "(built-in)"` selects it, and it
/// is the default where the program runs without a `knowledge/` directory;
/// issues name its files `(built-in)/<file>.yaml`.
pub const BUILT_IN: &str = "(built-in)";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_knowledge.rs"));
}

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
                 (set knowledge.dir in the config, or leave it unset for the built-in base)",
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
        if let Err(e) = within_bounds(&file.text) {
            issues.push(yaml_issue(file, &e));
            continue;
        }
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
    if dir == Path::new(BUILT_IN) {
        return Ok(embedded::FILES
            .iter()
            .map(|(name, text)| SourceFile {
                path: Path::new(BUILT_IN).join(name),
                text: (*text).to_string(),
            })
            .collect());
    }
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
    if paths.len() > MAX_FILES {
        return Err(LoadError::Invalid(vec![Issue::error(
            dir.to_path_buf(),
            None,
            None,
            format!(
                "{} YAML files, more than the {MAX_FILES} a knowledge base may have: is knowledge.dir the right directory?",
                paths.len()
            ),
        )]));
    }
    for path in paths {
        // Checked before reading: a huge file is refused without filling memory.
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        if size > MAX_FILE_BYTES {
            issues.push(Issue::error(
                path,
                None,
                None,
                format!(
                    "{size} bytes, more than the {MAX_FILE_BYTES} a knowledge file may have (the largest shipped one has ~25 KB): split it or remove what does not belong"
                ),
            ));
            continue;
        }
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

/// The largest knowledge file accepted (the shipped ones are under 25 KB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The most YAML files a knowledge directory may hold.
pub const MAX_FILES: usize = 2_000;

/// The most values (scalars, lists, maps) a file may expand to, aliases
/// followed. The shipped files have a few thousand; a "billion laughs"
/// alias bomb of 300 KB expanded for 280 s and 5.8 GB before this bound.
pub const MAX_NODES: usize = 200_000;

/// The deepest nesting accepted; the shipped files nest four levels.
pub const MAX_DEPTH: usize = 32;

/// Walks the document once, aliases followed, with a budget of
/// [`MAX_NODES`] values and [`MAX_DEPTH`] levels, stopping as soon as
/// either runs out: bounded time and memory whatever the file says.
fn within_bounds(text: &str) -> Result<(), serde_yaml::Error> {
    use serde::de::DeserializeSeed;
    // The YAML parser itself takes quadratic time on deep flow nesting
    // (`[[[[…`: 100,000 levels took 155 s), before any value is seen: count
    // brackets first.
    if let Some(line) = too_deep(text) {
        let message = format!(
            "nested more than {MAX_DEPTH} levels deep (line {line}): a knowledge file needs four"
        );
        return Err(<serde_yaml::Error as serde::de::Error>::custom(message));
    }
    let left = std::cell::Cell::new(MAX_NODES);
    Budget {
        left: &left,
        depth: 0,
    }
    .deserialize(serde_yaml::Deserializer::from_str(text))
}

/// The line where flow brackets (`[`, `{`) or block sequence dashes
/// (`- - - x`) first nest deeper than [`MAX_DEPTH`], if they do. Quoted
/// text and comments are skipped; a bracket inside other text counts, which
/// only matters past 32 of them.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (n, line) in text.lines().enumerate() {
        let dashes = line
            .trim_start()
            .split_inclusive(' ')
            .take_while(|w| w.trim_end() == "-")
            .count();
        let indent = line.len() - line.trim_start().len();
        if dashes > MAX_DEPTH || indent > MAX_DEPTH * 8 {
            return Some(n + 1);
        }
        let mut quote = None;
        for c in line.chars() {
            match (quote, c) {
                (None, '#') => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_DEPTH {
                return Some(n + 1);
            }
        }
    }
    None
}

/// A value that is only counted, never kept.
struct Budget<'a> {
    left: &'a std::cell::Cell<usize>,
    depth: usize,
}

impl Budget<'_> {
    fn spend<E: serde::de::Error>(&self) -> Result<(), E> {
        if self.depth > MAX_DEPTH {
            return Err(E::custom(format!(
                "nested more than {MAX_DEPTH} levels deep: a knowledge file needs four"
            )));
        }
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(format!(
                "expands to more than {MAX_NODES} values (anchors and aliases, `&name` and `*name`, repeat whole parts): write the texts out instead"
            ))),
        }
    }

    fn child(&self) -> Budget<'_> {
        Budget {
            left: self.left,
            depth: self.depth + 1,
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Budget<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Budget<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.spend()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.spend()?;
        d.deserialize_any(self.child())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend()?;
        while seq.next_element_seed(self.child())?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend()?;
        while map.next_key_seed(self.child())?.is_some() {
            map.next_value_seed(self.child())?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        self.spend()?;
        let ((), variant) = data.variant_seed(self.child())?;
        variant.newtype_variant_seed(self.child())
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

#[cfg(test)]
mod bounds_tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// Nine levels of nine aliases: 9^9 (387 million) values once expanded.
    fn alias_bomb() -> String {
        let mut yaml = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            let refs = vec![format!("*{prev}"); 9].join(",");
            yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        yaml
    }

    /// Regression for issue 9: a 300 KB alias bomb took 280 s and 5.8 GB.
    #[test]
    fn alias_bomb_is_refused_in_well_under_a_second() {
        let started = Instant::now();
        // Small, serde_yaml's own repetition limit already stops it.
        assert!(within_bounds(&alias_bomb()).is_err());
        // 300 KB, as in the issue: a long list repeated 81 times is under
        // that limit (it counts aliases, not what they expand to).
        let long = vec!["\"lol\""; 50_000].join(",");
        let refs = |name: char| vec![format!("*{name}"); 9].join(",");
        let bomb = format!(
            "a: &a [{long}]\nb: &b [{}]\nc: &c [{}]\n",
            refs('a'),
            refs('b')
        );
        assert!(bomb.len() > 250_000, "{}", bomb.len());
        let err = within_bounds(&bomb).unwrap_err().to_string();
        assert!(err.contains("expands to more than 200000 values"), "{err}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let started = Instant::now();
        let deep = format!("x: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(within_bounds(&deep).is_err());
        let nested = format!("x: {}1{}", "[".repeat(40), "]".repeat(40));
        let err = within_bounds(&nested).unwrap_err().to_string();
        assert!(
            err.contains("nested more than 32 levels deep (line 1)"),
            "{err}"
        );
        let dashes = format!("x:\n  {}1\n", "- ".repeat(100_000));
        assert!(within_bounds(&dashes).is_err());
        // Brackets inside quotes and comments do not count.
        let quoted = format!("x: \"{}\" # {}\n", "[".repeat(50), "{".repeat(50));
        within_bounds(&quoted).unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn the_shipped_files_are_within_bounds() {
        let dir = crate::knowledge::default_dir();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            within_bounds(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }

    #[test]
    fn a_huge_file_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let err = load_dir(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("more than the 1048576 a knowledge file may have"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod built_in_tests {
    use super::*;

    /// The embedded base is the shipped directory, file for file.
    #[test]
    fn built_in_base_is_the_shipped_directory() {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        let (from_dir, _) = load_dir(&shipped).unwrap();
        let (built_in, _) = load_dir(Path::new(BUILT_IN)).unwrap();
        assert_eq!(built_in.scenarios.len(), from_dir.scenarios.len());
        let ids = |kb: &KnowledgeBase| {
            kb.scenarios
                .iter()
                .map(|s| s.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&built_in), ids(&from_dir));
    }
}
