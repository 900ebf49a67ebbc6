//! Identities of findings that survive unrelated edits: no line numbers, only the file, the rule,
//! the text the finding points at and, for findings that share all three, their order. Used by
//! the GitLab report's `fingerprint`, SARIF's `partialFingerprints` and the baseline.

use super::FileResult;
use crate::Diagnostic;
use std::collections::HashMap;

/// The flagged text with white space collapsed, at most 120 characters: what identifies a
/// finding inside its file once line numbers are left out. Empty for an insertion point.
pub fn snippet(source: &str, diagnostic: &Diagnostic) -> String {
    let start = diagnostic.range.start.min(source.len());
    let end = diagnostic.range.end.clamp(start, source.len());
    let text = source.get(start..end).unwrap_or_default();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(120)
        .collect()
}

/// One fingerprint per diagnostic of `result`, in order: 16 hex digits of FNV-1a over the path,
/// the rule, the snippet and the occurrence number among identical triples.
pub fn fingerprints(result: &FileResult, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let path = result.display.replace('\\', "/");
    diagnostics
        .iter()
        .map(|diagnostic| {
            let text = snippet(&result.source, diagnostic);
            let nth = seen
                .entry((diagnostic.rule.clone(), text.clone()))
                .or_insert(0);
            *nth += 1;
            let key = format!("{path}\u{0}{}\u{0}{text}\u{0}{nth}", diagnostic.rule);
            format!("{:016x}", fnv1a(key.as_bytes()))
        })
        .collect()
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
