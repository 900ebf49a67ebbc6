//! Output written as the files are checked, a batch at a time, so that a run over thousands of
//! drafts holds only one batch of sources in memory. Each batch goes through the format's own
//! renderer; what a format must say once (the JSON summary, SARIF's rules and taxonomy, the
//! JUnit totals) is written at the end from what the batches added up to. The text is the same
//! as rendering all files at once, for human, concise, github, gitlab and json output.

use super::{FileResult, Outcome, Summary};
use serde_json::{Map, Value};
use std::io::{self, Write};

/// The output formats, as `render` knows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Human { colour: bool },
    Json,
    Sarif,
    Github,
    Junit,
    Gitlab,
    Concise,
}

pub struct Stream<W: Write> {
    kind: Kind,
    out: W,
    summary: Summary,
    failed: usize,
    /// JSON diagnostics, SARIF results or GitLab issues written so far.
    items: usize,
    /// JSON `files` and `errors`; SARIF notifications.
    files: Vec<Value>,
    errors: Vec<Value>,
    /// SARIF: the run without results and invocations, from the first batch.
    envelope: Option<Map<String, Value>>,
    /// JUnit: the test suites so far and their totals.
    suites: String,
    totals: [u64; 3],
}

impl<W: Write> Stream<W> {
    pub fn new(kind: Kind, out: W) -> Stream<W> {
        Stream {
            kind,
            out,
            summary: Summary::default(),
            failed: 0,
            items: 0,
            files: Vec::new(),
            errors: Vec::new(),
            envelope: None,
            suites: String::new(),
            totals: [0; 3],
        }
    }

    /// Writes one batch of results, in order.
    pub fn batch(&mut self, results: &[FileResult]) -> io::Result<()> {
        let batch = Summary::of(results);
        self.summary.files += batch.files;
        self.summary.errors += batch.errors;
        self.summary.warnings += batch.warnings;
        self.summary.infos += batch.infos;
        self.failed += results
            .iter()
            .filter(|result| matches!(result.outcome, Outcome::Failed(_)))
            .count();
        match self.kind {
            Kind::Human { colour } => self
                .out
                .write_all(super::human::render_files(results, colour).as_bytes()),
            Kind::Concise => self
                .out
                .write_all(super::concise::render(results).as_bytes()),
            Kind::Github => self
                .out
                .write_all(super::github::render(results).as_bytes()),
            Kind::Gitlab => {
                let issues = parse(&super::gitlab::render(results));
                self.write_items("[", issues.as_array().map_or(&[][..], Vec::as_slice), 2)
            }
            Kind::Json => {
                let mut report = parse(&super::json::render(results));
                let diagnostics = report["diagnostics"].take();
                self.write_items(
                    "{\n  \"diagnostics\": [",
                    diagnostics.as_array().map_or(&[][..], Vec::as_slice),
                    4,
                )?;
                if let Value::Array(files) = report["files"].take() {
                    self.files.extend(files);
                }
                if let Some(Value::Array(errors)) = report.get_mut("errors").map(Value::take) {
                    self.errors.extend(errors);
                }
                Ok(())
            }
            Kind::Sarif => {
                let log = parse(&super::sarif::render(results));
                let Some(mut run) = log["runs"][0].as_object().cloned() else {
                    return Ok(());
                };
                let results = run.remove("results").unwrap_or_default();
                if let Some(Value::Array(notifications)) =
                    run.remove("invocations").and_then(|mut invocations| {
                        invocations[0]
                            .get_mut("toolExecutionNotifications")
                            .map(Value::take)
                    })
                {
                    self.errors.extend(notifications);
                }
                if self.envelope.is_none() {
                    self.write_sarif_head(&log, &run)?;
                    self.envelope = Some(run);
                }
                self.write_items("", results.as_array().map_or(&[][..], Vec::as_slice), 8)
            }
            Kind::Junit => {
                let (suites, totals) = super::junit::suites(results);
                self.suites.push_str(&suites);
                for (total, add) in self.totals.iter_mut().zip(totals) {
                    *total += add;
                }
                Ok(())
            }
        }
    }

