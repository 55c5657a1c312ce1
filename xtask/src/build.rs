//! `cargo xtask build`: Trunk, offline, with the pinned wasm-bindgen and wasm-opt, into `dist/`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::exec::{run, Ctx, Step};
use crate::tools::Toolchain;

pub fn trunk_build(ctx: &Ctx, tools: &Toolchain) -> Result<()> {
    if !ctx.root.join("index.html").is_file() {
        bail!(
            "{} is missing: the app has no Trunk entry point yet",
            ctx.root.join("index.html").display()
        );
    }
    let step = Step::start(
        "building the app: trunk build --release → dist/ (a few minutes the first time)…",
    );
    let result = run(ctx
        .cmd("trunk")
        .args(["build", "--release", "--dist"])
        .arg(ctx.dist())
        // Trunk otherwise downloads tools from GitHub; PATH already holds the pinned ones.
        .env("TRUNK_OFFLINE", "true")
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("TRUNK_TOOLS_WASM_BINDGEN", &tools.wasm_bindgen)
        .env("TRUNK_TOOLS_WASM_OPT", &tools.wasm_opt)
        .env("TRUNK_COLOR", "never"));
    if let Err(err) = result {
        step.failed();
        return Err(err);
    }
    step.done();
    print_sizes(&ctx.dist())
}

/// What a phone downloads: the wasm, js and css of `dist/`, raw and gzipped.
fn print_sizes(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.retain(|f| {
        matches!(
            f.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css")
        )
    });
    files.sort();
    let (mut raw_total, mut gz_total) = (0u64, 0u64);
    println!("    bundle (wasm + js + css):");
    for file in &files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let gz = gzipped_len(&bytes)?;
        raw_total += bytes.len() as u64;
        gz_total += gz;
        let name = file.strip_prefix(dist).unwrap_or(file).display();
        println!(
            "      {name:<48} {:>10} raw {:>10} gzip",
            kib(bytes.len() as u64),
            kib(gz)
        );
    }
    println!(
        "    total gzipped: {} ({} raw) in {} files",
        kib(gz_total),
        kib(raw_total),
        files.len()
    );
    Ok(())
}

fn collect(dir: &Path, into: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, into)?;
        } else {
            into.push(path);
        }
    }
    Ok(())
}

pub fn gzipped_len(bytes: &[u8]) -> Result<u64> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?.len() as u64)
}

/// Human-readable size; display only, so a float is fine here.
pub fn kib(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_shrinks_repetitive_text_and_sizes_read_in_kib() {
        let text = "fn main() {}\n".repeat(1000);
        let gz = gzipped_len(text.as_bytes()).unwrap();
        assert!(gz > 0 && gz < text.len() as u64 / 10, "{gz}");
        assert_eq!(kib(1536), "1.5 KiB");
        assert_eq!(kib(29), "29 B");
    }
}
