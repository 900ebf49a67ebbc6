//! In-process throughput of the two stages, parsing and checking, on one core:
//! `cargo bench --bench throughput -- DIR` (default: a corpus made by `bench/gen_corpus.py`).
//! `bench/run.sh` measures the whole command against ripgrep; this splits the time. With
//! `--parser-floor` it times lol_html alone, with the same handlers doing nothing: the ceiling the
//! parser sets on the whole check.

use sendlint::{Format, Settings};

use std::path::{Path, PathBuf};
use std::time::Instant;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .map(PathBuf::from);
    let Some(dir) = dir.filter(|dir| dir.is_dir()) else {
        eprintln!(
            "usage: cargo bench --bench throughput -- DIR   (make one with: python3 bench/gen_corpus.py 42 /tmp/corpus 1000 50)"
        );
        return;
    };
    let parse_only = std::env::args().any(|arg| arg == "--parse-only");
    let floor = std::env::args().any(|arg| arg == "--parser-floor");
    let sources: Vec<String> = files(&dir)
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    let bytes: usize = sources.iter().map(String::len).sum();
    let data = sendlint::rules::data();
    let settings = Settings::default();

    if floor {
        // The ceiling lol_html itself sets: the handlers sendlint registers (every element with
        // its end tag, text, comments), doing nothing.
        let start = Instant::now();
        for _ in 0..3 {
            for source in &sources {
                lol_html_floor(source);
            }
        }
        let seconds = start.elapsed().as_secs_f64() / 3.0;
        println!(
            "lol_html with sendlint's handlers, empty: {seconds:.3} s, {:.1} MB/s",
            bytes as f64 / 1e6 / seconds
        );
        return;
    }
    if parse_only {
        // For profiling the HTML path alone: parse everything a few times, keep nothing.
        let start = Instant::now();
        for _ in 0..3 {
            for source in &sources {
                std::hint::black_box(sendlint::document::html::parse(source));
            }
        }
        let seconds = start.elapsed().as_secs_f64() / 3.0;
        println!(
            "html parse only: {seconds:.3} s, {:.1} MB/s",
            bytes as f64 / 1e6 / seconds
        );
        return;
    }
    let start = Instant::now();
    let mut html_only: Vec<_> = sources
        .iter()
        .map(|source| sendlint::document::html::parse(source))
        .collect();
    let html = start.elapsed().as_secs_f64();
    let start = Instant::now();
    for document in &mut html_only {
        sendlint::document::text::add_written_links(document);
    }
    let written = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let tags: usize = html_only
        .iter()
        .map(|document| sendlint::document::merge_tags::find_all(document, &data.merge_tags).len())
        .sum();
    let merge = start.elapsed().as_secs_f64();
    println!(
        "  html {html:.3} s, written links {written:.3} s, merge tags {merge:.3} s ({tags} tags)"
    );

    let start = Instant::now();
    let documents: Vec<_> = sources
        .iter()
        .map(|source| sendlint::document::parse(source, Format::Html, &data.merge_tags))
        .collect();
    let parse = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let findings: usize = documents
        .iter()
        .map(|document| sendlint::lint::check(document, &settings).diagnostics.len())
        .sum();
    let check = start.elapsed().as_secs_f64();

    let megabytes = bytes as f64 / 1e6;
    println!(
        "{} HTML files, {megabytes:.1} MB, {findings} findings",
        sources.len()
    );
    println!("parse  {parse:.3} s  {:.1} MB/s", megabytes / parse);
    println!("check  {check:.3} s  {:.1} MB/s", megabytes / check);
    println!(
        "total  {:.3} s  {:.1} MB/s (one core)",
        parse + check,
        megabytes / (parse + check)
    );
}

/// Runs lol_html over `html` with the handlers `document::html` registers, reading what they
/// read and building nothing.
fn lol_html_floor(html: &str) {
    use lol_html::{HtmlRewriter, Settings, doc_comments, doc_text, element, end_tag};
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler(element!("*", |element| {
            // What `Builder::open` asks of every element: its name, place and attributes' places.
            std::hint::black_box(element.tag_name());
            std::hint::black_box(element.source_location());
            for attribute in element.attributes() {
                std::hint::black_box(attribute.name_source_location());
                std::hint::black_box(attribute.value_source_location());
            }
            if let Some(handlers) = element.end_tag_handlers() {
                handlers.push(end_tag!(|end| {
                    std::hint::black_box(end.source_location());
                    Ok(())
                }));
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(|chunk| {
            std::hint::black_box(chunk.as_str());
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|comment| {
            std::hint::black_box(comment.text());
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    if rewriter.write(html.as_bytes()).is_ok() {
        let _ = rewriter.end();
    }
}
