//! `cargo xtask build`: the app split by route, then Trunk for everything that is not Rust.
//!
//! 1. `cargo build --release --target wasm32-unknown-unknown` of the app, linked with
//!    `--emit-relocs` (wasm-split needs the relocations);
//! 2. `wasm-split-cli` cuts it into a main module, one chunk per split point (`#[lazy]` fn)
//!    and shared chunks, plus `__wasm_split.js`, which loads a chunk when it is first needed;
//! 3. `wasm-bindgen --target web --keep-lld-exports --no-demangle` on the main module;
//! 4. the pinned `wasm-opt -Oz` on every wasm file;
//! 5. all of it goes into `app-<hash of its contents>/`, so a new build never shares a file
//!    name with an old one, and Trunk builds `index.html` (CSS, assets, the service worker's
//!    stamp) around it: `index.html` at the root is the template, its `<!-- app -->` marker
//!    becomes the module script and the copied folder.
//!
//! Every text and wasm file of `dist/` is then pre-compressed once (`.gz` and `.br` beside it),
//! which the proxy serves as they are with the matching `Content-Encoding`.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::exec::{run, Ctx, Step};
use crate::tools::Toolchain;

/// The app's package, binary, and the name of its wasm-bindgen output (`wct_pos.js`).
const APP_PACKAGE: &str = "wct-pos";
const APP_NAME: &str = "wct_pos";
/// Where the template `index.html` wants the app.
const APP_MARKER: &str = "<!-- app -->";

