//! CI on template repositories: the machine-readable formats (SARIF and GitLab validated
//! against their schemas), fixes, baselines, `init`, completions, the man page and the
//! pre-commit hook run by the pre-commit framework.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A form with a pre-ticked marketing box: a safe fix.
const PRE_TICKED: &str = r#"<html lang="en"><body>
<form action="/signup">
<label><input type="checkbox" name="newsletter" checked> Send me offers by e-mail. You can withdraw this consent at any time.</label>
<button>Sign up</button>
</form>
</body></html>
"#;

/// An e-mail with no opt-out at all: the footer fix, safe only with a configured ESP.
const NO_OPT_OUT: &str = r#"<html lang="en"><body>
<p>Spring sale: 30% off everything &amp; more. <a href="https://shop.example.org/sale">Shop now</a></p>
<p>Sent by Alder &amp; Ember Coffee Co.</p>
</body></html>
"#;

/// A clean Dutch newsletter: no finding, no fix.
const CLEAN: &str = r#"<html lang="nl"><body>
<p>Nieuwe fietsen binnen: 20% korting met code LENTE.</p>
<p>Velomaas B.V. · Kerkstraat 8 · 2801 JK Gouda · info@velomaas.nl</p>
<p>Wil je deze e-mails niet meer ontvangen? <a href="*|UNSUB|*">Meld je hier af</a>.</p>
</body></html>
"#;

fn sendlint(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("sendlint").expect("the binary is built");
    command.env("NO_COLOR", "1").current_dir(dir);
    command
}

