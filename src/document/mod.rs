//! The document model: what a draft says and where, with a byte range for every fact a rule may
//! ask about. Parsing never fails on user content: broken markup is normal in e-mail, so a parser
//! returns a `Document` plus the problems it noticed.
//!
//! Invariant: this module knows nothing of rules, configuration, output or the LSP.

pub mod context;
pub mod folded;
pub mod html;
pub mod markdown;
pub mod merge_tags;
pub mod mime;
pub mod text;
pub mod visibility;
pub mod whatsapp;

use std::ops::Range;

pub use merge_tags::{MergeTag, MergeTagKind, MergeTagRegistry};
pub use visibility::Hidden;

/// A byte range into the source.
pub type Span = Range<usize>;

/// The syntax a source is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Html,
    Markdown,
    Text,
    /// A WhatsApp message template in Meta's JSON (`whatsapp.rs`).
    WhatsappTemplate,
    /// A MIME message (`.eml`): each text part is a document of its own (`mime.rs`).
    Mime,
}

impl Format {
    /// The format for a file name's extension, if sendlint reads that kind of file.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "html" | "htm" | "mjml" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "sms" | "text" => Some(Format::Text),
            "json" => Some(Format::WhatsappTemplate),
            "eml" => Some(Format::Mime),
            _ => None,
        }
    }

    /// The format of a source whose extension says nothing: HTML when it has markup, else text.
    pub fn sniff(source: &str) -> Format {
        let head: String = source
            .chars()
            .take(4096)
            .collect::<String>()
            .to_ascii_lowercase();
        if head.trim_start().starts_with('<')
            || [
                "<html", "<body", "<table", "<div", "<p>", "<a href", "<form",
            ]
            .iter()
            .any(|tag| head.contains(tag))
        {
            Format::Html
        } else if head.starts_with("---\n") || head.contains("](") {
            Format::Markdown
        } else {
            Format::Text
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::WhatsappTemplate => "whatsapp-template",
            Format::Mime => "mime",
        }
    }
}

/// A run of text as a reader would see it (entities decoded), from one place in the source.
#[derive(Clone, Debug)]
pub struct TextRun {
    pub span: Span,
    /// The decoded text. When it differs from `source[span]` (an entity, a Markdown escape),
    /// positions inside the run map to the run's ends.
    pub text: String,
    /// `None` when a reader sees it.
    pub hidden: Option<Hidden>,
    /// Runs with the same block number belong to one paragraph, cell or line.
    pub block: u32,
    /// The link this text belongs to, an index into `Document::links`.
    pub link: Option<usize>,
}

/// What a link element or URL points to.
#[derive(Clone, Debug)]
pub struct Link {
    /// The whole element (or URL in plain text).
    pub span: Span,
    /// The target as written in the source (entities not decoded: an ESP substitutes on this).
    pub href: String,
    pub href_span: Option<Span>,
    /// The visible text of the link, decoded and with white space collapsed.
    pub text: String,
    pub hidden: Option<Hidden>,
    /// The link holds an image and no text.
    pub image_only: bool,
    /// Alternative text of images inside the link (not visible text).
    pub image_alt: String,
    /// `(name, value)` of attributes an ESP may act on (e.g. Copernica's `data-script`).
    pub attributes: Vec<(String, String)>,
    /// The element's own name when it is not `a` (e.g. Campaign Monitor's `<unsubscribe>`).
    pub element: String,
}

/// The kind of a form control that can be selected by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ControlKind {
    Checkbox,
    Radio,
    /// An `<option>` of a `<select>`.
    Option,
    /// An element with `role="switch"` or `role="checkbox"`.
    Switch,
    /// A Markdown task-list item (`- [x]`).
    TaskItem,
}

