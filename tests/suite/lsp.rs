//! The language server, driven in-process over `Connection::memory()` as an editor would drive
//! it: encodings, text sync, diagnostics against the CLI's, code actions, hover, configuration
//! reload and bad requests. One test talks to the real binary over stdio.

use assert_cmd::Command;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

/// A marketing e-mail with an emoji before every finding: a pre-ticked consent box, no opt-out.
const DRAFT: &str = "<html lang=\"en\"><body>\n<p>😀 Spring sale: 30% off. <a href=\"https://shop.example.org/sale\">Shop now</a></p>\n<p>😀😀 <label><input type=\"checkbox\" name=\"offers\" checked> Send me offers</label></p>\n<p>Sent by Alder &amp; Ember Coffee Co.</p>\n</body></html>\n";

struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next_id: i32,
}

impl Client {
    /// Starts a server and initializes it; `utf8` offers UTF-8 positions.
    fn start(utf8: bool, options: Value) -> (Client, Value) {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || sendlint::lsp::run(&server_side));
        let mut client = Client {
            connection: client_side,
            server: Some(server),
            next_id: 0,
        };
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let result = client
            .request(
                "initialize",
                json!({
                    "capabilities": {
                        "general": {"positionEncodings": encodings},
                        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
                    },
                    "initializationOptions": options,
                }),
            )
            .expect("initialize succeeds");
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn recv(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, (i32, String)> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .expect("the server is running");
        loop {
            match self.recv() {
                Message::Response(Response {
                    id: answered,
                    response_result,
                }) if answered == id => {
                    return response_result.map_err(|error| (error.code, error.message));
                }
                _ => {}
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .expect("the server is running");
    }

    /// The next diagnostics published for `uri`, skipping other messages.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            if let Message::Notification(notification) = self.recv()
                && notification.method == "textDocument/publishDiagnostics"
                && notification.params["uri"] == uri
            {
                return notification.params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn open(&self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn replace(&self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null).expect("shutdown");
        self.notify("exit", Value::Null);
        let server = self.server.take().expect("started");
        assert_eq!(server.join().expect("the server thread ends"), Ok(()));
    }
}

/// The byte offset of an LSP position, counted independently of the server's code.
fn offset(text: &str, position: &Value, utf8: bool) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut counted = 0;
    for (at, c) in text[start..].char_indices() {
        if counted >= character || c == '\n' {
            return start + at;
        }
        counted += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// Applies LSP text edits (non-overlapping) to `text`.
fn apply(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            (
                offset(text, &edit["range"]["start"], utf8),
                offset(text, &edit["range"]["end"], utf8),
                edit["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|span| std::cmp::Reverse(span.0));
    let mut text = text.to_string();
    for (start, end, new_text) in spans {
        text.replace_range(start..end, &new_text);
    }
    text
}

fn rules(diagnostics: &[Value]) -> Vec<String> {
    let mut rules: Vec<String> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or("").to_string())
        .collect();
    rules.sort();
    rules
}

fn find<'a>(diagnostics: &'a [Value], rule: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {diagnostics:#?}"))
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn utf16_is_the_default_and_counts_an_emoji_as_two_units() {
    let (client, result) = Client::start(false, Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    let diagnostics = client.open("untitled:draft", "html", DRAFT);
    let range = &find(&diagnostics, "pre-ticked-consent")["range"];
    // `<p>😀😀 <label><input type="checkbox" name="offers" checked>`: 3 + 2×2 + 1 + 7 + 45.
    let line = DRAFT.lines().nth(2).unwrap();
    let prefix = &line[..line.find("checked").unwrap()];
    assert_eq!(range["start"]["line"], 2);
    assert_eq!(
        range["start"]["character"],
        prefix.encode_utf16().count() as u64
    );
    assert_eq!(
        range["end"]["character"],
        prefix.encode_utf16().count() as u64 + 7
    );
    client.shutdown();
}

#[test]
fn utf8_is_used_when_offered() {
    let (client, result) = Client::start(true, Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    let diagnostics = client.open("untitled:draft", "html", DRAFT);
    let range = &find(&diagnostics, "pre-ticked-consent")["range"];
    let line = DRAFT.lines().nth(2).unwrap();
    assert_eq!(
        range["start"]["character"],
        line.find("checked").unwrap() as u64
    );
    client.shutdown();
}

#[test]
fn incremental_changes_apply_in_order_after_an_emoji() {
    for utf8 in [false, true] {
        let (client, _) = Client::start(utf8, Value::Null);
        let uri = "untitled:draft";
        client.open(uri, "html", DRAFT);
        // Three edits in one notification, each against the text the previous one left: drop
        // `checked` after the emojis, then add an opt-out with a notice, then rename the brand.
        let first = {
            let line = DRAFT.lines().nth(2).unwrap();
            let at = line.find(" checked").unwrap();
            let width = |text: &str| {
                if utf8 {
                    text.len()
                } else {
                    text.encode_utf16().count()
                }
            };
            let start = width(&line[..at]);
            json!({"range": {"start": {"line": 2, "character": start},
                             "end": {"line": 2, "character": start + 8}}, "text": ""})
        };
        let optout = "<p>😀 You can unsubscribe at any time: <a href=\"https://shop.example.org/unsubscribe\">unsubscribe</a>.</p>\n";
        let second = json!({"range": {"start": {"line": 4, "character": 0},
                                      "end": {"line": 4, "character": 0}}, "text": optout});
        // Line 3 is `<p>Sent by Alder &amp; Ember Coffee Co.</p>`: replace `Alder` (ASCII).
        let third = json!({"range": {"start": {"line": 3, "character": 11},
                                     "end": {"line": 3, "character": 16}}, "text": "Birch"});
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2},
                   "contentChanges": [first, second, third]}),
        );
        let published = client.diagnostics(uri);
        let expected_text = DRAFT
            .replace(" checked>", ">")
            .replace("Alder", "Birch")
            .replace("</body>", &format!("{optout}</body>"));
        let expected = sendlint::check_source(
            &expected_text,
            sendlint::Format::Html,
            &sendlint::settings_for(Path::new("untitled.html"), &Default::default(), None),
        );
        let published_spans: Vec<(String, usize)> = published
            .iter()
            .map(|diagnostic| {
                (
                    diagnostic["code"].as_str().unwrap().to_string(),
                    offset(&expected_text, &diagnostic["range"]["start"], utf8),
                )
            })
            .collect();
        let expected_spans: Vec<(String, usize)> = expected
            .iter()
            .map(|diagnostic| (diagnostic.rule.clone(), diagnostic.range.start))
            .collect();
        assert_eq!(published_spans, expected_spans, "utf8: {utf8}");
        assert!(!rules(&published).contains(&"pre-ticked-consent".to_string()));
        assert!(!rules(&published).contains(&"missing-unsubscribe".to_string()));
        client.shutdown();
    }
}

#[test]
fn diagnostics_match_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sendlint.toml"),
        "jurisdiction = [\"us\", \"eu\"]\n[rules]\n\"missing-contact-info\" = \"off\"\n",
    )
    .unwrap();
    let drafts = [
        ("spring.html", DRAFT),
        (
            "spring.md",
            "# Spring sale 😀\n\n30% off everything: [shop now](https://shop.example.org/sale).\n\n- [x] Send me offers\n",
        ),
        (
            "promo.sms",
            "Sweetgum 😀: $5 off any layer cake this week: https://sweetgum.example.com/cakes\n",
        ),
    ];
    let (client, _) = Client::start(true, Value::Null);
    for (name, text) in &drafts {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = Command::cargo_bin("sendlint")
            .unwrap()
            .args(["check", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let from_cli: Vec<(String, String, String, u64, u64)> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|diagnostic| {
                (
                    diagnostic["rule"].as_str().unwrap().to_string(),
                    diagnostic["severity"].as_str().unwrap().to_string(),
                    diagnostic["message"].as_str().unwrap().to_string(),
                    diagnostic["range"]["start"]["offset"].as_u64().unwrap(),
                    diagnostic["range"]["end"]["offset"].as_u64().unwrap(),
                )
            })
            .collect();
        assert!(!from_cli.is_empty(), "{name}: the CLI found nothing");
        let language = if name.ends_with(".md") {
            "markdown"
        } else if name.ends_with(".html") {
            "html"
        } else {
            "plaintext"
        };
        let published = client.open(&uri_of(&path), language, text);
        let from_server: Vec<(String, String, String, u64, u64)> = published
            .iter()
            .map(|diagnostic| {
                let severity = match diagnostic["severity"].as_u64().unwrap() {
                    1 => "error",
                    2 => "warning",
                    _ => "info",
                };
                (
                    diagnostic["code"].as_str().unwrap().to_string(),
                    severity.to_string(),
                    diagnostic["message"].as_str().unwrap().to_string(),
                    offset(text, &diagnostic["range"]["start"], true) as u64,
                    offset(text, &diagnostic["range"]["end"], true) as u64,
                )
            })
            .collect();
        assert_eq!(from_server, from_cli, "{name}");
        assert!(from_server.iter().all(|d| d.0 != "missing-contact-info"));
    }
    client.shutdown();
}

fn code_actions(client: &mut Client, uri: &str, range: &Value) -> Vec<Value> {
    client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        )
        .expect("code actions")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().cloned().unwrap()
}

#[test]
fn code_actions_remove_the_finding() {
    let uri = "untitled:draft";
    for rule in ["pre-ticked-consent", "missing-unsubscribe"] {
        for title in ["fix", "on this line", "in this file"] {
            let (mut client, _) = Client::start(false, Value::Null);
            let diagnostics = client.open(uri, "html", DRAFT);
            let diagnostic = find(&diagnostics, rule);
            let actions = code_actions(&mut client, uri, &diagnostic["range"]);
            let action = actions
                .iter()
                .filter(|action| action["diagnostics"][0]["code"] == rule)
                .find(|action| {
                    let text = action["title"].as_str().unwrap();
                    match title {
                        "fix" => !text.starts_with("Suppress"),
                        other => text.ends_with(other),
                    }
                })
                .unwrap_or_else(|| panic!("no `{title}` action for {rule}: {actions:#?}"));
            let fixed = apply(DRAFT, &edits_of(action, uri), false);
            if title != "fix" {
                assert!(fixed.contains(&format!("{rule} -- reason -->")), "{fixed}");
            }
            let after = client.replace(uri, 2, &fixed);
            let after_rules = rules(&after);
            assert!(
                !after_rules.contains(&rule.to_string()),
                "{title}: {fixed}\n{after_rules:?}"
            );
            assert!(
                !after_rules.contains(&"unused-suppression".to_string()),
                "{title}: {fixed}"
            );
            client.shutdown();
        }
    }
}

#[test]
fn a_suppression_inside_a_tag_spanning_lines_wraps_the_tag() {
    let text = "<html lang=\"en\"><body>\n<form>\n<label><input type=\"checkbox\"\n   name=\"offers\"\n   checked> Send me offers</label>\n</form>\n</body></html>\n";
    let uri = "untitled:form";
    let (mut client, _) = Client::start(false, json!({"jurisdiction": "eu"}));
    let diagnostics = client.open(uri, "html", text);
    let diagnostic = find(&diagnostics, "pre-ticked-consent");
    let actions = code_actions(&mut client, uri, &diagnostic["range"]);
    let action = actions
        .iter()
        .find(|action| action["title"] == "Suppress pre-ticked-consent on this line")
        .unwrap();
    let fixed = apply(text, &edits_of(action, uri), false);
    assert!(
        fixed.contains("<!-- sendlint-disable pre-ticked-consent -- reason -->\n<label><input"),
        "{fixed}"
    );
    assert!(
        fixed.contains("Send me offers</label>\n<!-- sendlint-enable pre-ticked-consent -->"),
        "{fixed}"
    );
    let after = rules(&client.replace(uri, 2, &fixed));
    assert!(
        !after.contains(&"pre-ticked-consent".to_string()),
        "{after:?}"
    );
    client.shutdown();
}

#[test]
fn hover_shows_the_rule_page() {
    let (mut client, _) = Client::start(false, Value::Null);
    let uri = "untitled:draft";
    let diagnostics = client.open(uri, "html", DRAFT);
    let diagnostic = find(&diagnostics, "pre-ticked-consent");
    assert_eq!(
        diagnostic["codeDescription"]["href"],
        format!("{}pre-ticked-consent.md", sendlint::lsp::RULE_DOCS_BASE)
    );
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": diagnostic["range"]["start"]}),
        )
        .unwrap();
    let data = sendlint::rules::data();
    let page =
        sendlint::render::explain::rule_markdown(data.rule("pre-ticked-consent").unwrap(), data);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains(&page), "{value}");
    assert!(value.contains(diagnostic["message"].as_str().unwrap()));
    assert_eq!(hover["range"], diagnostic["range"]);
    // Away from any finding: nothing.
    let nothing = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}),
        )
        .unwrap();
    assert_eq!(nothing, Value::Null);
    client.shutdown();
}

