//! Running child processes: a PATH with the pinned tools first, progress lines with elapsed time,
//! and a tee that streams output live while keeping it for parsing.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::pins::Pins;

/// Where everything lives and how children are started.
pub struct Ctx {
    pub root: PathBuf,
    pub pins: Pins,
    /// The cargo that started us (so `+toolchain` overrides carry through).
    pub cargo: OsString,
    /// `.tools/binaryen/node_modules/.bin`, put first on PATH so Trunk finds the pinned wasm-opt.
    pub binaryen_bin: PathBuf,
    /// Where `cargo install` puts binaries, on PATH even when the login shell forgot it.
    pub cargo_bin: PathBuf,
    path: OsString,
}

impl Ctx {
    pub fn new() -> Result<Ctx> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask/ has no parent directory")?
            .to_path_buf();
        let pins = Pins::load()?;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let binaryen_bin = root
            .join(&pins.binaryen.dir)
            .join("node_modules")
            .join(".bin");
        let cargo_bin = cargo_home().join("bin");
        let mut dirs = vec![binaryen_bin.clone(), cargo_bin.clone()];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        let path = std::env::join_paths(dirs).context("a PATH entry contains ':'")?;
        Ok(Ctx {
            root,
            pins,
            cargo,
            binaryen_bin,
            cargo_bin,
            path,
        })
    }

    /// A command run from the workspace root with our PATH.
    pub fn cmd(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root).env("PATH", &self.path);
        cmd
    }

    /// Cargo without incremental caches unless the caller asked for them: a one-off build
    /// (CI, a fresh clone) never reuses them, and they doubled the target directory.
    pub fn cargo(&self) -> Command {
        let mut cmd = self.cmd(&self.cargo);
        if std::env::var_os("CARGO_INCREMENTAL").is_none() {
            cmd.env("CARGO_INCREMENTAL", "0");
        }
        cmd
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// Cargo's target directory (honours `CARGO_TARGET_DIR`).
    pub fn target_dir(&self) -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }
}

fn cargo_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home);
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
    PathBuf::from(home).join(".cargo")
}

/// Runs a command to completion with inherited stdio; an error names the command and its status.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = describe(cmd);
    println!("    $ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Stdout+stderr of a quick probe like `trunk --version`; `None` if it cannot run or fails.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Some(text)
}

/// Runs a command streaming its stdout and stderr live, and returns both as text for parsing.
pub fn tee(cmd: &mut Command) -> Result<(ExitStatus, String)> {
    let shown = describe(cmd);
    println!("    $ {shown}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start `{shown}`"))?;
    let out = child.stdout.take().context("child stdout")?;
    let err = child.stderr.take().context("child stderr")?;
    let out_thread = thread::spawn(move || pump(out, std::io::stdout()));
    let err_thread = thread::spawn(move || pump(err, std::io::stderr()));
    let status = child
        .wait()
        .with_context(|| format!("waiting for `{shown}`"))?;
    let mut text = out_thread.join().unwrap_or_default();
    text.push_str(&err_thread.join().unwrap_or_default());
    Ok((status, text))
}

/// Copies lines from a child's pipe to our own stream as they come, keeping a copy.
fn pump(from: impl Read, mut to: impl Write) -> String {
    let mut reader = BufReader::new(from);
    let mut kept = String::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                // A closed console must not stop the child's output from being collected.
                let _ = to.write_all(&line);
                let _ = to.flush();
                kept.push_str(&String::from_utf8_lossy(&line));
            }
        }
    }
    kept
}

/// `program arg arg` for messages (environment left out: it may be long).
pub fn describe(cmd: &Command) -> String {
    let mut parts = vec![Path::new(cmd.get_program())
        .file_name()
        .unwrap_or(cmd.get_program())
        .to_string_lossy()
        .into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// A long step: prints `==> what` at the start and the elapsed time at the end.
pub struct Step {
    started: Instant,
}

impl Step {
    pub fn start(what: impl std::fmt::Display) -> Step {
        println!("==> {what}");
        Step {
            started: Instant::now(),
        }
    }

    pub fn done(self) {
        println!("    done in {}", elapsed(self.started.elapsed()));
    }

    pub fn failed(self) {
        println!("    FAILED after {}", elapsed(self.started.elapsed()));
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// `0.4s`, `12.0s`, `3m 05s`, `1h 02m 03s`.
pub fn elapsed(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 60 {
        format!("{:.1}s", d.as_secs_f64())
    } else if secs < 3600 {
        format!("{}m {:02}s", secs / 60, secs % 60)
    } else {
        format!("{}h {:02}m {:02}s", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_reads_like_a_clock() {
        assert_eq!(elapsed(Duration::from_millis(400)), "0.4s");
        assert_eq!(elapsed(Duration::from_secs(59)), "59.0s");
        assert_eq!(elapsed(Duration::from_secs(185)), "3m 05s");
        assert_eq!(elapsed(Duration::from_secs(3723)), "1h 02m 03s");
    }

    #[test]
    fn tee_keeps_both_streams_and_the_status() {
        let (status, text) =
            tee(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"])).unwrap();
        assert_eq!(status.code(), Some(3));
        assert!(text.contains("out\n") && text.contains("err\n"), "{text:?}");
    }

    #[test]
    fn probe_is_none_for_missing_or_failing_programs() {
        assert!(probe(&mut Command::new("definitely-not-a-program-xtask")).is_none());
        assert!(probe(Command::new("sh").args(["-c", "exit 1"])).is_none());
        assert_eq!(
            probe(Command::new("sh").args(["-c", "echo hi"])).as_deref(),
            Some("hi\n")
        );
    }
}
