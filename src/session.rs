//! App-wide state handed down through context: the paired terminal and the cashier's
//! preferences. Both survive reloads through localStorage.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wct_api::pos::{PairResponse, TerminalInfo};
use wct_api::Catalogue;

use crate::api::Api;
use crate::locale::Locale;
use crate::{browser, storage};

/// The pairing of this device with a terminal, and what the proxy told us about it.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub token: RwSignal<Option<String>>,
    pub terminal: RwSignal<Option<TerminalInfo>>,
    pub catalogue: RwSignal<Option<Catalogue>>,
    /// Why the device is back at pairing (shown there once).
    pub notice: RwSignal<Option<String>>,
}

impl Session {
    /// Reads the token and the cached terminal details, so a reload offline still shows them.
    pub fn load() -> Self {
        let token = storage::get(storage::TOKEN).filter(|t| !t.is_empty());
        let paired = token.is_some();
        Self {
            token: RwSignal::new(token),
            terminal: RwSignal::new(
                paired
                    .then(|| storage::get_json(storage::TERMINAL))
                    .flatten(),
            ),
            catalogue: RwSignal::new(
                paired
                    .then(|| storage::get_json(storage::CATALOGUE))
                    .flatten(),
            ),
            notice: RwSignal::new(None),
        }
    }

    /// An unpaired session that touches no storage (tests, the public customer page).
    pub fn detached() -> Self {
        Self {
            token: RwSignal::new(None),
            terminal: RwSignal::new(None),
            catalogue: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }

    pub fn pair(&self, token: &str) {
        storage::set(storage::TOKEN, token);
        self.notice.set(None);
        self.token.set(Some(token.to_string()));
    }

    /// Keeps what `POST /api/pair` answered: this device's own token, its id (so Settings can
    /// sign it out on the server too) and its terminal, shown at once.
    pub fn pair_device(&self, paired: &PairResponse) {
        storage::set(storage::DEVICE_ID, &paired.device_id);
        storage::set_json(storage::TERMINAL, &paired.terminal);
        self.terminal.set(Some(paired.terminal.clone()));
        self.pair(&paired.token);
    }

    /// This device's id on the server, when it was paired with a code.
    pub fn device_id(&self) -> Option<String> {
        storage::get(storage::DEVICE_ID).filter(|id| !id.is_empty())
    }

    /// Forgets the pairing and everything cached for it.
    pub fn forget(&self, notice: Option<String>) {
        for key in [
            storage::TOKEN,
            storage::DEVICE_ID,
            storage::TERMINAL,
            storage::CATALOGUE,
        ] {
            storage::remove(key);
        }
        self.terminal.set(None);
        self.catalogue.set(None);
        self.token.set(None);
        self.notice.set(notice);
    }

    /// Fetches the terminal and its catalogue (both at once: the Charge screen waits for the
    /// catalogue), caching both for offline starts.
    pub fn refresh_info(&self, api: Api) {
        let this = *self;
        spawn_local(async move {
            if let Ok(info) = api.terminal().await {
                storage::set_json(storage::TERMINAL, &info);
                this.terminal.try_set(Some(info));
            }
        });
        spawn_local(async move {
            if let Ok(cat) = api.assets().await {
                storage::set_json(storage::CATALOGUE, &cat);
                this.catalogue.try_set(Some(cat));
            }
        });
    }

    pub fn is_sandbox(&self) -> bool {
        self.terminal
            .with(|t| t.as_ref().is_some_and(|t| t.sandbox))
    }
}

pub fn use_session() -> Session {
    use_context().unwrap_or_else(|| {
        let s = Session::detached();
        provide_context(s);
        s
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Self::System, Self::Light, Self::Dark];

    pub fn code(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// Its name in the current language.
    pub fn label(self) -> String {
        crate::i18n::t(match self {
            Self::System => "theme-system",
            Self::Light => "theme-light",
            Self::Dark => "theme-dark",
        })
    }

    pub fn from_code(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|t| t.code() == code)
            .unwrap_or_default()
    }
}

/// The cashier's preferences for this device.
#[derive(Debug, Clone, Copy)]
pub struct Prefs {
    pub sound: RwSignal<bool>,
    pub theme: RwSignal<Theme>,
    /// How numbers and dates are written: the language's (set by `i18n::InLanguage`).
    pub locale: RwSignal<Locale>,
}

impl Prefs {
    pub fn new(sound: bool, theme: Theme, locale: Locale) -> Self {
        Self {
            sound: RwSignal::new(sound),
            theme: RwSignal::new(theme),
            locale: RwSignal::new(locale),
        }
    }

    /// Loads the stored preferences and keeps storage and `<html data-theme>` in step.
    pub fn load() -> Self {
        let sound = storage::get(storage::SOUND).is_none_or(|s| s != "off");
        let theme = Theme::from_code(&storage::get(storage::THEME).unwrap_or_default());
        // The number format follows the language (set by `i18n::InLanguage`).
        let prefs = Self::new(sound, theme, Locale::default());
        Effect::new(move |_| {
            let sound = prefs.sound.get();
            storage::set(storage::SOUND, if sound { "on" } else { "off" });
        });
        Effect::new(move |_| {
            let theme = prefs.theme.get();
            storage::set(storage::THEME, theme.code());
            browser::theme::set_root_attr(
                "data-theme",
                (theme != Theme::System).then(|| theme.code()),
            );
        });
        prefs
    }
}

pub fn use_prefs() -> Prefs {
    use_context().unwrap_or_else(|| {
        let p = Prefs::new(false, Theme::System, Locale::default());
        provide_context(p);
        p
    })
}
