//! `cargo xtask bench`: micro-benchmarks of wct-api, then the end-to-end bench of the e2e crate.
//! Figures are printed and saved, never judged: timings on a shared machine are not verdicts.

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::exec::{probe, run, Ctx, Step};

const BENCH_PACKAGE: &str = "wct-e2e";
const BENCH_BIN: &str = "wct-bench";

pub fn bench(ctx: &Ctx, args: &[String]) -> Result<()> {
    let step = Step::start("criterion benches of wct-api (validation, signing, QR, money)…");
    let mut criterion = ctx.cargo();
    criterion.args(["bench", "-p", "wct-api"]);
    if args.iter().any(|a| a == "--quick") {
        // Criterion's own quick mode: fewer samples, the same functions. Only the bench
        // targets: the lib's test harness would refuse the flag.
        criterion.args(["--bench", "*", "--", "--quick"]);
    }
    run(&mut criterion)?;
    step.done();

    if !has_bin(ctx, BENCH_PACKAGE, BENCH_BIN)? {
        println!("==> note: {BENCH_PACKAGE} has no `{BENCH_BIN}` binary yet; skipping the app/proxy benchmarks");
        return Ok(());
    }
    let step = Step::start(format!(
        "{BENCH_BIN}: bundle size, app timings, open-loop proxy load against a stub and the sandbox, streams (a few minutes)…"
    ));
    run(ctx
        .cargo()
        .args([
            "run",
            "--profile",
            "server",
            "-p",
            BENCH_PACKAGE,
            "--bin",
            BENCH_BIN,
            "--",
        ])
        .args(args)
        .env("WCT_E2E_DIST", ctx.dist())
        .env("CHROMEDRIVER", &ctx.pins.browser.chromedriver)
        .env("CHROME_BIN", &ctx.pins.browser.chromium))?;
    step.done();
    println!("    results: {}", ctx.target_dir().join("bench").display());
    Ok(())
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    targets: Vec<Target>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

fn has_bin(ctx: &Ctx, package: &str, bin: &str) -> Result<bool> {
    let json = probe(
        ctx.cargo()
            .args(["metadata", "--no-deps", "--format-version", "1"]),
    )
    .context("`cargo metadata` failed")?;
    bin_in_metadata(&json, package, bin)
}

fn bin_in_metadata(json: &str, package: &str, bin: &str) -> Result<bool> {
    // probe() appends stderr; the JSON is the first line of stdout.
    let first = json.lines().next().unwrap_or_default();
    let meta: Metadata =
        serde_json::from_str(first).context("cannot read `cargo metadata` output")?;
    Ok(meta
        .packages
        .iter()
        .filter(|p| p.name == package)
        .flat_map(|p| &p.targets)
        .any(|t| t.name == bin && t.kind.iter().any(|k| k == "bin")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_bin_target_in_metadata() {
        let json = r#"{"packages":[{"name":"wct-e2e","targets":[{"name":"wct_e2e","kind":["lib"]},{"name":"wct-bench","kind":["bin"]}]}]}"#;
        assert!(bin_in_metadata(json, "wct-e2e", "wct-bench").unwrap());
        assert!(!bin_in_metadata(json, "wct-e2e", "wct-fuzz").unwrap());
        assert!(!bin_in_metadata(json, "other", "wct-bench").unwrap());
    }
}
