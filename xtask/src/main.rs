//! `cargo xtask …`: the project's build tool. Installs the pinned toolchain, builds the app
//! (split by route with wasm-split, wrapped by Trunk), runs the server, runs every test and the benchmarks. No product logic lives here.

mod bench;
mod build;
mod exec;
/// The import check between top-level modules (a test only).
#[cfg(test)]
mod layers;
mod pins;
mod postgres;
mod run;
mod screens;
mod summary;
mod test;
mod tools;
#[cfg(test)]
mod words;

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use crate::exec::{elapsed, Ctx};

const USAGE: &str = "\
usage: cargo xtask <command>

  setup                 check the pinned tools (xtask/pins.toml, Cargo.lock) and install what is missing
  build                 setup, then the app split by route (cargo, wasm-split-cli, wasm-bindgen,
                        wasm-opt) and Trunk around it into dist/; prints each file's raw, gzip and
                        brotli size and what each page downloads
  run [-- ARGS]         build, then build and start the server; ARGS go to wct-pos-server
  test                  setup + Chromium, app build, fmt, clippy, native tests (e2e included), the
                        server's tests again on a throwaway PostgreSQL, app wasm tests; ends with
                        `xtask: N passed, M failed`, non-zero exit on any failure
  test-postgres         only the server's tests on a throwaway PostgreSQL (installed if missing)
  bench [-- ARGS]       build, criterion benches of wct-api, then wct-bench ARGS: --quick (a few
                        minutes), --no-app, --no-fuzz; the proxy under open-loop load against a stub
                        upstream and the sandbox, each its own process; prints figures and the change
                        since the last run into target/bench/, never verdicts
  screenshots [--out DIR] [--pair TERMINAL] URL...
                        headless Chromium PNGs of each URL at 390x844 and 1024x768 (target/screens/);
                        --pair first pairs each browser with a one-time code asked for with that
                        terminal's token from WCT_POS_TERMINALS (and shoots the pairing screen)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = dispatch(command, rest);
    match result {
        Ok(true) => ExitCode::SUCCESS,
        // The failures were reported already; `xtask: N passed, M failed` stays the last line.
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("xtask {command}: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Ok(false): the command ran and found failures (tests); Err: it could not do its job.
fn dispatch(command: &str, rest: &[String]) -> Result<bool> {
    let rest = match rest.first().map(String::as_str) {
        Some("--") => &rest[1..],
        _ => rest,
    };
    let ctx = match command {
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            return Ok(true);
        }
        "setup" | "build" | "run" | "test" | "test-postgres" | "bench" | "screenshots" => {
            Ctx::new()?
        }
        other => {
            eprint!("unknown command {other:?}\n\n{USAGE}");
            return Ok(false);
        }
    };
    if !matches!(command, "run" | "bench" | "screenshots") && !rest.is_empty() {
        anyhow::bail!("`cargo xtask {command}` takes no arguments (got {rest:?})");
    }
    let started = Instant::now();
    match command {
        "setup" => {
            tools::setup(&ctx)?;
        }
        "build" => {
            let tools = tools::setup(&ctx)?;
            build::app_build(&ctx, &tools)?;
        }
        "run" => {
            let tools = tools::setup(&ctx)?;
            build::app_build(&ctx, &tools)?;
            run::serve(&ctx, rest)?;
        }
        "test" => return test::test(&ctx),
        "test-postgres" => return Ok(test::test_postgres(&ctx)),
        "bench" => {
            let tools = tools::setup(&ctx)?;
            tools::ensure_browser(&ctx)?;
            build::app_build(&ctx, &tools)?;
            bench::bench(&ctx, rest)?;
        }
        "screenshots" => {
            tools::ensure_browser(&ctx)?;
            screens::screenshots(&ctx, rest)?;
        }
        _ => unreachable!("commands are matched above"),
    }
    println!("xtask {command}: ok ({})", elapsed(started.elapsed()));
    Ok(true)
}
