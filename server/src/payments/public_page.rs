//! The customer's page, `/pay/{code}`, rendered here as HTML: the QR (SVG), what to pay,
//! the countdown, the state, refunds, and once paid the receipt link. A customer opening a
//! payment link downloads this page, the app's stylesheet and a small inline script that
//! keeps it live (`public_page.js`): no WebAssembly. The Leptos runtime alone is about the
//! whole 100 KiB budget of this page, so the customer's page is not part of the wasm app;
//! its public receipt (`/pay/{code}/receipt`) still is.
//!
//! The script follows the public event stream and, on each change, fetches this page again
//! and swaps its `<main>`: the markup is written once, here. Without JavaScript the page
//! still shows what to pay. Only `PublicPaymentView` is rendered, which has no personal field.
//!
//! In the customer's language (`wct_api::i18n`): `?lang=` (the page's switcher, then kept in a
//! cookie on that phone), else that cookie, else the browser's `Accept-Language`.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::{Arc, LazyLock};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use wct_api::i18n::{Arg, Lang, Messages};
use wct_api::pos::{PublicPaymentView, SSE_EVENT, SSE_RESYNC};
use wct_api::refund::RefundView;
use wct_api::{money, Catalogue, PaymentState};

use crate::http::serve::PeerIp;
use crate::AppState;

/// The page's live part, inlined (one request fewer) and allowed by its CSP hash.
const SCRIPT: &str = include_str!("public_page.js");

/// The last stretch of a quote is shown in the warning colour (as on the till).
const WARNING_SECS: i64 = 120;

/// What the page links besides itself: the app's stylesheet, named by Trunk's hash.
#[derive(Debug, Clone, Default)]
pub struct PageAssets {
    pub stylesheet: Option<String>,
}

/// `'sha256-…'` of the inline script, for the Content-Security-Policy.
pub fn script_hash() -> String {
    static HASH: LazyLock<String> = LazyLock::new(|| {
        let digest = Sha256::digest(script_body().as_bytes());
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    });
    HASH.clone()
}

/// The script as placed between its tags, with the stream's event names filled in.
fn script_body() -> &'static str {
    static BODY: LazyLock<String> = LazyLock::new(|| {
        SCRIPT
            .replace("__EVENT__", SSE_EVENT)
            .replace("__RESYNC__", SSE_RESYNC)
    });
    &BODY
}

/// The cookie that keeps a customer's chosen language on their phone (for `/pay/` only).
const LANG_COOKIE: &str = "wct_lang";

#[derive(Debug, serde::Deserialize)]
struct PageQuery {
    lang: Option<String>,
}

/// `GET /pay/{code}`.
pub fn router(assets: PageAssets) -> Router<AppState> {
    let assets = Arc::new(assets);
    Router::new().route(
        "/pay/{code}",
        get(
            move |State(state): State<AppState>,
                  PeerIp(ip): PeerIp,
                  Path(code): Path<String>,
                  query: Result<Query<PageQuery>, QueryRejection>,
                  headers: HeaderMap| {
                let assets = assets.clone();
                // A query it cannot read chooses nothing.
                let chosen = query.ok().and_then(|q| q.0.lang);
                async move { show(state, ip, code, chosen, &headers, &assets).await }
            },
        ),
    )
}

/// The page's language, and whether the choice is new (to be kept in the cookie).
fn language(chosen: Option<&str>, headers: &HeaderMap) -> (Lang, bool) {
    if let Some(lang) = chosen.and_then(Lang::from_tag) {
        return (lang, true);
    }
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == LANG_COOKIE)
                .then(|| Lang::from_tag(value))
                .flatten()
        });
    if let Some(lang) = cookie {
        return (lang, false);
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    (Lang::negotiate(accept), false)
}

async fn show(
    state: AppState,
    ip: IpAddr,
    code: String,
    chosen: Option<String>,
    headers: &HeaderMap,
    assets: &PageAssets,
) -> Response {
    let (lang, keep) = language(chosen.as_deref(), headers);
    let m = Messages::of(lang);
    let found = crate::payments::public::public_payment(&state, ip, &code).await;
    let now = crate::util::now_secs();
    let mut response = match found {
        Ok(row) => {
            let view = PublicPaymentView::from_view(&state.view(&row), &state.merchant);
            let receipt = receipt_url(&state.public_url, &view.payment_code);
            let page = Page {
                view: &view,
                catalogue: &state.catalogue,
                receipt_url: &receipt,
                now,
                m,
            };
            let title = m.text("page-title", &[("shop", Arg::Text(&view.merchant))]);
            html(
                StatusCode::OK,
                None,
                document(&title, &page.main(), assets, now, m),
            )
        }
        // The JSON error's status and headers (a 429's Retry-After), with words for a person.
        Err(error) => {
            let status = error.status();
            let text = m.text(
                match status {
                    StatusCode::NOT_FOUND => "error-link-invalid",
                    StatusCode::TOO_MANY_REQUESTS => "error-too-many",
                    _ => "error-unavailable",
                },
                &[],
            );
            let main = format!(
                "<section class=\"page customer-page\" data-testid=\"customer-page\">\
                 <div class=\"card center\"><p class=\"form-error\" role=\"alert\">{}</p>\
                 </div></section>",
                esc(&text)
            );
            let retry = error.headers().get(header::RETRY_AFTER).cloned();
            let title = m.text("page-link-title", &[]);
            html(status, retry, document(&title, &main, assets, now, m))
        }
    };
    let headers = response.headers_mut();
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    if keep {
        let secure = headers_https(&state);
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/pay/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.insert(header::SET_COOKIE, value);
        }
    }
    response
}

