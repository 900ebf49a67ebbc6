//! `--format junit`: JUnit XML for CI systems that show test reports. One test suite per file;
//! each finding is a failed test case, a clean file one passing case, an unreadable file an
//! error.

use super::{FileResult, Outcome, Positions};
use html_escape::{encode_double_quoted_attribute, encode_text};
use std::fmt::Write;

pub fn render(results: &[FileResult]) -> String {
    let (suites, [all_tests, all_failures, all_errors]) = suites(results);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sendlint\" tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"{all_errors}\">\n{suites}</testsuites>\n"
    )
}

/// The `<testsuite>` elements of some files, and their tests, failures and errors.
pub fn suites(results: &[FileResult]) -> (String, [u64; 3]) {
    let mut suites = String::new();
    let (mut all_tests, mut all_failures, mut all_errors) = (0u64, 0u64, 0u64);
    for result in results {
        let name = attribute(&result.display);
        match &result.outcome {
            Outcome::Failed(message) => {
                all_tests += 1;
                all_errors += 1;
                let _ = writeln!(
                    suites,
                    "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase name=\"{name}\" classname=\"sendlint\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>",
                    attribute(message)
                );
            }
            Outcome::Checked { diagnostics, .. } if diagnostics.is_empty() => {
                all_tests += 1;
                let _ = writeln!(
                    suites,
                    "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"0\">\n    <testcase name=\"{name}\" classname=\"sendlint\"/>\n  </testsuite>"
                );
            }
            Outcome::Checked { diagnostics, .. } => {
                let positions = Positions::new(&result.source);
                all_tests += diagnostics.len() as u64;
                all_failures += diagnostics.len() as u64;
                let _ = writeln!(
                    suites,
                    "  <testsuite name=\"{name}\" tests=\"{0}\" failures=\"{0}\" errors=\"0\">",
                    diagnostics.len()
                );
                for diagnostic in diagnostics {
                    let start = positions.position(diagnostic.range.start);
                    let mut body = format!(
                        "{}:{}:{}: {}",
                        result.display, start.line, start.column, diagnostic.message
                    );
                    if !diagnostic.references.is_empty() {
                        body.push_str(&format!("\nlaw: {}", diagnostic.references.join("; ")));
                    }
                    let _ = writeln!(
                        suites,
                        "    <testcase name=\"{}\" classname=\"sendlint.{}\" file=\"{name}\" line=\"{}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                        attribute(&format!(
                            "{} at {}:{}",
                            diagnostic.rule, start.line, start.column
                        )),
                        attribute(&diagnostic.rule),
                        start.line,
                        attribute(&diagnostic.message),
                        diagnostic.severity,
                        encode_text(&xml_chars(&body)),
                    );
                }
                suites.push_str("  </testsuite>\n");
            }
        }
    }
    (suites, [all_tests, all_failures, all_errors])
}

fn attribute(text: &str) -> String {
    encode_double_quoted_attribute(&xml_chars(text))
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

/// Drops the control characters XML 1.0 cannot hold.
fn xml_chars(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
        .collect()
}
