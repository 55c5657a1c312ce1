//! The customer's language: which languages there are, how one is chosen from a browser's
//! `Accept-Language`, and their messages (Project Fluent, one `locales/<code>.ftl` per
//! language, CLDR plural rules through `intl_pluralrules`).
//!
//! English is the reference: every other language has exactly its messages, each with the same
//! variables. `tests::every_language_has_every_message_with_the_same_variables` fails the build's
//! tests on a missing or extra message, or on a placeholder that differs.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

/// A language the customer can read the page in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
    PtBr,
    It,
    Ja,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 8] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::PtBr,
        Lang::It,
        Lang::Ja,
        Lang::Ar,
    ];

    /// BCP 47 tag, as in `<html lang>` and the file name.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::PtBr => "pt-BR",
            Lang::It => "it",
            Lang::Ja => "ja",
            Lang::Ar => "ar",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
            Lang::Es => "Español",
            Lang::PtBr => "Português (Brasil)",
            Lang::It => "Italiano",
            Lang::Ja => "日本語",
            Lang::Ar => "العربية",
        }
    }

    /// Writing direction, for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// The thousands group and decimal mark of amounts in this language. Digits stay Latin in
    /// every language: amounts are copied into wallets, and addresses are Latin anyway.
    pub fn separators(self) -> (char, char) {
        match self {
            Lang::En | Lang::Ja | Lang::Ar => (',', '.'),
            Lang::De | Lang::Es | Lang::PtBr | Lang::It => ('.', ','),
            // French groups with a narrow no-break space.
            Lang::Fr => ('\u{202f}', ','),
        }
    }

    /// An exact tag (`de`, `pt-BR`; any case), or a language whose first subtag matches
    /// (`de-AT` → German, `pt-PT` → Portuguese (Brazil), the only Portuguese there is).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        if tag.is_empty() || tag.len() > 35 {
            return None;
        }
        if let Some(exact) = Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(tag))
        {
            return Some(exact);
        }
        let primary = tag.split(['-', '_']).next().unwrap_or(tag);
        Self::ALL.into_iter().find(|l| {
            let own = l.code().split('-').next().unwrap_or_default();
            own.eq_ignore_ascii_case(primary)
        })
    }

    /// The best of ours for an `Accept-Language` header: by the client's weights (`q`), ties
    /// in the client's order; English when nothing matches. Bounded: at most 32 entries read.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(u16, Lang)> = None;
        for part in accept_language.split(',').take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1000, quality);
            if weight == 0 {
                continue;
            }
            if let Some(lang) = Lang::from_tag(tag) {
                if best.is_none_or(|(w, _)| weight > w) {
                    best = Some((weight, lang));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// `q=0.8` as thousandths; anything unreadable is 0 (not acceptable).
fn quality(text: &str) -> u16 {
    let text = text.trim();
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let whole: u16 = match whole {
        "0" => 0,
        "1" => 1000,
        _ => return 0,
    };
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let frac: u16 = format!("{frac:0<3}").parse().unwrap_or(0);
    (whole + frac).min(1000)
}

/// The Fluent source of each language.
fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../locales/en.ftl"),
        Lang::De => include_str!("../locales/de.ftl"),
        Lang::Fr => include_str!("../locales/fr.ftl"),
        Lang::Es => include_str!("../locales/es.ftl"),
        Lang::PtBr => include_str!("../locales/pt-BR.ftl"),
        Lang::It => include_str!("../locales/it.ftl"),
        Lang::Ja => include_str!("../locales/ja.ftl"),
        Lang::Ar => include_str!("../locales/ar.ftl"),
    }
}

/// One argument of a message.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Text(&'a str),
    /// A count: it selects the plural form (`one`, `few`, … by the language's CLDR rules).
    Count(i64),
}

/// `args` as Fluent's arguments (the customer page's bundles and the till's share this).
pub fn fluent_args<'a>(args: &[(&'a str, Arg<'a>)]) -> FluentArgs<'a> {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Text(t) => FluentValue::from(*t),
            Arg::Count(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    fluent_args
}

/// A language's messages.
pub struct Messages {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages")
            .field("lang", &self.lang)
            .finish()
    }
}

/// Every language's messages, parsed once.
static ALL_MESSAGES: LazyLock<Vec<Messages>> =
    LazyLock::new(|| Lang::ALL.into_iter().map(Messages::load).collect());