/// A checkbox, radio button, option or switch, with what labels it.
#[derive(Clone, Debug)]
pub struct Control {
    pub kind: ControlKind,
    /// The start tag (or the Markdown task marker).
    pub span: Span,
    pub id: Option<String>,
    pub name: Option<String>,
    pub value: Option<String>,
    /// The attribute that selects it by default (`checked`, `selected`, `aria-checked="true"`),
    /// or the `[x]` marker; `None` when it starts unselected.
    pub selected: Option<Span>,
    /// The control's own label (`<label for>`, a wrapping `<label>`, `aria-labelledby`,
    /// `aria-label`, option text, adjacent text).
    pub label: String,
    pub label_span: Option<Span>,
    /// The question a group of controls answers: a `<fieldset>` legend, the label of a
    /// `<select>`, the `aria-labelledby` text of a radio group.
    pub group_label: String,
    /// For an option, which `<select>` of its HTML fragment it belongs to (counted from 0).
    pub select: Option<usize>,
    /// The state a framework binds it to (`v-model="form.newsletter"` gives `newsletter`).
    pub model: Option<String>,
    pub required: bool,
    pub disabled: bool,
    pub hidden: Option<Hidden>,
}

/// A form field other than a checkbox or radio: a text, e-mail or phone input, a text area, a
/// button. What it asks for comes from its `type`, `name`, `autocomplete` and label.
#[derive(Clone, Debug)]
pub struct Field {
    /// The `type` in lower case (`text` when absent), `textarea`, or a `<button>`'s type
    /// (`submit` when absent).
    pub kind: String,
    /// The start tag.
    pub span: Span,
    pub id: Option<String>,
    pub name: Option<String>,
    pub autocomplete: Option<String>,
    pub required: bool,
    /// `<label for>`, a wrapping `<label>`, `aria-labelledby`, `aria-label` or `placeholder`;
    /// for a button its text or `value`.
    pub label: String,
    pub hidden: Option<Hidden>,
}

/// An `<input type="hidden">` with what it posts.
#[derive(Clone, Debug)]
pub struct HiddenInput {
    /// The start tag.
    pub span: Span,
    pub name: String,
    pub value: String,
    /// The `value` attribute, name and value.
    pub value_span: Option<Span>,
}

/// A statement in an inline script that selects a control (`el.checked = true`).
#[derive(Clone, Debug)]
pub struct ScriptSelection {
    pub span: Span,
    /// The `id` the statement addresses, when it names one.
    pub target_id: Option<String>,
    /// The `name` the statement addresses, when it names one.
    pub target_name: Option<String>,
    /// The bound state it starts as true (`newsletter: true` for `v-model="newsletter"`).
    pub target_model: Option<String>,
}

/// A comment (HTML `<!-- -->`), for suppressions and context hints.
#[derive(Clone, Debug)]
pub struct Comment {
    pub span: Span,
    /// The text between `<!--` and `-->`.
    pub text: String,
    /// A server-side template instruction (`<?php echo … ?>`, `<?= … ?>`) that HTML reads as a
    /// comment but whose output the message will carry, with whether that spot is visible.
    pub prints: Option<bool>,
}

/// A `key=value` context hint found in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub span: Span,
    pub key: String,
    pub value: String,
}

/// Something the parser noticed that the author may want to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
}

/// A parsed draft.
#[derive(Clone, Debug)]
pub struct Document {
    pub source: String,
    pub format: Format,
    pub text: Vec<TextRun>,
    pub links: Vec<Link>,
    pub controls: Vec<Control>,
    /// Form fields other than checkboxes and radios, in source order.
    pub fields: Vec<Field>,
    /// `<input type="hidden">`: posted without the visitor seeing or changing it.
    pub hidden_inputs: Vec<HiddenInput>,
    pub script_selections: Vec<ScriptSelection>,
    pub comments: Vec<Comment>,
    pub merge_tags: Vec<MergeTag>,
    pub hints: Vec<Hint>,
    /// Other front-matter fields (`subject`, `from`, ...), as text.
    pub front_matter: Vec<(String, String)>,
    /// The `lang` attribute of the root or body element.
    pub lang: Option<String>,
    /// The `<title>`, which no reader sees in the message body.
    pub title: Option<String>,
    /// The number of `<form>` elements.
    pub forms: usize,
    /// Inputs of kinds other than checkbox and radio (e-mail, tel, text, submit ...).
    pub inputs: usize,
    /// Where content appended to the message goes: before `</body>`, else the end.
    pub insertion_point: usize,
    pub problems: Vec<Problem>,
    /// The message's header fields, for the parts of a MIME message; empty otherwise.
    pub headers: Vec<mime::Header>,
    /// Where this document sits in its MIME message, for the parts of one.
    pub part: Option<mime::Part>,
}

