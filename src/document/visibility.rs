//! Whether a reader sees a piece of HTML: inline styles, `<style>` rules, the `hidden` attribute
//! and colours, computed down the element tree as a mail client would (catalogue `P-DOM`).
//!
//! Only what decides visibility is computed: display, visibility, `mso-hide`, opacity, collapsed
//! boxes, font size, text and background colour, off-screen positioning. `@media` blocks are
//! skipped: the default (light, desktop) rendering is the one the law's "clearly" is judged on,
//! and a dark-mode block changes colours without hiding anything.

use std::collections::HashMap;

/// Why a reader does not see something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hidden {
    DisplayNone,
    VisibilityHidden,
    MsoHide,
    Transparent,
    /// `max-height:0` (or a zero height/width) together with `overflow:hidden`.
    Collapsed,
    /// A font size below 4px: no one reads it.
    TinyFont,
    /// A font size from 4px to below 8px: there, but not conspicuous.
    SmallFont,
    /// Text colour (nearly) equal to the background colour.
    SameColour,
    HiddenAttribute,
    /// Positioned or indented far off the visible area.
    OffScreen,
    /// Clipped to nothing or scaled to nothing: `clip: rect(0 0 0 0)`, `transform: scale(0)`.
    Clipped,
    /// Inside `<template>`, which never renders.
    Template,
    /// `aria-hidden="true"`: removed for readers who use a screen reader (catalogue P-DOM).
    AriaHidden,
}

impl Hidden {
    /// How it is hidden, in CSS terms (the same in every language).
    pub fn describe(self) -> &'static str {
        match self {
            Hidden::DisplayNone => "display:none",
            Hidden::VisibilityHidden => "visibility:hidden",
            Hidden::MsoHide => "mso-hide:all",
            Hidden::Transparent => "opacity:0",
            Hidden::Collapsed => "max-height:0; overflow:hidden",
            Hidden::TinyFont => "font-size < 4px",
            Hidden::SmallFont => "font-size < 8px",
            Hidden::SameColour => "color = background",
            Hidden::HiddenAttribute => "hidden",
            Hidden::OffScreen => "off-screen",
            Hidden::Clipped => "clip / scale(0)",
            Hidden::Template => "<template>",
            Hidden::AriaHidden => "aria-hidden=\"true\"",
        }
    }

    /// Hidden from every reader, as opposed to merely hard to see (tiny, low contrast).
    pub fn is_invisible(self) -> bool {
        !matches!(self, Hidden::SmallFont)
    }
}

/// An RGBA colour with components from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    pub red: f32,
    pub green: f32,
    pub blue: f32,
    pub alpha: f32,
}

impl Colour {
    const BLACK: Colour = Colour {
        red: 0.0,
        green: 0.0,
        blue: 0.0,
        alpha: 1.0,
    };
    const WHITE: Colour = Colour {
        red: 1.0,
        green: 1.0,
        blue: 1.0,
        alpha: 1.0,
    };

    pub fn parse(text: &str) -> Option<Colour> {
        let text = text.trim();
        if text.is_empty()
            || text.eq_ignore_ascii_case("inherit")
            || text.eq_ignore_ascii_case("initial")
        {
            return None;
        }
        // `bgcolor="ffffff"` without the hash is common in old e-mail markup.
        let parsed = csscolorparser::parse(text).ok().or_else(|| {
            (text.len() == 6 && text.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| csscolorparser::parse(&format!("#{text}")).ok())
                .flatten()
        })?;
        Some(Colour {
            red: parsed.r,
            green: parsed.g,
            blue: parsed.b,
            alpha: parsed.a,
        })
    }

