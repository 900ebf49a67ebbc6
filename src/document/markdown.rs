//! Markdown e-mails, parsed with `pulldown-cmark`'s offset iterator. HTML blocks go through the
//! HTML path with their offset, so a raw HTML footer is read exactly as in an HTML e-mail; the
//! YAML front matter gives context hints (`sendlint:`) and fields such as `subject`.

use super::context::parse_hint_list;
use super::html::{collapse_whitespace, parse_fragment_into};
use super::{Control, ControlKind, Document, Format, Hint, Link, Problem, Span, TextRun};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use yaml_rust2::{Yaml, YamlLoader};

pub fn parse(source: &str) -> Document {
    let mut document = Document::empty(source.to_string(), Format::Markdown);
    let options = Options::ENABLE_TASKLISTS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut block: u32 = 0;
    let mut link_stack: Vec<usize> = Vec::new();
    let mut image_depth = 0usize;
    let mut in_metadata = false;
    let mut in_html_block = false;
    let mut in_code_block = false;
    let mut task: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(text) if in_metadata => front_matter(&mut document, &text, range),
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                block = parse_fragment_into(
                    &mut document,
                    &source[range.clone()],
                    range.start,
                    block + 1,
                );
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                block += 1;
            }
            Event::Html(_) => {}
            _ if in_html_block => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                let href_span = find_destination(source, &range, &dest_url);
                let href = href_span.as_ref().map_or_else(
                    || dest_url.to_string(),
                    |span| source[span.clone()].to_string(),
                );
                document
                    .links
                    .push(new_link(range.clone(), href, href_span, "a"));
                link_stack.push(document.links.len() - 1);
            }
            Event::End(TagEnd::Link) => {
                if let Some(index) = link_stack.pop() {
                    let link = &mut document.links[index];
                    link.text = collapse_whitespace(&link.text);
                    link.image_only = link.text.is_empty() && !link.image_alt.is_empty();
                }
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            // A code block shows sample text: an unsubscribe URL or sentence there is an example,
            // not this message's opt-out.
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                block += 1;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                block += 1;
            }
            Event::Text(_) if in_code_block => {}
            // The same for a code span, unless it is a link's label.
            Event::Code(_) if link_stack.is_empty() => {
                document.text.push(TextRun {
                    span: range,
                    text: " ".into(),
                    hidden: None,
                    block,
                    link: None,
                });
            }
            Event::Text(text) | Event::Code(text) => {
                if image_depth > 0 {
                    if let Some(&index) = link_stack.last() {
                        document.links[index].image_alt.push_str(&text);
                    }
                    continue;
                }
                let link = link_stack.last().copied();
                if let Some(index) = link {
                    document.links[index].text.push_str(&text);
                }
                if let Some(control) = task {
                    let control = &mut document.controls[control];
                    control.label.push_str(&text);
                    control.label_span = Some(
                        control
                            .label_span
                            .clone()
                            .map_or(range.clone(), |old| old.start..range.end),
                    );
                }
                document.text.push(TextRun {
                    span: range,
                    text: text.into_string(),
                    hidden: None,
                    block,
                    link,
                });
            }
            Event::SoftBreak => {
                if let Some(control) = task {
                    document.controls[control].label.push(' ');
                }
                document.text.push(TextRun {
                    span: range,
                    text: " ".into(),
                    hidden: None,
                    block,
                    link: link_stack.last().copied(),
                });
            }
            Event::HardBreak | Event::Rule => block += 1,
            Event::InlineHtml(html) => {
                inline_html(&mut document, &html, range, &mut link_stack, &mut block)
            }
            Event::TaskListMarker(checked) => {
                document.controls.push(Control {
                    kind: ControlKind::TaskItem,
                    span: range.clone(),
                    id: None,
                    name: None,
                    value: None,
                    selected: checked.then(|| range.clone()),
                    label: String::new(),
                    label_span: None,
                    group_label: String::new(),
                    select: None,
                    model: None,
                    required: false,
                    disabled: false,
                    hidden: None,
                });
                task = Some(document.controls.len() - 1);
            }
            Event::Start(_) => block += 1,
            Event::End(end) => {
                if matches!(end, TagEnd::Item)
                    && let Some(control) = task.take()
                {
                    let label = collapse_whitespace(&document.controls[control].label);
                    document.controls[control].label = label;
                }
                block += 1;
            }
            _ => {}
        }
    }
    document.text.sort_by_key(|run| run.span.start);
    document
}

fn new_link(span: Span, href: String, href_span: Option<Span>, element: &str) -> Link {
    Link {
        span,
        href,
        href_span,
        text: String::new(),
        hidden: None,
        image_only: false,
        image_alt: String::new(),
        attributes: Vec::new(),
        element: element.to_string(),
    }
}

/// Where a link's destination is written: inside `](…)`, inside `<…>` for an autolink, or in
/// a reference definition elsewhere.
fn find_destination(source: &str, range: &Span, destination: &str) -> Option<Span> {
    if destination.is_empty() {
        let text = &source[range.clone()];
        let open = text.rfind("](")?;
        let start = range.start + open + 2;
        return Some(start..start);
    }
    let text = &source[range.clone()];
    let from = text.rfind("](").map_or(0, |open| open + 2);
    if let Some(at) = text[from..].find(destination) {
        let start = range.start + from + at;
        return Some(start..start + destination.len());
    }
    // A reference link: `[label]: destination` somewhere in the file.
    let definition = source
        .find(&format!("]: {destination}"))
        .map(|at| at + 3)
        .or_else(|| source.find(&format!("]:{destination}")).map(|at| at + 2))?;
    Some(definition..definition + destination.len())
}

