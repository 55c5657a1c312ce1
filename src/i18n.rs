//! The app's words in the reader's language: Project Fluent messages, one file per language in
//! `api/locales/app/<code>.ftl` (beside the customer page's `api/locales/<code>.ftl`; the
//! languages, their negotiation and separators are `wct_api::i18n`'s).
//!
//! English is compiled in: it is the default and every other language's fallback. Any other
//! language is fetched when first used, as its own static file that `cargo xtask build` puts
//! beside the wasm (`/app-<hash>/locales/<code>.ftl`, cached like the wasm), so a language adds
//! nothing to what a page downloads until it is the one shown.
//!
//! Text is taken when a view is built ([`t`], [`ta`]), not through a reactive closure per
//! string: the screens inside [`InLanguage`] are built again when the language changes, which
//! happens rarely (Settings) and costs far less code than one effect per word.
//!
//! Only code in the route chunks calls the Fluent half (parsing, formatting): the main module
//! holds the [`I18n`] signals and [`t_or`], which reads the few words it shows from a table of
//! plain strings the chunks fill in. (A function pointer to the lookup would not do: wasm-split
//! keeps whatever the function table points at, and all it calls, in the main module.)

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use fluent_bundle::{FluentBundle, FluentResource};
use leptos::prelude::*;
pub use wct_api::i18n::{Arg, Lang};

use crate::storage;

/// English, compiled in.
const ENGLISH: &str = include_str!("../api/locales/app/en.ftl");

thread_local! {
    /// The languages parsed so far.
    static BUNDLES: RefCell<Vec<(Lang, Rc<FluentBundle<FluentResource>>)>> =
        const { RefCell::new(Vec::new()) };
    /// Languages being fetched (one request each).
    static FETCHING: RefCell<Vec<Lang>> = const { RefCell::new(Vec::new()) };
    /// The language screens are written in now (set by [`InLanguage`]).
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
    /// The store's language: printed receipts and the end-of-day report.
    static PRINT: Cell<Lang> = const { Cell::new(Lang::En) };
    /// The main module's words in the current language, written by the chunks.
    static MAIN_WORDS: RefCell<Vec<(&'static str, String)>> = const { RefCell::new(Vec::new()) };
}

/// Which language the till and its printouts use, held by the app for every page.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    /// The store's language (Settings → Store, kept by the server; cached for offline starts).
    pub store: RwSignal<Lang>,
    /// This device's own choice, which wins over the store's (kept in this browser only).
    pub device: RwSignal<Option<Lang>>,
    /// Bumped whenever a language's messages arrive.
    pub loaded: RwSignal<u32>,
}

impl I18n {
    /// Reads the cached store language and this device's choice, and keeps both stored.
    pub fn load() -> Self {
        let read = |key| storage::get(key).and_then(|c| Lang::from_tag(&c));
        let this = Self {
            store: RwSignal::new(read(storage::STORE_LANG).unwrap_or_default()),
            device: RwSignal::new(read(storage::DEVICE_LANG)),
            loaded: RwSignal::new(0),
        };
        Effect::new(move |_| storage::set(storage::STORE_LANG, this.store.get().code()));
        Effect::new(move |_| match this.device.get() {
            Some(lang) => storage::set(storage::DEVICE_LANG, lang.code()),
            None => storage::remove(storage::DEVICE_LANG),
        });
        this
    }

    /// English everywhere, nothing stored (tests).
    pub fn detached() -> Self {
        Self {
            store: RwSignal::new(Lang::En),
            device: RwSignal::new(None),
            loaded: RwSignal::new(0),
        }
    }

    /// Records the store's language; nothing happens when it is the one already in force (a
    /// change rebuilds every screen, including the one that read it).
    pub fn set_store(&self, lang: Lang) {
        if self.store.try_get_untracked() != Some(lang) {
            let _ = self.store.try_set(lang);
        }
    }

    /// The till's language: this device's choice, else the store's.
    pub fn till(&self) -> Lang {
        self.device.get().unwrap_or_else(|| self.store.get())
    }
}

pub fn use_i18n() -> I18n {
    use_context().unwrap_or_else(|| {
        let i = I18n::detached();
        provide_context(i);
        i
    })
}

/// The language the screens are being written in.
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// The store's language, for what is printed.
pub fn print_lang() -> Lang {
    PRINT.with(Cell::get)
}

/// `<html lang dir>`: Arabic mirrors the whole layout.
pub fn set_document_lang(lang: Lang) {
    crate::browser::theme::set_root_attr("lang", Some(lang.code()));
    crate::browser::theme::set_root_attr("dir", Some(lang.dir()));
}

/// The messages the main module shows itself (see [`t_or`]).
const MAIN_IDS: [&str; 4] = [
    "offline-banner",
    "not-found-title",
    "not-found-text",
    "not-found-go",
];

/// A word of the main module (offline banner, unknown page): the language's once a chunk has
/// written it, else `english` (the same text as `en.ftl`'s).
pub fn t_or(id: &str, english: &'static str) -> String {
    MAIN_WORDS
        .with(|w| {
            w.borrow()
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, text)| text.clone())
        })
        .unwrap_or_else(|| english.to_string())
}

// ---- The Fluent half: called from the route chunks only. ----

/// Writes the main module's words in the current language (see [`t_or`]).
fn write_main_words() {
    let words = MAIN_IDS.iter().map(|id| (*id, t(id))).collect();
    MAIN_WORDS.with(|w| *w.borrow_mut() = words);
}

