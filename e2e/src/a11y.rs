//! Accessibility audits with axe-core (npm `axe-core`), run inside the page under test.
//!
//! The script is the npm package's `axe.min.js`, installed once into `.tools/axe-core` of the
//! workspace with npm (or taken from `WCT_AXE_JS`). Every violation axe reports fails the
//! audit, with its rule, impact and the offending elements named.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};

use crate::{Browser, Error, Result};

/// The axe-core release the audits run (exact, so a new rule never fails a build by itself).
pub const AXE_VERSION: &str = "4.14.1";

fn install_dir() -> PathBuf {
    crate::workspace_root().join(".tools").join("axe-core")
}

/// `axe.min.js`: `WCT_AXE_JS`, else the pinned npm package, installed on first use.
pub fn axe_script() -> Result<String> {
    if let Some(path) = std::env::var_os("WCT_AXE_JS") {
        return Ok(std::fs::read_to_string(path)?);
    }
    let dir = install_dir();
    let package = dir.join("node_modules").join("axe-core");
    let script = package.join("axe.min.js");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .is_some_and(|p| p["version"] == AXE_VERSION);
    if !installed {
        let status = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--save-exact",
                "--prefix",
            ])
            .arg(&dir)
            .arg(format!("axe-core@{AXE_VERSION}"))
            .status()
            .map_err(|e| Error::Setup(format!("cannot run npm to install axe-core: {e}")))?;
        if !status.success() {
            return Err(Error::Setup(format!(
                "npm install axe-core@{AXE_VERSION} failed ({status})"
            )));
        }
    }
    Ok(std::fs::read_to_string(&script)?)
}

/// One rule broken on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    /// CSS selectors of the elements concerned.
    pub targets: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {} — {}",
            self.rule,
            self.impact,
            self.help,
            self.targets.join(", ")
        )
    }
}

/// Fails the test, listing every violation, when axe finds any on the current page
/// (`screen` names it in the message).
pub async fn assert_clean(browser: &Browser, script: &str, screen: &str) -> Result<()> {
    let problems: Vec<String> = audit(browser, script)
        .await?
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "axe on {screen}: {problems:#?}");
    Ok(())
}

/// Runs axe over the current page (WCAG 2.0/2.1 A and AA, plus best practices) and returns
/// what it found.
pub async fn audit(browser: &Browser, script: &str) -> Result<Vec<Violation>> {
    // Run as WebDriver script rather than a <script> element: the app's CSP allows no inline
    // scripts, and WebDriver's own evaluation is not subject to it.
    let loaded = browser
        .client
        .execute("return !!window.axe;", vec![])
        .await?;
    if loaded != json!(true) {
        browser
            .client
            .execute(&format!("{script}\n;return !!window.axe;"), vec![])
            .await?;
    }
    let results = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                .then(r => done(r.violations.map(v => ({
                    rule: v.id, impact: v.impact || '', help: v.help,
                    targets: v.nodes.map(n => n.target.join(' ')) }))))
                .catch(e => done({ error: String(e) }));",
            vec![],
        )
        .await?;
    if let Some(error) = results.get("error") {
        return Err(Error::Api(format!("axe-core failed: {error}")));
    }
    let list = results.as_array().cloned().unwrap_or_default();
    Ok(list
        .iter()
        .map(|v| Violation {
            rule: v["rule"].as_str().unwrap_or_default().to_string(),
            impact: v["impact"].as_str().unwrap_or_default().to_string(),
            help: v["help"].as_str().unwrap_or_default().to_string(),
            targets: v["targets"]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}
