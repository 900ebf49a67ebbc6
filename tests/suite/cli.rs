//! The command line, run as a user would: flags, formats, exit codes, standard input,
//! configuration errors and suppressions.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

/// A Dutch newsletter with a working opt-out but no notice: one warning, no error.
const NOTICE_MISSING: &str = r#"<html lang="nl"><body>
<p>Nieuwe fietsen binnen: 20% korting met code LENTE.</p>
<p>Velomaas B.V. · Kerkstraat 8 · 2801 JK Gouda · info@velomaas.nl</p>
<p><a href="*|UNSUB|*">Afmelden</a></p>
</body></html>
"#;

/// The same with the notice: clean.
const CLEAN: &str = r#"<html lang="nl"><body>
<p>Nieuwe fietsen binnen: 20% korting met code LENTE.</p>
<p>Velomaas B.V. · Kerkstraat 8 · 2801 JK Gouda · info@velomaas.nl</p>
<p>Wil je deze e-mails niet meer ontvangen? <a href="*|UNSUB|*">Meld je hier af</a>.</p>
</body></html>
"#;

/// No opt-out at all: errors.
const NO_OPT_OUT: &str = r#"<html lang="en"><body>
<p>Spring sale: 30% off everything. <a href="https://shop.example.org/sale">Shop now</a></p>
<p>Sent by Alder &amp; Ember Coffee Co.</p>
</body></html>
"#;

fn sendlint() -> Command {
    let mut command = Command::cargo_bin("sendlint").expect("the binary is built");
    command.env("NO_COLOR", "1");
    command
}

fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, contents) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, contents).expect("write");
    }
    dir
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|error| panic!("not JSON ({error}): {}", String::from_utf8_lossy(output)))
}

fn rules_in(report: &Value) -> Vec<String> {
    let mut rules: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
        .collect();
    rules.sort();
    rules
}

/// The first finding of `rule` in a JSON report.
fn finding<'a>(report: &'a Value, rule: &str) -> Option<&'a Value> {
    report["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["rule"] == rule)
}

fn check_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let output = sendlint()
        .current_dir(dir)
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .expect("runs");
    (output.status.code().unwrap_or(-1), json(&output.stdout))
}

/// The exit code of `sendlint check ARGS` run in `dir`.
fn exit_code(dir: &Path, args: &[&str]) -> Option<i32> {
    sendlint()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .expect("runs")
        .status
        .code()
}

#[test]
fn exit_codes_follow_the_findings() {
    let dir = folder(&[
        ("clean.html", CLEAN.as_bytes()),
        ("notice.html", NOTICE_MISSING.as_bytes()),
        ("bad.html", NO_OPT_OUT.as_bytes()),
    ]);
    let cases: &[(&[&str], i32)] = &[
        (&["--no-config", "clean.html"], 0),
        // A warning does not fail the run unless asked.
        (&["--no-config", "--jurisdiction", "nl", "notice.html"], 0),
        (
            &[
                "--no-config",
                "--jurisdiction",
                "nl",
                "--fail-on",
                "warning",
                "notice.html",
            ],
            1,
        ),
        (&["--no-config", "bad.html"], 1),
        // Info findings fail only with --fail-on info (the notice is info under us).
        (&["--no-config", "--jurisdiction", "us", "notice.html"], 0),
        (
            &[
                "--no-config",
                "--jurisdiction",
                "us",
                "--fail-on",
                "info",
                "notice.html",
            ],
            1,
        ),
        (&["--no-config", "--fail-on", "info", "clean.html"], 0),
    ];
    for (args, code) in cases {
        assert_eq!(
            exit_code(dir.path(), args),
            Some(*code),
            "sendlint check {}",
            args.join(" ")
        );
    }
}

#[test]
fn unreadable_files_exit_2_and_the_rest_is_still_checked() {
    let dir = folder(&[
        ("bad.html", NO_OPT_OUT.as_bytes()),
        ("latin1.html", b"<p>Caf\xe9 sale 20% off</p>"),
    ]);
    let output = sendlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "bad.html",
            "latin1.html",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output.stdout);
    assert!(rules_in(&report).contains(&"missing-unsubscribe".to_string()));
    assert_eq!(report["errors"][0]["path"], "latin1.html");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("latin1.html") && stderr.contains("not valid UTF-8"),
        "{stderr}"
    );

    let human = sendlint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "latin1.html"])
        .output()
        .expect("runs");
    assert_eq!(human.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&human.stdout)
            .contains("latin1.html: not valid UTF-8 (line 1, byte 6)")
    );
}