/// `; Secure` when the page is served over HTTPS.
fn headers_https(state: &AppState) -> &'static str {
    if state.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    }
}

fn html(status: StatusCode, retry_after: Option<HeaderValue>, body: String) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // The page is the payment's state at this instant: never stored, always asked again.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(retry) = retry_after {
        headers.insert(header::RETRY_AFTER, retry);
    }
    (status, headers, body).into_response()
}

/// The public receipt page of payment `code`.
fn receipt_url(public_url: &str, code: &str) -> String {
    format!(
        "{}/pay/{}/receipt",
        public_url.trim_end_matches('/'),
        encode_component(code)
    )
}

/// The whole document around `main`, in `m`'s language and direction, with the language
/// switcher and the words the script needs.
fn document(title: &str, main: &str, assets: &PageAssets, now: i64, m: &Messages) -> String {
    let lang = m.lang();
    let stylesheet = assets
        .stylesheet
        .as_deref()
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{}\">", esc(href)))
        .unwrap_or_default();
    let options: String = Lang::ALL
        .into_iter()
        .map(|l| {
            format!(
                "<option value=\"{code}\" lang=\"{code}\"{selected}>{name}</option>",
                code = l.code(),
                selected = if l == lang { " selected" } else { "" },
                name = esc(l.native_name()),
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\
         <meta name=\"theme-color\" content=\"#0f5f4f\"><meta name=\"robots\" content=\"noindex\">\
         <title>{title}</title>{stylesheet}<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         </head><body data-now=\"{now}\">\
         <header><form class=\"lang-switch\" method=\"get\" data-testid=\"lang-switch\">\
         <label>{language} <select name=\"lang\" data-testid=\"lang-select\">{options}</select></label>\
         <noscript><button type=\"submit\" class=\"btn btn-ghost\">{change}</button></noscript></form></header>\
         <main class=\"main\" id=\"main\">{main}</main>\
         <script type=\"application/json\" id=\"page-words\">{words}</script>\
         <script>{script}</script></body></html>",
        code = lang.code(),
        dir = lang.dir(),
        title = esc(title),
        language = esc(&m.text("language", &[])),
        change = esc(&m.text("language-change", &[])),
        words = script_words(m),
        script = script_body(),
    )
}

/// What the script says itself, in the page's language: the countdown's announcements (for
/// each whole minute of a quote up to an hour, and 30 and 10 seconds) and the offline notice.
/// JSON inside `<script type="application/json">`, with `<` escaped so nothing closes it.
fn script_words(m: &Messages) -> String {
    let minutes: serde_json::Map<String, serde_json::Value> = (1..=60)
        .map(|n| {
            (
                n.to_string(),
                m.text("countdown-minutes-left", &[("minutes", Arg::Count(n))])
                    .into(),
            )
        })
        .collect();
    let seconds: serde_json::Map<String, serde_json::Value> = [10, 30]
        .into_iter()
        .map(|n| {
            (
                n.to_string(),
                m.text("countdown-seconds-left", &[("seconds", Arg::Count(n))])
                    .into(),
            )
        })
        .collect();
    serde_json::json!({
        "expired": m.text("countdown-expired", &[]),
        "offline": m.text("offline", &[]),
        "minutes": minutes,
        "seconds": seconds,
    })
    .to_string()
    .replace('<', "\\u003c")
}

/// One payment as the customer sees it.
struct Page<'a> {
    view: &'a PublicPaymentView,
    catalogue: &'a Catalogue,
    receipt_url: &'a str,
    now: i64,
    m: &'a Messages,
}

