//! The embedded rule data: rule files, legal references, phrase lexicons and merge-tag dialects.
//! The only module that reads `rules/`; everything a rule says to people comes from here.

use crate::diagnostic::Severity;
use crate::document::MergeTagRegistry;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{LazyLock, OnceLock};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));
}

/// The languages sendlint speaks.
pub const LANGUAGES: [&str; 4] = ["nl", "en", "de", "fr"];
/// The jurisdictions sendlint knows.
pub const JURISDICTIONS: [&str; 6] = ["nl", "eu", "uk", "us", "ca", "de"];

/// One legal or platform reference.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    pub url: String,
    #[serde(default)]
    pub quote: Option<String>,
}

/// A rule's user documentation, in fixed sections.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    pub what: String,
    pub why: String,
    pub instead: String,
}

/// An example from a rule file; run as a test.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub expect: String,
    pub format: String,
    pub source: String,
    #[serde(default)]
    pub context: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    summary: String,
    channels: Vec<String>,
    references: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    /// A rule outside the jurisdiction profiles carries its own severities here (`default`,
    /// per jurisdiction, per audience); the catalogue's rules take theirs from
    /// `jurisdictions.toml`.
    #[serde(default)]
    severity: BTreeMap<String, toml::Value>,
    message: BTreeMap<String, String>,
    #[serde(default)]
    suggestion: BTreeMap<String, String>,
    docs: Docs,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    detect: Option<Detect>,
}

/// A phrase-level rule's detection, entirely in its data file: every visible phrase of a
/// concept is a finding, unless another concept stands in the same sentence.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Detect {
    /// The lexicon concept whose phrases are findings.
    pub concept: String,
    /// The purposes of message it looks at (`marketing`, `transactional`, ...).
    #[serde(default = "marketing_only")]
    pub purposes: Vec<String>,
    /// Concepts that clear a phrase when they stand in its sentence.
    #[serde(default)]
    pub unless_in_sentence: Vec<String>,
    /// Report every phrase, not only the first.
    #[serde(default)]
    pub every: bool,
}

fn marketing_only() -> Vec<String> {
    vec!["marketing".to_string()]
}

/// What the rule data says about one rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub summary: String,
    pub channels: Vec<String>,
    pub references: Vec<String>,
    pub aliases: Vec<String>,
    pub default_severity: Severity,
    /// Severity per jurisdiction where it differs from the default; `None` where the rule does
    /// not apply.
    pub jurisdiction_severity: BTreeMap<String, Option<Severity>>,
    /// Severity per audience and jurisdiction (e.g. existing customers under the soft opt-in).
    pub audience_severity: BTreeMap<String, BTreeMap<String, Option<Severity>>>,
    /// Whether the severities come from the jurisdiction profiles (all compliance rules).
    pub from_profiles: bool,
    pub message: BTreeMap<String, String>,
    pub suggestion: BTreeMap<String, String>,
    pub docs: Docs,
    pub examples: Vec<Example>,
    /// The detection of a phrase-level rule that needs no code of its own.
    pub detect: Option<Detect>,
}

impl Rule {
    /// The strictest severity over the given jurisdictions, for the given audience; `None`
    /// when the rule applies under none of them.
    pub fn severity(&self, jurisdictions: &[String], audience: Option<&str>) -> Option<Severity> {
        let per_audience = audience.and_then(|audience| self.audience_severity.get(audience));
        if jurisdictions.is_empty() {
            return Some(self.default_severity);
        }
        jurisdictions
            .iter()
            .filter_map(|jurisdiction| {
                per_audience
                    .and_then(|table| table.get(jurisdiction))
                    .or_else(|| self.jurisdiction_severity.get(jurisdiction))
                    .copied()
                    .unwrap_or(Some(self.default_severity))
            })
            .max()
    }

    /// The message in `language`, falling back to English, with placeholders filled.
    pub fn message(&self, language: &str, placeholders: &[(&str, &str)]) -> String {
        let template = self
            .message
            .get(language)
            .or_else(|| self.message.get("en"))
            .cloned()
            .unwrap_or_else(|| self.summary.clone());
        fill(&template, placeholders)
    }

