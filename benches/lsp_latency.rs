//! Edit-to-diagnostics latency of `sendlint lsp` through the real protocol, and its memory with
//! many open documents: `cargo bench --bench lsp_latency`.
//!
//! A client (this process) starts the release binary, opens a 100 KB and a 1 MB HTML e-mail,
//! sends incremental `didChange` notifications one at a time (a one-character edit in the middle
//! of the text) and times each from sending the change to receiving its `publishDiagnostics`.
//! Beside it, in the same run, the in-process time of `check_source` on the same text shows what
//! the protocol adds. Then it opens 50 documents of 100 KB and reads the server's resident memory
//! from `/proc`. Targets (issue 4): p50 < 1 ms and p99 < 5 ms at 100 KB, p99 < 10 ms at 1 MB,
//! under 50 MB with 50 documents.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const BLOCK: &str = r#"<tr><td style="padding:12px;font-family:Arial,sans-serif;font-size:15px;color:#333333">
<h2 style="margin:0 0 8px">Lentecollectie 😀 nu binnen</h2>
<p>Onze nieuwe fietsen zijn er: lichter, sneller en met 20% korting tot zondag. Bekijk de
<a href="https://shop.example.org/lente?utm_source=mail">hele collectie</a> of kom langs in de winkel.</p>
<img src="https://cdn.example.org/bike.jpg" alt="Een blauwe stadsfiets" width="560" style="display:block">
</td></tr>
"#;

const FOOTER: &str = r#"<tr><td style="font-size:12px;color:#666666">
<p>Velomaas B.V. · Kerkstraat 8 · 2801 JK Gouda · info@velomaas.nl</p>
<p>Wil je deze e-mails niet meer ontvangen? <a href="*|UNSUB|*">Meld je hier af</a>.</p>
</td></tr>
"#;

/// An HTML e-mail of about `size` bytes: product blocks, then the footer.
fn email(size: usize) -> String {
    let mut text = String::from(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><title>Lente</title></head><body>\n<table width=\"600\">\n",
    );
    while text.len() < size {
        text.push_str(BLOCK);
    }
    text.push_str(FOOTER);
    text.push_str("</table>\n</body></html>\n");
    text
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sendlint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start sendlint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut server = Server {
            child,
            stdin,
            stdout,
        };
        server.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                            "params": {"capabilities": {}}}));
        server.wait(|message| message["id"] == 1);
        server.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        server
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn recv(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn wait(&mut self, done: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.recv();
            if done(&message) {
                return message;
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "html", "version": 0, "text": text}}}));
        self.wait(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        });
    }

    /// Resident and peak resident memory in kB, from `/proc`.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|line| line.starts_with(name))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|value| value.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    fn stop(mut self) {
        self.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
        self.wait(|message| message["id"] == 2);
        self.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
        let _ = self.child.wait();
    }
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn latency(size: usize, edits: usize) {
    let text = email(size);
    let mut server = Server::start();
    let uri = "file:///bench/campaign.html";
    server.open(uri, &text);
    // An edit in the middle of a product block: insert a letter, then take it out again.
    let line = text[..text.len() / 2].matches('\n').count() as u32;
    let mut timings = Vec::with_capacity(edits);
    for version in 1..=edits as i32 {
        let change = if version % 2 == 1 {
            json!({"range": {"start": {"line": line, "character": 0},
                             "end": {"line": line, "character": 0}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": line, "character": 0},
                             "end": {"line": line, "character": 1}}, "text": ""})
        };
        let started = Instant::now();
        server.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}}));
        server.wait(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["version"] == version
        });
        timings.push(started.elapsed());
    }
    server.stop();
    timings.sort();

    // The same text checked in-process, side by side: what the protocol adds.
    let settings = sendlint::settings_for(
        std::path::Path::new("campaign.html"),
        &Default::default(),
        None,
    );
    let mut in_process = Vec::with_capacity(edits);
    for _ in 0..edits {
        let started = Instant::now();
        std::hint::black_box(sendlint::check_source(
            &text,
            sendlint::Format::Html,
            &settings,
        ));
        in_process.push(started.elapsed());
    }
    in_process.sort();
    println!(
        "{:>5} KB, {edits} edits: didChange→publishDiagnostics p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; in-process check_source p50 {:.2} ms (protocol/in-process p50 ratio {:.2})",
        text.len() / 1000,
        ms(percentile(&timings, 0.5)),
        ms(percentile(&timings, 0.99)),
        ms(*timings.last().unwrap()),
        ms(percentile(&in_process, 0.5)),
        ms(percentile(&timings, 0.5)) / ms(percentile(&in_process, 0.5)),
    );
}

fn memory(documents: usize, size: usize) {
    let text = email(size);
    let mut server = Server::start();
    let (idle, _) = server.memory();
    for index in 0..documents {
        server.open(&format!("file:///bench/campaign-{index}.html"), &text);
    }
    let (resident, peak) = server.memory();
    server.stop();
    println!(
        "{documents} documents of {} KB open: resident {:.1} MB (idle server {:.1} MB), peak {:.1} MB",
        text.len() / 1000,
        resident as f64 / 1024.0,
        idle as f64 / 1024.0,
        peak as f64 / 1024.0,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    latency(100_000, 400);
    latency(1_000_000, 100);
    memory(50, 100_000);
}