impl Messages {
    /// The messages of `lang` (parsed once, shared).
    pub fn of(lang: Lang) -> &'static Messages {
        let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        &ALL_MESSAGES[index]
    }

    fn load(lang: Lang) -> Messages {
        // The sources are ours and tested to parse; a broken one still yields what parsed.
        let resource = FluentResource::try_new(source(lang).to_string()).unwrap_or_else(|(r, _)| r);
        let id = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Bidi isolation marks around arguments: an English shop name inside an Arabic
        // sentence keeps its own direction.
        bundle.set_use_isolating(lang.dir() == "rtl");
        let _ = bundle.add_resource(resource);
        Messages { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `id` with `args`; the English one when this language lacks it (tests make
    /// sure none does), the id itself when no language has it.
    pub fn text(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        if let Some(text) = self.format(id, args) {
            return text;
        }
        if self.lang != Lang::En {
            if let Some(text) = Messages::of(Lang::En).format(id, args) {
                return text;
            }
        }
        id.to_string()
    }

    fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        let pattern = self.bundle.get_message(id)?.value()?;
        let fluent_args = fluent_args(args);
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }
}

/// The ids of a Fluent source's messages, each with the variables it uses (in its value and
/// its select expressions, at any depth).
pub fn message_variables(source: &str) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        errors
            .iter()
            .map(|e| format!("{e:?}"))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let mut vars = BTreeSet::new();
            if let Some(pattern) = &message.value {
                pattern_vars(pattern, &mut vars);
            }
            out.insert(message.id.name.to_string(), vars);
        }
    }
    Ok(out)
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for variant in variants {
                pattern_vars(&variant.value, vars);
            }
        }
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                inline_vars(arg, vars);
            }
            for arg in &arguments.named {
                inline_vars(&arg.value, vars);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The till app's messages (`locales/app/`, loaded by the app itself; here only checked).
    fn app_source(lang: Lang) -> &'static str {
        match lang {
            Lang::En => include_str!("../locales/app/en.ftl"),
            Lang::De => include_str!("../locales/app/de.ftl"),
            Lang::Fr => include_str!("../locales/app/fr.ftl"),
            Lang::Es => include_str!("../locales/app/es.ftl"),
            Lang::PtBr => include_str!("../locales/app/pt-BR.ftl"),
            Lang::It => include_str!("../locales/app/it.ftl"),
            Lang::Ja => include_str!("../locales/app/ja.ftl"),
            Lang::Ar => include_str!("../locales/app/ar.ftl"),
        }
    }

    /// Every language of `files` has English's messages, no others, each with English's
    /// variables; and every file parses whole.
    fn check_complete(files: fn(Lang) -> &'static str, min: usize) {
        let reference = message_variables(files(Lang::En)).expect("English parses");
        assert!(reference.len() > min, "the English messages are there");
        for lang in Lang::ALL {
            let theirs = message_variables(files(lang))
                .unwrap_or_else(|e| panic!("{}.ftl does not parse: {e}", lang.code()));
            for (id, vars) in &reference {
                let Some(their_vars) = theirs.get(id) else {
                    panic!("{}.ftl lacks `{id}`", lang.code());
                };
                assert_eq!(
                    their_vars,
                    vars,
                    "{}.ftl: `{id}` has other placeholders than English",
                    lang.code()
                );
            }
            for id in theirs.keys() {
                assert!(
                    reference.contains_key(id),
                    "{}.ftl has `{id}`, which English has not",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn every_language_has_every_message_with_the_same_variables() {
        check_complete(source, 40);
    }

    #[test]
    fn the_tills_messages_are_complete_in_every_language() {
        check_complete(app_source, 300);
    }

    /// Counts the app's plural messages are written for, in each language: 0, 1, 2, 5, 11 and
    /// 100 items (Arabic's six forms among them) give a sentence with the number in it or,
    /// where the language spells one and two out, a sentence of its own.
    #[test]
    fn the_tills_plurals_follow_each_languages_rules() {
        for lang in Lang::ALL {
            let id = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            bundle.set_use_isolating(false);
            let resource = FluentResource::try_new(app_source(lang).to_string())
                .unwrap_or_else(|_| panic!("{}: app messages parse", lang.code()));
            bundle.add_resource(resource).expect("no duplicate ids");
            let mut seen = BTreeSet::new();
            for n in [0i64, 1, 2, 5, 11, 100] {
                let mut args = FluentArgs::new();
                args.set("count", FluentValue::from(n));
                let pattern = bundle
                    .get_message("cart-count")
                    .and_then(|m| m.value())
                    .expect("cart-count");
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{}: {errors:?}", lang.code());
                assert!(!text.trim().is_empty(), "{} {n}", lang.code());
                if n >= 5 {
                    assert!(text.contains(&n.to_string()), "{} {n}: {text}", lang.code());
                }
                seen.insert(text.into_owned());
            }
            assert_eq!(seen.len(), 6, "{}: six counts, six sentences", lang.code());
        }
        let ar = |n: i64| {
            let mut bundle = FluentBundle::new_concurrent(vec!["ar".parse().unwrap_or_default()]);
            bundle.set_use_isolating(false);
            let _ = bundle.add_resource(
                FluentResource::try_new(app_source(Lang::Ar).to_string())
                    .unwrap_or_else(|(r, _)| r),
            );
            let mut args = FluentArgs::new();
            args.set("count", FluentValue::from(n));
            let pattern = bundle
                .get_message("cart-count")
                .and_then(|m| m.value())
                .expect("ar");
            bundle
                .format_pattern(pattern, Some(&args), &mut Vec::new())
                .into_owned()
        };
        // Arabic: 2 is a dual of its own, 3–10 take the plural "أصناف", 11–99 the singular.
        assert!(ar(2).contains("صنفان"), "{}", ar(2));
        assert!(ar(5).contains("أصناف"), "{}", ar(5));
        assert!(ar(11).contains("صنفًا"), "{}", ar(11));
    }

    #[test]
    fn the_check_catches_a_missing_message_and_a_changed_placeholder() {
        let en = message_variables("a = Hi { $name }\nb = Bye\n").unwrap_or_default();
        let missing = message_variables("a = Hallo { $name }\n").unwrap_or_default();
        let renamed = message_variables("a = Hallo { $nom }\nb = Tschüss\n").unwrap_or_default();
        assert!(!missing.contains_key("b"));
        assert_ne!(renamed.get("a"), en.get("a"));
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        let left = |lang: Lang, n: i64| {
            Messages::of(lang).text("countdown-minutes-left", &[("minutes", Arg::Count(n))])
        };
        assert_eq!(left(Lang::En, 1), "1 minute left at this price");
        assert_eq!(left(Lang::En, 5), "5 minutes left at this price");
        assert_eq!(left(Lang::De, 1), "Noch 1 Minute zu diesem Preis");
        assert_eq!(left(Lang::De, 5), "Noch 5 Minuten zu diesem Preis");
        // Arabic has six forms: one and two are words of their own, 3–10 take the plural
        // "دقائق", 11–99 and 100 the singular "دقيقة" after the number.
        assert!(!left(Lang::Ar, 1).contains('1'), "{}", left(Lang::Ar, 1));
        assert!(left(Lang::Ar, 2).contains("دقيقتان"));
        assert!(left(Lang::Ar, 3).contains("دقائق"));
        assert!(left(Lang::Ar, 11).contains("دقيقة") && !left(Lang::Ar, 11).contains("دقائق"));
        assert!(left(Lang::Ar, 100).contains("دقيقة"));
        assert_eq!(left(Lang::Ja, 1), "この価格はあと1分有効です");
    }

    #[test]
    fn arguments_are_filled_in_and_rtl_isolates_them() {
        let en = Messages::of(Lang::En).text("page-title", &[("shop", Arg::Text("Café"))]);
        assert_eq!(en, "Payment to Café");
        let ar = Messages::of(Lang::Ar).text("page-title", &[("shop", Arg::Text("Café"))]);
        assert!(ar.contains("\u{2068}Café\u{2069}"), "{ar}");
    }

    #[test]
    fn a_browsers_languages_pick_ours() {
        assert_eq!(Lang::negotiate("de-AT,de;q=0.9,en;q=0.8"), Lang::De);
        assert_eq!(Lang::negotiate("fr-CH, fr;q=0.9, en;q=0.8"), Lang::Fr);
        assert_eq!(Lang::negotiate("nl-NL,en;q=0.5,ja;q=0.7"), Lang::Ja);
        assert_eq!(Lang::negotiate("pt-PT"), Lang::PtBr);
        assert_eq!(Lang::negotiate("ar-AE,ar;q=0.9"), Lang::Ar);
        assert_eq!(Lang::negotiate("zh-CN"), Lang::En);
        assert_eq!(Lang::negotiate("de;q=0, it"), Lang::It);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate("*"), Lang::En);
        assert_eq!(Lang::negotiate("es;q=garbage,it;q=0.1"), Lang::It);
        assert_eq!(Lang::from_tag("PT-br"), Some(Lang::PtBr));
        assert_eq!(Lang::from_tag("x".repeat(100).as_str()), None);
    }
}