#[test]
fn configuration_reloads_and_client_settings_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sendlint.toml");
    std::fs::write(&config, "[rules]\n\"pre-ticked-consent\" = \"off\"\n").unwrap();
    let path = dir.path().join("spring.html");
    std::fs::write(&path, DRAFT).unwrap();
    let uri = uri_of(&path);
    let (client, _) = Client::start(false, json!({"jurisdiction": "eu"}));
    // The server asks to be told about configuration files.
    let before = client.open(&uri, "html", DRAFT);
    assert!(!rules(&before).contains(&"pre-ticked-consent".to_string()));
    let postal =
        |diagnostics: &[Value]| find(diagnostics, "missing-postal-address")["severity"].clone();
    assert_eq!(postal(&before), 3, "information under eu");

    std::fs::write(&config, "jurisdiction = \"eu\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config), "type": 2}]}),
    );
    let reloaded = client.diagnostics(&uri);
    assert!(rules(&reloaded).contains(&"pre-ticked-consent".to_string()));

    // The client's settings win over the file: under us the postal address is an error.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"sendlint": {"jurisdiction": ["us"]}}}),
    );
    assert_eq!(postal(&client.diagnostics(&uri)), 1);

    // A broken configuration is shown, naming the file, instead of findings.
    std::fs::write(&config, "jurisdictoin = \"eu\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config), "type": 2}]}),
    );
    let broken = client.diagnostics(&uri);
    assert_eq!(broken.len(), 1, "{broken:#?}");
    let message = broken[0]["message"].as_str().unwrap();
    assert!(
        message.contains("sendlint.toml") && message.contains("jurisdictoin"),
        "{message}"
    );
    client.shutdown();
}

