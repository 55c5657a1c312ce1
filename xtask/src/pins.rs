//! Tool pins: `xtask/pins.toml` (compiled in) plus the wasm-bindgen version read from Cargo.lock.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

const PINS_TOML: &str = include_str!("../pins.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Pins {
    pub rust: RustPins,
    pub trunk: TrunkPins,
    pub wasm_split: WasmSplitPins,
    pub binaryen: BinaryenPins,
    pub browser: BrowserPins,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RustPins {
    pub target: String,
    pub components: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TrunkPins {
    pub version: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WasmSplitPins {
    #[serde(rename = "crate")]
    pub krate: String,
    pub version: String,
    pub features: Vec<String>,
    pub dir: String,
}

impl WasmSplitPins {
    /// Whether `cargo install --root dir`'s record (`.crates.toml`) lists this crate at this
    /// version, e.g. `"wasm_split_cli_support 0.2.4 (registry+…)" = ["wasm-split-cli"]`.
    pub fn installed_in(&self, crates_toml: &str) -> bool {
        let want = format!("\"{} {} ", self.krate, self.version);
        crates_toml.lines().any(|line| line.starts_with(&want))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct BinaryenPins {
    pub version: String,
    pub dir: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BrowserPins {
    pub packages: Vec<String>,
    pub chromium: String,
    pub chromedriver: String,
}

impl Pins {
    pub fn load() -> Result<Pins> {
        toml::from_str(PINS_TOML).context("xtask/pins.toml is malformed")
    }
}

impl BinaryenPins {
    /// Binaryen's major version, which is what `wasm-opt --version` reports ("version 132").
    pub fn major(&self) -> Result<u32> {
        let major = self.version.split('.').next().unwrap_or_default();
        major.parse().with_context(|| {
            format!(
                "binaryen version {:?} in pins.toml has no major number",
                self.version
            )
        })
    }

    /// The value Trunk expects in `TRUNK_TOOLS_WASM_OPT`, e.g. `version_132`.
    pub fn trunk_tool_version(&self) -> Result<String> {
        Ok(format!("version_{}", self.major()?))
    }
}

/// Reads the `wasm-bindgen` version out of Cargo.lock; the CLI must match it exactly.
pub fn wasm_bindgen_from_lock_file(root: &Path) -> Result<String> {
    let path = root.join("Cargo.lock");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    wasm_bindgen_from_lock(&text)
}

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<LockPackage>,
}

#[derive(Deserialize)]
struct LockPackage {
    name: String,
    version: String,
}

pub fn wasm_bindgen_from_lock(text: &str) -> Result<String> {
    let lock: Lock = toml::from_str(text).context("Cargo.lock is not valid TOML")?;
    let mut versions: Vec<String> = lock
        .package
        .into_iter()
        .filter(|p| p.name == "wasm-bindgen")
        .map(|p| p.version)
        .collect();
    versions.dedup();
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("Cargo.lock has no wasm-bindgen package; is the app (wct-pos) in the workspace?"),
        many => bail!(
            "Cargo.lock has several wasm-bindgen versions ({}); one wasm-bindgen-cli cannot serve them all",
            many.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_file_parses_and_gives_trunk_its_wasm_opt_name() {
        let pins = Pins::load().unwrap();
        assert_eq!(pins.trunk.version, "0.21.14");
        assert_eq!(pins.binaryen.major().unwrap(), 132);
        assert_eq!(pins.binaryen.trunk_tool_version().unwrap(), "version_132");
        assert_eq!(pins.rust.target, "wasm32-unknown-unknown");
    }

    #[test]
    fn recognises_the_pinned_wasm_split_cli_in_an_install_record() {
        let pins = Pins::load().unwrap().wasm_split;
        let record = format!(
            "[v1]\n\"{} {} (registry+https://github.com/rust-lang/crates.io-index)\" = [\"wasm-split-cli\"]\n",
            pins.krate, pins.version
        );
        assert!(pins.installed_in(&record));
        let older = "[v1]\n\"wasm_split_cli_support 0.2.3 (registry+x)\" = [\"wasm-split-cli\"]\n";
        assert!(!pins.installed_in(older));
        assert!(!pins.installed_in(""));
    }

    #[test]
    fn reads_wasm_bindgen_version_from_a_lock_file() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["cfg-if"]

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.99"
"#;
        assert_eq!(wasm_bindgen_from_lock(lock).unwrap(), "0.2.130");
    }

    #[test]
    fn lock_without_or_with_two_wasm_bindgens_is_an_error() {
        let none = "version = 4\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\n";
        assert!(wasm_bindgen_from_lock(none)
            .unwrap_err()
            .to_string()
            .contains("no wasm-bindgen"));
        let two = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.1\"\n\
                   [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.2\"\n";
        assert!(wasm_bindgen_from_lock(two)
            .unwrap_err()
            .to_string()
            .contains("0.2.1, 0.2.2"));
    }

    #[test]
    fn the_real_lock_file_names_one_wasm_bindgen() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let version = wasm_bindgen_from_lock_file(root).unwrap();
        assert!(version.starts_with("0.2."), "{version}");
    }
}