    /// The suggested wording in `language`, if the rule has one.
    pub fn suggestion(&self, language: &str, placeholders: &[(&str, &str)]) -> Option<String> {
        let template = self
            .suggestion
            .get(language)
            .or_else(|| self.suggestion.get("en"))?;
        Some(fill(template, placeholders))
    }
}

fn fill(template: &str, placeholders: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (name, value) in placeholders {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// A phrase concept compiled over all languages, and per language.
#[derive(Debug)]
pub struct Concept {
    pub name: String,
    /// Case-insensitive concepts are compiled in lower case and matched against text lowered
    /// with `to_ascii_lowercase` (which keeps every byte offset): far faster than `(?i)`.
    case_sensitive: bool,
    /// The concept's patterns joined into one regex, compiled on first use: a run over e-mails
    /// asks for a fraction of the concepts, and compiling all of them dominates start-up.
    joined: String,
    /// The patterns as (file, as written, as prepared), to name the one at fault in an error.
    sources: Vec<PatternSource>,
    all: OnceLock<Regex>,
}

impl Concept {
    /// The compiled regex. The embedded lexicons are compiled in full by the test suite (and by
    /// `try_data`), so a failure here is a build defect.
    fn regex(&self) -> &Regex {
        self.all.get_or_init(|| {
            self.compile()
                .unwrap_or_else(|error| panic!("the embedded rule data is invalid: {error}"))
        })
    }

    fn compile(&self) -> Result<Regex, String> {
        let case_sensitive = self.case_sensitive;
        RegexBuilder::new(&self.joined)
            .size_limit(1 << 26)
            .dfa_size_limit(1 << 26)
            .build()
            .map_err(|error| {
                // Name the pattern at fault: compiling each one costs time, so only here.
                self.sources
                    .iter()
                    .find_map(|(path, pattern, prepared)| {
                        RegexBuilder::new(&if case_sensitive {
                            prepared.clone()
                        } else {
                            lowercase_pattern(prepared)
                        })
                        .build()
                        .err()
                        .map(|error| format!("rules/{path}: pattern {pattern:?}: {error}"))
                    })
                    .unwrap_or_else(|| format!("rules/lexicon: concept `{}`: {error}", self.name))
            })
    }

    /// The text this concept's regex runs on.
    fn prepare<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.case_sensitive || !text.bytes().any(|byte| byte.is_ascii_uppercase()) {
            std::borrow::Cow::Borrowed(text)
        } else {
            std::borrow::Cow::Owned(text.to_ascii_lowercase())
        }
    }

    /// Byte ranges in `text` (folded) where the concept's phrases occur, leftmost first.
    pub fn find_all(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        self.regex()
            .find_iter(&self.prepare(text))
            .map(|found| found.range())
            .collect()
    }

    /// The same, given the text and its ASCII-lowered twin (so a caller lowers once).
    pub fn find_all_in(&self, text: &str, lowered: &str) -> Vec<std::ops::Range<usize>> {
        let haystack = if self.case_sensitive { text } else { lowered };
        self.regex()
            .find_iter(haystack)
            .map(|found| found.range())
            .collect()
    }

    /// Whether the concept occurs, given the text and its ASCII-lowered twin.
    pub fn is_match_in(&self, text: &str, lowered: &str) -> bool {
        self.regex()
            .is_match(if self.case_sensitive { text } else { lowered })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(&self.prepare(text))
    }

    pub fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        self.regex()
            .find(&self.prepare(text))
            .map(|found| found.range())
    }
}

/// Lower-cases the ASCII letters of a pattern, leaving escapes (`\D`, `\p{Lu}`, `\x27`) as
/// they are.
fn lowercase_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(character) = chars.next() {
        if character == '\\' {
            out.push(character);
            if let Some(next) = chars.next() {
                out.push(next);
                if matches!(next, 'p' | 'P' | 'x' | 'u') && chars.peek() == Some(&'{') {
                    for inner in chars.by_ref() {
                        out.push(inner);
                        if inner == '}' {
                            break;
                        }
                    }
                } else if next == 'x' {
                    out.extend(chars.by_ref().take(2));
                }
            }
        } else {
            out.push(character.to_ascii_lowercase());
        }
    }
    out
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConceptFile {
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default = "yes")]
    word_boundaries: bool,
    patterns: Vec<String>,
}

fn yes() -> bool {
    true
}

