//! The payment as the customer sees it: the markup inside the page's `<main>`, in the page's
//! language. Also what the page's script fetches again and swaps in on each change.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use wct_api::i18n::{Arg, Messages};
use wct_api::pos::PublicPaymentView;
use wct_api::refund::RefundView;
use wct_api::{money, Catalogue, PaymentState};

/// The last stretch of a quote is shown in the warning colour (as on the till).
const WARNING_SECS: i64 = 120;

/// One payment as the customer sees it.
pub(super) struct Page<'a> {
    pub(super) view: &'a PublicPaymentView,
    pub(super) catalogue: &'a Catalogue,
    pub(super) receipt_url: &'a str,
    pub(super) now: i64,
    pub(super) m: &'a Messages,
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
    pub(super) fn main(&self) -> String {
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

    /// The price in the sale's currency, "1,250.00 USD" (as sent when it does not read).
    fn total_text(&self) -> String {
        let v = self.view;
        match money::parse_non_negative(&v.amount, money::MAX_PRECISION) {
            Ok(amount) => format!("{} {}", self.fiat()(amount), v.asset),
            Err(_) => format!("{} {}", v.amount, v.asset),
        }
    }

    /// The price in the sale's currency, with its tip when it has one.
    fn price_text(&self) -> String {
        let v = self.view;
        let fiat = self.fiat();
        let total = self.total_text();
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
        let price = self.total_text();
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
pub(super) fn shown_fingerprint(v: &PublicPaymentView) -> String {
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
pub(super) use wct_api::html::escape as esc;

/// JavaScript's `encodeURIComponent`: everything but `A–Z a–z 0–9 - _ . ! ~ * ' ( )` as
/// UTF-8 percent escapes.
pub(super) fn encode_component(text: &str) -> String {
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
