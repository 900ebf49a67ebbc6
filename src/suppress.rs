//! Inline suppressions in HTML and Markdown comments:
//! `<!-- sendlint-disable RULE -- reason -->` … `<!-- sendlint-enable RULE -->`,
//! `<!-- sendlint-disable-next-line RULE -- reason -->` and
//! `<!-- sendlint-disable-file RULE -- reason -->`. A suppression needs a reason, and one that
//! suppresses nothing is reported, so that stale ones do not pile up.

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Span};
use crate::rules::RuleData;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Directive {
    Disable,
    Enable,
    NextLine,
    File,
}

#[derive(Clone, Debug)]
struct Suppression {
    comment: Span,
    /// Rule ids, or empty for every rule.
    rules: Vec<String>,
    region: Span,
    used: bool,
    has_reason: bool,
}

/// A finding about a suppression comment, reported like any other.
pub struct Finding {
    pub rule: &'static str,
    pub span: Span,
    pub detail: String,
}

fn parse(text: &str) -> Option<(Directive, Vec<String>, bool)> {
    let text = text.trim();
    let (directive, rest) = [
        ("sendlint-disable-next-line", Directive::NextLine),
        ("sendlint-disable-file", Directive::File),
        ("sendlint-disable", Directive::Disable),
        ("sendlint-enable", Directive::Enable),
    ]
    .into_iter()
    .find_map(|(word, directive)| {
        text.strip_prefix(word)
            .filter(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n']))
            .map(|rest| (directive, rest))
    })?;
    let (rules, reason) = rest
        .split_once("--")
        .map_or((rest, ""), |(rules, reason)| (rules, reason));
    let rules = rules
        .split([',', ' ', '\t', '\n'])
        .map(str::trim)
        .filter(|rule| !rule.is_empty())
        .map(str::to_string)
        .collect();
    Some((directive, rules, !reason.trim().is_empty()))
}

fn line_bounds(source: &str, offset: usize) -> Span {
    let start = source[..offset.min(source.len())]
        .rfind('\n')
        .map_or(0, |at| at + 1);
    let end = source[offset.min(source.len())..]
        .find('\n')
        .map_or(source.len(), |at| offset + at);
    start..end
}

/// Drops suppressed diagnostics; returns the rest and the findings about suppressions.
pub fn apply(
    document: &Document,
    diagnostics: Vec<Diagnostic>,
    data: &RuleData,
) -> (Vec<Diagnostic>, Vec<Finding>) {
    let source = &document.source;
    let mut findings = Vec::new();
    let mut suppressions: Vec<Suppression> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for comment in &document.comments {
        let Some((directive, rules, has_reason)) = parse(&comment.text) else {
            continue;
        };
        for rule in &rules {
            if data.rule(rule).is_none() {
                findings.push(Finding {
                    rule: "invalid-directive",
                    span: comment.span.clone(),
                    detail: format!("`{rule}` is not a sendlint rule: `sendlint rules` lists them"),
                });
            }
        }
        let region = match directive {
            Directive::File => 0..source.len(),
            Directive::NextLine => {
                let this_line = line_bounds(source, comment.span.end);
                let next = (this_line.end + 1).min(source.len());
                line_bounds(source, next)
            }
            Directive::Disable => comment.span.end..source.len(),
            Directive::Enable => {
                for &index in open.iter().rev() {
                    let suppression: &mut Suppression = &mut suppressions[index];
                    if suppression.region.end == source.len()
                        && (rules.is_empty()
                            || suppression.rules.iter().any(|rule| rules.contains(rule))
                            || suppression.rules.is_empty())
                    {
                        suppression.region.end = comment.span.start;
                    }
                }
                open.retain(|&index| suppressions[index].region.end == source.len());
                continue;
            }
        };
        if directive == Directive::Disable {
            open.push(suppressions.len());
        }
        suppressions.push(Suppression {
            comment: comment.span.clone(),
            rules,
            region,
            used: false,
            has_reason,
        });
    }
    let kept = diagnostics
        .into_iter()
        .filter(|diagnostic| {
            let mut suppressed = false;
            for suppression in &mut suppressions {
                let names_rule = suppression.rules.is_empty()
                    || suppression.rules.iter().any(|rule| {
                        *rule == diagnostic.rule
                            || data.rule(rule).is_some_and(|own| own.id == diagnostic.rule)
                    });
                let start = diagnostic.range.start;
                let inside = suppression.region.start <= start
                    && (start < suppression.region.end
                        || (start == suppression.region.end && start == source.len()));
                if names_rule && inside {
                    suppression.used = true;
                    suppressed = true;
                }
            }
            !suppressed
        })
        .collect();
    for suppression in &suppressions {
        if !suppression.has_reason {
            findings.push(Finding {
                rule: "suppression-without-reason",
                span: suppression.comment.clone(),
                detail: suppression.rules.join(", "),
            });
        }
        if !suppression.used {
            findings.push(Finding {
                rule: "unused-suppression",
                span: suppression.comment.clone(),
                detail: suppression.rules.join(", "),
            });
        }
    }
    (kept, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives() {
        assert_eq!(
            parse(" sendlint-disable-next-line pre-ticked-consent -- legacy form "),
            Some((
                Directive::NextLine,
                vec!["pre-ticked-consent".to_string()],
                true
            ))
        );
        assert_eq!(
            parse("sendlint-disable a, b"),
            Some((
                Directive::Disable,
                vec!["a".to_string(), "b".to_string()],
                false
            ))
        );
        assert_eq!(
            parse("sendlint-enable a"),
            Some((Directive::Enable, vec!["a".to_string()], false))
        );
        assert_eq!(parse("sendlint: purpose=marketing"), None);
        assert_eq!(parse("sendlint-disabled x"), None);
    }
}
