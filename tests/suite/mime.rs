//! MIME messages: the header mistakes in the German newsletters of `../shared/corpus/` found at
//! their exact ranges, every corpus message read whatever its charset, and `.eml` on the command
//! line (walked, named, and on standard input).

use crate::common::{root, shared};
use sendlint::{Settings, Severity};

const DE: &str = "corpus/unspy-email-de-newsletters/src/Matcher";

fn check(relative: &str) -> (Vec<u8>, Vec<sendlint::Diagnostic>) {
    let path = shared().join(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{relative}: {error}"));
    let settings = Settings::builder().jurisdictions(["de"]).build();
    let diagnostics = sendlint::check_message(&bytes, &settings);
    (bytes, diagnostics)
}

/// The text of the first finding of `rule`.
fn found<'a>(bytes: &'a [u8], diagnostics: &[sendlint::Diagnostic], rule: &str) -> &'a str {
    let diagnostic = diagnostics
        .iter()
        .find(|diagnostic| diagnostic.rule == rule)
        .unwrap_or_else(|| panic!("no {rule}: {diagnostics:#?}"));
    std::str::from_utf8(&bytes[diagnostic.range.clone()]).expect("UTF-8 range")
}

#[test]
fn rewe_one_click_value_without_hyphen() {
    let (bytes, diagnostics) = check(&format!(
        "{DE}/_todo/elaine/examples/2023-01-15-rewe.u1.eml"
    ));
    assert_eq!(
        found(&bytes, &diagnostics, "list-unsubscribe-malformed"),
        "ListUnsubscribe=One-Click"
    );
}

#[test]
fn wwf_uri_without_angle_brackets() {
    let (bytes, diagnostics) = check(&format!(
        "{DE}/_todo/optimizely/examples/2023-01-04-wwf.u1.eml"
    ));
    assert_eq!(
        found(&bytes, &diagnostics, "list-unsubscribe-malformed"),
        "http://news.wwf.de/custom/api/wwf/track/unsubscribe.jsp?bmMailId= 5812L1QV-4160U6X3-YZHP9A"
    );
    // An http URI is no one-click unsubscribe either.
    assert_eq!(
        found(&bytes, &diagnostics, "missing-one-click-unsubscribe"),
        "http://news.wwf.de/custom/api/wwf/track/unsubscribe.jsp?bmMailId= 5812L1QV-4160U6X3-YZHP9A"
    );
}

#[test]
fn norma_without_list_unsubscribe() {
    let (bytes, diagnostics) = check(&format!(
        "{DE}/_todo/_no-user-tracking/2023-01-16-norma.u1.eml"
    ));
    let diagnostic = diagnostics
        .iter()
        .find(|diagnostic| diagnostic.rule == "missing-list-unsubscribe-header")
        .expect("missing-list-unsubscribe-header");
    // An empty range at the blank line that ends the header block.
    assert!(diagnostic.range.is_empty());
    let before = &bytes[..diagnostic.range.start];
    assert!(before.ends_with(b"\n"));
    assert!(
        bytes[diagnostic.range.start..].starts_with(b"\r\n")
            || bytes[diagnostic.range.start..].starts_with(b"\n")
    );
    let header_block_end = bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map(|at| at + 2)
        .or_else(|| {
            bytes
                .windows(2)
                .position(|window| window == b"\n\n")
                .map(|at| at + 1)
        });
    assert_eq!(Some(diagnostic.range.start), header_block_end);
}

#[test]
fn oekoligenta_unsubscribe_link_only_in_the_html_part() {
    let (bytes, diagnostics) = check(&format!(
        "{DE}/_todo/fairmailing/examples/2023-01-03-oekoligenta.u1.eml"
    ));
    let text = std::str::from_utf8(&bytes).expect("UTF-8 message");
    let html_start = text.find("Content-Type: text/html").expect("an HTML part");
    let text_start = text.find("Content-Type: text/plain").expect("a text part");
    let missing: Vec<_> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule == "missing-unsubscribe")
        .collect();
    assert_eq!(missing.len(), 1, "{diagnostics:#?}");
    // The finding is on the text part (at its end), and the HTML part has none.
    assert!(missing[0].range.start > text_start && missing[0].range.start < html_start);
    assert!(missing[0].severity == Severity::Error);
}

