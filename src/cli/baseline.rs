//! `--write-baseline FILE` and `--baseline FILE`: accept today's findings and report only new
//! ones. A finding is recorded by file, rule and the text it points at (white space collapsed),
//! never by line, so edits elsewhere in the file do not turn old findings into new ones.

use sendlint::render::fingerprint::snippet;
use sendlint::render::{FileResult, Outcome};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Recorded findings: path → rule → flagged text → how many.
type Recorded = BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub files: Recorded,
    /// The files checked in this run (for `gone`).
    #[serde(skip)]
    checked: std::collections::BTreeSet<String>,
}

/// The recorded findings that are no longer found: path, rule, how many.
pub type Gone = Vec<(String, String, usize)>;

fn key(result: &FileResult) -> String {
    result.display.replace('\\', "/")
}

impl Baseline {
    pub fn new() -> Baseline {
        Baseline {
            version: 1,
            ..Baseline::default()
        }
    }

    /// Records the findings of some files.
    pub fn record(&mut self, results: &[FileResult]) {
        for result in results {
            if let Outcome::Checked { diagnostics, .. } = &result.outcome {
                for diagnostic in diagnostics {
                    *self
                        .files
                        .entry(key(result))
                        .or_default()
                        .entry(diagnostic.rule.clone())
                        .or_default()
                        .entry(snippet(&result.source, diagnostic))
                        .or_default() += 1;
                }
            }
        }
    }

    pub fn count(&self) -> usize {
        self.files
            .values()
            .flat_map(BTreeMap::values)
            .flat_map(BTreeMap::values)
            .sum()
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|error| error.to_string())?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|error| format!("{}: cannot write the baseline: {error}", path.display()))
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("{}: cannot read the baseline: {error}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|error| {
            format!(
                "{}: not a sendlint baseline ({error}); write one with --write-baseline",
                path.display()
            )
        })?;
        if baseline.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Drops from `results` every finding the baseline records: each record absorbs as many
    /// findings as it counts.
    pub fn filter(&mut self, results: &mut [FileResult]) {
        for result in results.iter_mut() {
            let path = key(result);
            self.checked.insert(path.clone());
            let Outcome::Checked { diagnostics, .. } = &mut result.outcome else {
                continue;
            };
            let Some(rules) = self.files.get_mut(&path) else {
                continue;
            };
            let source = &result.source;
            diagnostics.retain(|diagnostic| {
                let left = rules
                    .get_mut(&diagnostic.rule)
                    .and_then(|texts| texts.get_mut(&snippet(source, diagnostic)))
                    .filter(|left| **left > 0);
                match left {
                    Some(left) => {
                        *left -= 1;
                        false
                    }
                    None => true,
                }
            });
        }
    }

    /// What the baseline records but was not found: for the files checked in this run, and
    /// for recorded files that no longer exist.
    pub fn gone(self) -> Gone {
        let mut gone = Vec::new();
        for (path, rules) in self.files {
            if !self.checked.contains(&path) && Path::new(&path).exists() {
                continue;
            }
            for (rule, texts) in rules {
                let left: usize = texts.values().sum();
                if left > 0 {
                    gone.push((path.clone(), rule, left));
                }
            }
        }
        gone
    }
}