/// The lexicon of phrases that are the same in every language.
const COMMON: &str = "lexicon/common.toml";

/// A lexicon pattern: the file it is in, as written, and as prepared for matching.
type PatternSource = (String, String, String);

/// The phrase lexicons of all languages.
#[derive(Debug)]
pub struct Lexicon {
    concepts: HashMap<String, Concept>,
    /// Function words per language, for language detection.
    pub stopwords: Vec<(String, HashSet<String>)>,
}

impl Lexicon {
    /// The concept with this name. A check asks only for concepts the lexicons define (the test
    /// suite runs every check), so a missing one is a defect of the build.
    pub fn concept(&self, name: &str) -> &Concept {
        self.concepts
            .get(name)
            .unwrap_or_else(|| panic!("concept `{name}` is in no lexicon"))
    }

    /// Compiles every concept, reporting the first pattern that does not compile.
    pub fn compile_all(&self) -> Result<(), String> {
        let mut names: Vec<&String> = self.concepts.keys().collect();
        names.sort();
        for name in names {
            let concept = &self.concepts[name];
            if concept.all.get().is_none() {
                let regex = concept.compile()?;
                let _ = concept.all.set(regex);
            }
        }
        Ok(())
    }

    /// Whether some lexicon defines this concept.
    pub fn has_concept(&self, name: &str) -> bool {
        self.concepts.contains_key(name) || name == "stopwords"
    }

    fn load(files: &[(&str, &str)]) -> Result<Lexicon, String> {
        let mut patterns: BTreeMap<String, (bool, Vec<PatternSource>)> = BTreeMap::new();
        let mut stopwords = Vec::new();
        let mut names: Vec<(String, BTreeSet<String>)> = Vec::new();
        for (path, text) in files {
            let language = path
                .trim_start_matches("lexicon/")
                .trim_end_matches(".toml")
                .to_string();
            let file: BTreeMap<String, ConceptFile> =
                toml::from_str(text).map_err(|error| format!("rules/{path}: {error}"))?;
            names.push((
                path.to_string(),
                file.keys().cloned().collect::<BTreeSet<_>>(),
            ));
            for (name, concept) in file {
                if name == "stopwords" {
                    stopwords.push((
                        language.clone(),
                        concept
                            .patterns
                            .iter()
                            .map(|word| word.to_lowercase())
                            .collect(),
                    ));
                    continue;
                }
                let entry = patterns
                    .entry(name)
                    .or_insert((concept.case_sensitive, Vec::new()));
                for pattern in &concept.patterns {
                    entry.1.push((
                        path.to_string(),
                        pattern.clone(),
                        prepare_pattern(pattern, concept.word_boundaries),
                    ));
                }
            }
        }
        // Every language defines every concept, so no check goes blind in one language; the
        // phrases of `common.toml` (domain names, codes) hold in all of them.
        let common: BTreeSet<String> = names
            .iter()
            .filter(|(path, _)| path == COMMON)
            .flat_map(|(_, set)| set.iter().cloned())
            .collect();
        let all: BTreeSet<&String> = names
            .iter()
            .filter(|(path, _)| path != COMMON)
            .flat_map(|(_, set)| set)
            .filter(|name| !common.contains(*name))
            .collect();
        for (path, set) in names.iter().filter(|(path, _)| path != COMMON) {
            if let Some(missing) = all.iter().find(|name| !set.contains(**name)) {
                let elsewhere = names
                    .iter()
                    .find(|(_, other)| other.contains(*missing))
                    .map_or("", |(other, _)| other.as_str());
                return Err(format!(
                    "rules/{path}: the concept `{missing}` is missing (rules/{elsewhere} defines it)"
                ));
            }
        }
        let mut concepts = HashMap::new();
        for (name, (case_sensitive, list)) in patterns {
            let joined = if list.is_empty() {
                "[^\\s\\S]".to_string()
            } else {
                list.iter()
                    .map(|(_, _, prepared)| prepared.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            };
            let joined = if case_sensitive {
                joined
            } else {
                lowercase_pattern(&joined)
            };
            concepts.insert(
                name.clone(),
                Concept {
                    name,
                    case_sensitive,
                    joined: format!("(?:{joined})"),
                    sources: list,
                    all: OnceLock::new(),
                },
            );
        }
        Ok(Lexicon {
            concepts,
            stopwords,
        })
    }
}

/// Makes a lexicon pattern ready to join: folded like the text it runs on, with ASCII classes
/// (the text is folded, and Unicode classes under `(?i)` make the automaton huge), and with word
/// boundaries where the pattern begins or ends with a word character.
fn prepare_pattern(pattern: &str, word_boundaries: bool) -> String {
    let folded = crate::document::folded::fold(pattern);
    let mut ascii = String::with_capacity(folded.len() + 16);
    let mut chars = folded.chars().peekable();
    let mut in_class = false;
    while let Some(character) = chars.next() {
        match character {
            '\\' => match chars.next() {
                // Inside `[...]` a class is spelled out; outside it becomes an ASCII group.
                Some(class @ ('w' | 'd' | 's')) if in_class => ascii.push_str(match class {
                    'w' => "a-zA-Z0-9_",
                    'd' => "0-9",
                    _ => " \\t\\n\\r",
                }),
                Some(class @ ('w' | 'd' | 's')) => {
                    ascii.push_str("(?-u:\\");
                    ascii.push(class);
                    ascii.push(')');
                }
                Some(other) => {
                    ascii.push('\\');
                    ascii.push(other);
                }
                None => ascii.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                ascii.push(character);
                // A `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    ascii.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    ascii.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                ascii.push(character);
            }
            _ => ascii.push(character),
        }
    }
    if !word_boundaries {
        return format!("(?:{ascii})");
    }
    let starts_word = folded
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '(' || c == '[')
        || folded.starts_with("\\w")
        || folded.starts_with("\\d");
    let ends_word = !(folded.ends_with("\\.")
        || folded.ends_with('.')
        || folded.ends_with('%')
        || folded.ends_with('€')
        || folded.ends_with('£')
        || folded.ends_with("\\)")
        || folded.ends_with("\\?")
        || folded.ends_with([':', ',', ';', '!', '/']));
    let start = if starts_word { "(?-u:\\b)" } else { "" };
    let end = if ends_word { "(?-u:\\b)" } else { "" };
    format!("{start}(?:{ascii}){end}")
}