impl Page<'_> {
    fn t(&self, id: &str) -> String {
        esc(&self.m.text(id, &[]))
    }

    /// Message `id` with text arguments, escaped.
    fn t_with(&self, id: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg<'_>)> = args.iter().map(|(k, v)| (*k, Arg::Text(v))).collect();
        esc(&self.m.text(id, &args))
    }

    /// Message `id` whose arguments are markup (already escaped HTML): each is put in after
    /// the message's own text is escaped, so word order stays the language's.
    fn t_markup(&self, id: &str, markup: &[(&str, String)]) -> String {
        let marks: Vec<String> = (0..markup.len())
            .map(|i| format!("\u{E000}{i}\u{E001}"))
            .collect();
        let args: Vec<(&str, Arg<'_>)> = markup
            .iter()
            .zip(&marks)
            .map(|((k, _), mark)| (*k, Arg::Text(mark.as_str())))
            .collect();
        let mut out = esc(&self.m.text(id, &args));
        for ((_, html), mark) in markup.iter().zip(&marks) {
            out = out.replace(mark.as_str(), html);
        }
        out
    }

    /// What goes inside `<main>`; also what the script swaps in on each change.
    fn main(&self) -> String {
        let v = self.view;
        let mut out = String::with_capacity(8 * 1024);
        let _ = write!(
            out,
            "<section class=\"page customer-page\" data-testid=\"customer-page\" data-code=\"{}\" data-shown=\"{}\">",
            esc(&v.payment_code),
            esc(&shown_fingerprint(v)),
        );
        let _ = write!(
            out,
            "<header class=\"customer-head\"><p class=\"muted\">{}</p><h1>{}</h1><p>{}</p>{}{}</header>",
            self.t("page-payment-to"),
            esc(&v.merchant),
            esc(&v.description),
            self.state_chip(v.state),
            self.refund_list(&v.refunds),
        );
        if v.sandbox {
            let _ = write!(
                out,
                "<p class=\"notice sandbox-notice\" data-testid=\"sandbox-notice\" role=\"note\">\
                 <strong>{}</strong> · {}</p>",
                self.t("sandbox-notice-strong"),
                self.t("sandbox-notice-text"),
            );
        }
        if v.state.is_open() {
            out.push_str(&self.balance());
            let _ = write!(
                out,
                "<div class=\"pay-grid\"><div class=\"pay-left\">{}</div><div class=\"pay-right\">{}\
                 <p class=\"muted small\">{}</p></div></div>",
                self.qr_card(),
                self.quote_details(),
                self.t("scan-hint"),
            );
        } else if v.state.is_settled() {
            out.push_str(&self.paid_screen());
            out.push_str(&self.receipt_sheet());
        } else {
            out.push_str(&self.closed());
        }
        out.push_str("</section>");
        out
    }

    fn fiat_decimals(&self) -> u32 {
        self.view.fiat_decimals(Some(self.catalogue))
    }

    /// A settlement amount in the page language's number format.
    fn fiat(&self) -> impl Fn(Decimal) -> String {
        let decimals = self.fiat_decimals();
        let (group, point) = self.m.lang().separators();
        move |v| money::format_display(v, decimals, group, point)
    }

    /// The price in the sale's currency, with its tip when it has one.
    fn price_text(&self) -> String {
        let v = self.view;
        let fiat = self.fiat();
        let total = match money::parse_non_negative(&v.amount, money::MAX_PRECISION) {
            Ok(amount) => format!("{} {}", fiat(amount), v.asset),
            Err(_) => format!("{} {}", v.amount, v.asset),
        };
        match v.sale_and_tip() {
            Some((sale, tip)) => self.m.text(
                "price-with-tip",
                &[
                    ("total", Arg::Text(&total)),
                    ("sale", Arg::Text(&fiat(sale))),
                    ("tip", Arg::Text(&fiat(tip))),
                ],
            ),
            None => total,
        }
    }

    /// "6.25 USD", roughly what is still due when underpaid and the rate says.
    fn fiat_still_due(&self) -> Option<String> {
        let v = self.view;
        let fiat = self.fiat();
        v.fiat_still_due()
            .map(|due| format!("{} {}", fiat(due), v.asset))
    }

    fn balance(&self) -> String {
        let v = self.view;
        if v.received_amount().is_zero() {
            return String::new();
        }
        let asset = esc(&v.pay_asset);
        let received = format!(
            "<span class=\"mono\" data-testid=\"received-amount\">{}</span> {asset}",
            esc(&v.received)
        );
        let mut out = format!(
            "<div class=\"balance\"><p>{}</p>",
            self.t_markup("balance-received", &[("amount", received)])
        );
        match v.state {
            PaymentState::Underpaid => {
                let _ = write!(
                    out,
                    "<p class=\"missing\"><span class=\"missing-label\">{}</span>\
                     <span class=\"missing-value\"><span class=\"mono big-number\" data-testid=\"missing-amount\">{}</span> \
                     <span class=\"asset\">{asset}</span></span></p>",
                    self.t("balance-still-missing"),
                    esc(&v.missing)
                );
            }
            PaymentState::Overpaid => {
                let excess = format!(
                    "<span class=\"mono\" data-testid=\"excess-amount\">{}</span> {asset}",
                    esc(&v.excess)
                );
                let _ = write!(
                    out,
                    "<p class=\"excess\">{}</p>",
                    self.t_markup("balance-excess", &[("amount", excess)])
                );
            }
            _ => {}
        }
        out.push_str("</div>");
        out
    }

    fn qr_card(&self) -> String {
        let v = self.view;
        let underpaid = v.state == PaymentState::Underpaid;
        let uri = v.qr_uri(self.catalogue).unwrap_or_default();
        let label = self.m.text(
            "qr-label",
            &[("amount", Arg::Text(&format!("{} {}", v.due(), v.pay_asset)))],
        );
        let svg = if uri.is_empty() {
            String::new()
        } else {
            // The SVG is built from the URI and label alone, with its text escaped inside.
            wct_api::qr::qr_svg(&uri, &label)
                .unwrap_or_else(|_| format!("<p>{}</p>", self.t("qr-too-long")))
        };
        let fiat_line = match self.fiat_still_due() {
            Some(due) => self.t_with("qr-fiat-still-due", &[("amount", &due)]),
            None if underpaid => self.t("qr-fiat-rest"),
            None => esc(&self.price_text()),
        };
        let expires = v.expires_at_unix();
        let left = wct_api::clock::seconds_left(expires, self.now);
        let warning = if left <= WARNING_SECS { " warning" } else { "" };
        format!(
            "<div class=\"card qr-card{under}\"><p class=\"qr-amount\" data-testid=\"qr-amount\">\
             <span class=\"qr-crypto\"><span class=\"mono\" data-testid=\"qr-pay-amount\">{due}</span> \
             <span class=\"asset\">{asset}</span></span>\
             <span class=\"qr-fiat\" data-testid=\"qr-fiat\">{fiat_line}</span></p>\
             <div class=\"qr\" data-testid=\"qr\" data-uri=\"{uri}\">{svg}</div>\
             <div class=\"countdown-box{warning}\"><span class=\"countdown-label\">{label_text}</span>\
             <span class=\"countdown{warning}\" data-testid=\"countdown\" role=\"timer\" aria-hidden=\"true\" \
             data-expires=\"{expires}\" data-seconds=\"{left}\">{text}</span>\
             <span class=\"sr-only\" aria-live=\"polite\"></span></div></div>",
            under = if underpaid { " underpaid" } else { "" },
            due = esc(v.due()),
            asset = esc(&v.pay_asset),
            uri = esc(&uri),
            label_text = self.t("countdown-label"),
            text = wct_api::clock::mm_ss(left),
        )
    }

    fn quote_details(&self) -> String {
        let v = self.view;
        let underpaid = v.state == PaymentState::Underpaid;
        let mut out = format!(
            "<div class=\"card quote-card\"><p class=\"due-label{under}\">{label}</p>\
             <p class=\"due\"><span class=\"mono big-number\" data-testid=\"pay-amount\">{due}</span> \
             <span class=\"asset\" data-testid=\"pay-asset\">{asset}</span></p>",
            under = if underpaid { " underpaid" } else { "" },
            label = self.t(if underpaid {
                "due-partly-paid"
            } else {
                "due-amount-to-pay"
            }),
            due = esc(v.due()),
            asset = esc(&v.pay_asset),
        );
        if let Some(network) = &v.pay_network {
            let _ = write!(
                out,
                "<p class=\"muted\">{}</p>",
                self.t_with("due-on-network", &[("network", network)])
            );
        }
        let price = format!(
            "<span data-testid=\"fiat-amount\">{}</span>",
            esc(&self.price_text())
        );
        let line = match (underpaid, self.fiat_still_due()) {
            (false, _) => self.t_markup("fiat-for", &[("price", price)]),
            (true, Some(due)) => {
                let due = format!(
                    "<strong class=\"fiat-due\" data-testid=\"fiat-due\">≈ {}</strong>",
                    esc(&due)
                );
                self.t_markup("fiat-still-due-of", &[("due", due), ("price", price)])
            }
            (true, None) => self.t_markup("fiat-of", &[("price", price)]),
        };
        let _ = write!(out, "<p class=\"fiat\">{line}</p>");
        let _ = write!(
            out,
            "<div class=\"address-row\"><div class=\"address-text\"><span class=\"label\">{label}</span>\
             <code class=\"mono address\" data-testid=\"pay-address\">{address}</code></div>\
             <button type=\"button\" class=\"btn btn-secondary\" data-testid=\"copy-address\" \
             data-copy=\"{address}\" data-copied=\"{copied}\">{copy}</button></div>",
            label = self.t("address"),
            address = esc(&v.pay_address),
            copied = self.t("copied"),
            copy = self.t("copy"),
        );
        if let Some(tag) = &v.pay_tag {
            let _ = write!(
                out,
                "<p class=\"tag-row\">{} <code class=\"mono\">{}</code></p>",
                self.t("memo"),
                esc(tag)
            );
        }
        out.push_str("</div>");
        out
    }

    /// The full-screen confirmation, the customer's version: the shop's name, thanks, when.
    fn paid_screen(&self) -> String {
        let v = self.view;
        let overpaid = v.state == PaymentState::Overpaid;
        let mut out = String::from(
            "<div class=\"paid-screen paid-customer\" data-testid=\"paid-screen\" \
             data-audience=\"customer\" role=\"status\" aria-live=\"assertive\"><div class=\"paid-inner\">",
        );
        if v.sandbox {
            let _ = write!(
                out,
                "<p class=\"test-mark\" data-testid=\"test-mark\" role=\"note\">{}</p>",
                self.t("test-mark")
            );
        }
        let received = format!(
            "<span class=\"mono\">{} {}</span>",
            esc(&v.received),
            esc(&v.pay_asset)
        );
        let when = format!(
            "<time datetime=\"{}\" data-local>{}</time>",
            esc(&v.updated_at),
            esc(&utc_text(&v.updated_at))
        );
        let fiat = self.fiat();
        let price = match money::parse_non_negative(&v.amount, money::MAX_PRECISION) {
            Ok(amount) => format!("{} {}", fiat(amount), v.asset),
            Err(_) => format!("{} {}", v.amount, v.asset),
        };
        let _ = write!(
            out,
            "<p class=\"paid-shop\" data-testid=\"paid-shop\">{shop}</p>\
             <div class=\"paid-check\" aria-hidden=\"true\">✓</div><h1>{title}</h1>\
             <p class=\"paid-amount big-number\">{price}</p>\
             <p class=\"paid-received\">{received}</p>\
             <p class=\"paid-thanks\">{thanks}</p>\
             <p class=\"paid-when small\" data-testid=\"paid-when\">{when}</p>",
            shop = esc(&v.merchant),
            title = self.t(if overpaid { "paid-overpaid" } else { "paid" }),
            price = esc(&price),
            received = self.t_markup("paid-received", &[("amount", received)]),
            thanks = self.t("paid-thanks"),
            when = self.t_markup("paid-when", &[("when", when)]),
        );
        if overpaid {
            let excess = format!(
                "<span class=\"mono\" data-testid=\"excess-amount\">{} {}</span>",
                esc(&v.excess),
                esc(&v.pay_asset)
            );
            let _ = write!(
                out,
                "<p class=\"paid-excess\">{}</p>",
                self.t_markup("paid-excess", &[("excess", excess)])
            );
        }
        out.push_str("</div></div>");
        out
    }

    /// Over the full-screen "Paid": the customer's way to keep the receipt. The buttons send
    /// the link; the raw address itself is not for reading.
    fn receipt_sheet(&self) -> String {
        let link = self.receipt_url;
        let text = self.m.text(
            "receipt-share-text",
            &[("shop", Arg::Text(&self.view.merchant))],
        );
        let both = encode_component(&format!("{text} {link}"));
        format!(
            "<div class=\"receipt-sheet\" data-testid=\"receipt-send\">\
             <a class=\"btn btn-primary\" data-testid=\"view-receipt\" href=\"{href}\">{view}</a>\
             <div class=\"share\"><p class=\"label\" hidden>{title}</p>\
             <a class=\"payment-link mono\" data-testid=\"receipt-share-link\" href=\"{href}\" target=\"_blank\" rel=\"noopener\" hidden>{href}</a>\
             <div class=\"share-buttons\">\
             <button type=\"button\" class=\"btn btn-secondary\" data-testid=\"share-receipt\" data-share=\"{href}\" \
             data-title=\"{title}\" data-text=\"{text_attr}\" data-copied=\"{copied}\">{send}</button>\
             <a class=\"btn btn-ghost\" href=\"sms:?&amp;body={both}\">SMS</a>\
             <a class=\"btn btn-ghost\" href=\"https://wa.me/?text={both}\" target=\"_blank\" rel=\"noopener\">WhatsApp</a>\
             <a class=\"btn btn-ghost\" href=\"mailto:?subject={subject}&amp;body={link_enc}\">{email}</a>\
             </div></div></div>",
            href = esc(link),
            view = self.t("view-receipt"),
            title = self.t("receipt-link"),
            text_attr = esc(&text),
            copied = self.t("link-copied"),
            send = self.t("send-receipt"),
            subject = encode_component(&text),
            link_enc = encode_component(link),
            email = self.t("share-email"),
        )
    }

    /// Expired, cancelled, rejected, late or refunded: what happened, in the customer's words.
    fn closed(&self) -> String {
        let v = self.view;
        let text = self.t(match v.state {
            PaymentState::Expired => "closed-expired",
            PaymentState::Cancelled => "closed-cancelled",
            PaymentState::Rejected => "closed-rejected",
            PaymentState::Late => "closed-late",
            _ => "closed-refunded",
        });
        let alert = v
            .alert
            .as_deref()
            .map(|a| {
                format!(
                    "<p class=\"alert-text\" data-testid=\"payment-alert\">{}</p>",
                    esc(a)
                )
            })
            .unwrap_or_default();
        format!("<div class=\"card center\"><p class=\"big-text\">{text}</p>{alert}</div>")
    }

    /// The state as a coloured chip; `data-state` carries the machine name.
    fn state_chip(&self, state: PaymentState) -> String {
        format!(
            "<span class=\"chip chip-{name}\" data-testid=\"payment-state\" data-state=\"{name}\" title=\"{label}\">{label}</span>",
            name = state.as_str(),
            label = self.t(&format!("state-{}", state.as_str())),
        )
    }

    fn refund_list(&self, refunds: &[RefundView]) -> String {
        if refunds.is_empty() {
            return String::new();
        }
        let mut out = format!(
            "<ul class=\"refund-list\" data-testid=\"refund-list\" aria-label=\"{}\">",
            self.t("refunds-label")
        );
        for r in refunds {
            let _ = write!(
                out,
                "<li class=\"refund-row\" data-testid=\"refund-row\" data-state=\"{state}\">\
                 <span class=\"refund-kind\">{kind}</span><span class=\"mono\">{amount} {asset}</span>\
                 <span class=\"refund-state refund-{state}\" data-testid=\"refund-state\">{label}</span></li>",
                state = r.state.as_str(),
                kind = self.t(&format!("refund-type-{}", r.refund_type.as_str())),
                amount = esc(&r.amount),
                asset = esc(&r.asset),
                label = self.t(&format!("refund-state-{}", r.state.as_str())),
            );
        }
        out.push_str("</ul>");
        out
    }
}

