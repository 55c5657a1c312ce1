//! `cargo xtask test`: everything CI checks, in order. A failing step is counted and the run
//! goes on, so one report shows every problem; the last line is `xtask: N passed, M failed`.

use std::process::Command;

use anyhow::{Context, Result};

use crate::build;
use crate::exec::{run, tee, Ctx, Step};
use crate::postgres;
use crate::summary::{render, Outcome, Tally};
use crate::tools;

/// Returns whether everything passed.
pub fn test(ctx: &Ctx) -> Result<bool> {
    let mut toolchain = None;
    let mut pebble = None;
    let setup = plain("setup (tools, Chromium, pebble)", || {
        let tools = tools::setup(ctx)?;
        tools::ensure_browser(ctx)?;
        pebble = Some(tools::ensure_pebble(ctx)?);
        toolchain = Some(tools);
        Ok(())
    });
    let Some(tools) = toolchain else {
        // Nothing else can run without the tools; still end with the totals line.
        return Ok(finish(&[setup]));
    };
    let mut outcomes = vec![
        setup,
        plain("app build (split by route, trunk → dist/)", || {
            build::app_build(ctx, &tools)
        }),
        plain("cargo fmt --check", || {
            run(ctx.cargo().args(["fmt", "--all", "--check"]))
        }),
        plain("clippy (native, workspace)", || {
            run(ctx.cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        }),
        plain("clippy (app, wasm32)", || {
            run(ctx
                .cargo()
                .args(["clippy", "-p", "wct-pos", "--target", &ctx.pins.rust.target])
                .args(["--all-targets", "--", "-D", "warnings"]))
        }),
    ];
    outcomes.push(native_tests(ctx, pebble.as_deref()));
    outcomes.push(postgres_tests(ctx));
    outcomes.push(wasm_tests(ctx));
    Ok(finish(&outcomes))
}

/// `cargo xtask test-postgres`: only the server's Postgres pass.
pub fn test_postgres(ctx: &Ctx) -> bool {
    finish(&[postgres_tests(ctx)])
}

fn finish(outcomes: &[Outcome]) -> bool {
    let (report, _passed, failed) = render(outcomes);
    print!("{report}");
    failed == 0
}

fn plain(name: &str, body: impl FnOnce() -> Result<()>) -> Outcome {
    let step = Step::start(name);
    let result = body();
    let took = step.elapsed();
    match &result {
        Ok(()) => step.done(),
        Err(err) => {
            println!("    error: {err:#}");
            step.failed();
        }
    }
    Outcome {
        name: name.into(),
        ok: result.is_ok(),
        tally: None,
        took,
    }
}

/// Every crate but the app natively; the e2e suite drives Chromium against `dist/`, the
/// proxy's ACME test runs against `pebble`.
fn native_tests(ctx: &Ctx, pebble: Option<&std::path::Path>) -> Outcome {
    let mut cmd = native_test_command(ctx);
    cmd.env("WCT_E2E_DIST", ctx.dist())
        .env("CHROMEDRIVER", &ctx.pins.browser.chromedriver)
        .env("CHROME_BIN", &ctx.pins.browser.chromium);
    if let Some(pebble) = pebble {
        cmd.env("WCT_TEST_PEBBLE", pebble);
    }
    counted("native tests (workspace minus the app, e2e included)", cmd)
}

/// `cargo test` over the same packages as the native step. Cargo unifies features across the
/// packages named on the command line, so a `-p wct-pos-server` run would rebuild much of the
/// dependency tree (minutes and gigabytes); selecting the same packages reuses every artifact.
fn native_test_command(ctx: &Ctx) -> Command {
    let mut cmd = ctx.cargo();
    cmd.args([
        "test",
        "--workspace",
        "--exclude",
        "wct-pos",
        "--no-fail-fast",
    ]);
    cmd
}

/// The proxy's integration suite a second time, on PostgreSQL (each test makes its own database
/// on the throwaway server; the two-instance tests assert only here). Only the integration
/// tests of `server/tests/` are selected; the sandbox's tests that share a file name
/// (`create`, `postbacks`) run along, unaffected by the database URL.
fn postgres_tests(ctx: &Ctx) -> Outcome {
    let name = "server tests on PostgreSQL (throwaway cluster)";
    let tests = match server_integration_tests(ctx) {
        Ok(tests) => tests,
        Err(err) => return plain(name, || Err(err)),
    };
    let cluster = match postgres::Cluster::start(ctx) {
        Ok(cluster) => cluster,
        Err(err) => return plain(name, || Err(err)),
    };
    let mut cmd = native_test_command(ctx);
    for test in &tests {
        cmd.args(["--test", test]);
    }
    cmd.env("WCT_TEST_DATABASE_URL", cluster.url())
        .env("WCT_E2E_DIST", ctx.dist());
    let outcome = counted(name, cmd);
    drop(cluster);
    outcome
}

/// The names of `server/tests/*.rs`, the proxy's integration test targets.
fn server_integration_tests(ctx: &Ctx) -> Result<Vec<String>> {
    let dir = ctx.root.join("server").join("tests");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                names.push(stem.to_string());
            }
        }
    }
    names.sort();
    anyhow::ensure!(
        !names.is_empty(),
        "no integration tests in {}",
        dir.display()
    );
    Ok(names)
}

/// The app's tests in headless Chromium through wasm-bindgen-test-runner (the cargo runner).
fn wasm_tests(ctx: &Ctx) -> Outcome {
    let mut cmd = ctx.cargo();
    cmd.args([
        "test",
        "-p",
        "wct-pos",
        "--target",
        &ctx.pins.rust.target,
        "--no-fail-fast",
    ])
    .env("CHROMEDRIVER", &ctx.pins.browser.chromedriver);
    // The runner's default per-test timeout (20 s) is tight on a loaded 2-core machine.
    if std::env::var_os("WASM_BINDGEN_TEST_TIMEOUT").is_none() {
        cmd.env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    }
    counted("app tests (wasm32, headless Chromium)", cmd)
}

fn counted(name: &str, mut cmd: Command) -> Outcome {
    let step = Step::start(name);
    cmd.env("CARGO_TERM_COLOR", "never");
    let (ok, tally) = match tee(&mut cmd) {
        Ok((status, output)) => (status.success(), Tally::from_output(&output)),
        Err(err) => {
            println!("    error: {err:#}");
            (false, Tally::default())
        }
    };
    let took = step.elapsed();
    if ok {
        step.done();
    } else {
        step.failed();
    }
    Outcome {
        name: name.into(),
        ok,
        tally: Some(tally),
        took,
    }
}