/// Parses `source` as `lang`'s messages (what a fetch brings; tests call it directly).
pub fn add_language(lang: Lang, source: &str) {
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        // A file that does not fully parse still gives what did; the rest falls back.
        Err((r, _)) => r,
    };
    let id = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Bidi isolation marks around arguments only where the text runs right to left: an
    // amount or a name inside an Arabic sentence keeps its own direction.
    bundle.set_use_isolating(lang.dir() == "rtl");
    let _ = bundle.add_resource(resource);
    BUNDLES.with(|b| {
        let mut b = b.borrow_mut();
        b.retain(|(l, _)| *l != lang);
        b.push((lang, Rc::new(bundle)));
    });
}

fn bundle(lang: Lang) -> Option<Rc<FluentBundle<FluentResource>>> {
    if lang == Lang::En && !is_loaded(Lang::En) {
        add_language(Lang::En, ENGLISH);
    }
    BUNDLES.with(|b| {
        b.borrow()
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b.clone())
    })
}

fn is_loaded(lang: Lang) -> bool {
    BUNDLES.with(|b| b.borrow().iter().any(|(l, _)| *l == lang))
}

/// Whether `lang`'s messages are here; if not, fetches them (once) and bumps
/// `i18n.loaded` when they arrive. A language that cannot be fetched (offline, first start)
/// counts as here: its words fall back to English rather than keeping the till blank.
pub fn ensure(lang: Lang, i18n: I18n) -> bool {
    if lang == Lang::En || is_loaded(lang) {
        return true;
    }
    let first = FETCHING.with(|f| {
        let mut f = f.borrow_mut();
        if f.contains(&lang) {
            false
        } else {
            f.push(lang);
            true
        }
    });
    if first {
        leptos::task::spawn_local(async move {
            let source = fetch_messages(lang).await.unwrap_or_default();
            add_language(lang, &source);
            i18n.loaded.update(|n| *n += 1);
        });
    }
    false
}

/// The folder of this build's files: where the main module's script is (`/app-<hash>/`).
fn app_folder() -> Option<String> {
    let href = web_sys::window()?
        .document()?
        .query_selector("link[rel=modulepreload]")
        .ok()??
        .get_attribute("href")?;
    let end = href.rfind('/')?;
    Some(href[..=end].to_string())
}

async fn fetch_messages(lang: Lang) -> Option<String> {
    let url = format!("{}locales/{}.ftl", app_folder()?, lang.code());
    let response = gloo_net::http::Request::get(&url).send().await.ok()?;
    // An unknown path answers with the app's index.html: not messages.
    let html = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.contains("html"));
    if !response.ok() || html {
        return None;
    }
    response.text().await.ok()
}

/// Message `id` in the current language.
pub fn t(id: &str) -> String {
    text_in(current(), id, &[])
}

/// Message `id` with arguments, in the current language.
pub fn ta(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    text_in(current(), id, args)
}

/// Message `id` in the store's language (printouts).
pub fn tp(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    text_in(print_lang(), id, args)
}

/// Message `id` in `lang`; English when `lang` lacks it (tests make sure none does), the id
/// itself when no language has it.
pub fn text_in(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    format_in(lang, id, args)
        .or_else(|| {
            (lang != Lang::En)
                .then(|| format_in(Lang::En, id, args))
                .flatten()
        })
        .unwrap_or_else(|| id.to_string())
}

fn format_in(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
    let bundle = bundle(lang)?;
    let pattern = bundle.get_message(id)?.value()?;
    let fluent_args = wct_api::i18n::fluent_args(args);
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    Some(text.into_owned())
}

/// A payment state's full label (`state-paid`).
pub fn state_label(state: wct_api::PaymentState) -> String {
    t(&format!("state-{}", state.as_str()))
}

/// A payment state in a word or two, for lists (`state-short-paid`).
pub fn state_short(state: wct_api::PaymentState) -> String {
    t(&format!("state-short-{}", state.as_str()))
}

/// The customer's language on the public receipt: the one they picked on the payment page
/// (the `wct_lang` cookie it sets), else their browser's languages in order, else English.
pub fn customer_lang() -> Lang {
    use wasm_bindgen::JsCast;
    let window = web_sys::window();
    let cookie = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .unwrap_or_default();
    let chosen = cookie.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == "wct_lang")
            .then(|| Lang::from_tag(value))
            .flatten()
    });
    if let Some(lang) = chosen {
        return lang;
    }
    let languages = window
        .map(|w| w.navigator().languages())
        .map(|list| {
            list.iter()
                .filter_map(|l| l.as_string())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    Lang::negotiate(&languages)
}

/// Builds `children` in `lang` (and printouts in `print`) once both languages' messages are
/// here, and again whenever either changes; sets `<html lang dir>` to `lang`.
#[component]
pub fn InLanguage(
    #[prop(into)] lang: Signal<Lang>,
    #[prop(into)] print: Signal<Lang>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = crate::session::use_prefs();
    move || {
        let (lang, print) = (lang.get(), print.get());
        i18n.loaded.track();
        let ready = ensure(lang, i18n) & ensure(print, i18n);
        ready.then(|| {
            CURRENT.with(|c| c.set(lang));
            PRINT.with(|p| p.set(print));
            set_document_lang(lang);
            write_main_words();
            prefs.locale.set(crate::locale::Locale(lang));
            children()
        })
    }
}