#[test]
fn missing_paths_and_bad_flags_are_usage_errors() {
    let dir = folder(&[("clean.html", CLEAN.as_bytes())]);
    let output = sendlint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "nowhere.html", "clean.html"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("nowhere.html: no such file or folder")
    );
    sendlint()
        .current_dir(dir.path())
        .args(["check", "--jurisdiction", "nl,mars", "clean.html"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown jurisdiction `mars`"));
    sendlint()
        .current_dir(dir.path())
        .args(["check", "--esp", "pigeonpost", "clean.html"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown ESP `pigeonpost`"));
    sendlint()
        .current_dir(dir.path())
        .args(["check", "--channel", "fax", "clean.html"])
        .assert()
        .code(2);
    sendlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--config",
            "none.toml",
            "--no-config",
            "clean.html",
        ])
        .assert()
        .code(2);
}

#[test]
fn json_report_has_the_documented_shape() {
    let dir = folder(&[("campaigns/spring.html", NO_OPT_OUT.as_bytes())]);
    let (code, report) = check_json(dir.path(), &["--no-config", "campaigns"]);
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    let diagnostic = finding(&report, "missing-unsubscribe").expect("missing-unsubscribe");
    assert_eq!(diagnostic["path"], "campaigns/spring.html");
    assert_eq!(diagnostic["severity"], "error");
    let start = &diagnostic["range"]["start"];
    let offset = start["offset"].as_u64().unwrap() as usize;
    assert_eq!(
        &NO_OPT_OUT[offset..offset + 7],
        "</body>",
        "a missing footer is reported where it goes"
    );
    assert_eq!(start["line"], 4);
    assert_eq!(start["column"], 1);
    assert!(
        diagnostic["references"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("ePrivacy"))
    );
    assert_eq!(diagnostic["fix"]["applicability"], "unsafe");
    assert!(
        diagnostic["fix"]["edits"][0]["text"]
            .as_str()
            .unwrap()
            .contains("{{unsubscribe_url}}")
    );
    let file = &report["files"][0];
    assert_eq!(file["channel"], "email");
    assert_eq!(file["purpose"], "marketing");
    assert_eq!(file["language"], "en");
    assert_eq!(file["jurisdictions"], serde_json::json!(["eu"]));
    assert_eq!(report["summary"]["files"], 1);
    assert!(report["summary"]["errors"].as_u64().unwrap() >= 1);
}

#[test]
fn context_flags_change_what_is_checked() {
    let dir = folder(&[("order.html", br#"<p>Bestelling 10443 is verzonden. Velomaas B.V., Kerkstraat 8, 2801 JK Gouda. Volg je pakket met track &amp; trace.</p>"#)]);
    let (_, report) = check_json(
        dir.path(),
        &["--no-config", "--purpose", "transactional", "order.html"],
    );
    assert_eq!(
        rules_in(&report),
        Vec::<String>::new(),
        "a pure service message needs no opt-out"
    );
    let (_, report) = check_json(
        dir.path(),
        &["--no-config", "--purpose", "marketing", "order.html"],
    );
    assert!(rules_in(&report).contains(&"missing-unsubscribe".to_string()));
    assert_eq!(report["files"][0]["purpose"], "marketing");

    // --audience customers makes the notice an error under nl (soft opt-in).
    let dir = folder(&[("notice.html", NOTICE_MISSING.as_bytes())]);
    let severity = |args: &[&str]| {
        let (_, report) = check_json(dir.path(), args);
        finding(&report, "missing-objection-notice")
            .map(|d| d["severity"].as_str().unwrap().to_string())
    };
    assert_eq!(
        severity(&["--no-config", "--jurisdiction", "nl", "notice.html"]).as_deref(),
        Some("warning")
    );
    assert_eq!(
        severity(&[
            "--no-config",
            "--jurisdiction",
            "nl",
            "--audience",
            "customers",
            "notice.html"
        ])
        .as_deref(),
        Some("error")
    );
    assert_eq!(
        severity(&[
            "--no-config",
            "--jurisdiction",
            "us",
            "--audience",
            "customers",
            "notice.html"
        ])
        .as_deref(),
        Some("info")
    );

    // --lang and --message-lang choose the language of messages.
    let message = |args: &[&str]| {
        let (_, report) = check_json(dir.path(), args);
        finding(&report, "missing-objection-notice")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(
        message(&["--no-config", "notice.html"]).starts_with("Nergens"),
        "the draft is Dutch"
    );
    assert!(message(&["--no-config", "--lang", "de", "notice.html"]).starts_with("Nirgends"));
    assert!(message(&["--no-config", "--message-lang", "fr", "notice.html"]).starts_with("Rien"));

    // --channel sms with --jurisdiction us asks for a STOP keyword.
    let sms = folder(&[(
        "promo.txt",
        b"Velomaas: 20% korting op alle fietsen! velomaas.nl/lente Afmelden: velomaas.nl/afmelden",
    )]);
    for (jurisdiction, severity) in [("us", "error"), ("nl", "info")] {
        let (_, report) = check_json(
            sms.path(),
            &[
                "--no-config",
                "--channel",
                "sms",
                "--jurisdiction",
                jurisdiction,
                "promo.txt",
            ],
        );
        let stop = finding(&report, "sms-missing-stop-keyword").expect("stop keyword");
        assert_eq!(stop["severity"], severity, "under {jurisdiction}");
    }
}

#[test]
fn esp_flag_decides_which_tags_work() {
    let sendgrid = r#"<p>Spring sale 30% off. Sent by Alder &amp; Ember Coffee Co.</p><p>You can unsubscribe at any time: <a href="{{{unsubscribe}}}">unsubscribe</a></p>"#;
    let dir = folder(&[("mail.html", sendgrid.as_bytes())]);
    let (_, report) = check_json(dir.path(), &["--no-config", "mail.html"]);
    assert!(
        !rules_in(&report).contains(&"unsubscribe-link-unresolved".to_string()),
        "any known ESP's tag works without --esp"
    );
    let (code, report) = check_json(
        dir.path(),
        &["--no-config", "--esp", "mailchimp", "mail.html"],
    );
    assert_eq!(code, 1);
    let unresolved = finding(&report, "unsubscribe-link-unresolved").expect("foreign tag");
    let start = unresolved["range"]["start"]["offset"].as_u64().unwrap() as usize;
    let end = unresolved["range"]["end"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(&sendgrid[start..end], "{{{unsubscribe}}}");
    let (code, _) = check_json(
        dir.path(),
        &["--no-config", "--esp", "sendgrid", "mail.html"],
    );
    assert_eq!(code, 0);
}

#[test]
fn standard_input_with_a_file_name() {
    let dir = folder(&[("sendlint.toml", b"jurisdiction = [\"us\"]\n")]);
    let output = sendlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "drafts/spring.html",
            "-",
        ])
        .write_stdin(NO_OPT_OUT)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output.stdout);
    assert_eq!(report["diagnostics"][0]["path"], "drafts/spring.html");
    assert_eq!(
        report["files"][0]["jurisdictions"],
        serde_json::json!(["us"]),
        "configuration found from the stdin name's folder"
    );
    assert!(rules_in(&report).contains(&"missing-postal-address".to_string()));

    // A Markdown name makes the text Markdown.
    let output = sendlint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "json", "--stdin-filename", "note.md", "-"])
        .write_stdin("Spring sale: 30% off.\n\nSent by Alder & Ember Coffee Co. You can unsubscribe at any time: [unsubscribe](*|UNSUB|*)\n")
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(CLEAN.as_bytes());
    let dir = folder(&[("bom.html", &bytes)]);
    sendlint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "bom.html"])
        .assert()
        .code(0);
}

