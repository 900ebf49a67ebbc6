//! `--format human`: rustc-style snippets with the range marked, the rule id, the message, the
//! legal references and the suggested fix.

use super::{FileResult, Outcome, Summary};
use crate::Severity;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

pub fn render(results: &[FileResult], colour: bool) -> String {
    let failed = results
        .iter()
        .filter(|result| matches!(result.outcome, Outcome::Failed(_)))
        .count();
    let mut out = render_files(results, colour);
    out.push_str(&summary_line(Summary::of(results), failed));
    out
}

/// The findings of some files, without the closing summary (for output written file by file).
pub fn render_files(results: &[FileResult], colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for result in results {
        match &result.outcome {
            Outcome::Failed(message) => {
                let report = [Group::with_title(
                    Level::ERROR.primary_title(format!("{}: {message}", result.display)),
                )];
                out.push_str(&renderer.render(&report));
                out.push_str("\n\n");
            }
            Outcome::Checked { diagnostics, .. } => {
                for diagnostic in diagnostics {
                    let level = match diagnostic.severity {
                        Severity::Error => Level::ERROR,
                        Severity::Warning => Level::WARNING,
                        Severity::Info => Level::INFO,
                    };
                    let mut end = diagnostic.range.end.max(diagnostic.range.start);
                    // An empty range (an insertion point) is shown as the character there.
                    if end == diagnostic.range.start {
                        end = result.source[end..]
                            .chars()
                            .next()
                            .map_or(end, |c| end + c.len_utf8());
                    }
                    let mut group = level
                        .primary_title(diagnostic.message.as_str())
                        .id(diagnostic.rule.as_str())
                        .element(
                            Snippet::source(result.source.as_str())
                                .path(result.display.as_str())
                                .fold(true)
                                .annotation(
                                    AnnotationKind::Primary.span(diagnostic.range.start..end),
                                ),
                        );
                    if !diagnostic.references.is_empty() {
                        group = group.element(
                            Level::NOTE
                                .message(format!("law: {}", diagnostic.references.join("; "))),
                        );
                    }
                    if let Some(fix) = &diagnostic.fix {
                        group = group.element(Level::HELP.message(fix.message.clone()));
                    }
                    out.push_str(&renderer.render(&[group]));
                    out.push_str("\n\n");
                }
            }
        }
    }
    out
}

/// The closing line: files checked, findings by severity, files that could not be read.
pub fn summary_line(summary: Summary, failed: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} file{} checked: {} error{}, {} warning{}, {} info{}",
        summary.files,
        plural(summary.files),
        summary.errors,
        plural(summary.errors),
        summary.warnings,
        plural(summary.warnings),
        summary.infos,
        if summary.infos == 1 { "" } else { "s" },
    ));
    if failed > 0 {
        out.push_str(&format!(
            "; {failed} file{} could not be read",
            plural(failed)
        ));
    }
    out.push('\n');
    out
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