#[test]
fn close_clears_the_diagnostics() {
    let (client, _) = Client::start(false, Value::Null);
    let uri = "untitled:draft";
    assert!(!client.open(uri, "html", DRAFT).is_empty());
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(client.diagnostics(uri).is_empty());
    client.shutdown();
}

#[test]
fn pull_diagnostics_equal_the_published_ones() {
    let (mut client, _) = Client::start(false, Value::Null);
    let uri = "untitled:draft";
    let published = client.open(uri, "html", DRAFT);
    let pulled = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    assert_eq!(pulled["kind"], "full");
    assert_eq!(pulled["items"].as_array().unwrap(), &published);
    client.shutdown();
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    let (mut client, _) = Client::start(false, Value::Null);
    let uri = "untitled:draft";
    client.open(uri, "html", DRAFT);
    let unknown = client
        .request("textDocument/nonsense", json!({}))
        .unwrap_err();
    assert_eq!(unknown.0, -32601);
    let malformed = client
        .request("textDocument/hover", json!({"position": "here"}))
        .unwrap_err();
    assert_eq!(malformed.0, -32602);
    let not_open = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "untitled:other"}, "position": {"line": 0, "character": 0}}),
        )
        .unwrap_err();
    assert_eq!(not_open.0, -32602);
    // Positions far out of range are clamped: the edit lands at the end of the text.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 900, "character": 5},
                                             "end": {"line": 999, "character": 0}},
                                   "text": "<p>PS</p>\n"}]}),
    );
    let after = client.diagnostics(uri);
    assert!(rules(&after).contains(&"pre-ticked-consent".to_string()));
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 9999}}),
        )
        .unwrap();
    assert!(hover.is_null() || hover["contents"].is_object());
    client.shutdown();
}

/// The real binary over stdio: a payload that is not JSON gets a JSON-RPC error and the session
/// goes on.
#[test]
fn the_binary_survives_a_malformed_payload() {
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
    let mut input = String::new();
    input.push_str(&frame("{this is not json"));
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
            .to_string(),
    ));
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}).to_string(),
    ));
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}).to_string(),
    ));
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "method": "exit"}).to_string(),
    ));
    let output = Command::cargo_bin("sendlint")
        .unwrap()
        .arg("lsp")
        .write_stdin(input)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let bodies: Vec<Value> = stdout
        .split("Content-Length: ")
        .filter(|part| !part.is_empty())
        .map(|part| serde_json::from_str(part.split_once("\r\n\r\n").unwrap().1).unwrap())
        .collect();
    assert_eq!(bodies[0]["error"]["code"], -32700);
    assert_eq!(bodies[0]["id"], Value::Null);
    assert_eq!(bodies[1]["id"], 1);
    assert_eq!(bodies[1]["result"]["serverInfo"]["name"], "sendlint");
    assert_eq!(bodies[2]["id"], 2);
}