/// Everything embedded from `rules/`.
#[derive(Debug)]
pub struct RuleData {
    pub rules: BTreeMap<String, Rule>,
    pub references: BTreeMap<String, Reference>,
    pub lexicon: Lexicon,
    pub merge_tags: MergeTagRegistry,
    /// The jurisdiction profiles, in the order of `JURISDICTIONS`.
    pub jurisdictions: Vec<Jurisdiction>,
}

type SeverityTables = (
    Severity,
    BTreeMap<String, Option<Severity>>,
    BTreeMap<String, BTreeMap<String, Option<Severity>>>,
);

/// A rule's own `[severity]` table, for a rule outside the jurisdiction profiles: `default` (which
/// may be `off`), per-jurisdiction values and per-audience tables. `None` when there is none.
fn own_severity(
    path: &str,
    table: &BTreeMap<String, toml::Value>,
) -> Result<Option<SeverityTables>, String> {
    if table.is_empty() {
        return Ok(None);
    }
    let parse = |place: &str, value: &toml::Value| -> Result<Option<Severity>, String> {
        match value.as_str() {
            Some("off") => Ok(None),
            Some(text) => Severity::parse(text).map(Some).ok_or(format!(
                "rules/{path}: severity.{place}: `{text}` is not a severity (error, warning, info, off)"
            )),
            None => Err(format!("rules/{path}: severity.{place} must be a string")),
        }
    };
    let default = parse(
        "default",
        table
            .get("default")
            .ok_or(format!("rules/{path}: severity.default is missing"))?,
    )?;
    let mut per_jurisdiction: BTreeMap<String, Option<Severity>> = JURISDICTIONS
        .iter()
        .map(|id| (id.to_string(), default))
        .collect();
    let mut per_audience = BTreeMap::new();
    for (key, value) in table {
        match (key.as_str(), value) {
            ("default", _) => {}
            (id, _) if JURISDICTIONS.contains(&id) => {
                per_jurisdiction.insert(id.to_string(), parse(id, value)?);
            }
            ("prospects" | "customers" | "business", toml::Value::Table(entries)) => {
                let mut per = BTreeMap::new();
                for (id, value) in entries {
                    per.insert(id.clone(), parse(&format!("{key}.{id}"), value)?);
                }
                per_audience.insert(key.clone(), per);
            }
            _ => return Err(format!("rules/{path}: unknown severity key `{key}`")),
        }
    }
    let shown = default
        .or_else(|| per_jurisdiction.values().flatten().max().copied())
        .unwrap_or(Severity::Info);
    Ok(Some((shown, per_jurisdiction, per_audience)))
}