pub fn app_build(ctx: &Ctx, tools: &Toolchain) -> Result<()> {
    let template = ctx.root.join("index.html");
    let html = std::fs::read_to_string(&template).with_context(|| {
        format!(
            "{} is missing: the app has no Trunk entry point yet",
            template.display()
        )
    })?;
    let work = ctx.target_dir().join("app-split");
    let wasm = cargo_build(ctx)?;
    let app_dir = split(ctx, tools, &wasm, &work)?;
    let app = app_dir
        .file_name()
        .and_then(|n| n.to_str())
        .context("the split output has no folder name")?
        .to_string();
    let site_html = work.join("index.html");
    let to_root = relative_path(&work, &ctx.root);
    let split_js = std::fs::read_to_string(app_dir.join("__wasm_split.js"))
        .with_context(|| format!("wasm-split wrote no loader in {}", app_dir.display()))?;
    let preload = preload_script(&app, &route_files(&split_js));
    std::fs::write(&site_html, site_index(&html, &to_root, &app, &preload)?)
        .with_context(|| format!("cannot write {}", site_html.display()))?;

    let step =
        Step::start("trunk build --release: index.html, CSS and assets around the app → dist/…");
    let result = run(ctx
        .cmd("trunk")
        .args(["build", "--release", "--dist"])
        .arg(ctx.dist())
        .arg(&site_html)
        // Trunk otherwise downloads tools from GitHub; it builds no Rust here, but stays offline.
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

/// Step 1: the release wasm, with relocations for wasm-split, and `--cfg erase_components`
/// (smaller on the split build; see the README's size table). `RUSTFLAGS` replaces the
/// target's `rustflags` of `.cargo/config.toml`, so the cfg is repeated here;
/// `WCT_ERASE_COMPONENTS=0` leaves it out (to measure it).
fn cargo_build(ctx: &Ctx) -> Result<PathBuf> {
    let mut rustflags = String::from("-Clink-args=--emit-relocs");
    if std::env::var_os("WCT_ERASE_COMPONENTS").is_none_or(|v| v != "0") {
        rustflags.push_str(" --cfg erase_components");
    }
    let step = Step::start(format!(
        "building the app: cargo build --release --target wasm32-unknown-unknown (RUSTFLAGS={rustflags}; a few minutes the first time)…"
    ));
    let result = run(ctx
        .cargo()
        .args(["build", "--release", "--target", &ctx.pins.rust.target])
        .args(["-p", APP_PACKAGE, "--bin", APP_PACKAGE])
        .env("RUSTFLAGS", &rustflags));
    if let Err(err) = result {
        step.failed();
        return Err(err);
    }
    step.done();
    let wasm = ctx
        .target_dir()
        .join(&ctx.pins.rust.target)
        .join("release")
        .join(format!("{APP_PACKAGE}.wasm"));
    if !wasm.is_file() {
        bail!("cargo built no {}", wasm.display());
    }
    Ok(wasm)
}

/// Steps 2–4 into `work/stage`, then renamed to `work/app-<hash>`; returns that folder.
fn split(ctx: &Ctx, tools: &Toolchain, wasm: &Path, work: &Path) -> Result<PathBuf> {
    // The same wasm as last time (a test or bench run after a build): its split output is
    // reused, since wasm-opt over every chunk takes minutes.
    let input = std::fs::read(wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
    let mut hasher = std::hash::DefaultHasher::new();
    input.hash(&mut hasher);
    tools.wasm_bindgen.hash(&mut hasher);
    // The languages go into the app folder too: a changed translation is a new folder.
    let languages = language_files(ctx)?;
    for file in &languages {
        std::fs::read(file)?.hash(&mut hasher);
    }
    let input_hash = format!("{:016x}", hasher.finish());
    let stamp = work.join("input.hash");
    if std::fs::read_to_string(&stamp).is_ok_and(|h| h == input_hash) {
        let previous = std::fs::read_dir(work)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.is_dir()
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("app-"))
            });
        if let Some(app_dir) = previous {
            println!(
                "==> the app's wasm is unchanged: reusing {}",
                app_dir.display()
            );
            return Ok(app_dir);
        }
    }
    if work.exists() {
        std::fs::remove_dir_all(work)
            .with_context(|| format!("cannot clear {}", work.display()))?;
    }
    let stage = work.join("stage");
    std::fs::create_dir_all(&stage)
        .with_context(|| format!("cannot create {}", stage.display()))?;

    let step = Step::start("wasm-split-cli: a main module and one chunk per split point…");
    run(ctx.cmd(&tools.wasm_split).arg(wasm).arg(&stage).args([
        "--target",
        "web",
        "--out-name",
        APP_NAME,
    ]))?;
    step.done();

    let step = Step::start("wasm-bindgen --target web --keep-lld-exports --no-demangle…");
    let main = stage.join(format!("{APP_NAME}.wasm"));
    run(ctx
        .cmd("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-demangle"])
        .args(["--out-name", APP_NAME, "--out-dir"])
        .arg(&stage)
        .arg(&main))?;
    std::fs::remove_file(&main).with_context(|| format!("cannot remove {}", main.display()))?;
    step.done();

    // Each language but English (compiled in) as a file of its own, fetched only where it is
    // used: `app-<hash>/locales/<code>.ftl`.
    let locales = stage.join("locales");
    std::fs::create_dir_all(&locales)?;
    for file in &languages {
        if let Some(name) = file.file_name() {
            std::fs::copy(file, locales.join(name))?;
        }
    }

    let mut files = Vec::new();
    collect(&stage, &mut files)?;
    files.sort();
    // Every file: with a few split points there are a few chunks, and one left as wasm-split
    // wrote it would keep its name section.
    let wasm_files: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "wasm"))
        .collect();
    let step = Step::start(format!("wasm-opt -Oz on {} wasm files…", wasm_files.len()));
    // The repo-local binaryen by full path: Debian's wasm-opt breaks the app.
    let wasm_opt = ctx.binaryen_bin.join("wasm-opt");
    optimize_all(ctx, &wasm_opt, &wasm_files)?;
    step.done();

    let app_dir = work.join(format!("app-{}", content_hash(&stage, &files)?));
    std::fs::rename(&stage, &app_dir)
        .with_context(|| format!("cannot rename {} to {}", stage.display(), app_dir.display()))?;
    std::fs::write(&stamp, input_hash)?;
    Ok(app_dir)
}

