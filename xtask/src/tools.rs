//! `cargo xtask setup`: finds the pinned tools and installs whatever is missing or of the wrong
//! version. Every check is a quick `--version` probe, so on a ready machine setup is a no-op.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::exec::{probe, run, Ctx, Step};
use crate::pins;

/// Versions the build needs, resolved once per xtask invocation.
pub struct Toolchain {
    pub wasm_bindgen: String,
    /// The pinned `wasm-split-cli` (repo-local, by full path).
    pub wasm_split: std::path::PathBuf,
    /// Trunk's name for the pinned wasm-opt, e.g. `version_132`.
    pub wasm_opt: String,
}

pub fn setup(ctx: &Ctx) -> Result<Toolchain> {
    let wasm_bindgen = pins::wasm_bindgen_from_lock_file(&ctx.root)?;
    let wasm_opt = ctx.pins.binaryen.trunk_tool_version()?;
    println!(
        "==> checking tools (pins: xtask/pins.toml; wasm-bindgen {wasm_bindgen} from Cargo.lock)"
    );
    ensure_rust(ctx)?;
    ensure_trunk(ctx)?;
    ensure_wasm_bindgen(ctx, &wasm_bindgen)?;
    let wasm_split = ensure_wasm_split(ctx)?;
    ensure_binaryen(ctx)?;
    Ok(Toolchain {
        wasm_bindgen,
        wasm_split,
        wasm_opt,
    })
}

fn ensure_rust(ctx: &Ctx) -> Result<()> {
    let target = &ctx.pins.rust.target;
    let Some(targets) = probe(ctx.cmd("rustup").args(["target", "list", "--installed"])) else {
        bail!("rustup is not available; install Rust with rustup (https://rustup.rs) and run this again");
    };
    if has_line(&targets, target) {
        println!("    ok  rust target {target}");
    } else {
        let step = Step::start(format!("adding rust target {target} (under a minute)"));
        run(ctx.cmd("rustup").args(["target", "add", target]))?;
        step.done();
    }
    let components =
        probe(ctx.cmd("rustup").args(["component", "list", "--installed"])).unwrap_or_default();
    for component in &ctx.pins.rust.components {
        if has_component(&components, component) {
            println!("    ok  rust component {component}");
        } else {
            let step = Step::start(format!(
                "adding rust component {component} (under a minute)"
            ));
            run(ctx.cmd("rustup").args(["component", "add", component]))?;
            step.done();
        }
    }
    Ok(())
}

fn ensure_trunk(ctx: &Ctx) -> Result<()> {
    let want = &ctx.pins.trunk.version;
    let have = probe(ctx.cmd("trunk").arg("--version"));
    if tool_version(have.as_deref(), "trunk") == Some(want.as_str()) {
        println!("    ok  trunk {want}");
        return Ok(());
    }
    report_mismatch("trunk", have.as_deref(), want);
    let step = Step::start(format!("installing trunk {want} (about 10 minutes)…"));
    run(ctx
        .cargo()
        .args(["install", "--locked", "trunk", "--version", want]))?;
    step.done();
    let have = probe(ctx.cmd("trunk").arg("--version"));
    if tool_version(have.as_deref(), "trunk") != Some(want.as_str()) {
        bail!(
            "trunk {want} was installed into {} but another trunk comes first on PATH",
            ctx.cargo_bin.display()
        );
    }
    Ok(())
}

fn ensure_wasm_bindgen(ctx: &Ctx, want: &str) -> Result<()> {
    // The CLI and the test runner come from one package; both must match the crate in Cargo.lock.
    let bindgen = probe(ctx.cmd("wasm-bindgen").arg("--version"));
    let runner = probe(ctx.cmd("wasm-bindgen-test-runner").arg("--version"));
    let bindgen_ok = tool_version(bindgen.as_deref(), "wasm-bindgen") == Some(want);
    let runner_ok = tool_version(runner.as_deref(), "wasm-bindgen-test-runner") == Some(want);
    if bindgen_ok && runner_ok {
        println!("    ok  wasm-bindgen-cli {want}");
        return Ok(());
    }
    report_mismatch("wasm-bindgen", bindgen.as_deref(), want);
    // Not --locked: its lock file wants a webpki-roots newer than the registry mirror has.
    let step = Step::start(format!(
        "installing wasm-bindgen-cli {want} (about 3 minutes)…"
    ));
    run(ctx
        .cargo()
        .args(["install", "wasm-bindgen-cli", "--version", want]))?;
    step.done();
    let bindgen = probe(ctx.cmd("wasm-bindgen").arg("--version"));
    if tool_version(bindgen.as_deref(), "wasm-bindgen") != Some(want) {
        bail!(
            "wasm-bindgen {want} was installed but `wasm-bindgen --version` still says {bindgen:?}"
        );
    }
    Ok(())
}