impl Document {
    pub(crate) fn empty(source: String, format: Format) -> Document {
        let end = source.len();
        Document {
            source,
            format,
            text: Vec::new(),
            links: Vec::new(),
            controls: Vec::new(),
            fields: Vec::new(),
            hidden_inputs: Vec::new(),
            script_selections: Vec::new(),
            comments: Vec::new(),
            merge_tags: Vec::new(),
            hints: Vec::new(),
            front_matter: Vec::new(),
            lang: None,
            title: None,
            forms: 0,
            inputs: 0,
            insertion_point: end,
            problems: Vec::new(),
            headers: Vec::new(),
            part: None,
        }
    }
}

/// Parses a source in the given format. Never fails: problems are recorded in the document.
pub fn parse(source: &str, format: Format, registry: &MergeTagRegistry) -> Document {
    let mut document = match format {
        Format::Html => html::parse(source),
        Format::Markdown => markdown::parse(source),
        Format::Text => text::parse(source),
        Format::WhatsappTemplate => whatsapp::parse(source),
        // A message is checked part by part (`mime::parse`); as one document it is its first
        // part.
        Format::Mime => {
            return mime::parse(source.as_bytes(), registry)
                .parts
                .into_iter()
                .next()
                .unwrap_or_else(|| Document::empty(source.to_string(), Format::Text));
        }
    };
    finish(&mut document, registry);
    document
}

/// Each WhatsApp template in a JSON source as its own document, parsed as `parse` would; empty
/// when the source holds no template (a list of templates is a list of messages).
pub fn parse_templates(source: &str, registry: &MergeTagRegistry) -> Vec<Document> {
    let mut documents = whatsapp::parse_each(source);
    for document in &mut documents {
        finish(document, registry);
    }
    documents
}

/// What every format gets after parsing: template comments taken out, URLs written in the
/// text, merge tags.
fn finish(document: &mut Document, registry: &MergeTagRegistry) {
    drop_template_comments(document);
    add_model_selections(document);
    // Plain text finds its written links while parsing.
    if document.format != Format::Text {
        text::add_written_links(document);
    }
    document.merge_tags = merge_tags::find_all(document, registry);
}

/// Comments and code blocks of the template languages ESPs use. The ESP removes them before
/// sending, so what they hold is never sent: Handlebars `{{!-- … --}}` and `{{! … }}`, Jinja,
/// Twig, HubL and Nunjucks `{# … #}`, Liquid `{% comment %}…{% endcomment %}`, SFMC AMPscript
/// blocks `%%[ … ]%%`, FreeMarker `<#-- … -->`, Velocity `#* … *#` and Smarty `{* … *}`.
static TEMPLATE_COMMENT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(concat!(
        r"(?s)\{\{!--.*?--\}\}",
        r"|\{\{![^}]*\}\}",
        r"|\{#.*?#\}",
        r"|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}",
        r"|%%\[.*?\]%%",
        r"|<#--.*?-->",
        r"|#\*.*?\*#",
        r"|\{\*.*?\*\}",
    ))
    .expect("valid regex")
});