/// The app's message files of every language but English (`api/locales/app/*.ftl`), sorted.
fn language_files(ctx: &Ctx) -> Result<Vec<PathBuf>> {
    let dir = ctx.root.join("api/locales/app");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .filter(|p| p.file_stem().is_some_and(|n| n != "en"))
        .collect();
    files.sort();
    Ok(files)
}

/// `wasm-opt -Oz` on each file in place, as many at once as there are CPUs; a file's output is
/// shown only when it fails (wasm-opt warns about every chunk's name section).
fn optimize_all(ctx: &Ctx, wasm_opt: &Path, files: &[&PathBuf]) -> Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(file) = files.get(i) else {
                    break;
                };
                let out = ctx
                    .cmd(wasm_opt)
                    .args([
                        "-Oz",
                        "--enable-bulk-memory",
                        "--enable-nontrapping-float-to-int",
                    ])
                    .arg(file)
                    .arg("-o")
                    .arg(file)
                    .output();
                let failed = match out {
                    Ok(out) if out.status.success() => None,
                    Ok(out) => Some(format!(
                        "{}: {}\n{}",
                        file.display(),
                        out.status,
                        String::from_utf8_lossy(&out.stderr)
                    )),
                    Err(e) => Some(format!("{}: cannot start wasm-opt: {e}", file.display())),
                };
                if let Some(failed) = failed {
                    if let Ok(mut list) = failures.lock() {
                        list.push(failed);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_default();
    if !failures.is_empty() {
        bail!("wasm-opt failed:\n{}", failures.join("\n"));
    }
    Ok(())
}

/// 16 hex digits of a hash over every file's path and contents (as Trunk names its files).
fn content_hash(dir: &Path, files: &[PathBuf]) -> Result<String> {
    let mut hasher = std::hash::DefaultHasher::new();
    for file in files {
        file.strip_prefix(dir).unwrap_or(file).hash(&mut hasher);
        std::fs::read(file)
            .with_context(|| format!("cannot read {}", file.display()))?
            .hash(&mut hasher);
    }
    Ok(format!("{:016x}", hasher.finish()))
}

/// `to` as seen from the directory `from` (`../../style` from `target/app-split` to
/// `style`); Trunk reads every `href` relative to the page, an absolute one included.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Which split points a page's path needs (see `src/routes.rs`): the customer's pages; the
/// back office, Charge (`/`) or the till's other screens, each inside the till's shell.
const PRELOAD_GROUPS: &str = r#"p.startsWith("/pay/")?["public"]:/^\/(history|settings|reports)(\/|$)|^\/payments\/[^/]+\/receipt/.test(p)?["shell","office"]:p==="/"?["shell","charge"]:["shell","till"]"#;

/// The till's language file, when the till is not in English (the language the app last
/// showed, kept in localStorage by `src/i18n.rs`): fetched beside the chunks, not after them.
/// Storage can throw (private mode); then nothing is preloaded.
const LANGUAGE_PRELOAD: &str = r#"try{const st=localStorage,L=st.getItem("wct-pos.lang")||st.getItem("wct-pos.store-lang");if(L&&/^[a-zA-Z-]{2,8}$/.test(L)&&L!=="en"&&!p.startsWith("/pay/")){const l=document.createElement("link");l.rel="preload";l.as="fetch";l.crossOrigin="";l.href="/__APP__/locales/"+L+".ftl";document.head.append(l)}}catch(e){}"#;

/// An inline script that preloads the chunks of the page's split points as the page starts, so
/// they download beside the main module instead of after it has started and routed (a round
/// trip and the main module's start-up saved). The links are the ones the loader then fetches
/// (`fetch` of the same URL, CORS mode, as the main module's preload). Empty without groups.
pub fn preload_script(app: &str, groups: &[RouteFiles]) -> String {
    let mut map = Vec::new();
    for group in groups {
        let name = group.route.trim_end_matches("_view");
        let files: Vec<String> = group.files.iter().map(|f| format!("\"{f}\"")).collect();
        map.push(format!("{name}:[{}]", files.join(",")));
    }
    if map.is_empty() {
        return String::new();
    }
    format!(
        "<script>(()=>{{const p=location.pathname,f={{{}}},s=new Set();for(const g of {PRELOAD_GROUPS})for(const n of f[g]||[])s.add(n);for(const n of s){{const l=document.createElement(\"link\");l.rel=\"preload\";l.as=\"fetch\";l.type=\"application/wasm\";l.crossOrigin=\"\";l.href=\"/{app}/\"+n;document.head.append(l)}}{}}})()</script>",
        map.join(","),
        LANGUAGE_PRELOAD.replace("__APP__", app)
    )
}

/// The template with its Trunk links pointed at the repo (`root`, relative to where the page
/// is built: `target/app-split/`) and the marker replaced by the app: a preload of the main
/// module and its wasm, the page's chunks' preloads (`preload`, from [`preload_script`]), the
/// module script that starts it, and Trunk's copy of the `app` folder.
pub fn site_index(template: &str, root: &str, app: &str, preload: &str) -> Result<String> {
    if !template.contains(APP_MARKER) {
        bail!("index.html has no {APP_MARKER} marker where the app goes");
    }
    let html = template
        .lines()
        .map(|line| {
            if line.contains("data-trunk") && !line.contains("href=\"/") {
                line.replacen("href=\"", &format!("href=\"{root}/"), 1)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let app_html = format!(
        "<link rel=\"modulepreload\" href=\"/{app}/{APP_NAME}.js\">\n    \
         <link rel=\"preload\" href=\"/{app}/{APP_NAME}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n    \
         <link data-trunk rel=\"copy-dir\" href=\"{app}\">\n    {preload}\n    \
         <script type=\"module\">import init from \"/{app}/{APP_NAME}.js\";init({{module_or_path:\"/{app}/{APP_NAME}_bg.wasm\"}});</script>"
    );
    Ok(html.replacen(APP_MARKER, &app_html, 1) + "\n")
}

/// Files worth compressing: what a browser downloads as text or wasm.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("wasm" | "js" | "css" | "html" | "svg" | "webmanifest" | "json" | "ftl")
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

/// Raw, gzip and brotli size of one file as the proxy serves it (its `.gz` and `.br`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, other: Sizes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

fn served_sizes(file: &Path) -> Result<Sizes> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    // The pre-compressed files are exactly what the proxy sends.
    let beside = |ext: &str| {
        let mut name = file.to_path_buf().into_os_string();
        name.push(ext);
        std::fs::metadata(PathBuf::from(name)).ok().map(|m| m.len())
    };
    let gzip = match beside(".gz") {
        Some(len) => len,
        None => gzipped_len(&bytes)?,
    };
    let brotli = match beside(".br") {
        Some(len) => len,
        None => self::brotli(&bytes)?.len() as u64,
    };
    Ok(Sizes {
        raw: bytes.len() as u64,
        gzip,
        brotli,
    })
}

/// A lazy route's own module and the shared chunks loaded with it.
#[derive(Debug, PartialEq, Eq)]
pub struct RouteFiles {
    /// The route's view, e.g. `customer_route_view`.
    pub route: String,
    pub files: Vec<String>,
}

/// Reads, from the `__wasm_split.js` that wasm-split writes, which files each lazy function
/// loads: each `export const __wasm_split_load_<name>_<n> = …` fetches `./split_….wasm`
/// after its dependencies `[__chunk_3, __chunk_7, …]` (`./chunk_3.wasm`, …).
pub fn route_files(split_js: &str) -> Vec<RouteFiles> {
    // A `#[lazy_route]` is named `__<Route>_View`, a `#[lazy]` fn by its own name.
    const EXPORT: &str = "export const __wasm_split_load_";
    let mut routes = Vec::new();
    for block in split_js.split(EXPORT).skip(1) {
        let Some((name, body)) = block.split_once(' ') else {
            continue;
        };
        let name = name.trim_start_matches('_');
        let route = name
            .rsplit_once('_')
            .filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
            .map_or(name, |(route, _)| route)
            .to_string();
        let Some(own) = body
            .split_once("new URL(\"./")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(file, _)| file.to_string())
        else {
            continue;
        };
        let mut files = vec![own];
        if let Some((_, deps)) = body.rsplit_once('[') {
            let deps = deps.split(']').next().unwrap_or_default();
            files.extend(
                deps.split(',')
                    .map(str::trim)
                    .filter_map(|d| d.strip_prefix("__chunk_"))
                    .map(|n| format!("chunk_{n}.wasm")),
            );
        }
        routes.push(RouteFiles { route, files });
    }
    routes.sort_by(|a, b| a.route.cmp(&b.route));
    routes
}

/// What a phone downloads: every wasm, js and css file of `dist/` (each chunk apart), raw,
/// gzipped and brotli; then, per lazy route, what opening it directly downloads as served:
/// `index.html`, the CSS, the main module with its JS, and the route's chunks.
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
    let mut total = Sizes::default();
    let mut largest_chunk: Option<(u64, String)> = None;
    println!("    bundle (wasm + js + css), per file:");
    for file in &files {
        let sizes = served_sizes(file)?;
        total += sizes;
        let name = file
            .strip_prefix(dist)
            .unwrap_or(file)
            .display()
            .to_string();
        let file_name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let is_chunk = file_name.starts_with("chunk_") || file_name.starts_with("split_");
        if is_chunk
            && largest_chunk
                .as_ref()
                .is_none_or(|(b, _)| sizes.brotli > *b)
        {
            largest_chunk = Some((sizes.brotli, name.clone()));
        }
        println!(
            "      {name:<72} {:>10} raw {:>10} gzip {:>10} brotli",
            kib(sizes.raw),
            kib(sizes.gzip),
            kib(sizes.brotli)
        );
    }
    println!(
        "    total: {} gzip, {} brotli ({} raw) in {} files",
        kib(total.gzip),
        kib(total.brotli),
        kib(total.raw),
        files.len()
    );
    if let Some((brotli, name)) = largest_chunk {
        println!("    largest chunk: {name}, {} brotli", kib(brotli));
    }
    print_pages(dist)
}

/// Per split point (a group of lazy routes): what a fresh browser opening one of its pages
/// downloads, as served.
fn print_pages(dist: &Path) -> Result<()> {
    let Some(app) = std::fs::read_dir(dist)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.join("__wasm_split.js").is_file())
    else {
        return Ok(());
    };
    let split_js = std::fs::read_to_string(app.join("__wasm_split.js"))?;
    // Every page: the HTML, the CSS, and every file of the app folder that is no chunk (the
    // main module, its JS, the split loader).
    let mut base = vec![dist.join("index.html")];
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "css") {
            base.push(path);
        }
    }
    let mut app_files = Vec::new();
    collect(&app, &mut app_files)?;
    base.extend(app_files.into_iter().filter(|f| {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        matches!(f.extension().and_then(|e| e.to_str()), Some("wasm" | "js"))
            && !name.starts_with("chunk_")
            && !name.starts_with("split_")
    }));
    let mut shell = Sizes::default();
    for file in &base {
        shell += served_sizes(file)?;
    }
    println!(
        "    per split point, a page of it opened directly (as served: brotli / gzip / raw; shell = html, css, main module, js: {} / {} / {}):",
        kib(shell.brotli),
        kib(shell.gzip),
        kib(shell.raw)
    );
    for route in route_files(&split_js) {
        let mut page = shell;
        for file in &route.files {
            page += served_sizes(&app.join(file))?;
        }
        println!(
            "      {:<28} {:>10} {:>10} {:>10}  ({} chunks)",
            route.route.trim_end_matches("_view"),
            kib(page.brotli),
            kib(page.gzip),
            kib(page.raw),
            route.files.len()
        );
    }
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
    fn reads_each_routes_chunks_from_the_split_loader() {
        let js = r#"import { initSync } from "./wct_pos.js";
const __chunk_3 = makeLoad(() => {
    const src = fetch(new URL("./chunk_3.wasm", import.meta.url));
}
, []);
export const __wasm_split_load___pair_route_view_7339 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split___pair_route_view_7339.wasm", import.meta.url));
}
, [__chunk_3, __chunk_12]));
export const __wasm_split_load_public_view_6276 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_public_view_6276.wasm", import.meta.url));
}
, [__chunk_3]));
export const __wasm_split_load___customer_route_view_7339 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split___customer_route_view_7339.wasm", import.meta.url));
}
, []));
"#;
        assert_eq!(
            route_files(js),
            vec![
                RouteFiles {
                    route: "customer_route_view".into(),
                    files: vec!["split___customer_route_view_7339.wasm".into()],
                },
                RouteFiles {
                    route: "pair_route_view".into(),
                    files: vec![
                        "split___pair_route_view_7339.wasm".into(),
                        "chunk_3.wasm".into(),
                        "chunk_12.wasm".into()
                    ],
                },
                RouteFiles {
                    route: "public_view".into(),
                    files: vec!["split_public_view_6276.wasm".into(), "chunk_3.wasm".into()],
                },
            ]
        );
        assert!(route_files("no loader here").is_empty());
    }

    #[test]
    fn the_page_template_gets_the_app_folder_and_its_module_script() {
        let template = "<head>\n    <link data-trunk rel=\"css\" href=\"style/main.css\">\n    <!-- app -->\n    <link rel=\"icon\" href=\"/favicon.svg\">\n</head>";
        let html = site_index(
            template,
            "../..",
            "app-0123456789abcdef",
            "<script>p</script>",
        )
        .unwrap();
        assert!(html.contains("<script>p</script>"));
        assert!(html.contains("href=\"../../style/main.css\""), "{html}");
        assert!(html.contains("<link data-trunk rel=\"copy-dir\" href=\"app-0123456789abcdef\">"));
        assert!(html.contains("import init from \"/app-0123456789abcdef/wct_pos.js\""));
        assert!(
            html.contains("<link rel=\"icon\" href=\"/favicon.svg\">"),
            "links outside Trunk stay"
        );
        assert!(!html.contains("<!-- app -->"));
        assert!(site_index("<head></head>", "..", "app-x", "").is_err());
    }

    #[test]
    fn the_preload_script_lists_each_split_points_files() {
        let groups = vec![
            RouteFiles {
                route: "public_view".into(),
                files: vec!["split_public_view_1.wasm".into(), "chunk_4.wasm".into()],
            },
            RouteFiles {
                route: "till_view".into(),
                files: vec!["split_till_view_2.wasm".into(), "chunk_4.wasm".into()],
            },
        ];
        let js = preload_script("app-0123456789abcdef", &groups);
        assert!(
            js.starts_with("<script>") && js.ends_with("</script>"),
            "{js}"
        );
        assert!(
            js.contains(r#"public:["split_public_view_1.wasm","chunk_4.wasm"]"#),
            "{js}"
        );
        assert!(
            js.contains(r#"till:["split_till_view_2.wasm","chunk_4.wasm"]"#),
            "{js}"
        );
        assert!(js.contains(r#""/app-0123456789abcdef/"+n"#), "{js}");
        assert!(js.contains(r#"p.startsWith("/pay/")?["public"]"#), "{js}");
        assert_eq!(preload_script("app-x", &[]), "");
    }

    #[test]
    fn paths_from_the_build_folder_back_to_the_repo() {
        let root = Path::new("/work/repo");
        assert_eq!(relative_path(&root.join("target/app-split"), root), "../..");
        assert_eq!(
            relative_path(Path::new("/tmp/t/app-split"), root),
            "../../../work/repo"
        );
        assert_eq!(relative_path(root, root), ".");
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