/// `wasm-split-cli` from crates.io, installed into the repo (`cargo install --root`); its own
/// install record says which version is there (the binary has no `--version`).
fn ensure_wasm_split(ctx: &Ctx) -> Result<std::path::PathBuf> {
    let pins = &ctx.pins.wasm_split;
    let root = ctx.root.join(&pins.dir);
    let bin = root.join("bin").join("wasm-split-cli");
    let record = std::fs::read_to_string(root.join(".crates.toml")).unwrap_or_default();
    if bin.is_file() && pins.installed_in(&record) {
        println!(
            "    ok  wasm-split-cli ({} {}, {})",
            pins.krate,
            pins.version,
            relative(&ctx.root, &bin)
        );
        return Ok(bin);
    }
    println!(
        "    --  wasm-split-cli not found in {} (want {} {})",
        pins.dir, pins.krate, pins.version
    );
    let step = Step::start(format!(
        "installing wasm-split-cli ({} {}) from crates.io (about 2 minutes)…",
        pins.krate, pins.version
    ));
    run(ctx
        .cargo()
        .args([
            "install",
            "--locked",
            &pins.krate,
            "--version",
            &pins.version,
        ])
        .arg("--features")
        .arg(pins.features.join(","))
        .arg("--root")
        .arg(&root))?;
    step.done();
    if !bin.is_file() {
        bail!(
            "{} {} was installed but {} is missing",
            pins.krate,
            pins.version,
            bin.display()
        );
    }
    Ok(bin)
}

fn ensure_binaryen(ctx: &Ctx) -> Result<()> {
    let pins = &ctx.pins.binaryen;
    let major = pins.major()?;
    // Always the repo-local binary by full path: Debian's wasm-opt must never be picked up.
    let wasm_opt = ctx.binaryen_bin.join("wasm-opt");
    let have = probe(ctx.cmd(&wasm_opt).arg("--version"));
    if wasm_opt_major(have.as_deref()) == Some(major) {
        println!(
            "    ok  wasm-opt version {major} ({})",
            relative(&ctx.root, &wasm_opt)
        );
        return Ok(());
    }
    ensure_npm(ctx)?;
    let step = Step::start(format!(
        "installing binaryen {} from npm into {} (seconds)…",
        pins.version, pins.dir
    ));
    let spec = format!("binaryen@{}", pins.version);
    run(ctx
        .cmd("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--save-exact",
            "--prefix",
        ])
        .arg(ctx.root.join(&pins.dir))
        .arg(&spec))?;
    step.done();
    let have = probe(ctx.cmd(&wasm_opt).arg("--version"));
    if wasm_opt_major(have.as_deref()) != Some(major) {
        bail!(
            "{} does not report version {major} after installing {spec}: {have:?}",
            wasm_opt.display()
        );
    }
    Ok(())
}

fn ensure_npm(ctx: &Ctx) -> Result<()> {
    if probe(ctx.cmd("npm").arg("--version")).is_some() {
        return Ok(());
    }
    apt_install(
        ctx,
        &["npm"],
        "npm (needed once to fetch binaryen's wasm-opt)",
        "about a minute",
    )
}

/// Chromium and ChromeDriver for the browser tests, from Debian.
pub fn ensure_browser(ctx: &Ctx) -> Result<()> {
    let b = &ctx.pins.browser;
    let chromium = probe(ctx.cmd(&b.chromium).arg("--version"));
    let driver = probe(ctx.cmd(&b.chromedriver).arg("--version"));
    if let (Some(chromium), Some(driver)) = (&chromium, &driver) {
        println!("    ok  {}", first_line(chromium));
        println!("    ok  {}", first_line(driver));
        return Ok(());
    }
    let packages: Vec<&str> = b.packages.iter().map(String::as_str).collect();
    apt_install(
        ctx,
        &packages,
        "Chromium and ChromeDriver (headless browser tests)",
        "about 40 seconds",
    )?;
    if probe(ctx.cmd(&b.chromedriver).arg("--version")).is_none() {
        bail!(
            "{} still does not run after installing {}",
            b.chromedriver,
            packages.join(" ")
        );
    }
    Ok(())
}

/// Debian's pebble (the ACME test CA, with its mock DNS `pebble-challtestsrv` beside it),
/// installed when missing; the path the proxy's ACME test gets in `WCT_TEST_PEBBLE`.
pub fn ensure_pebble(ctx: &Ctx) -> Result<std::path::PathBuf> {
    let pebble = std::path::PathBuf::from("/usr/bin/pebble");
    let installed = || pebble.is_file() && pebble.with_file_name("pebble-challtestsrv").is_file();
    if !installed() {
        apt_install(
            ctx,
            &["pebble"],
            "pebble (the ACME test CA for the HTTPS tests)",
            "about 10 seconds",
        )?;
        if !installed() {
            bail!("{} still missing after installing pebble", pebble.display());
        }
    }
    println!("    ok  {}", pebble.display());
    Ok(pebble)
}