#[test]
fn configuration_is_discovered_layered_and_strict() {
    let dir = folder(&[
        ("sendlint.toml", b"jurisdiction = [\"us\"]\n\n[rules]\n\"missing-postal-address\" = \"off\"\n\n[[overrides]]\nfiles = [\"service/**\"]\npurpose = \"transactional\"\n"),
        ("news/spring.html", NO_OPT_OUT.as_bytes()),
        ("service/order.html", NO_OPT_OUT.replace("Spring sale: 30% off everything. <a href=\"https://shop.example.org/sale\">Shop now</a>", "Your order 10443 has shipped. Track and trace: 3SABC123.").as_bytes()),
    ]);
    let (_, report) = check_json(dir.path(), &["."]);
    let rules: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(rules.contains(&(
        "news/spring.html".to_string(),
        "missing-unsubscribe".to_string()
    )));
    assert!(
        !rules
            .iter()
            .any(|(_, rule)| rule == "missing-postal-address"),
        "turned off in [rules]"
    );
    assert!(
        !rules.iter().any(|(path, _)| path == "service/order.html"),
        "the override makes it transactional"
    );
    // A flag beats the configuration.
    let (_, report) = check_json(
        dir.path(),
        &["--purpose", "marketing", "service/order.html"],
    );
    assert!(rules_in(&report).contains(&"missing-unsubscribe".to_string()));
    // --no-config ignores it.
    let (_, report) = check_json(dir.path(), &["--no-config", "news/spring.html"]);
    assert_eq!(
        report["files"][0]["jurisdictions"],
        serde_json::json!(["eu"])
    );
    // --config names one explicitly.
    std::fs::write(dir.path().join("other.toml"), "jurisdiction = \"ca\"\n").unwrap();
    let (_, report) = check_json(dir.path(), &["--config", "other.toml", "news/spring.html"]);
    assert_eq!(
        report["files"][0]["jurisdictions"],
        serde_json::json!(["ca"])
    );

    // An unknown key is an error naming the file, line and key; other folders still run.
    std::fs::write(
        dir.path().join("news/sendlint.toml"),
        "jurisdiction = [\"nl\"]\n[brand]\nlegal-name = \"X\"\nhomepage = \"https://x.example\"\n",
    )
    .unwrap();
    let output = sendlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("news/sendlint.toml:4: ") && stderr.contains("homepage"),
        "{stderr}"
    );
    let report = json(&output.stdout);
    assert_eq!(
        report["files"][0]["path"], "service/order.html",
        "the other folder is still checked"
    );
}

