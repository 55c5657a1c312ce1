//! `cargo xtask build`: Trunk, offline, with the pinned wasm-bindgen and wasm-opt, into `dist/`,
//! then every text and wasm file pre-compressed once (`.gz` and `.br` beside it), which the
//! proxy serves as they are with the matching `Content-Encoding`.

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
    precompress(&ctx.dist())?;
    print_sizes(&ctx.dist())
}

/// Files worth compressing: what a browser downloads as text or wasm.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("wasm" | "js" | "css" | "html" | "svg" | "webmanifest" | "json")
    )
}

/// Writes `file.gz` and `file.br` beside every compressible file of `dist` (best levels:
/// this runs once per build, not per request).
pub fn precompress(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.retain(|f| compressible(f));
    for file in files {
        let bytes =
            std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let with_ext = |ext: &str| {
            let mut name = file.clone().into_os_string();
            name.push(ext);
            PathBuf::from(name)
        };
        std::fs::write(with_ext(".gz"), gzip(&bytes)?)?;
        std::fs::write(with_ext(".br"), brotli(&bytes)?)?;
    }
    Ok(())
}

/// What a phone downloads: the wasm, js and css of `dist/`, raw, gzipped and brotli.
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
    let (mut raw_total, mut gz_total, mut br_total) = (0u64, 0u64, 0u64);
    println!("    bundle (wasm + js + css):");
    for file in &files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        // The pre-compressed files are exactly what the proxy sends.
        let beside = |ext: &str| {
            let mut name = file.clone().into_os_string();
            name.push(ext);
            std::fs::metadata(PathBuf::from(name)).ok().map(|m| m.len())
        };
        let gz = match beside(".gz") {
            Some(len) => len,
            None => gzipped_len(&bytes)?,
        };
        let br = match beside(".br") {
            Some(len) => len,
            None => brotli(&bytes)?.len() as u64,
        };
        raw_total += bytes.len() as u64;
        gz_total += gz;
        br_total += br;
        let name = file.strip_prefix(dist).unwrap_or(file).display();
        println!(
            "      {name:<48} {:>10} raw {:>10} gzip {:>10} brotli",
            kib(bytes.len() as u64),
            kib(gz),
            kib(br)
        );
    }
    println!(
        "    total: {} gzip, {} brotli ({} raw) in {} files",
        kib(gz_total),
        kib(br_total),
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
    Ok(gzip(bytes)?.len() as u64)
}

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

/// Brotli at its best quality and a 4 MiB window (what browsers accept).
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(bytes)?;
        writer.flush()?;
    }
    Ok(out)
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
    fn precompressed_files_sit_beside_the_originals_and_decompress_to_them() {
        let dist = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dist);
        std::fs::create_dir_all(dist.join("sub")).unwrap();
        let js = "export function f() { return 1; }\n".repeat(200);
        std::fs::write(dist.join("app.js"), &js).unwrap();
        std::fs::write(
            dist.join("sub/app_bg.wasm"),
            [0u8, 97, 115, 109, 1, 0, 0, 0],
        )
        .unwrap();
        std::fs::write(dist.join("icon.png"), [137u8, 80, 78, 71]).unwrap();
        precompress(&dist).unwrap();

        let gz = std::fs::read(dist.join("app.js.gz")).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut text)
            .unwrap();
        assert_eq!(text, js);
        let br = std::fs::read(dist.join("app.js.br")).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut brotli::Decompressor::new(&br[..], 4096), &mut text)
            .unwrap();
        assert_eq!(text, js);
        assert!(br.len() < js.len() / 10);
        assert!(dist.join("sub/app_bg.wasm.br").is_file());
        assert!(
            !dist.join("icon.png.gz").exists(),
            "PNGs are compressed already"
        );
        let _ = std::fs::remove_dir_all(&dist);
    }

    #[test]
    fn gzip_shrinks_repetitive_text_and_sizes_read_in_kib() {
        let text = "fn main() {}\n".repeat(1000);
        let gz = gzipped_len(text.as_bytes()).unwrap();
        assert!(gz > 0 && gz < text.len() as u64 / 10, "{gz}");
        assert_eq!(kib(1536), "1.5 KiB");
        assert_eq!(kib(29), "29 B");
    }
}
