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

use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::{Arc, LazyLock};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
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

/// `GET /pay/{code}`.
pub fn router(assets: PageAssets) -> Router<AppState> {
    let assets = Arc::new(assets);
    Router::new().route(
        "/pay/{code}",
        get(
            move |State(state): State<AppState>, PeerIp(ip): PeerIp, Path(code): Path<String>| {
                let assets = assets.clone();
                async move { show(state, ip, code, &assets).await }
            },
        ),
    )
}

async fn show(state: AppState, ip: IpAddr, code: String, assets: &PageAssets) -> Response {
    let found = crate::payments::public::public_payment(&state, ip, &code).await;
    let now = crate::util::now_secs();
    match found {
        Ok(row) => {
            let view = PublicPaymentView::from_view(&state.view(&row), &state.merchant);
            let receipt = receipt_url(&state.public_url, &view.payment_code);
            let page = Page {
                view: &view,
                catalogue: &state.catalogue,
                receipt_url: &receipt,
                now,
            };
            let title = format!("Payment to {}", view.merchant);
            html(
                StatusCode::OK,
                None,
                document(&title, &page.main(), assets, now),
            )
        }
        // The JSON error's status and headers (a 429's Retry-After), with words for a person.
        Err(error) => {
            let status = error.status();
            let text = match status {
                StatusCode::NOT_FOUND => "This payment link is not valid.",
                StatusCode::TOO_MANY_REQUESTS => {
                    "Too many requests from this network. Wait a minute, then reload this page."
                }
                _ => "This payment cannot be shown right now. Reload the page in a moment.",
            };
            let main = format!(
                "<section class=\"page customer-page\" data-testid=\"customer-page\">\
                 <div class=\"card center\"><p class=\"form-error\" role=\"alert\">{text}</p>\
                 </div></section>"
            );
            let retry = error.headers().get(header::RETRY_AFTER).cloned();
            html(status, retry, document("Payment link", &main, assets, now))
        }
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

/// The whole document around `main`.
fn document(title: &str, main: &str, assets: &PageAssets, now: i64) -> String {
    let stylesheet = assets
        .stylesheet
        .as_deref()
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{}\">", esc(href)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\
         <meta name=\"theme-color\" content=\"#0f5f4f\"><meta name=\"robots\" content=\"noindex\">\
         <title>{title}</title>{stylesheet}<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         </head><body data-now=\"{now}\"><main class=\"main\" id=\"main\">{main}</main>\
         <script>{script}</script></body></html>",
        title = esc(title),
        script = script_body(),
    )
}

/// One payment as the customer sees it.
struct Page<'a> {
    view: &'a PublicPaymentView,
    catalogue: &'a Catalogue,
    receipt_url: &'a str,
    now: i64,
}

