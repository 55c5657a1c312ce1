//! Criterion benches for the hot pure functions: what the proxy runs on every create (validation,
//! signing), what the app runs on every payment screen (QR), and money parsing everywhere.
//! `cargo bench -p wct-api`; numbers are for comparison between commits, never pass/fail.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use time::macros::date;
use wct_api::catalogue::Catalogue;
use wct_api::money::{parse_amount, to_base_units};
use wct_api::qr::qr_svg;
use wct_api::sign::{create_hash, ApiSecret};
use wct_api::upstream::{CartItem, PaymentFields, Postback};
use wct_api::validate::validate_payment;
use wct_api::wallet::{wallet_uri, PaymentTarget};

fn payment() -> PaymentFields {
    PaymentFields {
        amount: "50.00".into(),
        asset: "USD".into(),
        requested_asset: "USDT".into(),
        requested_asset_network: Some("TRC20".into()),
        description: "Two flat whites and a croissant".into(),
        reference: "POS-2026-000123".into(),
        cart_items: vec![
            CartItem::item("Flat white", "Oat milk", "2", "20.00"),
            CartItem::item("Croissant", "", "1", "10.00"),
        ],
        personal_fname: Some("Zoë".into()),
        personal_lname: Some("O'Brien".into()),
        personal_country: Some("AU".into()),
        personal_mobile: Some("+614123123123".into()),
        personal_dob: Some("1990/05/17".into()),
        ..Default::default()
    }
}

fn bench_validation(c: &mut Criterion) {
    let catalogue = Catalogue::default();
    let today = date!(2026 - 11 - 25);
    let good = payment();
    let mut bad = payment();
    bad.amount = "50.001".into();
    bad.personal_mobile = Some("0412 123".into());
    bad.personal_dob = Some("2030/01/01".into());
    let mut g = c.benchmark_group("validate_payment");
    g.bench_function("valid_with_cart_and_customer", |b| {
        b.iter(|| validate_payment(black_box(&good), &catalogue, today))
    });
    g.bench_function("three_errors", |b| {
        b.iter(|| validate_payment(black_box(&bad), &catalogue, today))
    });
    g.finish();
}

fn bench_signing(c: &mut Criterion) {
    let secret = ApiSecret::new("bench-secret-0123456789abcdef");
    c.bench_function("create_hash", |b| {
        b.iter(|| create_hash(black_box("T123456"), "USD", black_box("50.00"), &secret))
    });
}

fn bench_qr(c: &mut Criterion) {
    let catalogue = Catalogue::default();
    let btc = catalogue
        .crypto("BTC")
        .expect("BTC in the default catalogue");
    let uri = wallet_uri(&PaymentTarget {
        scheme: btc.uri_scheme(None),
        address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        amount: "0.00052632".parse().expect("decimal"),
        decimals: btc.decimals,
        payreq: None,
        tag: None,
    });
    c.bench_function("qr_svg_bip21", |b| {
        b.iter(|| qr_svg(black_box(&uri), "Pay with BTC"))
    });
}

fn bench_money(c: &mut Criterion) {
    let mut g = c.benchmark_group("money");
    g.bench_function("parse_amount_fiat", |b| {
        b.iter(|| parse_amount(black_box("1234.56"), 2))
    });
    g.bench_function("parse_amount_eth", |b| {
        b.iter(|| parse_amount(black_box("0.015151515151515152"), 18))
    });
    g.bench_function("parse_and_to_base_units", |b| {
        b.iter(|| parse_amount(black_box("0.00052632"), 8).map(|v| to_base_units(v, 8)))
    });
    g.finish();
}

fn bench_postback(c: &mut Criterion) {
    let body = br#"{"fn":"paymentUpdate","payment_code":"1cJauhjK3n","address":"bc1qxyz","amount":"19652",
        "ask_amount":39304,"precision":8,"status":"partial","payment_status":"2","timestamp":1795000000123,
        "all_txids":"t1,t2","confirmations":1,"original_amount":"50.00","original_symbol":"USD"}"#;
    c.bench_function("postback_parse", |b| {
        b.iter(|| Postback::parse(black_box(body)))
    });
}

fn config() -> Criterion {
    // Short runs: this machine has 2 cores shared with builds; relative numbers are what matter.
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_validation, bench_signing, bench_qr, bench_money, bench_postback
}
criterion_main!(benches);
