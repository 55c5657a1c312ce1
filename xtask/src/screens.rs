//! `cargo xtask screenshots URL…`: headless Chromium PNGs at phone and tablet sizes.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::exec::{Ctx, Step};

pub const SIZES: [(&str, u32, u32); 2] = [("phone", 390, 844), ("tablet", 1024, 768)];

/// URLs are visited in order in one browser profile per size, so a first
/// `/pair?token=…` URL pairs the terminal for the URLs after it.
pub fn screenshots(ctx: &Ctx, args: &[String]) -> Result<()> {
    let (out_dir, urls) = parse_args(ctx, args)?;
    std::fs::create_dir_all(&out_dir)?;
    for url in &urls {
        ensure_reachable(url)?;
    }
    for (label, width, height) in SIZES {
        let profile =
            std::env::temp_dir().join(format!("xtask-chromium-{}-{label}", std::process::id()));
        let result = urls.iter().try_for_each(|url| {
            let file = out_dir.join(format!("{}-{label}.png", slug(url)));
            shoot(ctx, url, &profile, (width, height), &file)
        });
        let _ = std::fs::remove_dir_all(&profile);
        result?;
    }
    Ok(())
}

fn shoot(
    ctx: &Ctx,
    url: &str,
    profile: &Path,
    (width, height): (u32, u32),
    file: &Path,
) -> Result<()> {
    let step = Step::start(format!("{url} at {width}×{height} → {}", file.display()));
    let _ = std::fs::remove_file(file);
    let output = ctx
        .cmd(&ctx.pins.browser.chromium)
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", file.display()))
        .arg(url)
        .output()
        .context("cannot start chromium")?;
    // Headless Chromium logs dbus noise on every run; show it only when something broke.
    if !output.status.success() || !file.is_file() {
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        step.failed();
        bail!("chromium could not screenshot {url} ({})", output.status);
    }
    step.done();
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

/// Chromium happily screenshots its own "connection refused" page; refuse that up front.
fn ensure_reachable(url: &str) -> Result<()> {
    let Some(authority) = authority(url) else {
        return Ok(());
    };
    let addrs: Vec<_> = authority
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve {authority}"))?
        .collect();
    if addrs
        .iter()
        .any(|a| TcpStream::connect_timeout(a, Duration::from_secs(3)).is_ok())
    {
        Ok(())
    } else {
        bail!("nothing answers at {authority}; start the server first (cargo xtask run)")
    }
}

/// `host:port` of an http(s) URL, with the scheme's default port.
fn authority(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let host_port = rest.split(['/', '?', '#']).next()?;
    let has_port = host_port
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
        && !host_port.ends_with(']');
    Some(if has_port {
        host_port.to_string()
    } else {
        format!("{host_port}:{default_port}")
    })
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

    #[test]
    fn authority_adds_the_default_port() {
        assert_eq!(
            authority("http://127.0.0.1:8080/pay/x").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            authority("http://localhost/").as_deref(),
            Some("localhost:80")
        );
        assert_eq!(
            authority("https://pos.example.com?x=1").as_deref(),
            Some("pos.example.com:443")
        );
        assert_eq!(
            authority("http://[::1]:8080/").as_deref(),
            Some("[::1]:8080")
        );
        assert_eq!(authority("http://[::1]/").as_deref(), Some("[::1]:80"));
        assert_eq!(authority("file:///tmp/x.html"), None);
    }

    #[test]
    fn a_closed_port_is_reported_before_chromium_runs() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        assert!(ensure_reachable(&format!("http://{addr}/")).is_ok());
        drop(listener);
        let err = ensure_reachable(&format!("http://{addr}/")).unwrap_err();
        assert!(err.to_string().contains("nothing answers"), "{err}");
    }
}