fn folder(files: &[(&str, &str)]) -> TempDir {
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

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `sendlint check` of the folder against its `baseline.json`, one finding per line.
const CHECK_AGAINST_BASELINE: &[&str] = &[
    "check",
    "--no-config",
    "--baseline",
    "baseline.json",
    "--format",
    "concise",
    ".",
];

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = sendlint(dir).args(args).output().expect("runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn schema(name: &str) -> Value {
    let path = crate::common::root().join("tests/schemas").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    // The SARIF schema's `language` patterns have a stray `]` that an ECMA-262 parser in
    // Unicode mode rejects, so the schema itself fails the `regex` format check. Escaping it
    // keeps what the patterns match; sendlint writes no `language`.
    let text = text.replace("{2}]?$", "{2}\\\\]?$");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// The schema's complaints about `instance`, formats (`uri`, `uri-reference`) included.
fn violations(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

/// A folder with a finding of each kind, a fixable one, an awkward file name and an unreadable
/// (non-UTF-8) file.
fn sample() -> TempDir {
    let dir = folder(&[
        ("forms/signup.html", PRE_TICKED),
        ("mails/spring sale #2.html", NO_OPT_OUT),
        ("mails/clean.html", CLEAN),
    ]);
    std::fs::write(dir.path().join("mails/broken.html"), b"<p>caf\xe9</p>").expect("write");
    dir
}

#[test]
fn sarif_validates_against_the_2_1_0_schema_and_carries_rules_taxonomy_and_fixes() {
    let dir = sample();
    let out = run(
        dir.path(),
        &["check", "--no-config", "--format", "sarif", "."],
    );
    assert_eq!(out.code, 2, "an unreadable file makes the run exit 2");
    let log: Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
    let sarif = schema("sarif-2.1.0-rtm.5.json");
    assert_eq!(violations(&sarif, &log), Vec::<String>::new());

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let taxa = run["taxonomies"][0]["taxa"].as_array().expect("taxa");
    assert!(!taxa.is_empty());
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        // Every result points at its own rule, and its taxa at real references.
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        for taxon in result["taxa"].as_array().into_iter().flatten() {
            let index = taxon["index"].as_u64().expect("taxon index") as usize;
            assert_eq!(taxa[index]["id"], taxon["id"]);
        }
    }
    let pre_ticked = results
        .iter()
        .find(|result| result["ruleId"] == "pre-ticked-consent")
        .expect("the pre-ticked box");
    let location = &pre_ticked["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "forms/signup.html");
    assert_eq!(location["region"]["startLine"], 3);
    let replacement = &pre_ticked["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["byteLength"], " checked".len());
    assert!(
        pre_ticked["taxa"]
            .as_array()
            .is_some_and(|taxa| !taxa.is_empty())
    );

    let missing = results
        .iter()
        .find(|result| result["ruleId"] == "missing-unsubscribe")
        .expect("the e-mail without opt-out");
    assert_eq!(
        missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "mails/spring%20sale%20%232.html"
    );

    let rule = rules
        .iter()
        .find(|rule| rule["id"] == "pre-ticked-consent")
        .expect("the rule");
    assert!(
        rule["help"]["markdown"]
            .as_str()
            .is_some_and(|text| text.starts_with("# pre-ticked-consent"))
    );
    assert!(
        rule["helpUri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with("/docs/rules/pre-ticked-consent.md"))
    );
    assert!(
        !rule["relationships"]
            .as_array()
            .expect("relationships")
            .is_empty()
    );

    let notifications = &run["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notifications.as_array().map(Vec::len), Some(1));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn the_schemas_do_reject_a_broken_report() {
    // The validation above means something only if a wrong report fails it.
    let dir = folder(&[("signup.html", PRE_TICKED)]);
    let out = run(
        dir.path(),
        &["check", "--no-config", "--format", "sarif", "."],
    );
    let mut log: Value = serde_json::from_str(&out.stdout).expect("SARIF");
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!violations(&schema("sarif-2.1.0-rtm.5.json"), &log).is_empty());

    let out = run(
        dir.path(),
        &["check", "--no-config", "--format", "gitlab", "."],
    );
    let mut report: Value = serde_json::from_str(&out.stdout).expect("GitLab JSON");
    report[0]["location"]
        .as_object_mut()
        .expect("location")
        .remove("positions");
    assert!(!violations(&schema("gitlab-code-quality.json"), &report).is_empty());
}

#[test]
fn gitlab_code_quality_validates_and_its_fingerprints_survive_unrelated_edits() {
    let dir = sample();
    let out = run(
        dir.path(),
        &["check", "--no-config", "--format", "gitlab", "."],
    );
    let report: Value = serde_json::from_str(&out.stdout).expect("GitLab JSON");
    assert_eq!(
        violations(&schema("gitlab-code-quality.json"), &report),
        Vec::<String>::new()
    );
    let issues = report.as_array().expect("an array");
    let prints: Vec<&str> = issues
        .iter()
        .map(|issue| issue["fingerprint"].as_str().expect("fingerprint"))
        .collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "fingerprints are unique");
    let severity_of = |rule: &str| {
        issues
            .iter()
            .find(|issue| issue["check_name"] == rule)
            .map(|issue| issue["severity"].clone())
    };
    assert_eq!(
        severity_of("pre-ticked-consent"),
        Some(Value::from("major"))
    );

    // Two lines added above the box: other lines, same fingerprints.
    let form = dir.path().join("forms/signup.html");
    std::fs::write(
        &form,
        PRE_TICKED.replace("<form", "<h1>Join</h1>\n<p>Every week.</p>\n<form"),
    )
    .expect("edit");
    let again: Value = serde_json::from_str(
        &run(
            dir.path(),
            &["check", "--no-config", "--format", "gitlab", "."],
        )
        .stdout,
    )
    .expect("GitLab JSON");
    let find = |report: &Value| {
        report
            .as_array()
            .expect("array")
            .iter()
            .find(|issue| issue["check_name"] == "pre-ticked-consent")
            .cloned()
            .expect("the box")
    };
    let (before, after) = (find(&report), find(&again));
    assert_eq!(before["fingerprint"], after["fingerprint"]);
    assert_ne!(
        before["location"]["positions"]["begin"]["line"],
        after["location"]["positions"]["begin"]["line"]
    );
}

#[test]
fn github_annotations_name_the_place_and_escape_the_message() {
    let dir = folder(&[("signup.html", PRE_TICKED)]);
    let out = run(
        dir.path(),
        &["check", "--no-config", "--format", "github", "signup.html"],
    );
    assert_eq!(out.code, 1);
    let line = out
        .stdout
        .lines()
        .find(|line| line.contains("pre-ticked-consent"))
        .expect("an annotation");
    assert!(
        line.starts_with("::error file=signup.html,line=3,col=49,endLine=3,endColumn=56,title=sendlint pre-ticked-consent::"),
        "{line}"
    );
    // Every line is one workflow command.
    assert!(out.stdout.lines().all(|line| line.starts_with("::")));
}

#[test]
fn concise_prints_one_line_per_finding() {
    let dir = folder(&[("signup.html", PRE_TICKED), ("clean.html", CLEAN)]);
    let out = run(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "."],
    );
    let json: Value = serde_json::from_str(
        &run(
            dir.path(),
            &["check", "--no-config", "--format", "json", "."],
        )
        .stdout,
    )
    .expect("JSON");
    let expected: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {} {} {}",
                d["path"].as_str().unwrap_or_default(),
                d["range"]["start"]["line"],
                d["range"]["start"]["column"],
                d["severity"].as_str().unwrap_or_default(),
                d["rule"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(out.stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn junit_counts_findings_as_failures_and_escapes_xml() {
    let dir = sample();
    let out = run(
        dir.path(),
        &["check", "--no-config", "--format", "junit", "."],
    );
    let xml = out.stdout;
    assert!(
        xml.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sendlint\""
        )
    );
    let failures = xml.matches("<failure ").count();
    assert!(failures > 0);
    assert!(
        xml.contains(&format!("failures=\"{failures}\" errors=\"1\">")),
        "{xml}"
    );
    assert_eq!(xml.matches("<error ").count(), 1);
    // The clean file is one passing case; the file name with `#` and a space is kept as is.
    assert!(xml.contains("<testcase name=\"mails/clean.html\" classname=\"sendlint\"/>"));
    assert!(xml.contains("name=\"mails/spring sale #2.html\""));
    // No raw `&` or `<` inside text or attributes.
    let body: String = xml.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert!(!body.contains("& "), "{body}");
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

fn inode(path: &Path) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).expect("metadata");
    (metadata.ino(), metadata.modified().expect("mtime"))
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[test]
fn diff_shows_the_safe_fixes_and_writes_nothing() {
    let dir = folder(&[("signup.html", PRE_TICKED), ("mail.html", NO_OPT_OUT)]);
    let out = run(dir.path(), &["check", "--no-config", "--diff", "."]);
    assert_eq!(out.code, 1, "a fix to show exits 1");
    assert!(
        out.stdout
            .contains("--- a/signup.html\n+++ b/signup.html\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("-<label><input type=\"checkbox\" name=\"newsletter\" checked>")
    );
    assert!(
        out.stdout
            .contains("+<label><input type=\"checkbox\" name=\"newsletter\">")
    );
    // Without a configured ESP the footer is unsafe: not in the safe diff.
    assert!(!out.stdout.contains("mail.html"), "{}", out.stdout);
    assert_eq!(read(dir.path().join("signup.html")), PRE_TICKED);

    let out = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--diff",
            "--unsafe-fixes",
            "mail.html",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("+++ b/mail.html"));
    assert!(out.stdout.contains("unsubscribe"));
    assert_eq!(read(dir.path().join("mail.html")), NO_OPT_OUT);

    let clean = folder(&[("clean.html", CLEAN)]);
    let out = run(clean.path(), &["check", "--no-config", "--diff", "."]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

#[test]
fn fix_applies_safe_fixes_keeps_permissions_and_is_idempotent() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder(&[
        ("signup.html", PRE_TICKED),
        ("mail.html", NO_OPT_OUT),
        ("clean.html", CLEAN),
    ]);
    let signup = dir.path().join("signup.html");
    std::fs::set_permissions(&signup, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let untouched = inode(&dir.path().join("clean.html"));

    let out = run(dir.path(), &["check", "--no-config", "--fix", "."]);
    let fixed = read(signup.clone());
    assert_eq!(fixed, PRE_TICKED.replace(" checked>", ">"));
    assert_eq!(mode(&signup), 0o640, "permissions are kept");
    // The footer is unsafe without an ESP: the mail is not touched, and still fails the run.
    assert_eq!(read(dir.path().join("mail.html")), NO_OPT_OUT);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("fixed 1 finding in 1 file"),
        "{}",
        out.stderr
    );
    assert_eq!(
        inode(&dir.path().join("clean.html")),
        untouched,
        "a file without a fix is not touched"
    );
    // Nothing left behind in the folder.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with('.'))
        .collect();
    assert_eq!(names, Vec::<String>::new());

    // Twice: nothing changes, nothing is written.
    let before = inode(&signup);
    let out = run(dir.path(), &["check", "--no-config", "--fix", "."]);
    assert!(!out.stderr.contains("fixed"), "{}", out.stderr);
    assert_eq!(inode(&signup), before);
    assert_eq!(read(signup), fixed);
}

#[test]
fn the_footer_is_a_safe_fix_with_a_configured_esp_and_unsafe_fixes_apply_the_rest() {
    let dir = folder(&[("a.html", NO_OPT_OUT), ("b.html", NO_OPT_OUT)]);
    let out = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--esp",
            "mailchimp",
            "--fix",
            "a.html",
        ],
    );
    let a = read(dir.path().join("a.html"));
    assert!(a.contains(r#"<a href="*|UNSUB|*">"#), "{a}");
    assert_eq!(out.code, 0, "the error is fixed: {}", out.stdout);
    let again = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--esp",
            "mailchimp",
            "--unsafe-fixes",
            "a.html",
        ],
    );
    assert_eq!(
        read(dir.path().join("a.html")),
        a,
        "idempotent: {}",
        again.stderr
    );

    run(
        dir.path(),
        &["check", "--no-config", "--unsafe-fixes", "b.html"],
    );
    let b = read(dir.path().join("b.html"));
    assert_ne!(b, NO_OPT_OUT);
    let json: Value = serde_json::from_str(
        &run(
            dir.path(),
            &["check", "--no-config", "--format", "json", "b.html"],
        )
        .stdout,
    )
    .expect("JSON");
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default())
        .collect();
    assert!(!rules.contains(&"missing-unsubscribe"), "{rules:?}");
    run(
        dir.path(),
        &["check", "--no-config", "--unsafe-fixes", "b.html"],
    );
    assert_eq!(read(dir.path().join("b.html")), b, "idempotent");
}

#[test]
fn a_failed_write_leaves_the_original_intact() {
    let dir = folder(&[("signup.html", PRE_TICKED)]);
    let binary = assert_cmd::cargo::cargo_bin("sendlint");
    // A file size limit of zero makes writing the temporary file fail (EFBIG, the signal
    // ignored) after the fixes are made, exactly where a full disk would.
    let output = std::process::Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 0; exec '{}' check --no-config --fix signup.html",
            binary.display()
        ))
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("signup.html: cannot write the fixes, the file is unchanged"),
        "{stderr}"
    );
    assert_eq!(read(dir.path().join("signup.html")), PRE_TICKED);
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
}

