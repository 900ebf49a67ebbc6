use lol_html::{HtmlRewriter, Settings, doc_comments, doc_text, element, end_tag};
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let sources: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let bytes: usize = sources.iter().map(String::len).sum();
    for mode in 0..5 {
        let start = Instant::now();
        let mut count = 0usize;
        for source in &sources {
            let mut n = 0usize;
            let mut t = 0usize;
            {
                let mut settings = Settings::new().with_strict(false);
                if mode >= 1 {
                    settings = settings.append_element_content_handler(element!("*", |el| {
                        n += el.attributes().len();
                        Ok(())
                    }));
                }
                if mode >= 2 {
                    settings = settings.append_document_content_handler(doc_text!(|c| {
                        t += c.as_str().len();
                        Ok(())
                    }));
                }
                let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
                rewriter.write(source.as_bytes()).unwrap();
                rewriter.end().unwrap();
            }
            count += n + t;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "mode {mode}: {:.1} MB/s ({count})",
            bytes as f64 / 1e6 / secs
        );
    }
}
