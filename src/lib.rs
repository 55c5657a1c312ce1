//! The wct-pos app: a point-of-sale for shops taking crypto through the WCT Pay POS API,
//! talking only to its own signing proxy (same origin). `main.rs` only mounts [`App`].

pub mod api;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod i18n;
pub mod json;
pub mod locale;
pub mod pages;
pub mod routes;
pub mod session;
pub mod storage;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, Lazy};

use crate::api::Api;
use crate::hooks::{Clock, Online};
use crate::pages::NotFound;
use crate::routes::{
    ChargeRoute, HistoryRoute, PairRoute, PaymentRoute, PublicReceiptRoute, ReceiptRoute,
    ReportsRoute, SettingsRoute, TillRoute,
};
use crate::session::{Prefs, Session};

/// Removes the static loading skeleton of `index.html` once a page is about to render (for a
/// lazy route: once its chunk has arrived).
pub fn remove_skeleton() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("skeleton"))
    {
        el.remove();
    }
}

/// The app: the router and what every page needs (preferences, clock, connectivity). The
/// till (its session, API client, header and screens) and the customer's pages are lazy
/// routes, each fetched as wasm chunks when first shown, so a customer's phone opening a
/// payment link downloads none of the till.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Prefs::load());
    provide_context(i18n::I18n::load());
    provide_context(Clock::real());
    provide_context(Online::watch());
    browser::service_worker::register();
    view! {
        <Router>
            <Routes fallback=|| view! { <Public><NotFound/></Public> }>
                <ParentRoute path=path!("") view={Lazy::<TillRoute>::new()}>
                    <ParentRoute path=path!("") view=Paired>
                        <Route path=path!("/") view={Lazy::<ChargeRoute>::new()}/>
                        <Route path=path!("/history") view={Lazy::<HistoryRoute>::new()}/>
                        <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()}/>
                        <Route path=path!("/reports") view={Lazy::<ReportsRoute>::new()}/>
                        <Route path=path!("/payments/:id") view={Lazy::<PaymentRoute>::new()}/>
                        <Route
                            path=path!("/payments/:id/receipt")
                            view={Lazy::<ReceiptRoute>::new()}
                        />
                    </ParentRoute>
                    <Route path=path!("/pair") view={Lazy::<PairRoute>::new()}/>
                </ParentRoute>
                // `/pay/:code` itself is the server's page (server/src/payments/public_page/).
                <ParentRoute path=path!("/pay/:code") view=PublicOutlet>
                    <Route path=path!("/receipt") view={Lazy::<PublicReceiptRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The till around its screens: this device's session and API client (with the event-stream
/// session while paired), the header with the navigation, and the offline banner.
#[component]
pub fn Till() -> impl IntoView {
    let session = Session::load();
    provide_context(session);
    let i18n = i18n::use_i18n();
    let online = hooks::use_online();
    // Any authenticated call answered 401: the pairing is gone, back to the pairing screen.
    let api = Api::new(
        session.token.into(),
        Callback::new(move |_| session.forget(Some(i18n::t("notice-unpaired")))),
    );
    provide_context(api);
    Effect::new(move |_| {
        if session.token.with(Option::is_some) {
            session.refresh_info(api);
            // The store's language, which may have changed on another device.
            leptos::task::spawn_local(async move {
                if let Ok(settings) = api.store_settings().await {
                    let lang = settings.language.as_deref().and_then(i18n::Lang::from_tag);
                    i18n.set_store(lang.unwrap_or_default());
                }
            });
            leptos::task::spawn_local(async move { api.open_streams_session().await });
        } else {
            api.close_streams_session();
        }
    });
    // Back online: the stream session may not have been set (the app started offline).
    Effect::new(move |was_online: Option<bool>| {
        let now_online = online.get();
        if was_online == Some(false) && now_online && session.token.with_untracked(Option::is_some)
        {
            leptos::task::spawn_local(async move { api.open_streams_session().await });
        }
        now_online
    });
    let till = Signal::derive(move || i18n.till());
    let print = Signal::derive(move || i18n.store.get());
    view! { <i18n::InLanguage lang=till print=print><Shell><Outlet/></Shell></i18n::InLanguage> }
}

/// The customer's pages: the offline banner, none of the merchant's header or controls.
#[component]
pub fn PublicOutlet() -> impl IntoView {
    view! { <Public><Outlet/></Public> }
}

/// Around a page without the till: the offline banner and the page.
#[component]
pub fn Public(children: Children) -> impl IntoView {
    let online = hooks::use_online();
    view! {
        {move || (!online.get()).then(|| view! {
            <div class="offline-banner" data-testid="offline-banner" role="status">
                {i18n::t_or(
                    "offline-banner",
                    "You are offline. Payments cannot be created until the connection returns.",
                )}
            </div>
        })}
        <main class="main" id="main">{children()}</main>
    }
}

/// The terminal's screens, shown only on a paired device; otherwise the device goes to the
/// pairing screen at its own address (`/pair`), e.g. once a 401 has signed a revoked device
/// out. Nothing of a terminal screen renders (or is downloaded) meanwhile.
#[component]
pub fn Paired() -> impl IntoView {
    let session = session::use_session();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if session.token.with(Option::is_none) {
            navigate(
                "/pair",
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    view! { {move || session.token.with(Option::is_some).then(|| view! { <Outlet/> })} }
}

/// Header, navigation and the offline banner around every terminal screen.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let session = session::use_session();
    let location = use_location();
    let paired = move || session.token.with(Option::is_some);
    let name = move || {
        session
            .terminal
            .with(|t| t.as_ref().map(|t| t.name.clone()))
            .unwrap_or_else(|| "WCT POS".into())
    };
    let current = move |prefix: &'static str| {
        move || {
            let here = location.pathname.with(|p| {
                if prefix == "/" {
                    p == "/" || p.starts_with("/payments")
                } else {
                    p.starts_with(prefix)
                }
            });
            here.then_some("page")
        }
    };
    view! {
        <header class="app-header" data-testid="app-header">
            <div class="brand">
                <span class="logo" aria-hidden="true">"W"</span>
                <span class="terminal-name">{name}</span>
                {move || (session.is_sandbox()).then(|| view! {
                    <span class="sandbox-badge">{i18n::t("sandbox-badge")}</span>
                })}
            </div>
            {move || paired().then(|| view! {
                <nav class="nav" aria-label=i18n::t("nav-label")>
                    <a href="/" data-testid="nav-charge" aria-current=current("/")>{i18n::t("nav-charge")}</a>
                    <a href="/history" data-testid="nav-history" aria-current=current("/history")>{i18n::t("nav-history")}</a>
                    <a href="/reports" data-testid="nav-reports" aria-current=current("/reports")>{i18n::t("nav-reports")}</a>
                    <a href="/settings" data-testid="nav-settings" aria-current=current("/settings")>{i18n::t("nav-settings")}</a>
                </nav>
            })}
        </header>
        <Public>{children()}</Public>
    }
}