#[test]
fn baseline_hides_recorded_findings_reports_new_ones_and_what_has_gone() {
    // The same box again: its text matches the recorded one, so it is the count that tells.
    let second_box = "<label><input type=\"checkbox\" name=\"offers\" checked> Send me offers by e-mail. You can withdraw this consent at any time.</label>\n";
    let dir = folder(&[("signup.html", PRE_TICKED), ("mail.html", NO_OPT_OUT)]);
    let out = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "baseline.json",
            ".",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let recorded: Value =
        serde_json::from_str(&read(dir.path().join("baseline.json"))).expect("JSON");
    assert_eq!(recorded["version"], 1);
    assert_eq!(
        recorded["files"]["signup.html"]["pre-ticked-consent"]["checked"],
        1
    );

    let out = run(dir.path(), CHECK_AGAINST_BASELINE);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);

    // An unrelated edit above the finding: still nothing new.
    let form = dir.path().join("signup.html");
    std::fs::write(
        &form,
        PRE_TICKED.replace("<form", "<h1>Join us</h1>\n<form"),
    )
    .expect("edit");
    let out = run(dir.path(), CHECK_AGAINST_BASELINE);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));

    // A second pre-ticked box is new.
    std::fs::write(
        &form,
        PRE_TICKED.replace("<button>", &format!("{second_box}<button>")),
    )
    .expect("edit");
    let out = run(dir.path(), CHECK_AGAINST_BASELINE);
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("signup.html:4:") && lines[0].contains("pre-ticked-consent"),
        "{lines:?}"
    );

    // The recorded box fixed: the baseline says it has gone.
    std::fs::write(&form, PRE_TICKED.replace(" checked>", ">")).expect("edit");
    let out = run(dir.path(), CHECK_AGAINST_BASELINE);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("1 finding recorded in baseline.json has gone; prune it with --write-baseline baseline.json"), "{}", out.stderr);
    assert!(
        out.stderr.contains("signup.html: pre-ticked-consent (1)"),
        "{}",
        out.stderr
    );

    std::fs::write(
        dir.path().join("bad.json"),
        "{\"version\": 1, \"file\": {}}",
    )
    .expect("write");
    let out = run(
        dir.path(),
        &["check", "--no-config", "--baseline", "bad.json", "."],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("bad.json: not a sendlint baseline"),
        "{}",
        out.stderr
    );
}

