//! Every screen as a lazy route, its view in a wasm chunk that the browser fetches the first
//! time one of its screens is shown (wasm-split, driven by `cargo xtask build`).
//!
//! The screens are cut into five groups, each one lazy function (one split point): the till's
//! shell (session, API client, header); Charge, the till's first screen; the cashier's other
//! everyday screens (a payment, pairing); the back office (History, a receipt, Reports,
//! Settings); and the customer's receipt. With a split point per screen, wasm-split made a
//! shared chunk for every set of screens sharing a function: about 200 files, each with its
//! own import glue. Five give 21 files, of which a page loads 9 to 16. Charge apart from the
//! payment screen and pairing is what keeps the first screen small (380 → 296 KiB as
//! served); the payment screen's chunks arrive with the service worker's precache before the
//! first Charge, and pairing happens once per device. A customer opening a receipt never
//! downloads the till. The customer's payment page `/pay/{code}` is the server's and loads
//! no wasm at all: the Leptos runtime alone would fill its 100 KiB budget. `cargo xtask
//! build` preloads a page's chunks from `index.html` by its path, so the groups here and its
//! `PRELOAD_GROUPS` go together.
//!
//! The view half of each route (`view`) is split off; its data half (`data`) is empty, since
//! every page loads its own data through its hooks.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::pages::{
    ChargePage, HistoryPage, PairPage, PaymentPage, PublicReceiptPage, ReceiptPage, ReportsPage,
    SettingsPage,
};
use crate::Till;

/// What the till's everyday chunk can show, besides Charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TillView {
    Payment,
    Pair,
}

/// What the till's back-office chunk can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeView {
    History,
    Receipt,
    Reports,
    Settings,
}

/// What the customer's chunk can show: the public receipt. The customer's payment page
/// itself is rendered by the server, without wasm (see `server/src/payments/public_page/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicView {
    PublicReceipt,
}

/// The till's shell: session, API client, header and navigation around every till screen.
#[leptos::lazy]
fn shell_view() -> AnyView {
    // The chunk has arrived: the loading skeleton gives way to the page.
    crate::remove_skeleton();
    view! { <Till/> }.into_any()
}

/// The till's first screen: the keypad, the cart and the Charge button.
#[leptos::lazy]
fn charge_view() -> AnyView {
    crate::remove_skeleton();
    view! { <ChargePage/> }.into_any()
}

/// The cashier's other everyday screens: a payment as it happens, and pairing.
#[leptos::lazy]
fn till_view(which: TillView) -> AnyView {
    crate::remove_skeleton();
    match which {
        TillView::Payment => view! { <PaymentPage/> }.into_any(),
        TillView::Pair => view! { <PairPage/> }.into_any(),
    }
}

/// The till's back-office split point.
#[leptos::lazy]
fn office_view(which: OfficeView) -> AnyView {
    crate::remove_skeleton();
    match which {
        OfficeView::History => view! { <HistoryPage/> }.into_any(),
        OfficeView::Receipt => view! { <ReceiptPage/> }.into_any(),
        OfficeView::Reports => view! { <ReportsPage/> }.into_any(),
        OfficeView::Settings => view! { <SettingsPage/> }.into_any(),
    }
}

/// The customer's split point: the public receipt.
#[leptos::lazy]
fn public_view(which: PublicView) -> AnyView {
    crate::remove_skeleton();
    match which {
        PublicView::PublicReceipt => view! { <PublicReceiptPage/> }.into_any(),
    }
}

/// One lazy route per screen, each showing its screen of a group's chunk:
/// `lazy_page!(Route => group_fn(Group::Screen))`, or `group_fn()` for a group of one.
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident => $group:ident($($view:expr)?);)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $group($($view)?).await
            }
        }
    )*};
}

lazy_page! {
    /// The till around its screens (session, API client, header): `Till`, the parent of every
    /// terminal route and of `/pair`.
    TillRoute => shell_view();
    /// The till's first screen, `/`: the keypad and the Charge button.
    ChargeRoute => charge_view();
    /// `/history`.
    HistoryRoute => office_view(OfficeView::History);
    /// `/settings`.
    SettingsRoute => office_view(OfficeView::Settings);
    /// `/reports`.
    ReportsRoute => office_view(OfficeView::Reports);
    /// `/payments/:id`.
    PaymentRoute => till_view(TillView::Payment);
    /// `/payments/:id/receipt`.
    ReceiptRoute => office_view(OfficeView::Receipt);
    /// `/pair`.
    PairRoute => till_view(TillView::Pair);
    /// `/pay/:code/receipt`, the customer's receipt.
    PublicReceiptRoute => public_view(PublicView::PublicReceipt);
}