/// Takes out the text, links and form controls that stand inside a template comment, as an HTML
/// comment's content is never text.
fn drop_template_comments(document: &mut Document) {
    let regions: Vec<Span> = TEMPLATE_COMMENT
        .find_iter(&document.source)
        .map(|found| found.range())
        .collect();
    if regions.is_empty() {
        return;
    }
    let inside = |span: &Span| {
        regions
            .iter()
            .any(|region| region.start <= span.start && span.end <= region.end)
    };
    let mut renumbered = Vec::with_capacity(document.links.len());
    let mut kept = 0;
    for link in &document.links {
        if inside(&link.span) {
            renumbered.push(None);
        } else {
            renumbered.push(Some(kept));
            kept += 1;
        }
    }
    document.links.retain(|link| !inside(&link.span));
    // A run that holds a comment among other text ("Foo {# note #} bar") keeps what lies
    // outside it, read again from the source.
    let source = &document.source;
    let format = document.format;
    let mut runs = Vec::with_capacity(document.text.len());
    for mut run in std::mem::take(&mut document.text) {
        run.link = run
            .link
            .and_then(|link| renumbered.get(link).copied().flatten());
        let overlapping: Vec<&Span> = regions
            .iter()
            .filter(|region| region.start < run.span.end && run.span.start < region.end)
            .collect();
        if overlapping.is_empty() {
            runs.push(run);
            continue;
        }
        // The stretches of the run between the comments (regions are in source order).
        let mut start = run.span.start;
        let mut pieces = Vec::new();
        for region in &overlapping {
            if region.start > start {
                pieces.push(start..region.start);
            }
            start = start.max(region.end);
        }
        if start < run.span.end {
            pieces.push(start..run.span.end);
        }
        for piece in pieces {
            let Some(raw) = source.get(piece.clone()) else {
                continue;
            };
            if raw.trim().is_empty() {
                continue;
            }
            let text = if format == Format::Html {
                html::decode(raw)
            } else {
                raw.to_string()
            };
            runs.push(TextRun {
                span: piece,
                text,
                ..run.clone()
            });
        }
    }
    document.text = runs;
    document.controls.retain(|control| !inside(&control.span));
    document.fields.retain(|field| !inside(&field.span));
}

/// A box bound to framework state (Vue `v-model`, Alpine `x-model`, Svelte `bind:checked`,
/// Angular `ngModel`) starts ticked when that state starts true: `newsletter: true` in `data()`
/// or `x-data`, `const newsletter = ref(true)`, `useState(true)` (catalogue P-FORM).
fn add_model_selections(document: &mut Document) {
    let mut models: Vec<&str> = document
        .controls
        .iter()
        .filter_map(|control| control.model.as_deref())
        .collect();
    models.sort_unstable();
    models.dedup();
    let mut found = Vec::new();
    for model in models {
        let pattern = format!(
            r"(?:^|[^\w$.])({}\s*(?::|=)\s*(?:ref\(\s*|useState\(\s*|reactive\(\s*|signal\(\s*)?true)\b",
            regex::escape(model)
        );
        let Ok(initialised) = regex::Regex::new(&pattern) else {
            continue;
        };
        for capture in initialised.captures_iter(&document.source) {
            if let Some(whole) = capture.get(1) {
                found.push(ScriptSelection {
                    span: whole.range(),
                    target_id: None,
                    target_name: None,
                    target_model: Some(model.to_string()),
                });
            }
        }
    }
    document.script_selections.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_html(source: &str) -> Document {
        let data = crate::rules::data();
        parse(source, Format::Html, &data.merge_tags)
    }

    #[test]
    fn template_comments_are_not_sent() {
        let document = parse_html(
            "<p>Keep {# a note #} this</p><p>{{!-- <a href=\"{{unsubscribe}}\">Unsubscribe</a> --}}</p><a href=\"x\">After</a>",
        );
        let text: Vec<&str> = document.text.iter().map(|run| run.text.trim()).collect();
        assert_eq!(text, ["Keep", "this", "After"]);
        assert_eq!(document.links.len(), 1);
        let after = document
            .text
            .iter()
            .find(|run| run.text == "After")
            .unwrap();
        assert_eq!(after.link, Some(0));
        assert!(document.merge_tags.is_empty());
    }
}