#[test]
fn init_writes_a_configuration_that_loads() {
    let dir = folder(&[]);
    let out = run(
        dir.path(),
        &["init", "--jurisdiction", "nl,de", "--esp", "mailchimp"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = dir.path().join("sendlint.toml");
    let text = read(path.clone());
    assert!(text.contains("jurisdiction = [\"nl\", \"de\"]"), "{text}");
    assert!(text.contains("esp = \"mailchimp\""), "{text}");
    assert!(
        text.lines().filter(|line| line.starts_with('#')).count() > 10,
        "commented"
    );
    let config = sendlint::config::load(&path).unwrap_or_else(|error| panic!("{error}\n{text}"));
    let layer = config.layer_for(&dir.path().join("x.html"));
    assert_eq!(
        layer.jurisdictions,
        Some(vec!["nl".to_string(), "de".to_string()])
    );
    assert_eq!(layer.esp.as_deref(), Some("mailchimp"));

    // The file is not replaced without --force, and an unknown ESP is a usage error.
    let out = run(dir.path(), &["init", "--jurisdiction", "us"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("sendlint.toml already exists"),
        "{}",
        out.stderr
    );
    assert_eq!(read(path.clone()), text);
    assert_eq!(
        run(dir.path(), &["init", "--force", "--jurisdiction", "us"]).code,
        0
    );
    assert!(read(path).contains("jurisdiction = [\"us\"]"));
    let other = folder(&[]);
    assert_eq!(run(other.path(), &["init", "--esp", "nosuchesp"]).code, 2);
    assert!(!other.path().join("sendlint.toml").exists());
}

#[test]
fn completions_and_man_page_come_from_the_clap_definitions() {
    let dir = folder(&[]);
    let bash = run(dir.path(), &["completions", "bash"]);
    assert_eq!(bash.code, 0);
    assert!(bash.stdout.contains("_sendlint()"), "{}", bash.stdout);
    for flag in ["--unsafe-fixes", "--write-baseline", "--format"] {
        assert!(bash.stdout.contains(flag), "bash completion lacks {flag}");
    }
    assert!(
        bash.stdout.contains("sarif"),
        "the format values are completed"
    );
    let fish = run(dir.path(), &["completions", "fish"]);
    assert!(
        fish.stdout.contains("complete -c sendlint"),
        "{}",
        fish.stdout
    );
    let zsh = run(dir.path(), &["completions", "zsh"]);
    assert!(zsh.stdout.starts_with("#compdef sendlint"));
    assert_eq!(run(dir.path(), &["completions", "tcsh"]).code, 2);

    let man = run(dir.path(), &["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.contains(".TH sendlint 1"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert!(man.stdout.contains("direct\\-marketing law"));
}

/// The hook definition in `.pre-commit-hooks.yaml`, run by the pre-commit framework (from PyPI;
/// `.ci/run` installs it) against a small git repository of templates.
#[test]
fn the_pre_commit_hook_runs_under_the_pre_commit_framework() {
    let root = crate::common::root();
    let found = std::process::Command::new("pre-commit")
        .arg("--version")
        .output();
    assert!(
        found.is_ok_and(|output| output.status.success()),
        "the `pre-commit` command is missing: `pip install pre-commit` (.ci/run does)"
    );
    // The hook definition alone, in a repository of its own: what pre-commit clones.
    let hooks = tempfile::tempdir().expect("a hooks repository");
    std::fs::copy(
        root.join(".pre-commit-hooks.yaml"),
        hooks.path().join(".pre-commit-hooks.yaml"),
    )
    .expect("copy the hook definition");
    let git_in = |dir: &Path, args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(dir)
            .args([
                "-c",
                "user.name=sendlint",
                "-c",
                "user.email=sendlint@example.org",
            ])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git_in(hooks.path(), &["init", "-q"]);
    git_in(hooks.path(), &["add", "."]);
    git_in(hooks.path(), &["commit", "-q", "-m", "hooks"]);
    let binary = assert_cmd::cargo::cargo_bin("sendlint");
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let repo = folder(&[
        ("templates/signup.html", PRE_TICKED),
        ("templates/clean.html", CLEAN),
    ]);
    let cache = tempfile::tempdir().expect("a cache folder");
    git_in(repo.path(), &["init", "-q"]);
    git_in(repo.path(), &["add", "."]);
    let hook = |hook: &str| {
        std::process::Command::new("pre-commit")
            .current_dir(repo.path())
            .args([
                "try-repo",
                hooks.path().to_str().expect("a UTF-8 path"),
                hook,
                "--all-files",
            ])
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", cache.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("NO_COLOR", "1")
            .output()
            .expect("pre-commit runs")
    };
    let output = hook("sendlint-system");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains("templates/signup.html:3:49: error pre-ticked-consent"),
        "{text}"
    );
    assert!(!text.contains("clean.html:"), "{text}");

    std::fs::write(
        repo.path().join("templates/signup.html"),
        PRE_TICKED.replace(" checked>", ">"),
    )
    .expect("fix");
    let output = hook("sendlint-system");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("Passed"), "{text}");
}

/// More files than one batch (256): the output is written batch by batch, and must be one valid
/// document, the same whatever the thread count.
#[test]
fn output_over_several_batches_is_whole_and_independent_of_threads() {
    let dir = tempfile::tempdir().expect("a folder");
    for index in 0..300 {
        let text = [PRE_TICKED, NO_OPT_OUT, CLEAN][index % 3];
        std::fs::write(dir.path().join(format!("t{index:03}.html")), text).expect("write");
    }
    for format in ["json", "sarif", "gitlab", "junit", "human", "concise"] {
        let one = run(
            dir.path(),
            &[
                "check",
                "--no-config",
                "--format",
                format,
                "--threads",
                "1",
                ".",
            ],
        );
        let two = run(
            dir.path(),
            &[
                "check",
                "--no-config",
                "--format",
                format,
                "--threads",
                "2",
                ".",
            ],
        );
        assert_eq!(one.code, 1);
        assert!(
            one.stdout == two.stdout,
            "{format} differs between 1 and 2 threads"
        );
    }
    let json: Value = serde_json::from_str(
        &run(
            dir.path(),
            &["check", "--no-config", "--format", "json", "."],
        )
        .stdout,
    )
    .expect("one JSON document");
    assert_eq!(json["summary"]["files"], 300);
    assert_eq!(json["files"].as_array().map(Vec::len), Some(300));
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics").len();
    assert_eq!(
        json["summary"]["errors"].as_u64().unwrap_or(0)
            + json["summary"]["warnings"].as_u64().unwrap_or(0)
            + json["summary"]["infos"].as_u64().unwrap_or(0),
        diagnostics as u64
    );
    let paths: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| file["path"].as_str().unwrap_or_default())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "input order");

    let log: Value = serde_json::from_str(
        &run(
            dir.path(),
            &["check", "--no-config", "--format", "sarif", "."],
        )
        .stdout,
    )
    .expect("one SARIF log");
    assert_eq!(
        violations(&schema("sarif-2.1.0-rtm.5.json"), &log),
        Vec::<String>::new()
    );
    assert_eq!(
        log["runs"][0]["results"].as_array().map(Vec::len),
        Some(diagnostics)
    );
    let issues: Value = serde_json::from_str(
        &run(
            dir.path(),
            &["check", "--no-config", "--format", "gitlab", "."],
        )
        .stdout,
    )
    .expect("one GitLab report");
    assert_eq!(
        violations(&schema("gitlab-code-quality.json"), &issues),
        Vec::<String>::new()
    );
    assert_eq!(issues.as_array().map(Vec::len), Some(diagnostics));
    let junit = run(
        dir.path(),
        &["check", "--no-config", "--format", "junit", "."],
    )
    .stdout;
    assert_eq!(junit.matches("<failure ").count(), diagnostics);
    assert!(junit.contains(&format!("failures=\"{diagnostics}\" errors=\"0\">")));
}

#[test]
fn fix_unticks_a_markdown_task_box() {
    let form = "---\nsendlint:\n  channel: form\n---\n# Sign up\n\n- [x] Send me offers by e-mail. You can withdraw this consent at any time.\n";
    let dir = folder(&[("signup.md", form)]);
    let out = run(dir.path(), &["check", "--no-config", "--fix", "signup.md"]);
    assert!(
        out.stderr.contains("fixed 1 finding in 1 file"),
        "{}",
        out.stderr
    );
    assert_eq!(
        read(dir.path().join("signup.md")),
        form.replace("- [x]", "- [ ]")
    );
}
