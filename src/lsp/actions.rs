//! Code actions and hover for the diagnostics of one document: each fix the checks carry, the
//! suppression comments, and the rule's documentation.

use super::convert::{self, Lines};
use crate::diagnostic::{Diagnostic, Edit};
use crate::document::Format;
use crate::render::explain::rule_markdown;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// Rules about suppression comments themselves: suppressing them would hide a stale or
/// unexplained suppression, so no suppression action is offered for them.
const SUPPRESSION_RULES: [&str; 3] = [
    "unused-suppression",
    "suppression-without-reason",
    "invalid-directive",
];

/// The placeholder written where the author explains why the rule does not apply.
pub const REASON_PLACEHOLDER: &str = "reason";

fn workspace_edit(uri: &Uri, lines: &Lines<'_>, edits: &[Edit]) -> WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|edit| TextEdit {
            range: lines.range(&edit.range),
            new_text: edit.text.clone(),
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        document_changes: None,
        change_annotations: None,
    }
}

fn line_start(source: &str, offset: usize) -> usize {
    source[..offset].rfind('\n').map_or(0, |at| at + 1)
}

fn line_end(source: &str, offset: usize) -> usize {
    source[offset..]
        .find('\n')
        .map_or(source.len(), |at| offset + at)
}

/// The `<` of the tag `offset` is inside, if it is inside one: a line of a tag whose attributes
/// span several lines cannot take a comment.
fn open_tag_start(source: &str, offset: usize) -> Option<usize> {
    let before = &source[..offset];
    let open = before.rfind('<')?;
    match before.rfind('>') {
        Some(close) if close > open => None,
        _ => Some(open),
    }
}

/// The edits that suppress `diagnostic` where it is: a `disable-next-line` comment on a line of
/// its own above it, or, when that line starts inside a tag, a `disable` … `enable` pair around
/// the whole tag.
fn suppress_line_edits(source: &str, diagnostic: &Diagnostic) -> Vec<Edit> {
    let rule = &diagnostic.rule;
    let start = floor_boundary(source, diagnostic.range.start);
    let line = line_start(source, start);
    let indent: String = source[line..]
        .chars()
        .take_while(|character| *character == ' ' || *character == '\t')
        .collect();
    match open_tag_start(source, line) {
        None => vec![Edit {
            range: line..line,
            text: format!(
                "{indent}<!-- sendlint-disable-next-line {rule} -- {REASON_PLACEHOLDER} -->\n"
            ),
        }],
        Some(tag) => {
            let tag_line = line_start(source, tag);
            let end = floor_boundary(source, diagnostic.range.end.max(start));
            let close = source[end..].find('>').map_or(source.len(), |at| end + at);
            let after = line_end(source, close);
            vec![
                Edit {
                    range: tag_line..tag_line,
                    text: format!("<!-- sendlint-disable {rule} -- {REASON_PLACEHOLDER} -->\n"),
                },
                Edit {
                    range: after..after,
                    text: format!("\n<!-- sendlint-enable {rule} -->"),
                },
            ]
        }
    }
}

/// Where a file-wide suppression goes: the top, or after a Markdown front matter.
fn file_comment_offset(source: &str, format: Format) -> usize {
    if format == Format::Markdown
        && let Some(rest) = source.strip_prefix("---\n")
    {
        let mut offset = 4;
        for line in rest.split_inclusive('\n') {
            offset += line.len();
            if line.trim_end() == "---" {
                return offset;
            }
        }
    }
    0
}

fn floor_boundary(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The code actions for the diagnostics touching `range` (byte offsets).
pub fn code_actions(
    uri: &Uri,
    source: &str,
    format: Format,
    lines: &Lines<'_>,
    diagnostics: &[Diagnostic],
    range: std::ops::Range<usize>,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    let comments = matches!(format, Format::Html | Format::Markdown);
    for diagnostic in diagnostics {
        let touches = diagnostic.range.start <= range.end && range.start <= diagnostic.range.end;
        if !touches {
            continue;
        }
        let proto = convert::diagnostic(lines, diagnostic);
        if let Some(fix) = &diagnostic.fix {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.message.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![proto.clone()]),
                edit: Some(workspace_edit(uri, lines, &fix.edits)),
                command: None,
                is_preferred: Some(fix.applicability == crate::Applicability::Safe),
                disabled: None,
                data: None,
            }));
        }
        if !comments || SUPPRESSION_RULES.contains(&diagnostic.rule.as_str()) {
            continue;
        }
        let rule = &diagnostic.rule;
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Suppress {rule} on this line"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![proto.clone()]),
            edit: Some(workspace_edit(
                uri,
                lines,
                &suppress_line_edits(source, diagnostic),
            )),
            command: None,
            is_preferred: Some(false),
            disabled: None,
            data: None,
        }));
        let at = file_comment_offset(source, format);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Suppress {rule} in this file"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![proto]),
            edit: Some(workspace_edit(
                uri,
                lines,
                &[Edit {
                    range: at..at,
                    text: format!(
                        "<!-- sendlint-disable-file {rule} -- {REASON_PLACEHOLDER} -->\n"
                    ),
                }],
            )),
            command: None,
            is_preferred: Some(false),
            disabled: None,
            data: None,
        }));
    }
    actions
}

/// The hover at `offset`: for each diagnostic there, its message and its rule's page, rendered
/// by the function behind `sendlint explain`.
pub fn hover(lines: &Lines<'_>, diagnostics: &[Diagnostic], offset: usize) -> Option<Hover> {
    let data = crate::rules::data();
    let here: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.range.start <= offset && offset <= diagnostic.range.end)
        .collect();
    let first = here.first()?;
    let mut value = String::new();
    let mut shown: Vec<&str> = Vec::new();
    for diagnostic in &here {
        if !value.is_empty() {
            value.push_str("\n---\n\n");
        }
        value.push_str(&format!("**{}**\n\n", diagnostic.message));
        if shown.contains(&diagnostic.rule.as_str()) {
            continue;
        }
        shown.push(&diagnostic.rule);
        if let Some(rule) = data.rule(&diagnostic.rule) {
            value.push_str(&rule_markdown(rule, data));
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(lines.range(&first.range)),
    })
}