impl Page<'_> {
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
            "<header class=\"customer-head\"><p class=\"muted\">Payment to</p><h1>{}</h1><p>{}</p>{}{}</header>",
            esc(&v.merchant),
            esc(&v.description),
            state_chip(v.state),
            refund_list(&v.refunds),
        );
        if v.sandbox {
            out.push_str(
                "<p class=\"notice sandbox-notice\" data-testid=\"sandbox-notice\" role=\"note\">\
                 <strong>TEST PAYMENT</strong> · sandbox: the address is not real. Do not send real funds.</p>",
            );
        }
        if v.state.is_open() {
            out.push_str(&self.balance());
            let _ = write!(
                out,
                "<div class=\"pay-grid\"><div class=\"pay-left\">{}</div><div class=\"pay-right\">{}\
                 <p class=\"muted small\">Scan the code with your wallet app, or copy the address and amount.</p>\
                 </div></div>",
                self.qr_card(),
                self.quote_details(),
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

    /// A settlement amount in the page's number format (en-US until the page is translated).
    fn fiat(&self) -> impl Fn(Decimal) -> String {
        let decimals = self.fiat_decimals();
        move |v| money::format_display(v, decimals, ',', '.')
    }

    fn balance(&self) -> String {
        let v = self.view;
        if v.received_amount().is_zero() {
            return String::new();
        }
        let asset = esc(&v.pay_asset);
        let mut out = format!(
            "<div class=\"balance\"><p>Received <span class=\"mono\" data-testid=\"received-amount\">{}</span> {asset}</p>",
            esc(&v.received)
        );
        match v.state {
            PaymentState::Underpaid => {
                let _ = write!(
                    out,
                    "<p class=\"missing\"><span class=\"missing-label\">Still missing</span>\
                     <span class=\"missing-value\"><span class=\"mono big-number\" data-testid=\"missing-amount\">{}</span> \
                     <span class=\"asset\">{asset}</span></span></p>",
                    esc(&v.missing)
                );
            }
            PaymentState::Overpaid => {
                let _ = write!(
                    out,
                    "<p class=\"excess\">Paid in excess <span class=\"mono\" data-testid=\"excess-amount\">{}</span> {asset}</p>",
                    esc(&v.excess)
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
        let label = format!("QR code to pay {} {}", v.due(), v.pay_asset);
        let svg = if uri.is_empty() {
            String::new()
        } else {
            // The SVG is built from the URI and label alone, with its text escaped inside.
            wct_api::qr::qr_svg(&uri, &label)
                .unwrap_or_else(|_| "<p>This payment is too long for a QR code.</p>".into())
        };
        let expires = v.expires_at_unix();
        let left = wct_api::clock::seconds_left(expires, self.now);
        let warning = if left <= WARNING_SECS { " warning" } else { "" };
        format!(
            "<div class=\"card qr-card{under}\"><p class=\"qr-amount\" data-testid=\"qr-amount\">\
             <span class=\"qr-crypto\"><span class=\"mono\" data-testid=\"qr-pay-amount\">{due}</span> \
             <span class=\"asset\">{asset}</span></span>\
             <span class=\"qr-fiat\" data-testid=\"qr-fiat\">{fiat}</span></p>\
             <div class=\"qr\" data-testid=\"qr\" data-uri=\"{uri}\">{svg}</div>\
             <div class=\"countdown-box{warning}\"><span class=\"countdown-label\">Price valid for</span>\
             <span class=\"countdown{warning}\" data-testid=\"countdown\" role=\"timer\" aria-hidden=\"true\" \
             data-expires=\"{expires}\" data-seconds=\"{left}\">{text}</span>\
             <span class=\"sr-only\" aria-live=\"polite\"></span></div></div>",
            under = if underpaid { " underpaid" } else { "" },
            due = esc(v.due()),
            asset = esc(&v.pay_asset),
            fiat = esc(&v.qr_fiat_text(self.fiat())),
            uri = esc(&uri),
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
            label = if underpaid {
                "Partly paid — send the rest"
            } else {
                "Amount to pay"
            },
            due = esc(v.due()),
            asset = esc(&v.pay_asset),
        );
        if let Some(network) = &v.pay_network {
            let _ = write!(
                out,
                "<p class=\"muted\">on the {} network</p>",
                esc(network)
            );
        }
        out.push_str("<p class=\"fiat\">");
        if let Some(due) = v.fiat_still_due_text(self.fiat()) {
            let _ = write!(
                out,
                "<strong class=\"fiat-due\" data-testid=\"fiat-due\">{}</strong>",
                esc(&due)
            );
        }
        let _ = write!(
            out,
            "{}<span data-testid=\"fiat-amount\">{}</span></p>",
            esc(v.fiat_lead()),
            esc(&v.price_text(self.fiat()))
        );
        let _ = write!(
            out,
            "<div class=\"address-row\"><div class=\"address-text\"><span class=\"label\">Address</span>\
             <code class=\"mono address\" data-testid=\"pay-address\">{address}</code></div>\
             <button type=\"button\" class=\"btn btn-secondary\" data-testid=\"copy-address\" \
             data-copy=\"{address}\" data-copied=\"Copied ✓\">Copy</button></div>",
            address = esc(&v.pay_address)
        );
        if let Some(tag) = &v.pay_tag {
            let _ = write!(
                out,
                "<p class=\"tag-row\">Destination tag / memo: <code class=\"mono\">{}</code></p>",
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
                wct_api::pos::TEST_MARK
            );
        }
        let _ = write!(
            out,
            "<p class=\"paid-shop\" data-testid=\"paid-shop\">{shop}</p>\
             <div class=\"paid-check\" aria-hidden=\"true\">✓</div><h1>{title}</h1>\
             <p class=\"paid-amount big-number\">{price} {asset}</p>\
             <p class=\"paid-received\">Received <span class=\"mono\">{received} {pay_asset}</span></p>\
             <p class=\"paid-thanks\">Thank you!</p>\
             <p class=\"paid-when small\" data-testid=\"paid-when\">Paid <time datetime=\"{at}\" data-local>{at_utc}</time></p>",
            shop = esc(&v.merchant),
            title = if overpaid { "Paid (overpaid)" } else { "Paid" },
            price = esc(&v.amount),
            asset = esc(&v.asset),
            received = esc(&v.received),
            pay_asset = esc(&v.pay_asset),
            at = esc(&v.updated_at),
            at_utc = esc(&utc_text(&v.updated_at)),
        );
        if overpaid {
            let _ = write!(
                out,
                "<p class=\"paid-excess\">The customer sent <span class=\"mono\" data-testid=\"excess-amount\">{} {}</span> \
                 too much. The shop can refund the excess.</p>",
                esc(&v.excess),
                esc(&v.pay_asset)
            );
        }
        out.push_str("</div></div>");
        out
    }

    /// Over the full-screen "Paid": the customer's way to keep the receipt. The buttons send
    /// the link; the raw address itself is not for reading.
    fn receipt_sheet(&self) -> String {
        let link = self.receipt_url;
        let text = format!("Your receipt from {}", self.view.merchant);
        let both = encode_component(&format!("{text} {link}"));
        format!(
            "<div class=\"receipt-sheet\" data-testid=\"receipt-send\">\
             <a class=\"btn btn-primary\" data-testid=\"view-receipt\" href=\"{href}\">View receipt</a>\
             <div class=\"share\"><p class=\"label\" hidden>Receipt link</p>\
             <a class=\"payment-link mono\" data-testid=\"receipt-share-link\" href=\"{href}\" target=\"_blank\" rel=\"noopener\" hidden>{href}</a>\
             <div class=\"share-buttons\">\
             <button type=\"button\" class=\"btn btn-secondary\" data-testid=\"share-receipt\" data-share=\"{href}\" \
             data-title=\"Receipt link\" data-text=\"{text}\" data-copied=\"Link copied ✓\">Send receipt</button>\
             <a class=\"btn btn-ghost\" href=\"sms:?&amp;body={both}\">SMS</a>\
             <a class=\"btn btn-ghost\" href=\"https://wa.me/?text={both}\" target=\"_blank\" rel=\"noopener\">WhatsApp</a>\
             <a class=\"btn btn-ghost\" href=\"mailto:?subject={subject}&amp;body={link_enc}\">E-mail</a>\
             </div></div></div>",
            href = esc(link),
            text = esc(&text),
            subject = encode_component(&text),
            link_enc = encode_component(link),
        )
    }

    /// Expired, cancelled, rejected, late or refunded: what happened, in the customer's words.
    fn closed(&self) -> String {
        let v = self.view;
        let text = match v.state {
            PaymentState::Expired => "This payment has expired. Ask the shop for a new one.",
            PaymentState::Cancelled => "This payment was cancelled.",
            PaymentState::Rejected => {
                "This payment could not be set up. Ask the shop for a new one."
            }
            PaymentState::Late => {
                "Your money arrived after this payment was closed. The shop will refund or accept it."
            }
            _ => "This payment was refunded.",
        };
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

/// The state as a coloured chip; `data-state` carries the machine name.
fn state_chip(state: PaymentState) -> String {
    format!(
        "<span class=\"chip chip-{name}\" data-testid=\"payment-state\" data-state=\"{name}\" title=\"{label}\">{label}</span>",
        name = state.as_str(),
        label = state.label()
    )
}

fn refund_list(refunds: &[RefundView]) -> String {
    if refunds.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<ul class=\"refund-list\" data-testid=\"refund-list\" aria-label=\"Refunds\">",
    );
    for r in refunds {
        let _ = write!(
            out,
            "<li class=\"refund-row\" data-testid=\"refund-row\" data-state=\"{state}\">\
             <span class=\"refund-kind\">{kind}</span><span class=\"mono\">{amount} {asset}</span>\
             <span class=\"refund-state refund-{state}\" data-testid=\"refund-state\">{label}</span></li>",
            state = r.state.as_str(),
            kind = r.refund_type.label(),
            amount = esc(&r.amount),
            asset = esc(&r.asset),
            label = r.state.label(),
        );
    }
    out.push_str("</ul>");
    out
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
        let catalogue = Catalogue::default();
        Page {
            view: v,
            catalogue: &catalogue,
            receipt_url: "https://shop.example/pay/AbC123xyz9/receipt",
            now,
        }
        .main()
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
        let page = document("t", "", &PageAssets::default(), 0);
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