/// A jurisdiction profile from `rules/jurisdictions.toml`.
#[derive(Clone, Debug)]
pub struct Jurisdiction {
    pub id: String,
    pub name: String,
    /// The laws the profile encodes, for people.
    pub law: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: String,
    law: String,
    rules: BTreeMap<String, String>,
    #[serde(default)]
    audience: BTreeMap<String, BTreeMap<String, String>>,
}

/// Reads the jurisdiction profiles into the rules' severity tables. Every rule whose severity
/// the law decides must be listed in every profile, and a profile may name only known rules.
fn load_profiles(
    text: &str,
    rules: &mut BTreeMap<String, Rule>,
) -> Result<Vec<Jurisdiction>, String> {
    const FILE: &str = "rules/jurisdictions.toml";
    let mut profiles: BTreeMap<String, ProfileFile> =
        toml::from_str(text).map_err(|error| format!("{FILE}: {error}"))?;
    let parse = |place: &str, value: &str| -> Result<Option<Severity>, String> {
        if value == "off" {
            return Ok(None);
        }
        Severity::parse(value).map(Some).ok_or(format!(
            "{FILE}: {place}: `{value}` is not a severity (error, warning, info, off)"
        ))
    };
    let mut jurisdictions = Vec::new();
    for id in JURISDICTIONS {
        let profile = profiles
            .remove(id)
            .ok_or(format!("{FILE}: the profile `[{id}]` is missing"))?;
        for (rule_id, value) in &profile.rules {
            let severity = parse(&format!("{id}.rules.{rule_id}"), value)?;
            let rule = rules
                .get_mut(rule_id)
                .ok_or(format!("{FILE}: {id}.rules: unknown rule `{rule_id}`"))?;
            if !rule.from_profiles {
                return Err(format!(
                    "{FILE}: {id}.rules.{rule_id}: the rule has its own [severity] table; keep one of the two"
                ));
            }
            rule.jurisdiction_severity.insert(id.to_string(), severity);
        }
        for (audience, table) in &profile.audience {
            if !matches!(audience.as_str(), "prospects" | "customers" | "business") {
                return Err(format!(
                    "{FILE}: {id}.audience.{audience}: use prospects, customers or business"
                ));
            }
            for (rule_id, value) in table {
                let severity = parse(&format!("{id}.audience.{audience}.{rule_id}"), value)?;
                let rule = rules.get_mut(rule_id).ok_or(format!(
                    "{FILE}: {id}.audience.{audience}: unknown rule `{rule_id}`"
                ))?;
                rule.audience_severity
                    .entry(audience.clone())
                    .or_default()
                    .insert(id.to_string(), severity);
            }
        }
        jurisdictions.push(Jurisdiction {
            id: id.to_string(),
            name: profile.name,
            law: profile.law,
        });
    }
    if let Some(extra) = profiles.keys().next() {
        return Err(format!(
            "{FILE}: unknown jurisdiction `[{extra}]`: use one of {}",
            JURISDICTIONS.join(", ")
        ));
    }
    for rule in rules.values_mut().filter(|rule| rule.from_profiles) {
        if let Some(missing) = JURISDICTIONS
            .iter()
            .find(|id| !rule.jurisdiction_severity.contains_key(**id))
        {
            return Err(format!(
                "{FILE}: `{}` is not in the profile `[{missing}.rules]`",
                rule.id
            ));
        }
        // With no jurisdiction given: the severity under `eu`, the default jurisdiction.
        rule.default_severity = rule
            .jurisdiction_severity
            .get("eu")
            .copied()
            .flatten()
            .or_else(|| rule.jurisdiction_severity.values().flatten().max().copied())
            .unwrap_or(Severity::Info);
    }
    Ok(jurisdictions)
}

