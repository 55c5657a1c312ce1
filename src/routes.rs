//! Every screen as a lazy route: its view lives in a wasm chunk of its own, which the browser
//! fetches the first time the route is shown (wasm-split, driven by `cargo xtask build`).
//! Code that only one page uses travels in that page's chunk; code several pages share goes
//! to a shared chunk; only what the router, the shell and the first paint need stays in the
//! main module. A customer opening `/pay/{code}` therefore never downloads the till.
//!
//! The view half of each route (`view`) is split off; its data half (`data`) is empty, since
//! every page loads its own data through its hooks.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use crate::pages::{
    ChargePage, CustomerPage, HistoryPage, PairPage, PaymentPage, PublicReceiptPage, ReceiptPage,
    ReportsPage, SettingsPage,
};
use crate::Till;

/// One lazy route per page component: `lazy_page!(Route => Page)`.
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                // The chunk has arrived: the loading skeleton gives way to the page.
                crate::remove_skeleton();
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    /// The till around its screens (session, API client, header): `Till`, the parent of every
    /// terminal route and of `/pair`.
    TillRoute => Till;
    /// The till's first screen, `/`: the keypad and the Charge button.
    ChargeRoute => ChargePage;
    /// `/history`.
    HistoryRoute => HistoryPage;
    /// `/settings`.
    SettingsRoute => SettingsPage;
    /// `/reports`.
    ReportsRoute => ReportsPage;
    /// `/payments/:id`.
    PaymentRoute => PaymentPage;
    /// `/payments/:id/receipt`.
    ReceiptRoute => ReceiptPage;
    /// `/pair`.
    PairRoute => PairPage;
    /// `/pay/:code`, the customer page.
    CustomerRoute => CustomerPage;
    /// `/pay/:code/receipt`, the customer's receipt.
    PublicReceiptRoute => PublicReceiptPage;
}