pub fn apt_install(ctx: &Ctx, packages: &[&str], what: &str, estimate: &str) -> Result<()> {
    let uid = probe(ctx.cmd("id").arg("-u")).unwrap_or_default();
    if uid.trim() != "0" {
        bail!(
            "{what} missing. Install them as root and run this again:\n    \
             sudo apt-get update && sudo apt-get install -y {}",
            packages.join(" ")
        );
    }
    let step = Step::start(format!("installing {what} with apt-get ({estimate})…"));
    run(ctx.cmd("apt-get").arg("update"))?;
    run(ctx
        .cmd("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
    .with_context(|| format!("apt-get could not install {}", packages.join(" ")))?;
    step.done();
    Ok(())
}

fn report_mismatch(tool: &str, have: Option<&str>, want: &str) {
    match have {
        None => println!("    --  {tool} not found (want {want})"),
        Some(text) => println!("    --  {tool}: found {:?}, want {want}", first_line(text)),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The version in `<name> <version>` output, e.g. `trunk 0.21.14` → `0.21.14`.
pub fn tool_version<'a>(output: Option<&'a str>, name: &str) -> Option<&'a str> {
    output?.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        (words.next()? == name).then(|| words.next())?
    })
}

/// The major version in `wasm-opt version 132 (version_132)` → 132.
pub fn wasm_opt_major(output: Option<&str>) -> Option<u32> {
    let text = output?;
    let after = &text[text.find("version ")? + "version ".len()..];
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn has_line(list: &str, wanted: &str) -> bool {
    list.lines().any(|line| line.trim() == wanted)
}

/// `rustup component list --installed` prints `clippy-x86_64-unknown-linux-gnu`.
fn has_component(list: &str, component: &str) -> bool {
    list.lines().map(str::trim).any(|line| {
        line == component
            || line
                .strip_prefix(component)
                .is_some_and(|rest| rest.starts_with('-'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tool_versions_from_version_output() {
        assert_eq!(
            tool_version(Some("trunk 0.21.14\n"), "trunk"),
            Some("0.21.14")
        );
        assert_eq!(
            tool_version(Some("wasm-bindgen 0.2.130\n"), "wasm-bindgen"),
            Some("0.2.130")
        );
        assert_eq!(
            tool_version(
                Some("wasm-bindgen-test-runner 0.2.130\n"),
                "wasm-bindgen-test-runner"
            ),
            Some("0.2.130")
        );
        // A newer trunk is not the pinned one, and a missing tool has no version.
        assert_ne!(tool_version(Some("trunk 0.22.1"), "trunk"), Some("0.21.14"));
        assert_eq!(tool_version(None, "trunk"), None);
        assert_eq!(tool_version(Some("command not found"), "trunk"), None);
        assert_eq!(tool_version(Some("trunk"), "trunk"), None);
    }

    #[test]
    fn a_similar_tool_name_is_not_taken_for_the_tool() {
        assert_eq!(
            tool_version(Some("wasm-bindgen-test-runner 0.2.130"), "wasm-bindgen"),
            None
        );
    }

    #[test]
    fn recognises_the_pinned_wasm_opt_and_refuses_debians() {
        assert_eq!(
            wasm_opt_major(Some("wasm-opt version 132 (version_132)\n")),
            Some(132)
        );
        assert_eq!(wasm_opt_major(Some("wasm-opt version 108\n")), Some(108));
        assert_eq!(wasm_opt_major(Some("wasm-opt version 1320")), Some(1320));
        assert_eq!(wasm_opt_major(Some("wasm-opt")), None);
        assert_eq!(wasm_opt_major(None), None);
    }

    #[test]
    fn finds_installed_targets_and_components() {
        let targets = "wasm32-unknown-unknown\nx86_64-unknown-linux-gnu\n";
        assert!(has_line(targets, "wasm32-unknown-unknown"));
        assert!(!has_line(
            "x86_64-unknown-linux-gnu\n",
            "wasm32-unknown-unknown"
        ));
        let components = "cargo-x86_64-unknown-linux-gnu\nclippy-x86_64-unknown-linux-gnu\nrustfmt-x86_64-unknown-linux-gnu\n";
        assert!(has_component(components, "clippy"));
        assert!(has_component(components, "rustfmt"));
        assert!(!has_component("clippy-preview-x\n", "rust"));
        assert!(!has_component("rust-src\n", "rustfmt"));
    }
}