fn inline_html(
    document: &mut Document,
    html: &str,
    range: Span,
    link_stack: &mut Vec<usize>,
    block: &mut u32,
) {
    let trimmed = html.trim();
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("<!--") {
        *block = parse_fragment_into(document, html, range.start, *block + 1);
    } else if lower.starts_with("</a") {
        if let Some(index) = link_stack.pop() {
            let link = &mut document.links[index];
            link.text = collapse_whitespace(&link.text);
            link.span.end = range.end;
        }
    } else if lower.starts_with("<a ") || lower.starts_with("<a\n") || lower == "<a>" {
        // Read the start tag's attributes through the HTML path, then treat the Markdown text
        // up to `</a>` as the link's text.
        let mut scratch = Document::empty(document.source.clone(), Format::Html);
        parse_fragment_into(&mut scratch, html, range.start, *block);
        if let Some(mut link) = scratch.links.into_iter().next() {
            link.text.clear();
            document.links.push(link);
            link_stack.push(document.links.len() - 1);
        }
    } else if lower.starts_with("<br")
        || lower.starts_with("<p")
        || lower.starts_with("</p")
        || lower.starts_with("<div")
        || lower.starts_with("</div")
    {
        *block += 1;
    }
}

/// Reads the YAML front matter: the `sendlint:` block as hints, other scalar fields as text.
fn front_matter(document: &mut Document, text: &str, range: Span) {
    let parsed = match YamlLoader::load_from_str(text) {
        Ok(parsed) => parsed,
        Err(error) => {
            document.problems.push(Problem {
                span: range,
                message: format!("the front matter is not valid YAML: {error}"),
            });
            return;
        }
    };
    let Some(Yaml::Hash(fields)) = parsed.into_iter().next() else {
        return;
    };
    for (key, value) in fields {
        let Some(key) = key.as_str() else { continue };
        if key == "sendlint" {
            match value {
                Yaml::Hash(hints) => {
                    for (hint_key, hint_value) in hints {
                        let Some(hint_key) = hint_key.as_str() else {
                            continue;
                        };
                        let span =
                            locate_line(text, hint_key, range.start).unwrap_or(range.clone());
                        document.hints.push(Hint {
                            span,
                            key: hint_key.to_ascii_lowercase(),
                            value: yaml_text(&hint_value),
                        });
                    }
                }
                Yaml::String(list) => {
                    let at = text.find(&list).map_or(range.start, |at| range.start + at);
                    document.hints.extend(parse_hint_list(&list, at));
                }
                _ => {}
            }
        } else if !matches!(value, Yaml::Hash(_)) {
            document
                .front_matter
                .push((key.to_ascii_lowercase(), yaml_text(&value)));
        }
    }
}

fn yaml_text(value: &Yaml) -> String {
    match value {
        Yaml::String(text) | Yaml::Real(text) => text.clone(),
        Yaml::Integer(number) => number.to_string(),
        Yaml::Boolean(flag) => flag.to_string(),
        Yaml::Array(items) => items.iter().map(yaml_text).collect::<Vec<_>>().join(","),
        _ => String::new(),
    }
}

/// The range of the line `key: ...` within the front matter.
fn locate_line(text: &str, key: &str, base: usize) -> Option<Span> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with(':') {
            let start = base + offset + (line.len() - trimmed.len());
            return Some(start..start + trimmed.trim_end().len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_task_items_and_front_matter() {
        let source = "---\nsubject: Lente\nsendlint:\n  purpose: transactional\n  jurisdiction: [nl, de]\n---\n\nHallo **daar**.\n\n- [x] Ja, stuur mij de nieuwsbrief\n- [ ] Nee\n\n[Afmelden](*|UNSUB|*)\n";
        let document = parse(source);
        assert_eq!(
            document.front_matter,
            vec![("subject".to_string(), "Lente".to_string())]
        );
        let hints: Vec<_> = document
            .hints
            .iter()
            .map(|hint| (hint.key.as_str(), hint.value.as_str()))
            .collect();
        assert_eq!(
            hints,
            [("purpose", "transactional"), ("jurisdiction", "nl,de")]
        );
        assert_eq!(
            &source[document.hints[0].span.clone()],
            "purpose: transactional"
        );
        assert_eq!(document.controls.len(), 2);
        assert_eq!(
            &source[document.controls[0].selected.clone().unwrap()],
            "[x]"
        );
        assert_eq!(document.controls[0].label, "Ja, stuur mij de nieuwsbrief");
        assert_eq!(document.links[0].text, "Afmelden");
        assert_eq!(
            &source[document.links[0].href_span.clone().unwrap()],
            "*|UNSUB|*"
        );
    }

    #[test]
    fn html_blocks_go_through_the_html_path() {
        let source = "# Nieuws\n\n<div style=\"display:none\"><a href=\"{$unsubscribe}\">Afmelden</a></div>\n\n<p>U kunt zich <a href=\"{$unsubscribe}\">afmelden</a>.</p>\n";
        let document = parse(source);
        assert_eq!(document.links.len(), 2);
        assert!(document.links[0].hidden.is_some());
        assert!(document.links[1].hidden.is_none());
        assert_eq!(
            &source[document.links[1].href_span.clone().unwrap()],
            "{$unsubscribe}"
        );
    }

    #[test]
    fn inline_html_links() {
        let source = "Geen mails meer? <a href=\"%unsubscribe_url%\">Meld je af</a> hier.\n";
        let document = parse(source);
        assert_eq!(document.links.len(), 1);
        assert_eq!(document.links[0].href, "%unsubscribe_url%");
        assert_eq!(document.links[0].text, "Meld je af");
    }
}