#[test]
fn suppressions_need_a_reason_and_a_use() {
    let html = r#"<form>
<!-- sendlint-disable-next-line pre-ticked-consent -- legacy form, replaced in May -->
<label><input type="checkbox" name="news" checked> Ja, stuur mij de nieuwsbrief</label>
<!-- sendlint-disable-next-line pre-ticked-consent -->
<label><input type="checkbox" name="sms" checked> Ja, stuur mij aanbiedingen per sms</label>
<!-- sendlint-disable-next-line bundled-consent -- nothing to suppress here -->
<label><input type="checkbox" name="terms"> Ik ga akkoord met de algemene voorwaarden</label>
<input type="email" name="email"><button>Aanmelden</button>
</form>
"#;
    let dir = folder(&[("form.html", html.as_bytes())]);
    let (_, report) = check_json(dir.path(), &["--no-config", "form.html"]);
    let found: Vec<(String, usize)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() as usize,
            )
        })
        // Only the suppressed rule and the suppression rules are under test here.
        .filter(|(rule, _)| rule == "pre-ticked-consent" || rule.contains("suppression"))
        .collect();
    assert!(
        !found.contains(&("pre-ticked-consent".to_string(), 3)),
        "suppressed with a reason: {found:?}"
    );
    assert!(
        found.contains(&("suppression-without-reason".to_string(), 4)),
        "{found:?}"
    );
    assert!(
        !found.contains(&("pre-ticked-consent".to_string(), 5)),
        "a suppression without a reason still applies: {found:?}"
    );
    assert!(
        found.contains(&("unused-suppression".to_string(), 6)),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn threads_do_not_change_the_output() {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for index in 0..24 {
        let body = if index % 3 == 0 {
            NO_OPT_OUT
        } else if index % 3 == 1 {
            NOTICE_MISSING
        } else {
            CLEAN
        };
        files.push((format!("draft-{index:02}.html"), body.as_bytes().to_vec()));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, body)| (name.as_str(), body.as_slice()))
        .collect();
    let dir = folder(&borrowed);
    let one = sendlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--threads",
            "1",
            ".",
        ])
        .output()
        .expect("runs");
    let two = sendlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--threads",
            "2",
            ".",
        ])
        .output()
        .expect("runs");
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(json(&one.stdout)["summary"]["files"], 24);
}

