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

use std::net::IpAddr;
use std::sync::{Arc, LazyLock};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use wct_api::i18n::{Arg, Lang, Messages};
use wct_api::pos::{PublicPaymentView, SSE_EVENT, SSE_RESYNC};

use crate::http::serve::PeerIp;
use crate::AppState;

mod view;

use view::{encode_component, esc, Page};

/// The page's live part, inlined (one request fewer) and allowed by its CSP hash.
const SCRIPT: &str = include_str!("public_page.js");

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
        // Not HttpOnly: the customer's receipt (`/pay/{code}/receipt`, the app's) reads it to
        // show the same language; it is a preference, nothing secret.
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/pay/; Max-Age=31536000; SameSite=Lax{secure}",
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
        words = words_for(lang),
        script = script_body(),
    )
}

/// What the script says itself, in the page's language: the countdown's announcements (for
/// each whole minute of a quote up to an hour, and 30 and 10 seconds) and the offline notice.
/// JSON inside `<script type="application/json">`, with `<` escaped so nothing closes it.
/// `script_words` of `lang`, made once per language: every page render and refetch needs it.
fn words_for(lang: Lang) -> &'static str {
    static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
        Lang::ALL
            .into_iter()
            .map(|l| script_words(Messages::of(l)))
            .collect()
    });
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    &WORDS[index]
}

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

#[cfg(test)]
mod tests {
    use super::view::shown_fingerprint;
    use super::*;
    use wct_api::refund::RefundState;
    use wct_api::refund::RefundView;
    use wct_api::upstream::RefundType;
    use wct_api::{Catalogue, PaymentState};

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