    fn luminance(self) -> f32 {
        let channel = |value: f32| {
            if value <= 0.039_28 {
                value / 12.92
            } else {
                ((value + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.red) + 0.7152 * channel(self.green) + 0.0722 * channel(self.blue)
    }

    /// The WCAG contrast ratio, from 1 (none) to 21.
    pub fn contrast(self, other: Colour) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }
}

/// Below this contrast ratio text counts as written in the background colour.
const SAME_COLOUR_CONTRAST: f32 = 1.5;
/// Below this size (px) text is not conspicuous (catalogue A5: "font-size < 8 px").
const SMALL_FONT_PX: f32 = 8.0;
/// Below this size (px) no one reads it: `font-size:0`, the 1px of a hidden footer.
const TINY_FONT_PX: f32 = 4.0;

/// The declarations of one style attribute or rule that matter for visibility.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Declarations {
    display_none: Option<bool>,
    visibility_hidden: Option<bool>,
    mso_hide: Option<bool>,
    transparent: Option<bool>,
    zero_size: Option<bool>,
    overflow_hidden: Option<bool>,
    off_screen: Option<bool>,
    clipped: Option<bool>,
    font_size: Option<FontSize>,
    colour: Option<Colour>,
    background: Option<Colour>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum FontSize {
    Pixels(f32),
    /// Relative to the parent's size.
    Factor(f32),
}

impl Declarations {
    /// Parses `property: value; ...`, splitting declarations marked `!important` into the
    /// second result.
    pub fn parse(style: &str) -> (Declarations, Declarations) {
        let mut normal = Declarations::default();
        let mut important = Declarations::default();
        for declaration in style.split(';') {
            let Some((property, value)) = declaration.split_once(':') else {
                continue;
            };
            let property = lowercase(property.trim());
            if !is_relevant(&property) {
                continue;
            }
            let value = lowercase(value.trim());
            match value.strip_suffix("!important") {
                Some(stripped) => important.set(&property, stripped.trim()),
                None => normal.set(&property, &value),
            }
        }
        (normal, important)
    }

    fn set(&mut self, property: &str, value: &str) {
        debug_assert!(is_relevant(property));
        match property {
            "display" => self.display_none = Some(value == "none"),
            "visibility" => self.visibility_hidden = Some(value == "hidden" || value == "collapse"),
            "mso-hide" => self.mso_hide = Some(value == "all"),
            "opacity" => {
                self.transparent = value.parse::<f32>().ok().map(|opacity| opacity <= 0.01)
            }
            "max-height" | "height" | "max-width" | "width" => {
                if is_zero_length(value) {
                    self.zero_size = Some(true);
                } else if property.starts_with("max-") || self.zero_size.is_none() {
                    self.zero_size = Some(false);
                }
            }
            "overflow" | "overflow-y" | "overflow-x" => {
                self.overflow_hidden = Some(value.starts_with("hidden"))
            }
            "left" | "top" | "margin-left" | "margin-top" | "text-indent" => {
                if let Some(pixels) = parse_length(value, 16.0) {
                    self.off_screen = Some(pixels <= -999.0);
                }
            }
            "clip" | "clip-path" | "transform" => self.clipped = Some(clips_to_nothing(value)),
            "font-size" => self.font_size = parse_font_size(value),
            "font" => {
                if let Some(size) = value.split_whitespace().find_map(|token| {
                    let token = token.split('/').next().unwrap_or(token);
                    token
                        .chars()
                        .next()
                        .filter(char::is_ascii_digit)
                        .and(parse_font_size(token))
                }) {
                    self.font_size = Some(size);
                }
            }
            "color" => self.colour = Colour::parse(value).or(self.colour),
            "background-color" => self.background = Colour::parse(value).or(self.background),
            "background" => {
                if let Some(colour) = value.split_whitespace().find_map(Colour::parse) {
                    self.background = Some(colour);
                }
            }
            _ => {}
        }
    }

    /// Overlays `other` on `self`: what `other` declares wins.
    pub fn overlay(&mut self, other: &Declarations) {
        macro_rules! take {
            ($($field:ident),*) => { $( if other.$field.is_some() { self.$field = other.$field; } )* };
        }
        take!(
            display_none,
            visibility_hidden,
            mso_hide,
            transparent,
            zero_size,
            overflow_hidden,
            off_screen,
            clipped,
            font_size,
            colour,
            background
        );
    }

    pub fn set_background(&mut self, colour: Colour) {
        self.background = Some(colour);
    }

    pub fn set_colour(&mut self, colour: Colour) {
        self.colour = Some(colour);
    }
}

/// Whether a property bears on visibility; all others are skipped unread.
fn is_relevant(property: &str) -> bool {
    matches!(
        property,
        "display"
            | "visibility"
            | "mso-hide"
            | "opacity"
            | "max-height"
            | "height"
            | "max-width"
            | "width"
            | "overflow"
            | "overflow-y"
            | "overflow-x"
            | "left"
            | "top"
            | "margin-left"
            | "margin-top"
            | "text-indent"
            | "clip"
            | "clip-path"
            | "transform"
            | "font-size"
            | "font"
            | "color"
            | "background-color"
            | "background"
    )
}

/// Lower-cases ASCII, copying only when there is something to change (CSS is mostly lower case).
fn lowercase(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().any(|byte| byte.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(text.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A length that leaves no room for text: zero in any unit, or at most one pixel (the
/// "visually hidden" 1px box).
fn is_zero_length(value: &str) -> bool {
    let number: String = value
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let unit = value[number.len()..].trim();
    !number.is_empty()
        && number
            .parse::<f32>()
            .is_ok_and(|n| n == 0.0 || (n <= 1.0 && matches!(unit, "px" | "")))
}

/// `clip: rect(0 0 0 0)`, `clip-path: inset(50%)`, `transform: scale(0)`: nothing is left to see.
fn clips_to_nothing(value: &str) -> bool {
    let arguments = |function: &str| {
        value
            .find(function)
            .map(|at| &value[at + function.len()..])
            .map(|rest| rest.split(')').next().unwrap_or(rest))
    };
    let numbers = |arguments: &str| -> Vec<f32> {
        arguments
            .split([' ', ','])
            .filter_map(|part| {
                let digits: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                digits.parse().ok()
            })
            .collect()
    };
    if let Some(rect) = arguments("rect(") {
        let values = numbers(rect);
        return !values.is_empty() && values.iter().all(|n| *n <= 1.0);
    }
    if let Some(inset) = arguments("inset(") {
        return inset.contains('%') && numbers(inset).first().is_some_and(|n| *n >= 50.0);
    }
    if let Some(radius) = arguments("circle(") {
        return numbers(radius).first().is_some_and(|n| *n == 0.0);
    }
    ["scale(", "scalex(", "scaley("].iter().any(|function| {
        arguments(function)
            .and_then(|inner| numbers(inner).first().copied())
            .is_some_and(|n| n == 0.0)
    })
}

fn parse_length(value: &str, font_px: f32) -> Option<f32> {
    let value = value.trim();
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(value.len());
    let number: f32 = value[..split].parse().ok()?;
    match value[split..].trim() {
        "" | "px" => Some(number),
        "pt" => Some(number * 4.0 / 3.0),
        "em" | "rem" => Some(number * font_px),
        "%" => Some(number / 100.0 * font_px),
        _ => None,
    }
}

fn parse_font_size(value: &str) -> Option<FontSize> {
    let value = value.trim();
    let keyword = match value {
        "xx-small" => Some(9.0),
        "x-small" => Some(10.0),
        "small" => Some(13.0),
        "medium" => Some(16.0),
        "large" => Some(18.0),
        "x-large" => Some(24.0),
        "xx-large" => Some(32.0),
        _ => None,
    };
    if let Some(pixels) = keyword {
        return Some(FontSize::Pixels(pixels));
    }
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let number: f32 = value[..split].parse().ok()?;
    match value[split..].trim() {
        "" | "px" => Some(FontSize::Pixels(number)),
        "pt" => Some(FontSize::Pixels(number * 4.0 / 3.0)),
        "em" | "rem" => Some(FontSize::Factor(number)),
        "%" => Some(FontSize::Factor(number / 100.0)),
        _ => None,
    }
}

/// A simple selector compound: `tag.class#id` (attributes and pseudo-classes are not kept).
#[derive(Clone, Debug, Default)]
struct Compound {
    tag: Option<String>,
    classes: Vec<String>,
    id: Option<String>,
}

impl Compound {
    fn parse(text: &str) -> Option<Compound> {
        if text.contains([':', '[', '*']) || text.is_empty() {
            return None;
        }
        let mut compound = Compound::default();
        let mut rest = text;
        let tag_end = rest.find(['.', '#']).unwrap_or(rest.len());
        if tag_end > 0 {
            compound.tag = Some(rest[..tag_end].to_ascii_lowercase());
        }
        rest = &rest[tag_end..];
        while let Some(marker) = rest.chars().next() {
            let end = rest[1..].find(['.', '#']).map_or(rest.len(), |i| i + 1);
            let name = rest[1..end].to_string();
            if marker == '.' {
                compound.classes.push(name);
            } else {
                compound.id = Some(name);
            }
            rest = &rest[end..];
        }
        Some(compound)
    }

    fn matches(&self, element: &ElementInfo) -> bool {
        self.tag.as_ref().is_none_or(|tag| *tag == element.tag)
            && self
                .id
                .as_ref()
                .is_none_or(|id| element.id.as_deref() == Some(id.as_str()))
            && self
                .classes
                .iter()
                .all(|class| element.classes.iter().any(|own| own == class))
    }

    fn specificity(&self) -> u32 {
        u32::from(self.id.is_some()) * 100
            + self.classes.len() as u32 * 10
            + u32::from(self.tag.is_some())
    }
}

/// What selectors look at in an element.
#[derive(Clone, Debug, Default)]
pub struct ElementInfo {
    pub tag: String,
    pub classes: Vec<String>,
    pub id: Option<String>,
}

#[derive(Clone, Debug)]
struct Rule {
    /// Compounds from the outermost ancestor to the element itself.
    compounds: Vec<Compound>,
    specificity: u32,
    order: usize,
    normal: Declarations,
    important: Declarations,
}

/// The rules of an e-mail's `<style>` blocks that bear on visibility.
#[derive(Clone, Debug, Default)]
pub struct StyleSheet {
    rules: Vec<Rule>,
    /// Rule indices by their last compound's id, first class, or tag name.
    by_id: HashMap<String, Vec<usize>>,
    by_class: HashMap<String, Vec<usize>>,
    by_tag: HashMap<String, Vec<usize>>,
}

impl StyleSheet {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Adds the rules of one `<style>` block; `@media` and other at-rules are skipped.
    pub fn add(&mut self, css: &str) {
        let css = strip_comments(css);
        let bytes = css.as_bytes();
        let mut position = 0;
        while position < bytes.len() {
            let Some(open) = css[position..].find('{').map(|i| i + position) else {
                break;
            };
            let prelude = css[position..open].trim();
            let close = matching_brace(bytes, open);
            let body = &css[open + 1..close.min(css.len())];
            position = (close + 1).min(css.len());
            // An at-rule without a block (`@import ...;`) may precede a rule in the prelude.
            let prelude = prelude.rsplit(';').next().unwrap_or(prelude).trim();
            if prelude.starts_with('@') {
                continue;
            }
            let (normal, important) = Declarations::parse(body);
            if normal == Declarations::default() && important == Declarations::default() {
                continue;
            }
            for selector in prelude.split(',') {
                let parts: Vec<&str> = selector
                    .split([' ', '>', '+', '~', '\n', '\t'])
                    .filter(|part| !part.is_empty())
                    .collect();
                let Some(compounds) = parts
                    .iter()
                    .map(|part| Compound::parse(part))
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                let Some(last) = compounds.last() else {
                    continue;
                };
                let (index, key) = if let Some(id) = &last.id {
                    (&mut self.by_id, id.clone())
                } else if let Some(class) = last.classes.first() {
                    (&mut self.by_class, class.clone())
                } else if let Some(tag) = &last.tag {
                    (&mut self.by_tag, tag.clone())
                } else {
                    continue;
                };
                index.entry(key).or_default().push(self.rules.len());
                let specificity = compounds.iter().map(Compound::specificity).sum();
                let order = self.rules.len();
                self.rules.push(Rule {
                    compounds,
                    specificity,
                    order,
                    normal: normal.clone(),
                    important: important.clone(),
                });
            }
        }
    }

    /// The declarations that apply to `element`, as (normal, important). `ancestors` gives
    /// its ancestors, outermost first; it is called only when a rule needs them.
    pub fn declarations_for<'e>(
        &self,
        element: &'e ElementInfo,
        ancestors: impl Fn() -> Vec<&'e ElementInfo>,
    ) -> (Declarations, Declarations) {
        let mut normal = Declarations::default();
        let mut important = Declarations::default();
        if self.rules.is_empty() {
            return (normal, important);
        }
        let by_class = element
            .classes
            .iter()
            .filter_map(|class| self.by_class.get(class.as_str()));
        let candidates = self
            .by_tag
            .get(element.tag.as_str())
            .into_iter()
            .chain(by_class)
            .chain(
                element
                    .id
                    .as_ref()
                    .and_then(|id| self.by_id.get(id.as_str())),
            )
            .flatten();
        let mut path: Option<Vec<&ElementInfo>> = None;
        let mut matched: Vec<&Rule> = Vec::new();
        for &index in candidates {
            let rule = &self.rules[index];
            let fits = if rule.compounds.len() == 1 {
                rule.compounds[0].matches(element)
            } else {
                let path = path.get_or_insert_with(|| {
                    let mut path = ancestors();
                    path.push(element);
                    path
                });
                rule_matches(rule, path)
            };
            if fits {
                matched.push(rule);
            }
        }
        if matched.is_empty() {
            return (normal, important);
        }
        matched.sort_by_key(|rule| (rule.specificity, rule.order));
        matched.dedup_by_key(|rule| rule.order);
        for rule in matched {
            normal.overlay(&rule.normal);
            important.overlay(&rule.important);
        }
        (normal, important)
    }
}

fn rule_matches(rule: &Rule, path: &[&ElementInfo]) -> bool {
    let Some((last, ancestors)) = rule.compounds.split_last() else {
        return false;
    };
    let Some((element, elements)) = path.split_last() else {
        return false;
    };
    if !last.matches(element) {
        return false;
    }
    // Each remaining compound must match some ancestor, in order, from the inside out.
    let mut remaining = elements.iter().rev();
    ancestors.iter().rev().all(|compound| {
        remaining
            .by_ref()
            .any(|ancestor| compound.matches(ancestor))
    })
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("*/") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn matching_brace(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (index, &byte) in bytes.iter().enumerate().skip(open) {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return index;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

/// The visibility-relevant style of an element, after inheritance.
#[derive(Clone, Debug)]
pub struct Computed {
    /// Set by an ancestor (or the element) in a way no descendant can undo.
    pub hidden: Option<Hidden>,
    /// The verdict for text in this style, computed once per element.
    verdict: Option<Hidden>,
    /// Text and background colour (nearly) alike; recomputed only when either changes.
    same_colour: bool,
    visibility_hidden: bool,
    font_px: f32,
    colour: Colour,
    background: Colour,
}

impl Default for Computed {
    fn default() -> Computed {
        Computed {
            hidden: None,
            verdict: None,
            same_colour: false,
            visibility_hidden: false,
            font_px: 16.0,
            colour: Colour::BLACK,
            background: Colour::WHITE,
        }
    }
}

impl Computed {
    /// The style of a child with the given declarations (already ordered by the cascade).
    pub fn child(&self, declarations: &Declarations) -> Computed {
        let mut computed = self.clone();
        if computed.hidden.is_none() {
            computed.hidden = if declarations.display_none == Some(true) {
                Some(Hidden::DisplayNone)
            } else if declarations.mso_hide == Some(true) {
                Some(Hidden::MsoHide)
            } else if declarations.transparent == Some(true) {
                Some(Hidden::Transparent)
            } else if declarations.zero_size == Some(true)
                && declarations.overflow_hidden == Some(true)
            {
                Some(Hidden::Collapsed)
            } else if declarations.off_screen == Some(true) {
                Some(Hidden::OffScreen)
            } else if declarations.clipped == Some(true) {
                Some(Hidden::Clipped)
            } else {
                None
            };
        }
        if let Some(hidden) = declarations.visibility_hidden {
            computed.visibility_hidden = hidden;
        }
        match declarations.font_size {
            Some(FontSize::Pixels(pixels)) => computed.font_px = pixels,
            Some(FontSize::Factor(factor)) => computed.font_px *= factor,
            None => {}
        }
        if let Some(colour) = declarations.colour {
            computed.colour = if colour.alpha < 0.05 {
                Colour {
                    alpha: 0.0,
                    ..computed.background
                }
            } else {
                colour
            };
        }
        let background = declarations.background.filter(|colour| colour.alpha > 0.5);
        if let Some(background) = background {
            computed.background = background;
        }
        if declarations.colour.is_some() || background.is_some() {
            computed.same_colour = computed.colour.alpha < 0.05
                || computed.colour.contrast(computed.background) < SAME_COLOUR_CONTRAST;
        }
        computed.verdict = computed.compute_verdict();
        computed
    }

    pub fn hide(&mut self, hidden: Hidden) {
        self.hidden.get_or_insert(hidden);
        self.verdict = self.compute_verdict();
    }

    /// Whether text set in this style is seen, and if not, why.
    pub fn text_hidden(&self) -> Option<Hidden> {
        self.verdict
    }

    fn compute_verdict(&self) -> Option<Hidden> {
        if let Some(hidden) = self.hidden {
            return Some(hidden);
        }
        if self.visibility_hidden {
            return Some(Hidden::VisibilityHidden);
        }
        if self.font_px < TINY_FONT_PX {
            return Some(Hidden::TinyFont);
        }
        if self.font_px < SMALL_FONT_PX {
            return Some(Hidden::SmallFont);
        }
        if self.same_colour {
            return Some(Hidden::SameColour);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn computed(styles: &[&str]) -> Computed {
        styles.iter().fold(Computed::default(), |parent, style| {
            parent.child(&Declarations::parse(style).0)
        })
    }

    #[test]
    fn inline_hiding() {
        assert_eq!(
            computed(&["display: none"]).text_hidden(),
            Some(Hidden::DisplayNone)
        );
        assert_eq!(
            computed(&["mso-hide:all"]).text_hidden(),
            Some(Hidden::MsoHide)
        );
        assert_eq!(
            computed(&["max-height:0;overflow:hidden"]).text_hidden(),
            Some(Hidden::Collapsed)
        );
        assert_eq!(computed(&["max-height:0"]).text_hidden(), None);
        assert_eq!(
            computed(&["height:1px;max-height:1px;overflow:hidden"]).text_hidden(),
            Some(Hidden::Collapsed)
        );
        assert_eq!(
            computed(&["height:2px;overflow:hidden"]).text_hidden(),
            None
        );
        assert_eq!(
            computed(&["clip:rect(0 0 0 0);position:absolute"]).text_hidden(),
            Some(Hidden::Clipped)
        );
        assert_eq!(
            computed(&["clip-path: inset(50%)"]).text_hidden(),
            Some(Hidden::Clipped)
        );
        assert_eq!(
            computed(&["transform:scale(0)"]).text_hidden(),
            Some(Hidden::Clipped)
        );
        assert_eq!(computed(&["transform:scale(1.2)"]).text_hidden(), None);
        assert_eq!(computed(&["clip:rect(0 200px 40px 0)"]).text_hidden(), None);
        assert_eq!(
            computed(&["opacity:0"]).text_hidden(),
            Some(Hidden::Transparent)
        );
        assert_eq!(
            computed(&["visibility:hidden", "visibility:visible"]).text_hidden(),
            None
        );
    }

    #[test]
    fn font_size_is_inherited_and_reset() {
        assert_eq!(
            computed(&["font-size:0"]).text_hidden(),
            Some(Hidden::TinyFont)
        );
        assert_eq!(
            computed(&["font-size:0px", "font-size:14px"]).text_hidden(),
            None
        );
        assert_eq!(
            computed(&["font-size:1px"]).text_hidden(),
            Some(Hidden::TinyFont)
        );
        assert_eq!(computed(&["font-size:12px"]).text_hidden(), None);
    }

    #[test]
    fn colour_on_inherited_background() {
        assert_eq!(
            computed(&["background-color:#ffffff", "color:#fff"]).text_hidden(),
            Some(Hidden::SameColour)
        );
        assert_eq!(
            computed(&["background:#123456 url(x.png)", "color:#123457"]).text_hidden(),
            Some(Hidden::SameColour)
        );
        assert_eq!(
            computed(&["background-color:#ffffff", "color:#8a9096"]).text_hidden(),
            None
        );
    }

    #[test]
    fn stylesheet_classes_and_descendants() {
        let mut sheet = StyleSheet::default();
        sheet.add(".unsub { display: none } @media (prefers-color-scheme: dark) { .footer { color: #000 } } .footer .tiny { font-size: 0 }");
        let footer = ElementInfo {
            tag: "td".into(),
            classes: vec!["footer".into()],
            id: None,
        };
        let unsub = ElementInfo {
            tag: "p".into(),
            classes: vec!["unsub".into()],
            id: None,
        };
        let tiny = ElementInfo {
            tag: "p".into(),
            classes: vec!["tiny".into()],
            id: None,
        };
        let (normal, _) = sheet.declarations_for(&unsub, || vec![&footer]);
        assert_eq!(
            Computed::default().child(&normal).text_hidden(),
            Some(Hidden::DisplayNone)
        );
        let (normal, _) = sheet.declarations_for(&tiny, || vec![&footer]);
        assert_eq!(
            Computed::default().child(&normal).text_hidden(),
            Some(Hidden::TinyFont)
        );
        let (normal, _) = sheet.declarations_for(&tiny, Vec::new);
        assert_eq!(Computed::default().child(&normal).text_hidden(), None);
    }
}