impl RuleData {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.get(id).or_else(|| {
            self.rules
                .values()
                .find(|rule| rule.aliases.iter().any(|alias| alias == id))
        })
    }

    /// The short titles of a rule's references.
    pub fn reference_titles(&self, rule: &Rule) -> Vec<String> {
        rule.references
            .iter()
            .filter_map(|key| self.references.get(key))
            .map(|reference| reference.title.clone())
            .collect()
    }

    fn load() -> Result<RuleData, String> {
        let files = embedded::RULE_FILES;
        let text_of = |name: &str| {
            files
                .iter()
                .find(|(path, _)| *path == name)
                .map(|(_, text)| *text)
                .ok_or(format!("rules/{name} is missing"))
        };
        let references: BTreeMap<String, Reference> =
            toml::from_str(text_of("references.toml")?)
                .map_err(|error| format!("rules/references.toml: {error}"))?;
        let merge_tags = MergeTagRegistry::from_toml(text_of("merge-tags.toml")?)?;
        let lexicon_files: Vec<(&str, &str)> = files
            .iter()
            .filter(|(path, _)| path.starts_with("lexicon/"))
            .copied()
            .collect();
        let lexicon = Lexicon::load(&lexicon_files)?;
        let mut rules = BTreeMap::new();
        for (path, text) in files {
            if path.contains('/')
                || matches!(
                    *path,
                    "references.toml" | "merge-tags.toml" | "jurisdictions.toml"
                )
            {
                continue;
            }
            let file: RuleFile =
                toml::from_str(text).map_err(|error| format!("rules/{path}: {error}"))?;
            if format!("{}.toml", file.id) != *path {
                return Err(format!(
                    "rules/{path}: the id `{}` does not match the file name",
                    file.id
                ));
            }
            for key in &file.references {
                if !references.contains_key(key) {
                    return Err(format!("rules/{path}: unknown reference `{key}`"));
                }
            }
            let own = own_severity(path, &file.severity)?;
            let from_profiles = own.is_none();
            let (default_severity, jurisdiction_severity, audience_severity) =
                own.unwrap_or((Severity::Info, BTreeMap::new(), BTreeMap::new()));
            rules.insert(
                file.id.clone(),
                Rule {
                    id: file.id,
                    summary: file.summary,
                    channels: file.channels,
                    references: file.references,
                    aliases: file.aliases,
                    default_severity,
                    jurisdiction_severity,
                    audience_severity,
                    from_profiles,
                    detect: file.detect,
                    message: file.message,
                    suggestion: file.suggestion,
                    docs: file.docs,
                    examples: file.examples,
                },
            );
        }
        for rule in rules.values() {
            let Some(detect) = &rule.detect else { continue };
            for concept in std::iter::once(&detect.concept).chain(&detect.unless_in_sentence) {
                if !lexicon.has_concept(concept) {
                    return Err(format!(
                        "rules/{}.toml: detect: the concept `{concept}` is in no lexicon",
                        rule.id
                    ));
                }
            }
            for purpose in &detect.purposes {
                if crate::lint::Purpose::parse(purpose).is_none() {
                    return Err(format!(
                        "rules/{}.toml: detect.purposes: unknown purpose `{purpose}`: use {}",
                        rule.id,
                        crate::lint::PURPOSES
                    ));
                }
            }
        }
        let jurisdictions = load_profiles(text_of("jurisdictions.toml")?, &mut rules)?;
        Ok(RuleData {
            rules,
            references,
            lexicon,
            merge_tags,
            jurisdictions,
        })
    }
}

static DATA: LazyLock<Result<RuleData, String>> = LazyLock::new(RuleData::load);

/// The embedded rule data. The data is compiled in and checked by the test suite, so a failure
/// here is a build defect, not a user error.
pub fn data() -> &'static RuleData {
    match &*DATA {
        Ok(data) => data,
        Err(error) => panic!("the embedded rule data is invalid: {error}"),
    }
}

