//! `cargo xtask screenshots URL…`: headless Chromium PNGs at phone and tablet sizes.

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::exec::{run, Ctx, Step};

pub const SIZES: [(&str, u32, u32); 2] = [("phone", 390, 844), ("tablet", 1024, 768)];

pub fn screenshots(ctx: &Ctx, args: &[String]) -> Result<()> {
    let (out_dir, urls) = parse_args(ctx, args)?;
    std::fs::create_dir_all(&out_dir)?;
    for url in &urls {
        for (label, width, height) in SIZES {
            let file = out_dir.join(format!("{}-{label}.png", slug(url)));
            let step = Step::start(format!("{url} at {width}×{height} → {}", file.display()));
            let profile =
                std::env::temp_dir().join(format!("xtask-chromium-{}-{label}", std::process::id()));
            let result = run(ctx
                .cmd(&ctx.pins.browser.chromium)
                .args(CHROMIUM_FLAGS)
                .arg(format!("--user-data-dir={}", profile.display()))
                .arg(format!("--window-size={width},{height}"))
                .arg(format!("--screenshot={}", file.display()))
                .arg(url));
            let _ = std::fs::remove_dir_all(&profile);
            result?;
            step.done();
        }
    }
    Ok(())
}

/// Headless and quiet: no sandbox (runs as root in CI), no attempts to reach the closed network.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--virtual-time-budget=5000",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
];

fn parse_args(ctx: &Ctx, args: &[String]) -> Result<(PathBuf, Vec<String>)> {
    let mut out = ctx.target_dir().join("screens");
    let mut urls = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => match iter.next() {
                Some(dir) => out = PathBuf::from(dir),
                None => bail!("--out needs a directory"),
            },
            "--" => {}
            url => urls.push(url.to_string()),
        }
    }
    if urls.is_empty() {
        bail!(
            "usage: cargo xtask screenshots [--out DIR] URL… (e.g. http://127.0.0.1:8080/history)"
        );
    }
    Ok((out, urls))
}

/// A file-name-safe name for a URL: `http://127.0.0.1:8080/pay/Ab12` → `pay-Ab12`.
pub fn slug(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = without_scheme.split_once('/').map_or("", |(_, path)| path);
    let cleaned: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let joined = cleaned
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if joined.is_empty() {
        "index".into()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_name_the_page() {
        assert_eq!(slug("http://127.0.0.1:8080/"), "index");
        assert_eq!(slug("http://127.0.0.1:8080"), "index");
        assert_eq!(slug("http://127.0.0.1:8080/pay/Ab12"), "pay-Ab12");
        assert_eq!(slug("http://h/pair?token=abc"), "pair-token-abc");
    }
}