    /// Writes what comes after the last file.
    pub fn finish(mut self) -> io::Result<W> {
        match self.kind {
            Kind::Human { .. } => {
                let line = super::human::summary_line(self.summary, self.failed);
                self.out.write_all(line.as_bytes())?;
            }
            Kind::Concise | Kind::Github => {}
            Kind::Gitlab => {
                let close: &[u8] = if self.items == 0 { b"[]\n" } else { b"\n]\n" };
                self.out.write_all(close)?;
            }
            Kind::Json => {
                if self.items == 0 {
                    self.out.write_all(b"{\n  \"diagnostics\": [],\n")?;
                } else {
                    self.out.write_all(b"\n  ],\n")?;
                }
                let mut rest = Map::new();
                if !self.errors.is_empty() {
                    rest.insert(
                        "errors".into(),
                        Value::Array(std::mem::take(&mut self.errors)),
                    );
                }
                rest.insert(
                    "files".into(),
                    Value::Array(std::mem::take(&mut self.files)),
                );
                rest.insert(
                    "summary".into(),
                    serde_json::json!({
                        "files": self.summary.files,
                        "errors": self.summary.errors,
                        "warnings": self.summary.warnings,
                        "infos": self.summary.infos,
                    }),
                );
                rest.insert("version".into(), Value::from(1));
                let text = serde_json::to_string_pretty(&Value::Object(rest)).unwrap_or_default();
                // Without its opening brace: the object was opened with `diagnostics`.
                self.out.write_all(
                    text.trim_start_matches('{')
                        .trim_start_matches('\n')
                        .as_bytes(),
                )?;
                self.out.write_all(b"\n")?;
            }
            Kind::Sarif => {
                if self.envelope.is_none() {
                    let log = parse(&super::sarif::render(&[]));
                    let mut run = log["runs"][0].as_object().cloned().unwrap_or_default();
                    run.remove("results");
                    run.remove("invocations");
                    self.write_sarif_head(&log, &run)?;
                }
                self.out
                    .write_all(if self.items == 0 { b"" } else { b"\n        " })?;
                let invocations = serde_json::json!([{
                    "executionSuccessful": self.errors.is_empty(),
                    "toolExecutionNotifications": std::mem::take(&mut self.errors),
                }]);
                write!(
                    self.out,
                    "],\n      \"invocations\": {}\n    }}\n  ],\n  \"version\": \"2.1.0\"\n}}\n",
                    indented(&invocations, 6)
                )?;
            }
            Kind::Junit => {
                let [tests, failures, errors] = self.totals;
                write!(
                    self.out,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sendlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{}</testsuites>\n",
                    self.suites
                )?;
            }
        }
        self.out.flush()?;
        Ok(self.out)
    }

    /// Writes array items pretty-printed at `indent`, comma-separated across batches; the
    /// first item is preceded by `opening`.
    fn write_items(&mut self, opening: &str, items: &[Value], indent: usize) -> io::Result<()> {
        let pad = " ".repeat(indent);
        for item in items {
            if self.items == 0 {
                self.out.write_all(opening.as_bytes())?;
            }
            let separator = if self.items == 0 { "\n" } else { ",\n" };
            write!(self.out, "{separator}{pad}{}", indented(item, indent))?;
            self.items += 1;
        }
        Ok(())
    }

    /// SARIF up to the opening of the run's results.
    fn write_sarif_head(&mut self, log: &Value, run: &Map<String, Value>) -> io::Result<()> {
        write!(
            self.out,
            "{{\n  \"$schema\": {},\n  \"runs\": [\n    {{\n",
            log["$schema"]
        )?;
        for (key, value) in run {
            writeln!(
                self.out,
                "      {}: {},",
                Value::from(key.as_str()),
                indented(value, 6)
            )?;
        }
        self.out.write_all(b"      \"results\": [")
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_default()
}

/// Pretty JSON whose lines after the first are indented by `indent` more spaces.
fn indented(value: &Value, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let pad = format!("\n{}", " ".repeat(indent));
    text.replace('\n', &pad)
}
