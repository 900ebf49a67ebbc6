//! Embeds every data file under `rules/` into the binary: `src/rules.rs` reads them from the
//! generated table, so adding a rule or a lexicon needs no change in Rust.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &rules, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Every `.toml` file under `rules/`: (path relative to `rules/`, contents).\n",
    );
    out.push_str("pub static RULE_FILES: &[(&str, &str)] = &[\n");
    for relative in &files {
        let absolute = rules.join(relative);
        println!("cargo:rerun-if-changed={}", absolute.display());
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            relative.replace('\\', "/"),
            absolute.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rule_files.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else if path.extension().is_some_and(|ext| ext == "toml")
            && let Ok(relative) = path.strip_prefix(base)
        {
            files.push(relative.to_string_lossy().into_owned());
        }
    }
}
