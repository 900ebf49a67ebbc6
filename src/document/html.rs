//! HTML e-mails and forms, parsed with `lol_html` for its exact source locations.
//!
//! `lol_html` streams tokens and keeps no tree, so this module keeps its own stack of open
//! elements, with the computed style of each (`visibility.rs`), and closes elements the way an
//! HTML parser would when an end tag is missing (`<p>`, `<li>`, `<td>`, `<option>`).
//!
//! What is not text a reader sees never becomes a `TextRun`: comments, `<style>`, `<script>`,
//! `<head>` (the `<title>` is kept apart), `alt` and `title` attributes. Outlook's conditional
//! comments (`<!--[if mso]>…<![endif]-->`) render in Outlook, so their content is parsed as HTML.

use super::context::parse_hint_list;
use super::visibility::{Colour, Computed, Declarations, ElementInfo, Hidden, StyleSheet};
use super::{
    Comment, Control, ControlKind, Document, Field, Format, HiddenInput, Link, Problem,
    ScriptSelection, Span, TextRun,
};
use aho_corasick::AhoCorasick;
use lol_html::html_content::{Element, TextType};
use lol_html::{HtmlRewriter, Settings, doc_comments, doc_text, element, end_tag};
use regex::Regex;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

/// Parses a whole HTML document.
pub fn parse(source: &str) -> Document {
    let builder = Rc::new(RefCell::new(Builder::new(source, 0)));
    run(&builder, source, 0, Computed::default());
    // Conditional comments are parsed after the main pass, each with the style in force where
    // it stood, so that their content is placed by source position like everything else.
    loop {
        let fragment = builder.borrow_mut().fragments.pop();
        let Some((span, computed)) = fragment else {
            break;
        };
        // An unclosed comment can end anywhere; read only what lies on character boundaries.
        if let Some(text) = source.get(span.clone()) {
            run(&builder, text, span.start, computed);
        }
    }
    let builder = Rc::try_unwrap(builder)
        .map(RefCell::into_inner)
        .unwrap_or_else(|shared| shared.borrow().clone());
    builder.finish()
}

/// Parses an HTML fragment found inside another format (a Markdown HTML block), appending what
/// it finds to `document`. `base` is the fragment's offset in `document.source`.
pub fn parse_fragment_into(
    document: &mut Document,
    fragment: &str,
    base: usize,
    first_block: u32,
) -> u32 {
    // The builder sees only the fragment (its style blocks, its text), placed at `base`: a
    // Markdown file with many inline tags is not copied and rescanned once per tag.
    let mut builder = Builder::new(fragment, base);
    builder.block = first_block;
    builder.link_offset = document.links.len();
    let builder = Rc::new(RefCell::new(builder));
    run(&builder, fragment, base, Computed::default());
    let builder = Rc::try_unwrap(builder)
        .map(RefCell::into_inner)
        .unwrap_or_else(|shared| shared.borrow().clone());
    let next_block = builder.block + 1;
    let mut parsed = builder.finish();
    document.text.append(&mut parsed.text);
    document.links.append(&mut parsed.links);
    document.controls.append(&mut parsed.controls);
    document.fields.append(&mut parsed.fields);
    document
        .script_selections
        .append(&mut parsed.script_selections);
    document.hidden_inputs.append(&mut parsed.hidden_inputs);
    document.comments.append(&mut parsed.comments);
    document.hints.append(&mut parsed.hints);
    document.problems.append(&mut parsed.problems);
    document.forms += parsed.forms;
    document.inputs += parsed.inputs;
    if document.lang.is_none() {
        document.lang = parsed.lang;
    }
    next_block
}