#[test]
fn every_corpus_message_is_read() {
    let corpus = shared().join("corpus");
    let labels = std::fs::read_to_string(corpus.join("LABELS.tsv")).expect("LABELS.tsv");
    let mut checked = 0;
    for line in labels.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.get(4) != Some(&"eml") {
            continue;
        }
        let bytes = std::fs::read(corpus.join(columns[0])).expect("corpus message");
        let settings = Settings::builder().build();
        let report = sendlint::check_message_report(&bytes, &settings);
        // Every range lies inside the message and on character boundaries of its text.
        let source = sendlint::document::mime::source_text(&bytes);
        for diagnostic in &report.diagnostics {
            assert!(
                diagnostic.range.end <= bytes.len()
                    && source.is_char_boundary(diagnostic.range.start)
                    && source.is_char_boundary(diagnostic.range.end),
                "{}: {diagnostic:?}",
                columns[0]
            );
        }
        assert_eq!(
            report.context.channel,
            sendlint::Channel::Email,
            "{}",
            columns[0]
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} messages");
}

#[test]
fn bulk_sender_raises_header_rules_to_errors() {
    let path =
        root().join("tests/fixtures/missing-one-click-unsubscribe/bad-en-http-not-https.eml");
    let bytes = std::fs::read(path).expect("fixture");
    let severity = |bulk: bool| {
        let settings = Settings::builder().bulk_sender(bulk).build();
        sendlint::check_message(&bytes, &settings)
            .into_iter()
            .find(|diagnostic| diagnostic.rule == "missing-one-click-unsubscribe")
            .map(|diagnostic| diagnostic.severity)
    };
    assert_eq!(severity(false), Some(Severity::Warning));
    assert_eq!(severity(true), Some(Severity::Error));
}

#[test]
fn eml_files_are_walked_named_and_read_from_stdin() {
    let dir = root().join("tests/fixtures/missing-list-unsubscribe-header");
    let output = assert_cmd::Command::cargo_bin("sendlint")
        .expect("binary")
        .args(["check", "--no-config", "--format", "json"])
        .arg(&dir)
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["summary"]["files"], 4, "{json}");

    let message = std::fs::read(dir.join("bad-nl-geen-list-unsubscribe.eml")).expect("fixture");
    for bulk in [false, true] {
        let mut command = assert_cmd::Command::cargo_bin("sendlint").expect("binary");
        command.args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--stdin-filename",
            "msg.eml",
            "-",
        ]);
        if bulk {
            command.arg("--bulk-sender");
        }
        let output = command.write_stdin(message.clone()).output().expect("run");
        assert_eq!(output.status.code(), Some(if bulk { 1 } else { 0 }));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let rules: Vec<&str> = json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|diagnostic| diagnostic["rule"].as_str())
            .collect();
        assert!(rules.contains(&"missing-list-unsubscribe-header"), "{json}");
    }
}

#[test]
fn a_latin1_message_is_checked_not_refused() {
    let mut message = b"From: Caf\xe9 Lindenpad B.V. <info@lindenpad.example.nl>\r\nSubject: Aanbieding\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".to_vec();
    message.extend_from_slice(
        b"Caf\xe9 Lindenpad: 20% korting op taart. https://lindenpad.example.nl/taart\r\n",
    );
    let output = assert_cmd::Command::cargo_bin("sendlint")
        .expect("binary")
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--jurisdiction",
            "nl",
            "--stdin-filename",
            "msg.eml",
            "-",
        ])
        .write_stdin(message.clone())
        .output()
        .expect("run");
    // Findings (no opt-out), not an unreadable file.
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|diagnostic| diagnostic["rule"].as_str())
        .collect();
    assert!(rules.contains(&"missing-unsubscribe"), "{json}");
}

#[test]
fn a_stored_message_without_extension_is_read_as_a_message() {
    // SpamAssassin's test messages are maildir-style files without an extension.
    let path = shared().join("corpus/spamassassin-testdata/t/data/spam/001");
    let output = assert_cmd::Command::cargo_bin("sendlint")
        .expect("binary")
        .args(["check", "--no-config", "--format", "json"])
        .args(["--channel", "email", "--purpose", "marketing"])
        .arg(&path)
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|diagnostic| diagnostic["rule"].as_str())
        .collect();
    // Header rules run only on messages; read as plain text the headers would be body text.
    assert!(rules.contains(&"missing-list-unsubscribe-header"), "{json}");
    assert!(rules.contains(&"missing-sender-identity"), "{json}");
}
