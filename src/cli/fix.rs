//! `--fix`, `--unsafe-fixes`, `--diff`: applying the `Fix` edits the rules suggest. Fixes are
//! applied in rounds (a fix may make another finding go away, or appear in its place) until a
//! round applies nothing; the result is written atomically: a temporary file in the same folder,
//! the original's permissions, then a rename over the original.

use sendlint::{Applicability, Diagnostic, Report};
use std::cmp::Reverse;
use std::io::Write;
use std::path::Path;

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Safe,
    Unsafe,
}

impl Level {
    fn allows(self, applicability: Applicability) -> bool {
        match self {
            Level::Safe => applicability == Applicability::Safe,
            Level::Unsafe => true,
        }
    }
}

/// Most fixes tried on one file; each trial re-checks the fixed text.
pub const MAX_TRIALS: usize = 64;

/// Whether a fix for `rule` made things better: fewer findings of that rule, and no rule with
/// more findings than before.
pub fn improves(before: &[Diagnostic], after: &[Diagnostic], rule: &str) -> bool {
    fn counts(diagnostics: &[Diagnostic]) -> std::collections::BTreeMap<&str, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for diagnostic in diagnostics {
            *counts.entry(diagnostic.rule.as_str()).or_default() += 1;
        }
        counts
    }
    let (before, after) = (counts(before), counts(after));
    after.get(rule).copied().unwrap_or(0) < before.get(rule).copied().unwrap_or(0)
        && after
            .iter()
            .all(|(rule, count)| *count <= before.get(rule).copied().unwrap_or(0))
}

/// Applies the allowed fixes of `diagnostics` to `source`: the new text and the rule of each
/// fix that went in, or `None` when none applies. A fix whose edits overlap an earlier one's (or
/// insert at the same point) is left for the next round, so no two fixes ever edit the same
/// bytes.
pub fn apply(
    source: &str,
    diagnostics: &[Diagnostic],
    level: Level,
) -> Option<(String, Vec<String>)> {
    let mut fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref().map(|fix| (&diagnostic.rule, fix)))
        .filter(|(_, fix)| level.allows(fix.applicability) && !fix.edits.is_empty())
        .filter(|(_, fix)| {
            fix.edits.iter().all(|edit| {
                edit.range.start <= edit.range.end
                    && edit.range.end <= source.len()
                    && source.is_char_boundary(edit.range.start)
                    && source.is_char_boundary(edit.range.end)
            })
        })
        .collect();
    fixes.sort_by_key(|(_, fix)| {
        fix.edits
            .iter()
            .map(|edit| (edit.range.start, edit.range.end))
            .min()
    });
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut edits = Vec::new();
    let mut rules = Vec::new();
    for (rule, fix) in fixes {
        let clashes = fix.edits.iter().any(|edit| {
            taken.iter().any(|range| {
                edit.range.start < range.end.max(range.start + 1)
                    && range.start < edit.range.end.max(edit.range.start + 1)
            })
        });
        if clashes {
            continue;
        }
        for edit in &fix.edits {
            taken.push(edit.range.clone());
            edits.push(edit);
        }
        rules.push(rule.clone());
    }
    if rules.is_empty() {
        return None;
    }
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(source.len() + 256);
    let mut at = 0;
    for edit in edits {
        out.push_str(&source[at..edit.range.start]);
        out.push_str(&edit.text);
        at = edit.range.end;
    }
    out.push_str(&source[at..]);
    (out != source).then_some((out, rules))
}

/// Fixes one source: one fix at a time, the most severe finding first, each followed by
/// `recheck` of the new text. A fix is kept only when its rule reports fewer findings afterwards
/// and no rule reports more; otherwise it is not tried again (a placeholder the author must fill
/// in, or wording that trips another rule, is left to the author). Returns the fixed text, its
/// report and how many fixes went in.
pub fn fix_source(
    original: &str,
    mut report: Report,
    level: Level,
    recheck: &dyn Fn(&str) -> Report,
) -> (String, Report, usize) {
    let mut source = original.to_string();
    let mut count = 0;
    let mut rejected: Vec<(String, String)> = Vec::new();
    for _ in 0..MAX_TRIALS {
        let mut candidates: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|diagnostic| {
                diagnostic.fix.as_ref().is_some_and(|fix| {
                    !rejected.contains(&(diagnostic.rule.clone(), fix.message.clone()))
                })
            })
            .collect();
        candidates.sort_by_key(|diagnostic| (Reverse(diagnostic.severity), diagnostic.range.start));
        let Some((text, diagnostic)) = candidates.into_iter().find_map(|diagnostic| {
            apply(&source, std::slice::from_ref(diagnostic), level)
                .map(|(text, _)| (text, diagnostic.clone()))
        }) else {
            break;
        };
        let after = recheck(&text);
        if improves(&report.diagnostics, &after.diagnostics, &diagnostic.rule) {
            report = after;
            source = text;
            count += 1;
        } else if let Some(fix) = &diagnostic.fix {
            rejected.push((diagnostic.rule.clone(), fix.message.clone()));
        }
    }
    (source, report, count)
}

/// Replaces `path` with `contents` atomically: written to a temporary file in the same folder,
/// given the original's permissions, flushed to disk and renamed over the original. On any
/// error the original is untouched and the temporary file removed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temporary = tempfile::Builder::new()
        .prefix(".sendlint-fix-")
        .tempfile_in(folder)?;
    temporary.write_all(contents)?;
    temporary.as_file().sync_all()?;
    temporary.as_file().set_permissions(permissions)?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// A unified diff of one file's fixes, with `a/` and `b/` headers as git writes them.
pub fn diff(display: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sendlint::{Edit, Fix, Severity};

    fn finding(
        range: std::ops::Range<usize>,
        text: &str,
        applicability: Applicability,
    ) -> Diagnostic {
        Diagnostic {
            rule: "pre-ticked-consent".to_string(),
            severity: Severity::Error,
            range: range.clone(),
            message: String::new(),
            references: Vec::new(),
            fix: Some(Fix {
                message: String::new(),
                applicability,
                edits: vec![Edit {
                    range,
                    text: text.to_string(),
                }],
            }),
        }
    }

    #[test]
    fn applies_only_the_allowed_and_never_overlapping_fixes() {
        let source = "<input checked> <input checked>";
        let found = [
            finding(6..14, "", Applicability::Safe),
            finding(8..12, "X", Applicability::Safe),
            finding(22..30, "", Applicability::Unsafe),
        ];
        let (fixed, rules) = apply(source, &found, Level::Safe).expect("a fix");
        assert_eq!(
            (fixed.as_str(), rules.len()),
            ("<input> <input checked>", 1)
        );
        let (fixed, rules) = apply(source, &found, Level::Unsafe).expect("fixes");
        assert_eq!((fixed.as_str(), rules.len()), ("<input> <input>", 2));
        assert!(apply(source, &found[2..], Level::Safe).is_none());
    }

    #[test]
    fn two_insertions_at_one_point_wait_for_the_next_round() {
        let found = [
            finding(3..3, "a", Applicability::Safe),
            finding(3..3, "b", Applicability::Safe),
        ];
        assert_eq!(
            apply("xyz", &found, Level::Safe),
            Some(("xyza".to_string(), vec!["pre-ticked-consent".to_string()]))
        );
    }

    #[test]
    fn an_edit_outside_the_source_is_ignored() {
        let found = [finding(2..9, "", Applicability::Safe)];
        assert_eq!(apply("abc", &found, Level::Safe), None);
    }
}