fn run(builder: &Rc<RefCell<Builder>>, html: &str, base: usize, computed: Computed) {
    builder.borrow_mut().start_fragment(base, computed);
    let on_element = Rc::clone(builder);
    let on_text = Rc::clone(builder);
    let on_comment = Rc::clone(builder);
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler(element!("*", move |element: &mut Element<'_, '_>| {
            let serial = on_element.borrow_mut().open(element, base);
            if let Some(serial) = serial {
                let on_end = Rc::clone(&on_element);
                if let Some(handlers) = element.end_tag_handlers() {
                    handlers.push(end_tag!(move |end| {
                        let at = end.source_location().bytes();
                        on_end
                            .borrow_mut()
                            .close(serial, base + at.start..base + at.end);
                        Ok(())
                    }));
                }
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |chunk| {
            let at = chunk.source_location().bytes();
            on_text
                .borrow_mut()
                .text(chunk.as_str(), chunk.text_type(), base + at.start);
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(move |comment| {
            let at = comment.source_location().bytes();
            on_comment
                .borrow_mut()
                .comment(&comment.text(), base + at.start..base + at.end);
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    let result = rewriter
        .write(html.as_bytes())
        .and_then(|()| rewriter.end());
    let mut builder = builder.borrow_mut();
    if let Err(error) = result {
        builder.problems.push(Problem {
            span: base..base + html.len(),
            message: format!("the HTML could not be read to the end: {error}"),
        });
    }
    builder.end_fragment(base + html.len());
}

/// An attribute as written: lower-cased name, raw value (entities not decoded, as an ESP sees
/// it), the value's range and the whole attribute's range.
type Attribute<'a> = (Cow<'a, str>, &'a str, Option<Span>, Span);

/// An ARIA role that makes an element (a `<div>`, a `<button>`) a box to tick.
fn is_toggle_role(role: Option<&str>) -> bool {
    role.is_some_and(|role| {
        ["switch", "checkbox", "radio"]
            .iter()
            .any(|toggle| role.trim().eq_ignore_ascii_case(toggle))
    })
}

/// Elements that do not start a new line of text.
fn is_inline(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "img"
            | "input"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "select"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
            | "o:p"
            | "unsubscribe"
            | "webversion"
            | "preferences"
            | "singleline"
            | "currentday"
            | "currentmonthname"
            | "currentyear"
    )
}

/// Elements whose end tag closes an open `<p>` when they start.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Element names an ESP replaces with an opt-out or web-version link (Campaign Monitor).
const ESP_LINK_ELEMENTS: &[&str] = &["unsubscribe", "preferences", "webversion"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Normal,
    Head,
    Title,
    Style,
    Script,
    Template,
    Label(usize),
    Select(usize),
    Option(usize),
    Legend(usize),
    Group(usize),
    Link(usize),
    /// A `<button>`, whose text is its label.
    Field(usize),
}

#[derive(Clone, Debug)]
struct Open {
    serial: u32,
    /// The tag name is `info.tag`.
    info: ElementInfo,
    computed: Computed,
    role: Role,
    /// Index into `Builder::id_texts` when the element has an `id`.
    id_text: Option<usize>,
    block: bool,
}

#[derive(Clone, Debug, Default)]
struct LabelElement {
    for_id: Option<String>,
    text: String,
    span: Option<Span>,
    controls: Vec<usize>,
    selects: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
struct SelectElement {
    id: Option<String>,
    labelled_by: Vec<String>,
    aria_label: Option<String>,
    label: Option<usize>,
    required: bool,
    disabled: bool,
}

/// A container that gives a group of controls its question: `<fieldset>` or an element with
/// `role="radiogroup"`/`role="group"`.
#[derive(Clone, Debug, Default)]
struct GroupElement {
    legend: String,
    labelled_by: Vec<String>,
    aria_label: Option<String>,
    /// The group around this one: a radio group "By email" inside a fieldset "Keeping in
    /// touch" answers the fieldset's question too.
    parent: Option<usize>,
}

/// How a field's label is to be found once the whole document is read: a wrapping `<label>`,
/// `aria-labelledby`, then the attributes that name it.
#[derive(Clone, Debug, Default)]
struct PendingField {
    label: Option<usize>,
    labelled_by: Vec<String>,
    named: Option<String>,
}

/// How a control's own label is to be found once the whole document is read.
#[derive(Clone, Debug, Default)]
struct PendingLabel {
    labelled_by: Vec<String>,
    aria_label: Option<String>,
    label: Option<usize>,
    select: Option<usize>,
    group: Option<usize>,
    block: u32,
}

#[derive(Clone, Debug)]
struct Builder {
    source: Rc<str>,
    /// Where `source` starts in the document (non-zero for a fragment of another format).
    source_base: usize,
    /// Parsed inline styles by their text.
    inline_styles: HashMap<String, (Declarations, Declarations)>,
    base: usize,
    stack: Vec<Open>,
    serial: u32,
    block: u32,
    sheet: StyleSheet,
    text: Vec<TextRun>,
    links: Vec<Link>,
    /// Links from an earlier part of a shared document (Markdown), so indices stay global.
    link_offset: usize,
    controls: Vec<Control>,
    pending: Vec<PendingLabel>,
    fields: Vec<Field>,
    pending_fields: Vec<PendingField>,
    labels: Vec<LabelElement>,
    selects: Vec<SelectElement>,
    groups: Vec<GroupElement>,
    id_texts: Vec<(String, String)>,
    script: Option<(usize, String)>,
    hidden_inputs: Vec<HiddenInput>,
    script_selections: Vec<ScriptSelection>,
    comments: Vec<Comment>,
    hints: Vec<super::Hint>,
    title: Option<String>,
    lang: Option<String>,
    forms: usize,
    inputs: usize,
    body_end: Option<usize>,
    fragments: Vec<(Span, Computed)>,
    problems: Vec<Problem>,
}

impl Builder {
    /// A builder over `source`, which stands at `source_base` in the document.
    fn new(source: &str, source_base: usize) -> Builder {
        let mut sheet = StyleSheet::default();
        for css in style_blocks(source) {
            sheet.add(css);
        }
        Builder {
            source: Rc::from(source),
            source_base,
            inline_styles: HashMap::new(),
            base: 0,
            stack: Vec::new(),
            serial: 0,
            block: 0,
            sheet,
            text: Vec::new(),
            links: Vec::new(),
            link_offset: 0,
            controls: Vec::new(),
            pending: Vec::new(),
            fields: Vec::new(),
            pending_fields: Vec::new(),
            labels: Vec::new(),
            selects: Vec::new(),
            groups: Vec::new(),
            id_texts: Vec::new(),
            script: None,
            hidden_inputs: Vec::new(),
            script_selections: Vec::new(),
            comments: Vec::new(),
            hints: Vec::new(),
            title: None,
            lang: None,
            forms: 0,
            inputs: 0,
            body_end: None,
            fragments: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn start_fragment(&mut self, base: usize, computed: Computed) {
        self.base = base;
        self.stack.clear();
        self.stack.push(Open {
            serial: u32::MAX,
            info: ElementInfo::default(),
            computed,
            role: Role::Normal,
            id_text: None,
            block: true,
        });
        self.block += 1;
    }

    fn end_fragment(&mut self, end: usize) {
        while self.stack.len() > 1 {
            self.pop(end);
        }
        self.stack.clear();
        self.block += 1;
    }

    fn top(&self) -> &Open {
        self.stack
            .last()
            .expect("a fragment always has its root entry")
    }

    fn role_in_stack(&self, wanted: impl Fn(Role) -> bool) -> Option<Role> {
        self.stack
            .iter()
            .rev()
            .map(|open| open.role)
            .find(|role| wanted(*role))
    }

    fn in_head(&self) -> bool {
        self.stack
            .iter()
            .any(|open| matches!(open.role, Role::Head))
    }

    fn current_link(&self) -> Option<usize> {
        self.role_in_stack(|role| matches!(role, Role::Link(_)))
            .and_then(|role| match role {
                Role::Link(index) => Some(index),
                _ => None,
            })
    }

    /// Handles a start tag; returns the serial of the pushed entry when the element has content.
    fn open(&mut self, element: &mut Element<'_, '_>, base: usize) -> Option<u32> {
        let tag = element.tag_name();
        let at = element.source_location().bytes();
        let span = base + at.start..base + at.end;
        self.close_implied(&tag, span.start);

        // Names and values are read from the source by their locations: no copies.
        let source = Rc::clone(&self.source);
        let attributes: Vec<Attribute<'_>> = element
            .attributes()
            .iter()
            .filter_map(|attribute| {
                let name_span = attribute
                    .name_source_location()
                    .map(|l| base + l.bytes().start..base + l.bytes().end)?;
                let value_span = attribute
                    .value_source_location()
                    .map(|l| base + l.bytes().start..base + l.bytes().end);
                let whole = self.attribute_span(Some(name_span.clone()), value_span.clone());
                let local = |span: &Span| {
                    source.get(
                        span.start.checked_sub(self.source_base)?
                            ..span.end.checked_sub(self.source_base)?,
                    )
                };
                let raw_name = local(&name_span)?;
                let name = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(raw_name.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(raw_name)
                };
                let value = value_span.as_ref().and_then(&local).unwrap_or("");
                Some((name, value, value_span, whole))
            })
            .collect();
        let attribute = |name: &str| {
            attributes
                .iter()
                .find(|(own, ..)| own == name)
                .map(|(_, value, ..)| *value)
        };

        let block = !is_inline(&tag);
        if block || tag == "br" {
            self.block += 1;
        }

        // Style: the style sheet's rules, presentational attributes, then the inline style.
        let info = ElementInfo {
            tag,
            classes: attribute("class")
                .map(|c| c.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            id: attribute("id").map(str::to_string),
        };
        let tag = info.tag.as_str();
        let mut declarations = Declarations::default();
        let mut important = Declarations::default();
        if !self.sheet.is_empty() {
            let stack = &self.stack;
            (declarations, important) = self.sheet.declarations_for(&info, || {
                stack.iter().skip(1).map(|open| &open.info).collect()
            });
        }
        if let Some(colour) = attribute("bgcolor").and_then(Colour::parse) {
            declarations.set_background(colour);
        }
        if tag == "font"
            && let Some(colour) = attribute("color").and_then(Colour::parse)
        {
            declarations.set_colour(colour);
        }
        if let Some(style) = attribute("style") {
            // E-mail markup repeats the same inline styles on hundreds of cells: parse each once.
            let (inline, inline_important) = match self.inline_styles.get(style) {
                Some(parsed) => parsed.clone(),
                None => {
                    let parsed = Declarations::parse(style);
                    self.inline_styles.insert(style.to_string(), parsed.clone());
                    parsed
                }
            };
            declarations.overlay(&inline);
            declarations.overlay(&inline_important);
        }
        declarations.overlay(&important);
        let mut computed = self.top().computed.child(&declarations);
        if attribute("hidden").is_some() {
            computed.hide(Hidden::HiddenAttribute);
        }
        if attribute("aria-hidden").is_some_and(|value| value.trim().eq_ignore_ascii_case("true")) {
            computed.hide(Hidden::AriaHidden);
        }

        match tag {
            "html" | "body" => {
                if let Some(lang) = attribute("lang").or(attribute("xml:lang")) {
                    self.lang.get_or_insert_with(|| lang.trim().to_string());
                }
            }
            "meta" => {
                if attribute("name").is_some_and(|name| name.eq_ignore_ascii_case("sendlint"))
                    && let Some((_, content, Some(value_span), _)) =
                        attributes.iter().find(|(name, ..)| name == "content")
                {
                    self.hints
                        .extend(parse_hint_list(content, value_span.start));
                }
            }
            "form" => self.forms += 1,
            _ => {}
        }

        let mut role = match tag {
            "head" => Role::Head,
            "title" => Role::Title,
            "style" => Role::Style,
            "script" => Role::Script,
            "template" => Role::Template,
            _ => Role::Normal,
        };
        if matches!(role, Role::Template) {
            computed.hide(Hidden::Template);
        }

        let labelled_by = |name: &str| id_list(attribute(name));
        let required =
            attribute("required").is_some() || attribute("aria-required") == Some("true");
        let disabled =
            attribute("disabled").is_some() || attribute("aria-disabled") == Some("true");

        match tag {
            "a" | "area" => {
                role = Role::Link(self.push_link(tag, &attributes, span.clone(), &computed));
            }
            name if ESP_LINK_ELEMENTS.contains(&name) => {
                role = Role::Link(self.push_link(tag, &attributes, span.clone(), &computed));
            }
            // Template languages render other elements as links: MJML's `<mj-button href>`,
            // Foundation Inky's `<button href>` and `<item href>`.
            name if attribute("href").is_some()
                && !matches!(name, "link" | "base")
                && !self.in_head() =>
            {
                role = Role::Link(self.push_link(tag, &attributes, span.clone(), &computed));
            }
            "img" => {
                if let Some(index) = self.current_link() {
                    let link = &mut self.links[index - self.link_offset];
                    if let Some(alt) = attribute("alt") {
                        if !link.image_alt.is_empty() {
                            link.image_alt.push(' ');
                        }
                        link.image_alt.push_str(alt.trim());
                    }
                    link.image_only = link.text.trim().is_empty();
                }
            }
            "label" => {
                let index = self.labels.len();
                self.labels.push(LabelElement {
                    for_id: attribute("for").map(str::to_string),
                    ..LabelElement::default()
                });
                role = Role::Label(index);
            }
            "fieldset" => {
                role = self.push_group(labelled_by("aria-labelledby"), attribute("aria-label"));
            }
            "legend" => {
                if let Some(Role::Group(index)) =
                    self.role_in_stack(|role| matches!(role, Role::Group(_)))
                {
                    role = Role::Legend(index);
                }
            }
            "select" => {
                let index = self.selects.len();
                let label = self
                    .role_in_stack(|role| matches!(role, Role::Label(_)))
                    .and_then(|role| match role {
                        Role::Label(label) => Some(label),
                        _ => None,
                    });
                if let Some(label) = label {
                    self.labels[label].selects.push(index);
                }
                self.selects.push(SelectElement {
                    id: attribute("id").map(str::to_string),
                    labelled_by: labelled_by("aria-labelledby")
                        .into_iter()
                        .chain(labelled_by("aria-describedby"))
                        .collect(),
                    aria_label: attribute("aria-label").map(str::to_string),
                    label,
                    required,
                    disabled,
                });
                role = Role::Select(index);
            }
            "option" => {
                if let Some(Role::Select(select)) =
                    self.role_in_stack(|role| matches!(role, Role::Select(_)))
                {
                    let selected = attributes
                        .iter()
                        .find(|(name, ..)| name == "selected")
                        .map(|(.., whole)| whole.clone());
                    let index = self.push_control(
                        ControlKind::Option,
                        span.clone(),
                        &attributes,
                        selected,
                        &computed,
                        required,
                        disabled,
                    );
                    self.pending[index].select = Some(select);
                    role = Role::Option(index);
                }
            }
            "input" => {
                let kind = attribute("type").unwrap_or("text").to_ascii_lowercase();
                match kind.as_str() {
                    "checkbox" | "radio" => {
                        let control_kind = if kind == "radio" {
                            ControlKind::Radio
                        } else {
                            ControlKind::Checkbox
                        };
                        let selected = selection_attribute(&attributes);
                        self.push_control(
                            control_kind,
                            span.clone(),
                            &attributes,
                            selected,
                            &computed,
                            required,
                            disabled,
                        );
                    }
                    "hidden" => {
                        let value = attributes.iter().find(|(name, ..)| name == "value");
                        self.hidden_inputs.push(HiddenInput {
                            span: span.clone(),
                            name: attribute("name").map(decode).unwrap_or_default(),
                            value: value
                                .map(|(_, value, ..)| decode(value))
                                .unwrap_or_default(),
                            value_span: value.map(|(.., whole)| whole.clone()),
                        });
                    }
                    _ => {
                        self.inputs += 1;
                        self.push_field(&kind, span.clone(), &attributes, &computed, required);
                        if matches!(kind.as_str(), "submit" | "button" | "reset")
                            && let Some((_, value, Some(value_span), _)) =
                                attributes.iter().find(|(name, ..)| name == "value")
                        {
                            self.block += 1;
                            self.push_text_run(value_span.clone(), value.to_string(), &computed);
                            self.block += 1;
                        }
                    }
                }
            }
            "textarea" => {
                self.inputs += 1;
                self.push_field("textarea", span.clone(), &attributes, &computed, required);
            }
            "button" if !is_toggle_role(attribute("role")) => {
                let kind = attribute("type").unwrap_or("submit").to_ascii_lowercase();
                let index = self.push_field(&kind, span.clone(), &attributes, &computed, required);
                role = Role::Field(index);
            }
            _ => {
                let aria_role = attribute("role").unwrap_or_default().to_ascii_lowercase();
                if is_toggle_role(Some(&aria_role)) {
                    let selected = attributes
                        .iter()
                        .find(|(name, value, ..)| {
                            name == "aria-checked" && value.trim().eq_ignore_ascii_case("true")
                        })
                        .map(|(.., whole)| whole.clone());
                    let kind = if aria_role == "radio" {
                        ControlKind::Radio
                    } else {
                        ControlKind::Switch
                    };
                    self.push_control(
                        kind,
                        span.clone(),
                        &attributes,
                        selected,
                        &computed,
                        required,
                        disabled,
                    );
                } else if matches!(aria_role.as_str(), "radiogroup" | "group")
                    && matches!(role, Role::Normal)
                {
                    role = self.push_group(labelled_by("aria-labelledby"), attribute("aria-label"));
                }
            }
        }

        let id_text = info.id.as_ref().map(|id| {
            self.id_texts.push((id.clone(), String::new()));
            self.id_texts.len() - 1
        });

        if !element.can_have_content() {
            if block {
                self.block += 1;
            }
            return None;
        }
        self.serial += 1;
        let serial = self.serial;
        if tag == "script" {
            self.script = Some((usize::MAX, String::new()));
        }
        self.stack.push(Open {
            serial,
            info,
            computed,
            role,
            id_text,
            block,
        });
        Some(serial)
    }

    /// Opens a group of controls (`<fieldset>`, `role="radiogroup"`) whose question labels them.
    fn push_group(&mut self, labelled_by: Vec<String>, aria_label: Option<&str>) -> Role {
        let parent = match self.role_in_stack(|role| matches!(role, Role::Group(_))) {
            Some(Role::Group(parent)) => Some(parent),
            _ => None,
        };
        self.groups.push(GroupElement {
            labelled_by,
            aria_label: aria_label.map(str::to_string),
            parent,
            ..GroupElement::default()
        });
        Role::Group(self.groups.len() - 1)
    }

    /// The source range of a whole attribute: name, `=`, and the quoted value.
    fn attribute_span(&self, name: Option<Span>, value: Option<Span>) -> Span {
        let Some(name) = name else { return 0..0 };
        let Some(value) = value else { return name };
        let mut end = value.end;
        if matches!(
            end.checked_sub(self.source_base)
                .and_then(|at| self.source.as_bytes().get(at)),
            Some(b'"' | b'\'')
        ) {
            end += 1;
        }
        name.start..end.max(name.end)
    }

    fn push_link(
        &mut self,
        tag: &str,
        attributes: &[Attribute<'_>],
        span: Span,
        computed: &Computed,
    ) -> usize {
        let href = attributes.iter().find(|(name, ..)| name == "href");
        let kept = attributes
            .iter()
            .filter(|(name, ..)| {
                name.starts_with("data-")
                    || matches!(name.as_ref(), "class" | "id" | "title" | "aria-label")
            })
            .map(|(name, value, ..)| (name.to_string(), value.to_string()))
            .collect();
        self.links.push(Link {
            span,
            href: href
                .map(|(_, value, ..)| value.to_string())
                .unwrap_or_default(),
            href_span: href.and_then(|(_, _, value_span, _)| value_span.clone()),
            text: String::new(),
            hidden: computed.text_hidden(),
            image_only: false,
            image_alt: String::new(),
            attributes: kept,
            element: tag.to_string(),
        });
        self.link_offset + self.links.len() - 1
    }

    /// Records a form field; its label is resolved in `finish`.
    fn push_field(
        &mut self,
        kind: &str,
        span: Span,
        attributes: &[Attribute<'_>],
        computed: &Computed,
        required: bool,
    ) -> usize {
        let attribute = |name: &str| {
            attributes
                .iter()
                .find(|(own, ..)| own == name)
                .map(|(_, value, ..)| decode(value))
        };
        let label = self
            .role_in_stack(|role| matches!(role, Role::Label(_)))
            .and_then(|role| match role {
                Role::Label(label) => Some(label),
                _ => None,
            });
        let named = if matches!(kind, "submit" | "button" | "reset" | "image") {
            attribute("value").or_else(|| attribute("aria-label"))
        } else {
            attribute("aria-label").or_else(|| attribute("placeholder"))
        };
        self.pending_fields.push(PendingField {
            label,
            labelled_by: id_list(attribute("aria-labelledby").as_deref()),
            named,
        });
        self.fields.push(Field {
            kind: kind.to_string(),
            span,
            id: attribute("id"),
            name: attribute("name"),
            autocomplete: attribute("autocomplete"),
            required,
            label: String::new(),
            hidden: computed
                .text_hidden()
                .filter(|hidden| hidden.is_invisible()),
        });
        self.fields.len() - 1
    }

    #[allow(clippy::too_many_arguments)]
    fn push_control(
        &mut self,
        kind: ControlKind,
        span: Span,
        attributes: &[Attribute<'_>],
        selected: Option<Span>,
        computed: &Computed,
        required: bool,
        disabled: bool,
    ) -> usize {
        let attribute = |name: &str| {
            attributes
                .iter()
                .find(|(own, ..)| own == name)
                .map(|(_, value, ..)| *value)
        };
        let label = self
            .role_in_stack(|role| matches!(role, Role::Label(_)))
            .and_then(|role| match role {
                Role::Label(label) => Some(label),
                _ => None,
            });
        let index = self.controls.len();
        if let Some(label) = label {
            self.labels[label].controls.push(index);
        }
        let group = self
            .role_in_stack(|role| matches!(role, Role::Group(_)))
            .and_then(|role| match role {
                Role::Group(group) => Some(group),
                _ => None,
            });
        let ids = |name: &str| id_list(attribute(name));
        self.pending.push(PendingLabel {
            labelled_by: ids("aria-labelledby")
                .into_iter()
                .chain(ids("aria-describedby"))
                .collect(),
            aria_label: attribute("aria-label").map(str::to_string),
            label,
            select: None,
            group,
            block: self.block,
        });
        self.controls.push(Control {
            kind,
            span,
            id: attribute("id").map(str::to_string),
            name: attribute("name").map(str::to_string),
            value: attribute("value").map(str::to_string),
            selected,
            label: String::new(),
            label_span: None,
            group_label: String::new(),
            select: None,
            model: model_binding(attributes),
            required,
            disabled,
            hidden: computed
                .text_hidden()
                .filter(|hidden| hidden.is_invisible()),
        });
        index
    }

    /// Closes elements whose end tag HTML leaves out when `tag` starts.
    fn close_implied(&mut self, tag: &str, at: usize) {
        let closes: &[&str] = match tag {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "td" | "th" => &["td", "th"],
            "tr" => &["tr", "td", "th"],
            "option" | "optgroup" => &["option"],
            _ if CLOSES_P.contains(&tag) => &["p"],
            _ => &[],
        };
        if closes.is_empty() {
            return;
        }
        // Only close within the nearest container that scopes them (a list, table or select).
        let scope: &[&str] = match tag {
            "li" => &["ul", "ol", "menu"],
            "dt" | "dd" => &["dl"],
            "td" | "th" | "tr" => &["table", "tbody", "thead", "tfoot"],
            "option" | "optgroup" => &["select", "datalist"],
            _ => &[
                "div",
                "td",
                "th",
                "li",
                "table",
                "body",
                "section",
                "form",
                "blockquote",
            ],
        };
        let mut target = None;
        for (position, open) in self.stack.iter().enumerate().skip(1).rev() {
            if closes.contains(&open.info.tag.as_str()) {
                target = Some(position);
                if tag != "tr" {
                    break;
                }
            } else if scope.contains(&open.info.tag.as_str()) {
                break;
            }
        }
        if let Some(position) = target {
            while self.stack.len() > position {
                self.pop(at);
            }
        }
    }

    fn close(&mut self, serial: u32, end_tag: Span) {
        let Some(position) = self.stack.iter().position(|open| open.serial == serial) else {
            return;
        };
        if self.stack[position].info.tag == "body" {
            self.body_end.get_or_insert(end_tag.start);
        }
        while self.stack.len() > position {
            self.pop(end_tag.end);
        }
    }

    fn pop(&mut self, end: usize) {
        let Some(open) = self.stack.pop() else { return };
        if open.block {
            self.block += 1;
        }
        match open.role {
            Role::Link(index) => {
                let link = &mut self.links[index - self.link_offset];
                link.span.end = end.max(link.span.start);
                let text = collapse_whitespace(&link.text);
                link.text = text;
                link.image_only = link.text.is_empty() && !link.image_alt.is_empty();
                let runs: Vec<&TextRun> = self
                    .text
                    .iter()
                    .rev()
                    .take_while(|run| run.span.start >= link.span.start)
                    .filter(|run| run.link == Some(index) && !run.text.trim().is_empty())
                    .collect();
                if !runs.is_empty() {
                    link.hidden = if runs.iter().any(|run| run.hidden.is_none()) {
                        None
                    } else {
                        runs.iter()
                            .find_map(|run| run.hidden.filter(|hidden| hidden.is_invisible()))
                            .or(runs[0].hidden)
                    };
                }
            }
            Role::Script => {
                if let Some((start, script)) = self.script.take()
                    && start != usize::MAX
                {
                    self.script_selections
                        .extend(find_script_selections(&script, start));
                }
            }
            Role::Label(index) => {
                let label = &mut self.labels[index];
                label.text = collapse_whitespace(&label.text);
            }
            _ => {}
        }
    }

    fn text(&mut self, raw: &str, text_type: TextType, start: usize) {
        if raw.is_empty() {
            return;
        }
        let role = self.top().role;
        match role {
            Role::Style => return,
            Role::Script => {
                if let Some((script_start, script)) = &mut self.script {
                    if *script_start == usize::MAX {
                        *script_start = start;
                    }
                    script.push_str(raw);
                }
                return;
            }
            Role::Title => {
                self.title
                    .get_or_insert_with(String::new)
                    .push_str(&decode(raw));
                return;
            }
            _ => {}
        }
        if matches!(text_type, TextType::ScriptData | TextType::RawText) || self.in_head() {
            return;
        }
        // `<code>` shows sample text: an unsubscribe URL there is an example, not an opt-out.
        if self.stack.iter().any(|open| open.info.tag == "code") {
            return;
        }
        // White space between block tags (indentation) separates nothing that a block change
        // does not already separate.
        if raw.bytes().all(|byte| byte.is_ascii_whitespace())
            && self.text.last().is_none_or(|run| run.block != self.block)
        {
            return;
        }
        let computed = self.top().computed.clone();
        for (span, text) in split_entities(raw, start) {
            self.push_text_run(span, text, &computed);
        }
    }

    fn push_text_run(&mut self, span: Span, text: String, computed: &Computed) {
        let link = self.current_link();
        let hidden = computed.text_hidden();
        for open in self.stack.iter().rev() {
            match open.role {
                Role::Label(index) => self.labels[index].text.push_str(&text),
                Role::Option(index) => self.controls[index].label.push_str(&text),
                Role::Legend(index) => self.groups[index].legend.push_str(&text),
                Role::Field(index) => self.fields[index].label.push_str(&text),
                _ => {}
            }
            if let Some(index) = open.id_text {
                self.id_texts[index].1.push_str(&text);
            }
        }
        if let Some(Role::Label(index)) = self.role_in_stack(|role| matches!(role, Role::Label(_)))
        {
            let label = &mut self.labels[index];
            label.span = Some(
                label
                    .span
                    .clone()
                    .map_or(span.clone(), |old| old.start..span.end),
            );
        }
        if let Some(index) = link {
            let link = &mut self.links[index - self.link_offset];
            if hidden.is_none() || !link.text.is_empty() || !text.trim().is_empty() {
                link.text.push_str(&text);
            }
        }
        if matches!(self.top().role, Role::Option(_)) {
            return;
        }
        self.text.push(TextRun {
            span,
            text,
            hidden,
            block: self.block,
            link,
        });
    }

    fn comment(&mut self, text: &str, span: Span) {
        // `<!--[if mso]>…<![endif]-->`: content for Outlook, kept. `<!--[if !mso]><!-->` closes
        // at once and its content stands outside the comment, so it needs nothing here.
        let trimmed = text.trim_start();
        if trimmed.starts_with("[if") {
            if let Some(close) = text.find("]>") {
                let content_start = span.start + 4 + close + 2;
                let content_end = text
                    .rfind("<![endif]")
                    .map_or(span.start + 4 + text.len(), |end| span.start + 4 + end);
                if content_start < content_end && !text[close + 2..].trim_start().starts_with("<!")
                {
                    self.fragments
                        .push((content_start..content_end, self.top().computed.clone()));
                }
            }
            return;
        }
        if trimmed.starts_with("<![endif]") {
            return;
        }
        if let Some(rest) = trimmed.strip_prefix("sendlint:") {
            let offset = span.start + 4 + (text.len() - trimmed.len()) + "sendlint:".len();
            self.hints.extend(parse_hint_list(rest, offset));
        }
        let prints = (trimmed.starts_with("?php") || trimmed.starts_with("?="))
            .then(|| self.top().computed.text_hidden().is_none());
        self.comments.push(Comment {
            span,
            text: text.to_string(),
            prints,
        });
    }

    fn finish(mut self) -> Document {
        let ids: HashMap<&str, &str> = self
            .id_texts
            .iter()
            .map(|(id, text)| (id.as_str(), text.as_str()))
            .collect();
        let texts_of = |list: &[String]| -> String {
            list.iter()
                .filter_map(|id| ids.get(id.as_str()))
                .map(|text| collapse_whitespace(text))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let labels_for: HashMap<&str, &LabelElement> = self
            .labels
            .iter()
            .filter_map(|label| label.for_id.as_deref().map(|id| (id, label)))
            .collect();
        // The text of one block, for a control with no label of its own (rare: computed on
        // demand rather than for every block).
        let runs = &self.text;
        let block_text = |block: u32| -> Option<String> {
            let text: String = runs
                .iter()
                .filter(|run| {
                    run.block == block && run.hidden.is_none_or(|hidden| !hidden.is_invisible())
                })
                .map(|run| run.text.as_str())
                .collect();
            (!text.trim().is_empty()).then_some(text)
        };

        for (index, pending) in self.pending.iter().enumerate() {
            let control = &mut self.controls[index];
            control.select = pending.select;
            let mut parts: Vec<String> = Vec::new();
            let mut span = None;
            if control.kind == ControlKind::Option {
                control.label = collapse_whitespace(&control.label);
                if let Some(select) = pending.select.and_then(|select| self.selects.get(select)) {
                    let mut question = Vec::new();
                    if let Some(label) = select.id.as_deref().and_then(|id| labels_for.get(id)) {
                        question.push(label.text.clone());
                    }
                    if let Some(label) = select.label {
                        question.push(self.labels[label].text.clone());
                    }
                    question.push(texts_of(&select.labelled_by));
                    question.extend(select.aria_label.clone());
                    control.group_label = collapse_whitespace(&question.join(" "));
                    control.required |= select.required;
                    control.disabled |= select.disabled;
                }
                continue;
            }
            if let Some(label) = control.id.as_deref().and_then(|id| labels_for.get(id)) {
                parts.push(label.text.clone());
                span = label.span.clone();
            }
            if let Some(label) = pending.label.and_then(|label| self.labels.get(label))
                && !parts.contains(&label.text)
            {
                parts.push(label.text.clone());
                span = span.or(label.span.clone());
            }
            let by = texts_of(&pending.labelled_by);
            if !by.is_empty() {
                parts.push(by);
            }
            parts.extend(pending.aria_label.clone());
            if parts.iter().all(|part| part.trim().is_empty()) {
                // Adjacent text: the paragraph or cell the control stands in, else the next one.
                let adjacent = block_text(pending.block)
                    .or_else(|| block_text(pending.block + 1))
                    .or_else(|| block_text(pending.block + 2));
                if let Some(text) = adjacent {
                    parts.push(text);
                }
                span = self
                    .text
                    .iter()
                    .find(|run| {
                        run.block >= pending.block
                            && !run.text.trim().is_empty()
                            && run.span.start >= control.span.end
                    })
                    .map(|run| run.span.clone());
            }
            control.label = collapse_whitespace(&parts.join(" "));
            control.label_span = span;
            if let Some(group) = pending.group.and_then(|group| self.groups.get(group)) {
                let mut question = vec![
                    group.legend.clone(),
                    texts_of(&group.labelled_by),
                    group.aria_label.clone().unwrap_or_default(),
                ];
                // The legends of the groups around it, nearest first (at most three levels).
                let mut outer = group.parent;
                for _ in 0..3 {
                    let Some(parent) = outer.and_then(|index| self.groups.get(index)) else {
                        break;
                    };
                    question.push(parent.legend.clone());
                    outer = parent.parent;
                }
                control.group_label = collapse_whitespace(&question.join(" "));
            }
        }

        for (field, pending) in self.fields.iter_mut().zip(&self.pending_fields) {
            let own = collapse_whitespace(&field.label);
            let from_for = field
                .id
                .as_deref()
                .and_then(|id| labels_for.get(id))
                .map(|label| label.text.clone());
            let wrapping = pending
                .label
                .and_then(|label| self.labels.get(label))
                .map(|label| label.text.clone());
            let by = texts_of(&pending.labelled_by);
            field.label = [
                Some(own),
                from_for,
                wrapping,
                Some(by),
                pending.named.clone(),
            ]
            .into_iter()
            .flatten()
            .map(|part| collapse_whitespace(&part))
            .find(|part| !part.is_empty())
            .unwrap_or_default();
        }

        let mut text = std::mem::take(&mut self.text);
        text.sort_by_key(|run| run.span.start);
        let source = self.source.to_string();
        let end = source.len();
        Document {
            source,
            format: Format::Html,
            text,
            links: self.links,
            controls: self.controls,
            fields: self.fields,
            hidden_inputs: self.hidden_inputs,
            script_selections: self.script_selections,
            comments: self.comments,
            merge_tags: Vec::new(),
            hints: self.hints,
            front_matter: Vec::new(),
            lang: self.lang,
            title: self.title.map(|title| collapse_whitespace(&title)),
            forms: self.forms,
            inputs: self.inputs,
            insertion_point: self.body_end.unwrap_or(end),
            problems: self.problems,
            headers: Vec::new(),
            part: None,
        }
    }
}

/// The ids in an `aria-labelledby`-style attribute.
fn id_list(value: Option<&str>) -> Vec<String> {
    value
        .map(|ids| ids.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// The attribute that ticks a checkbox or radio by default. HTML treats any `checked`
/// attribute as checked, whatever its value (`checked="false"` too); framework bindings
/// (`:checked`, `[checked]`, `v-bind:checked`) tick it unless bound to a false literal.
/// The state variable a framework binds a box to: `v-model="form.newsletter"`,
/// `x-model="newsletter"`, `bind:checked={newsletter}`, `[(ngModel)]="newsletter"`.
fn model_binding(attributes: &[Attribute<'_>]) -> Option<String> {
    attributes.iter().find_map(|(name, value, ..)| {
        let bound = matches!(
            name.as_ref(),
            "v-model" | "x-model" | "ng-model" | "[(ngmodel)]" | "wire:model" | "bind:checked"
        ) || name.starts_with("v-model.")
            || name.starts_with("x-model.")
            || name.starts_with("wire:model.");
        let path = value.trim().trim_matches(['{', '}', ' ']);
        let last = path
            .rsplit(['.', '['])
            .next()?
            .trim_matches([']', '"', '\'']);
        (bound
            && !last.is_empty()
            && last
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$'))
        .then(|| last.to_string())
    })
}

fn selection_attribute(attributes: &[Attribute<'_>]) -> Option<Span> {
    attributes.iter().find_map(|(name, value, _, whole)| {
        // Framework bindings: Vue, Alpine, Angular (and AngularJS), React, Thymeleaf, Aurelia.
        let binding = matches!(
            name.as_ref(),
            ":checked"
                | "v-bind:checked"
                | "x-bind:checked"
                | "[checked]"
                | "[attr.checked]"
                | "ng-checked"
                | "defaultchecked"
                | "data-checked"
                | "th:checked"
                | "checked.bind"
        );
        let bound = value
            .trim()
            .trim_start_matches(['$', '#'])
            .trim_matches(['{', '}', ' ']);
        let bound_false = matches!(bound, "false" | "0" | "null" | "undefined" | "");
        (name == "checked" || (binding && !bound_false)).then(|| whole.clone())
    })
}

static STYLE_TAGS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    // Exact-case patterns keep the SIMD prefilter; mixed case beyond these is not seen in mail.
    AhoCorasick::new([
        "<style", "<STYLE", "<Style", "</style", "</STYLE", "</Style",
    ])
    .expect("valid patterns")
});

/// The contents of every `<style>` block, read before the document so that rules apply to the
/// elements after them as well as to those before (some templates put styles at the end).
fn style_blocks(source: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut open: Option<usize> = None;
    for found in STYLE_TAGS.find_iter(source) {
        let after = source.as_bytes().get(found.end()).copied().unwrap_or(b'>');
        if !(after == b'>' || after.is_ascii_whitespace() || after == b'/') {
            continue;
        }
        if found.pattern().as_usize() < 3 {
            open = source[found.end()..]
                .find('>')
                .map(|close| found.end() + close + 1);
        } else if let Some(start) = open.take() {
            blocks.push(&source[start..found.start().max(start)]);
        }
    }
    blocks
}

static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
        .expect("valid regex")
});

/// Splits raw HTML text at character references, so that each piece maps exactly to its source.
fn split_entities(raw: &str, start: usize) -> Vec<(Span, String)> {
    if !raw.contains('&') {
        return vec![(start..start + raw.len(), raw.to_string())];
    }
    let mut pieces = Vec::new();
    let mut last = 0;
    for entity in ENTITY.find_iter(raw) {
        if entity.start() > last {
            pieces.push((
                start + last..start + entity.start(),
                raw[last..entity.start()].to_string(),
            ));
        }
        pieces.push((
            start + entity.start()..start + entity.end(),
            html_escape::decode_html_entities(entity.as_str()).into_owned(),
        ));
        last = entity.end();
    }
    if last < raw.len() {
        pieces.push((start + last..start + raw.len(), raw[last..].to_string()));
    }
    pieces
}

/// Decodes character references in a piece of HTML text.
pub fn decode(raw: &str) -> String {
    html_escape::decode_html_entities(raw).into_owned()
}

/// Collapses runs of white space to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

static SCRIPT_VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*document\s*\.\s*(?:getElementById\(\s*['"]([^'"]+)['"]\s*\)|querySelector\(\s*['"]#([\w-]+)['"]\s*\)|querySelector\(\s*['"][^'"]*\[name=['"]?([\w-]+)['"]?\][^'"]*['"]\s*\))"#).expect("valid regex")
});

static SCRIPT_CHECK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?:document\s*\.\s*getElementById\(\s*['"](?P<id>[^'"]+)['"]\s*\)"#,
        r#"|document\s*\.\s*querySelector\(\s*['"]#(?P<qid>[\w-]+)['"]\s*\)"#,
        r#"|document\s*\.\s*querySelector\(\s*['"][^'"]*\[name=['"]?(?P<qname>[\w-]+)['"]?\][^'"]*['"]\s*\)"#,
        r#"|\$\(\s*['"]#(?P<jid>[\w-]+)['"]\s*\)"#,
        r#"|(?P<var>[A-Za-z_$][\w$]*))"#,
        r#"\s*(?:\.\s*checked\s*=\s*(?:true|!0|1|'checked'|"checked")"#,
        r#"|\.\s*setAttribute\(\s*['"]checked['"]"#,
        r#"|\.\s*(?:prop|attr)\(\s*['"]checked['"]\s*,\s*(?:true|['"]checked['"]))"#,
    ))
    .expect("valid regex")
});

/// Statements of an inline script that tick a control (`el.checked = true`).
fn find_script_selections(script: &str, start: usize) -> Vec<ScriptSelection> {
    let variables: HashMap<String, (Option<String>, Option<String>)> = SCRIPT_VARIABLE
        .captures_iter(script)
        .map(|capture| {
            let id = capture
                .get(2)
                .or(capture.get(3))
                .map(|m| m.as_str().to_string());
            let name = capture.get(4).map(|m| m.as_str().to_string());
            (capture[1].to_string(), (id, name))
        })
        .collect();
    SCRIPT_CHECK
        .captures_iter(script)
        .filter_map(|capture| {
            let whole = capture.get(0)?;
            let span = start + whole.start()..start + whole.end();
            let id = capture
                .name("id")
                .or(capture.name("qid"))
                .or(capture.name("jid"))
                .map(|m| m.as_str().to_string());
            let name = capture.name("qname").map(|m| m.as_str().to_string());
            if id.is_some() || name.is_some() {
                return Some(ScriptSelection {
                    span,
                    target_id: id,
                    target_name: name,
                    target_model: None,
                });
            }
            let (id, name) = variables.get(capture.name("var")?.as_str())?.clone();
            Some(ScriptSelection {
                span,
                target_id: id,
                target_name: name,
                target_model: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible(document: &Document) -> String {
        collapse_whitespace(
            &document
                .text
                .iter()
                .filter(|run| run.hidden.is_none())
                .map(|run| run.text.as_str())
                .collect::<Vec<_>>()
                .join(""),
        )
    }

    #[test]
    fn comments_style_head_and_alt_are_not_text() {
        let source = "<html><head><title>Shop</title><style>.unsubscribe{color:red}</style></head><body><!-- unsubscribe --><img alt=\"unsubscribe\"><p>Hello</p></body></html>";
        let document = parse(source);
        assert_eq!(visible(&document), "Hello");
        assert_eq!(document.title.as_deref(), Some("Shop"));
        assert_eq!(document.comments.len(), 1);
        assert_eq!(
            &source[document.insertion_point..document.insertion_point + 7],
            "</body>"
        );
    }

    #[test]
    fn links_keep_href_and_ranges() {
        let source =
            r#"<p>Wil je dit niet? <a href="*|UNSUB|*" style="color:#888">Meld je af</a></p>"#;
        let document = parse(source);
        let link = &document.links[0];
        assert_eq!(link.href, "*|UNSUB|*");
        assert_eq!(&source[link.href_span.clone().unwrap()], "*|UNSUB|*");
        assert_eq!(link.text, "Meld je af");
        assert_eq!(
            &source[link.span.clone()],
            r#"<a href="*|UNSUB|*" style="color:#888">Meld je af</a>"#
        );
        assert!(link.hidden.is_none());
    }

    #[test]
    fn hidden_footer_hides_its_link() {
        let source = r#"<div style="display:none"><a href="{{{ pm:unsubscribe }}}">Afmelden</a></div><p>Zichtbaar</p>"#;
        let document = parse(source);
        assert_eq!(document.links[0].hidden, Some(Hidden::DisplayNone));
        assert_eq!(visible(&document), "Zichtbaar");
    }

    #[test]
    fn style_blocks_anywhere_and_in_any_common_case() {
        let source = "<STYLE type=\"text/css\">.a{x:1}</STYLE><p>hi</p><styles>no</styles><style>.b{y:2}</style >";
        assert_eq!(style_blocks(source), [".a{x:1}", ".b{y:2}"]);
    }

    #[test]
    fn class_from_style_block_hides() {
        let source = r#"<style>.x { display: none; }</style><p class="x"><a href="%unsubscribe_url%">Unsubscribe</a></p>"#;
        assert_eq!(parse(source).links[0].hidden, Some(Hidden::DisplayNone));
    }

    #[test]
    fn conditional_comment_content_counts() {
        let source =
            r#"<body><!--[if mso]><p><a href="*|UNSUB|*">Afmelden</a></p><![endif]--></body>"#;
        let document = parse(source);
        assert_eq!(document.links.len(), 1);
        assert_eq!(
            &source[document.links[0].href_span.clone().unwrap()],
            "*|UNSUB|*"
        );
        assert_eq!(visible(&document), "Afmelden");
    }

    #[test]
    fn entities_are_decoded_per_run() {
        let source = "<p>Caf&eacute; &amp; co</p>";
        let document = parse(source);
        assert_eq!(visible(&document), "Café & co");
        let run = document.text.iter().find(|run| run.text == "é").unwrap();
        assert_eq!(&source[run.span.clone()], "&eacute;");
    }

    #[test]
    fn checkbox_labels_and_checked_ranges() {
        let source = r#"<form><input type="checkbox" id="n" name="news" checked="false"><label for="n">Ja, stuur mij de nieuwsbrief</label>
<label><input type="checkbox" name="t" required> Ik ga akkoord met de voorwaarden</label>
<span id="q">Mogen wij je mailen?</span><div role="radiogroup" aria-labelledby="q"><input type="radio" name="m" value="ja" checked aria-label="Ja"><input type="radio" name="m" value="nee" aria-label="Nee"></div>
<label for="s">Offres par e-mail</label><select id="s"><option>Non<option selected>Oui</select></form>"#;
        let document = parse(source);
        let controls = &document.controls;
        assert_eq!(controls[0].label, "Ja, stuur mij de nieuwsbrief");
        assert_eq!(
            &source[controls[0].selected.clone().unwrap()],
            "checked=\"false\""
        );
        assert_eq!(controls[1].label, "Ik ga akkoord met de voorwaarden");
        assert!(controls[1].required && controls[1].selected.is_none());
        assert_eq!(controls[2].group_label, "Mogen wij je mailen?");
        assert_eq!(&source[controls[2].selected.clone().unwrap()], "checked");
        assert_eq!(controls[5].label, "Oui");
        assert_eq!(controls[5].group_label, "Offres par e-mail");
        assert_eq!(&source[controls[5].selected.clone().unwrap()], "selected");
    }

    #[test]
    fn fields_keep_kind_label_and_required() {
        let source = r#"<form><label for="e">E-mailadres</label><input type="email" id="e" name="email" required>
<label>Telefoon <input type="tel" name="tel" autocomplete="tel"></label>
<span id="n">Naam</span><input name="naam" aria-labelledby="n"><input type="hidden" name="token">
<button>Inschrijven</button><input type="submit" value="Verstuur"></form>"#;
        let document = parse(source);
        let fields: Vec<_> = document
            .fields
            .iter()
            .map(|field| (field.kind.as_str(), field.label.as_str(), field.required))
            .collect();
        assert_eq!(
            fields,
            [
                ("email", "E-mailadres", true),
                ("tel", "Telefoon", false),
                ("text", "Naam", false),
                ("submit", "Inschrijven", false),
                ("submit", "Verstuur", false),
            ]
        );
        assert_eq!(document.fields[1].autocomplete.as_deref(), Some("tel"));
        assert_eq!(document.inputs, 4);
    }

    #[test]
    fn script_ticking_a_box_is_found() {
        let source = r#"<input type="checkbox" id="sms"><script>window.onload = function () { document.getElementById('sms').checked = true; };</script>"#;
        let document = parse(source);
        let selection = &document.script_selections[0];
        assert_eq!(selection.target_id.as_deref(), Some("sms"));
        assert_eq!(
            &source[selection.span.clone()],
            "document.getElementById('sms').checked = true"
        );
    }

    #[test]
    fn unclosed_paragraphs_close() {
        let source = "<div style=\"display:none\"><p>hidden<p>also hidden</div><p>seen";
        let document = parse(source);
        assert_eq!(visible(&document), "seen");
    }

    #[test]
    fn hints_from_meta_and_comment() {
        let source = r#"<meta name="sendlint" content="purpose=transactional; audience=customers"><!-- sendlint: jurisdiction=us,ca -->"#;
        let document = parse(source);
        let keys: Vec<_> = document
            .hints
            .iter()
            .map(|hint| (hint.key.as_str(), hint.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("purpose", "transactional"),
                ("audience", "customers"),
                ("jurisdiction", "us,ca")
            ]
        );
        assert_eq!(
            &source[document.hints[2].span.clone()],
            "jurisdiction=us,ca"
        );
    }
}
