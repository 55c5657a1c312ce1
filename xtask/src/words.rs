//! Every word the app shows comes from its Fluent files (`api/locales/app/`): a test here reads
//! the app's views and refuses English written straight into an attribute a person reads
//! (`placeholder`, `aria-label`, `title`, `alt`) or into a text node. Brand names and formats
//! (`WhatsApp`, `XXXX-XXXX`) are the only literals allowed.

use std::path::{Path, PathBuf};

/// Literals a view may show as they are, in every language.
const NAMES: [&str; 1] = ["WhatsApp"];

/// `file:line: literal` for each hard-coded word in `source`.
fn hard_coded(file: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let mut literals = Vec::new();
        for attr in ["placeholder=\"", "aria-label=\"", "title=\"", "alt=\""] {
            let mut rest = line;
            while let Some(at) = rest.find(attr) {
                // `data-title="…"` and the like are not read by people.
                let before = rest[..at].chars().last();
                rest = &rest[at + attr.len()..];
                let literal = rest.split('"').next().unwrap_or_default();
                if !matches!(before, Some(c) if c.is_alphanumeric() || c == '-' || c == '_') {
                    literals.push(literal.to_string());
                }
            }
        }
        // A text node: `>"words"<`.
        let mut rest = line;
        while let Some(at) = rest.find(">\"") {
            rest = &rest[at + 2..];
            if let Some(end) = rest.find("\"<") {
                literals.push(rest[..end].to_string());
            }
        }
        for literal in literals {
            let wordy = literal
                .split(|c: char| !c.is_ascii_lowercase())
                .any(|w| w.len() >= 2);
            if wordy && !NAMES.contains(&literal.as_str()) {
                found.push(format!("{file}:{}: {literal:?}", n + 1));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_app_writes_no_word_outside_its_message_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "the app's sources are at {}",
        src.display()
    );
    let found: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            hard_coded(&f.display().to_string(), &text)
        })
        .collect();
    assert!(
        found.is_empty(),
        "put these in api/locales/app/<lang>.ftl and use t(\"…\"):\n{}",
        found.join("\n")
    );
}

#[test]
fn finds_english_in_attributes_and_text_but_not_names_or_formats() {
    let view = r#"<input placeholder="e.g. Counter tablet 2"/>
        <button aria-label=t("close")>"✕"</button>
        <p>"Nothing here yet"</p>
        <span data-title="internal name"></span>
        <a>"WhatsApp"</a><input placeholder="XXXX-XXXX"/>"#;
    let found = hard_coded("view.rs", view);
    assert_eq!(
        found,
        [
            "view.rs:1: \"e.g. Counter tablet 2\"",
            "view.rs:3: \"Nothing here yet\""
        ]
    );
}