#[test]
fn gitignored_files_are_skipped_when_walking() {
    let dir = folder(&[
        (".gitignore", b"build/\n"),
        ("build/out.html", NO_OPT_OUT.as_bytes()),
        ("src/clean.html", CLEAN.as_bytes()),
        ("notes.pdf", b"%PDF"),
    ]);
    std::process::Command::new("git")
        .arg("init")
        .arg("-q")
        .current_dir(dir.path())
        .status()
        .expect("git");
    let (code, report) = check_json(dir.path(), &["--no-config", "."]);
    assert_eq!(code, 0);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["src/clean.html"]);
}

#[test]
fn human_output_marks_the_range() {
    let html = "<form>\n<label><input type=\"checkbox\" name=\"news\" checked=\"false\"> Ja, stuur mij de nieuwsbrief 🚲</label>\n</form>\n";
    let dir = folder(&[("signup.html", html.as_bytes())]);
    let output = sendlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--jurisdiction",
            "nl",
            "signup.html",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn explain_and_rules() {
    let output = sendlint()
        .args(["explain", "pre-ticked-consent"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    for section in [
        "# pre-ticked-consent",
        "## What it checks",
        "## Why it matters",
        "## What to write instead",
        "## Legal basis",
        "https://",
    ] {
        assert!(text.contains(section), "{section} missing from:\n{text}");
    }
    sendlint()
        .args(["explain", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("sendlint rules"));
    let output = sendlint().args(["rules"]).output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.lines()
            .any(|line| line.starts_with("missing-unsubscribe ") && line.contains("email"))
    );
    // Columns: rule, channels, then the severity under nl, eu, uk, us, ca, de.
    let header: Vec<&str> = text
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    assert_eq!(
        header[..8],
        ["rule", "channels", "nl", "eu", "uk", "us", "ca", "de"]
    );
    let stop: Vec<&str> = text
        .lines()
        .find(|line| line.starts_with("sms-missing-stop-keyword "))
        .expect("listed")
        .split_whitespace()
        .collect();
    assert_eq!(
        stop[2..8],
        ["info", "info", "info", "error", "error", "info"]
    );
}

#[test]
fn brand_and_esp_from_configuration_shape_findings_and_fixes() {
    let body = "<html lang=\"nl\"><body>\n<p>Deze zomer krijg je 25% korting op alle fietsen van ons. Bestel nu!</p>\n<p>Fiets deze zomer mee met Velomaas.</p>\n</body></html>\n";
    let config = "jurisdiction = [\"nl\"]\nesp = \"mailchimp\"\n\n[brand]\nlegal-name = \"Velomaas B.V.\"\ntrade-names = [\"Velomaas\"]\npostal-address = \"Postbus 12, 1000 AA Amsterdam\"\n";
    let dir = folder(&[
        ("sendlint.toml", config.as_bytes()),
        ("zomer.html", body.as_bytes()),
    ]);
    let (_, report) = check_json(dir.path(), &["zomer.html"]);
    let rules = rules_in(&report);
    assert!(
        !rules.contains(&"missing-sender-identity".to_string()),
        "the configured trade name is in the text: {rules:?}"
    );
    let missing = finding(&report, "missing-unsubscribe").expect("no opt-out");
    let inserted = missing["fix"]["edits"][0]["text"].as_str().unwrap();
    assert!(
        inserted.contains("*|UNSUB|*"),
        "the configured ESP's tag: {inserted}"
    );
    assert!(
        inserted.contains("Velomaas B.V."),
        "the configured brand: {inserted}"
    );
    assert!(
        inserted.contains("afmelden"),
        "in the draft's language: {inserted}"
    );

    // Without the brand, a bare name in a sentence is no sign of who sends.
    let (_, report) = check_json(dir.path(), &["--no-config", "zomer.html"]);
    assert!(rules_in(&report).contains(&"missing-sender-identity".to_string()));
}