/// What of a payment this page shows that can change: state, quote, money in, refunds and
/// alert. The script computes the same from a stream event's payment (its `shown()`), and
/// fetches the page again only when they differ: a stream's first event (the payment as it
/// is now) then costs nothing when the page is already current.
fn shown_fingerprint(v: &PublicPaymentView) -> String {
    let refunds: Vec<String> = v
        .refunds
        .iter()
        .map(|r| format!("{}:{}", r.id, r.state.as_str()))
        .collect();
    format!(
        "{}|{}|{}|{}|{}|{}",
        v.state.as_str(),
        v.quote_version,
        v.expires_at,
        v.received,
        refunds.join(","),
        v.alert.as_deref().unwrap_or("")
    )
}

/// "2026-12-06 23:40 UTC", shown until the script writes the customer's local time.
fn utc_text(rfc3339: &str) -> String {
    match wct_api::clock::parse_rfc3339(rfc3339) {
        Some(unix) => {
            let text = wct_api::clock::rfc3339(unix);
            format!("{} {} UTC", &text[..10], &text[11..16])
        }
        None => rfc3339.to_string(),
    }
}

/// Text for HTML content and quoted attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JavaScript's `encodeURIComponent`: everything but `A–Z a–z 0–9 - _ . ! ~ * ' ( )` as
/// UTF-8 percent escapes.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wct_api::refund::RefundState;
    use wct_api::upstream::RefundType;

    fn view(state: PaymentState) -> PublicPaymentView {
        PublicPaymentView {
            payment_code: "AbC123xyz9".into(),
            state,
            merchant: "Café <Bar> & \"Co\"".into(),
            description: "2 × <b>coffee</b>".into(),
            amount: "12.50".into(),
            asset: "USD".into(),
            pay_amount: "0.00013158".into(),
            pay_asset: "BTC".into(),
            pay_network: None,
            pay_address: "bc1qexampleaddress0000000000000000000000".into(),
            pay_tag: None,
            wallet_uri: "bitcoin:bc1qexampleaddress0000000000000000000000?amount=0.00013158".into(),
            exchange_rate: Some("95000".into()),
            expires_at: "2026-12-06T23:45:00Z".into(),
            quote_version: 1,
            received: "0".into(),
            missing: "0.00013158".into(),
            excess: "0".into(),
            alert: None,
            closed_as: None,
            refunds: Vec::new(),
            updated_at: "2026-12-06T23:40:00Z".into(),
            sandbox: false,
            tip: None,
        }
    }

    fn render(v: &PublicPaymentView, now: i64) -> String {
        render_in(Lang::En, v, now)
    }

    fn render_in(lang: Lang, v: &PublicPaymentView, now: i64) -> String {
        let catalogue = Catalogue::default();
        Page {
            view: v,
            catalogue: &catalogue,
            receipt_url: "https://shop.example/pay/AbC123xyz9/receipt",
            now,
            m: Messages::of(lang),
        }
        .main()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_language_is_the_choice_then_the_cookie_then_the_browsers() {
        let browser = headers(&[("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")]);
        assert_eq!(language(None, &browser), (Lang::Fr, false));
        let kept = headers(&[
            ("accept-language", "fr-FR"),
            ("cookie", "other=1; wct_lang=ja"),
        ]);
        assert_eq!(language(None, &kept), (Lang::Ja, false));
        // A new choice wins and is to be kept; one we do not have chooses nothing.
        assert_eq!(language(Some("de"), &kept), (Lang::De, true));
        assert_eq!(language(Some("xx"), &kept), (Lang::Ja, false));
        let junk = headers(&[("cookie", "wct_lang=<script>")]);
        assert_eq!(language(None, &junk), (Lang::En, false));
    }

    #[test]
    fn a_german_page_says_it_in_german_with_german_numbers() {
        let mut v = view(PaymentState::Underpaid);
        v.amount = "1250.00".into();
        v.received = "0.00006579".into();
        v.missing = "0.00006579".into();
        let html = render_in(Lang::De, &v, 0);
        assert!(
            html.contains("Teilweise bezahlt — bitte den Rest senden"),
            "{html}"
        );
        assert!(html.contains("1.250,00 USD"), "{html}");
        assert!(html.contains("≈ 6,25 USD noch offen"), "{html}");
        // Crypto amounts stay as the asset writes them, to be copied into a wallet.
        assert!(html.contains(">0.00006579<"));
        assert!(!html.contains("Amount to pay") && !html.contains("Still missing"));
    }

    #[test]
    fn an_arabic_page_runs_right_to_left_and_offers_every_language() {
        let m = Messages::of(Lang::Ar);
        let page = document("t", "", &PageAssets::default(), 0, m);
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\">"));
        for lang in Lang::ALL {
            assert!(page.contains(&format!("<option value=\"{}\"", lang.code())));
        }
        assert!(page.contains("value=\"ar\" lang=\"ar\" selected"));
        let words = script_words(m);
        assert!(!words.contains('<'));
        let parsed: serde_json::Value = serde_json::from_str(&words).unwrap_or_default();
        assert!(parsed["minutes"]["15"]
            .as_str()
            .is_some_and(|t| t.contains("15")));
        let html = render_in(Lang::Ar, &view(PaymentState::Awaiting), 0);
        assert!(html.contains("بانتظار الدفع"), "the state in Arabic");
    }

    fn at(rfc3339: &str) -> i64 {
        wct_api::clock::parse_rfc3339(rfc3339).unwrap_or_default()
    }

    #[test]
    fn an_open_payment_shows_the_qr_the_amount_the_address_and_the_time_left() {
        let v = view(PaymentState::Awaiting);
        let html = render(&v, at("2026-12-06T23:41:30Z"));
        assert!(html.contains("data-testid=\"qr\""));
        assert!(html.contains("<svg"), "the QR is inline SVG");
        assert!(html.contains(&format!("data-uri=\"{}\"", v.wallet_uri)));
        assert!(html.contains(">0.00013158</span>"));
        assert!(html.contains(&v.pay_address));
        // 3 min 30 s left: not yet the warning colour.
        assert!(html.contains(">03:30</span>"));
        assert!(html.contains("class=\"countdown-box\""));
        assert!(html.contains("12.50 USD"));
        assert!(!html.contains("paid-screen"));
    }

    #[test]
    fn the_last_two_minutes_are_a_warning_and_an_expired_quote_shows_zero() {
        let v = view(PaymentState::Awaiting);
        let html = render(&v, at("2026-12-06T23:43:30Z"));
        assert!(html.contains("countdown-box warning"));
        let html = render(&v, at("2026-12-06T23:50:00Z"));
        assert!(html.contains(">00:00</span>"));
    }

    #[test]
    fn the_shops_words_are_escaped_everywhere() {
        let v = view(PaymentState::Paid);
        let html = render(&v, 0);
        assert!(!html.contains("<Bar>"));
        assert!(!html.contains("<b>coffee"));
        assert!(html.contains("Café &lt;Bar&gt; &amp; &quot;Co&quot;"));
        assert!(html.contains("2 × &lt;b&gt;coffee&lt;/b&gt;"));
        // In the share links too, as URL escapes.
        assert!(html.contains("Caf%C3%A9%20%3CBar%3E%20%26%20%22Co%22"));
    }

    #[test]
    fn underpaid_asks_for_the_rest_with_its_value() {
        let mut v = view(PaymentState::Underpaid);
        v.received = "0.00006579".into();
        v.missing = "0.00006579".into();
        let html = render(&v, 0);
        assert!(html.contains("Partly paid — send the rest"));
        assert!(html.contains("data-testid=\"missing-amount\">0.00006579<"));
        // 0.00006579 × 95,000 = 6.25005 → "≈ 6.25 USD still due".
        assert!(html.contains("≈ 6.25 USD still due"), "{html}");
        assert!(html.contains("qr-card underpaid"));
    }

    #[test]
    fn paid_thanks_the_customer_and_offers_the_receipt_but_no_qr() {
        let mut v = view(PaymentState::Paid);
        v.sandbox = true;
        v.received = "0.00013158".into();
        let html = render(&v, 0);
        assert!(html.contains("data-testid=\"paid-screen\""));
        assert!(html.contains("Thank you!"));
        assert!(html.contains(wct_api::pos::TEST_MARK));
        assert!(html.contains("data-testid=\"sandbox-notice\""));
        assert!(html.contains("href=\"https://shop.example/pay/AbC123xyz9/receipt\""));
        assert!(html.contains("datetime=\"2026-12-06T23:40:00Z\""));
        assert!(html.contains("2026-12-06 23:40 UTC"));
        assert!(!html.contains("data-testid=\"qr\""));
        assert!(!html.contains("countdown"));
    }

    #[test]
    fn closed_payments_say_what_happened_and_list_refunds() {
        let mut v = view(PaymentState::Expired);
        v.refunds.push(RefundView {
            id: "r1".into(),
            refund_type: RefundType::Underpaid,
            amount: "0.00002334".into(),
            asset: "BTC".into(),
            state: RefundState::Requested,
            created_at: v.updated_at.clone(),
            updated_at: v.updated_at.clone(),
        });
        let html = render(&v, 0);
        assert!(html.contains("This payment has expired."));
        assert!(html.contains("data-testid=\"refund-row\""));
        assert!(html.contains("0.00002334 BTC"));
        assert!(!html.contains("data-testid=\"qr\""));
    }

    #[test]
    fn the_script_is_allowed_by_its_hash_and_names_the_streams_events() {
        let body = script_body();
        assert!(body.contains(&format!("\"{SSE_EVENT}\"")));
        assert!(!body.contains("__EVENT__"));
        let page = document("t", "", &PageAssets::default(), 0, Messages::of(Lang::En));
        assert!(page.contains(&format!("<script>{body}</script>")));
        assert!(script_hash().starts_with("'sha256-"));
    }

    /// The script's `shown()`, written over the JSON a stream event carries.
    fn shown_from_json(p: &serde_json::Value) -> String {
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        };
        let refunds: Vec<String> = p["refunds"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| format!("{}:{}", text(&r["id"]), text(&r["state"])))
            .collect();
        [
            text(&p["state"]),
            text(&p["quote_version"]),
            text(&p["expires_at"]),
            text(&p["received"]),
            refunds.join(","),
            text(&p["alert"]),
        ]
        .join("|")
    }

    #[test]
    fn the_page_and_a_stream_event_agree_on_what_is_shown() {
        let mut v = view(PaymentState::Underpaid);
        v.alert = Some("Sent on the wrong network".into());
        v.refunds.push(RefundView {
            id: "r_1".into(),
            refund_type: RefundType::Underpaid,
            amount: "0.1".into(),
            asset: "BTC".into(),
            state: RefundState::Requested,
            created_at: v.updated_at.clone(),
            updated_at: v.updated_at.clone(),
        });
        for v in [view(PaymentState::Awaiting), v] {
            let json = serde_json::to_value(&v).unwrap_or_default();
            assert_eq!(shown_fingerprint(&v), shown_from_json(&json));
        }
        // The script's formula is the same as this test's.
        assert!(SCRIPT.contains(
            "[p.state, p.quote_version, p.expires_at, p.received, refunds, p.alert || \"\"].join(\"|\")"
        ));
    }

    #[test]
    fn encode_component_matches_javascript() {
        assert_eq!(encode_component("a b&c/é"), "a%20b%26c%2F%C3%A9");
        assert_eq!(encode_component("-_.!~*'()"), "-_.!~*'()");
    }
}