/// Loads the embedded data, reporting a defect as an error (for tests and `sendlint rules`).
pub fn try_data() -> Result<&'static RuleData, String> {
    let data = DATA.as_ref().map_err(Clone::clone)?;
    data.lexicon.compile_all()?;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads() {
        let data = try_data().unwrap();
        assert!(data.rules.contains_key("missing-unsubscribe"));
        assert!(!data.merge_tags.esps.is_empty());
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn several_jurisdictions_take_the_strictest_severity() {
        let data = try_data().unwrap();
        let postal = data.rule("missing-postal-address").unwrap();
        assert_eq!(
            postal.severity(&strings(&["nl"]), None),
            Some(Severity::Info)
        );
        assert_eq!(
            postal.severity(&strings(&["de"]), None),
            Some(Severity::Warning)
        );
        assert_eq!(
            postal.severity(&strings(&["nl", "us", "de"]), None),
            Some(Severity::Error)
        );
        let stop = data.rule("sms-missing-stop-keyword").unwrap();
        assert_eq!(
            stop.severity(&strings(&["eu", "ca"]), None),
            Some(Severity::Error)
        );
    }

    #[test]
    fn customers_raise_the_objection_notice_under_nl_eu_and_de() {
        let data = try_data().unwrap();
        let notice = data.rule("missing-objection-notice").unwrap();
        for jurisdiction in ["nl", "eu", "de"] {
            let list = strings(&[jurisdiction]);
            assert_eq!(notice.severity(&list, None), Some(Severity::Warning));
            assert_eq!(
                notice.severity(&list, Some("prospects")),
                Some(Severity::Warning)
            );
            assert_eq!(
                notice.severity(&list, Some("customers")),
                Some(Severity::Error)
            );
        }
        assert_eq!(
            notice.severity(&strings(&["us"]), Some("customers")),
            Some(Severity::Info)
        );
    }

    #[test]
    fn profiles_must_list_every_rule_and_only_known_ones() {
        let mut rules = try_data().unwrap().rules.clone();
        for rule in rules.values_mut() {
            rule.jurisdiction_severity.clear();
            rule.audience_severity.clear();
        }
        let text = embedded::RULE_FILES
            .iter()
            .find(|(path, _)| *path == "jurisdictions.toml")
            .unwrap()
            .1;
        assert!(load_profiles(text, &mut rules.clone()).is_ok());
        let without = text.replacen("paid-unsubscribe = \"error\"\n", "", 1);
        let error = load_profiles(&without, &mut rules.clone()).unwrap_err();
        assert!(
            error.contains("`paid-unsubscribe` is not in the profile `[nl.rules]`"),
            "{error}"
        );
        let unknown = text.replacen("[nl.rules]\n", "[nl.rules]\nno-such-rule = \"error\"\n", 1);
        let error = load_profiles(&unknown, &mut rules.clone()).unwrap_err();
        assert!(error.contains("unknown rule `no-such-rule`"), "{error}");
        let off = text.replacen(
            "[nl.rules]\n",
            "[nl.rules]\nunused-suppression = \"off\"\n",
            1,
        );
        let error = load_profiles(&off, &mut rules).unwrap_err();
        assert!(error.contains("its own [severity] table"), "{error}");
    }

    #[test]
    fn patterns_get_boundaries_and_ascii_classes() {
        assert_eq!(
            prepare_pattern("afmeld\\w*", true),
            "(?-u:\\b)(?:afmeld(?-u:\\w)*)(?-u:\\b)"
        );
        assert_eq!(prepare_pattern("B\\.V\\.", true), "(?-u:\\b)(?:B\\.V\\.)");
        // An optional last letter still ends a word ("recu" must not match in "recurring"); a
        // literal question mark or colon does not.
        assert_eq!(
            prepare_pattern("recue?", true),
            "(?-u:\\b)(?:recue?)(?-u:\\b)"
        );
        assert_eq!(
            prepare_pattern("stoppen\\?", true),
            "(?-u:\\b)(?:stoppen\\?)"
        );
        assert_eq!(prepare_pattern("sp ?:", true), "(?-u:\\b)(?:sp ?:)");
        assert_eq!(
            prepare_pattern("désinscription", false),
            "(?:desinscription)"
        );
        assert_eq!(
            prepare_pattern("[\\w-]+x", true),
            "(?-u:\\b)(?:[a-zA-Z0-9_-]+x)(?-u:\\b)"
        );
        assert_eq!(prepare_pattern("[^\\d]", false), "(?:[^0-9])");
        assert_eq!(
            lowercase_pattern("Ab\\D\\p{Lu}\\x27[A-Z]"),
            "ab\\D\\p{Lu}\\x27[a-z]"
        );
    }
}
