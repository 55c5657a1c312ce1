//! Bounded-time fuzzing of everything that reads outside input: the postback parser, the
//! create-request decoder, the upstream reply parser, money parsing and the validators.
//!
//! Three kinds of input, generated with proptest strategies and `rand`: raw random bytes,
//! valid JSON templates with one field replaced by an arbitrary JSON value, and well-typed
//! payments with arbitrary strings in every field. Any panic is caught and counted with the
//! input that caused it; invariants (amounts that parse re-parse to the same value, base units
//! round-trip) count as failures too.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config as PtConfig, RngAlgorithm, TestRng, TestRunner};
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::{json, Value};
use wct_api::catalogue::Catalogue;
use wct_api::money;
use wct_api::pos::NewPayment;
use wct_api::upstream::{parse_reply, CreatePosPaymentOk, GetUpdateOk, Postback};
use wct_api::validate::validate_payment;

/// What a fuzz run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FuzzReport {
    pub seconds: f64,
    pub seed: u64,
    pub inputs: u64,
    pub raw_bytes: u64,
    pub mutated_json: u64,
    pub typed_payments: u64,
    pub amounts: u64,
    /// Postbacks / create bodies that parsed (the mutations are not all rejections).
    pub accepted: u64,
    pub failures: Vec<String>,
}

fn postback_template() -> Value {
    json!({"fn":"paymentUpdate","payment_code":"1cJauhjK3n","address":"bc1qxyz","amount":"19652",
        "ask_amount":39304,"precision":8,"status":"partial","payment_status":"2",
        "timestamp":1795000000123u64,"all_txids":"t1,t2","confirmations":1,"txid":"t2",
        "original_amount":"50.00","original_symbol":"USD","asset_symbol":"BTC",
        "personal":{"fname":"A"}})
}

fn price_template() -> Value {
    json!({"fn":"posPriceUpdate","payment_code":"1cJauhjK3n","payment_amount":"0.00052632",
        "payment_missing_amount":"0.00052632","expires_at":1795000000,"exchange_rate":"95000",
        "payment_status":0,"payment_received_amount":"0","payment_ask_amount":"0.00052632"})
}

fn payment_template() -> Value {
    json!({"amount":"50.00","asset":"USD","requested_asset":"USDT","requested_asset_network":"TRC20",
        "description":"Coffee","reference":"POS-1",
        "cart_items":[{"item_name":"Latte","item_desc":"","item_quantity":"2","unit_price":"25.00"}],
        "personal_fname":"Zoë","personal_country":"AU","personal_mobile":"+614123123123",
        "personal_dob":"1990/05/17"})
}

fn reply_template() -> Value {
    json!({"status":"ok","message":"Create POS Payment Successfully","paymentId":1234,
        "payment_code":"1cJauhjK3n","payment_address":"bc1qxyz","payment_amount":"0.00039304",
        "payment_amount_asset":"BTC","exchange_rate":"127213.5","expires_at":1795000000})
}

/// An arbitrary JSON value, biased towards the shapes that break parsers.
fn any_json(rng: &mut impl Rng, text: &mut impl FnMut() -> String, depth: u32) -> Value {
    match rng.gen_range(0..12) {
        0 => Value::Null,
        1 => json!(rng.gen::<bool>()),
        2 => json!(rng.gen::<i64>()),
        3 => json!(rng.gen::<f64>() * 1e12),
        4 => json!(u64::MAX),
        5 => json!(-1),
        6 => json!("99999999999999999999999999999999999999999"),
        7 if depth < 3 => Value::Array(
            (0..rng.gen_range(0..4))
                .map(|_| any_json(rng, text, depth + 1))
                .collect(),
        ),
        8 if depth < 3 => {
            let mut map = serde_json::Map::new();
            for _ in 0..rng.gen_range(0..4) {
                map.insert(text(), any_json(rng, text, depth + 1));
            }
            Value::Object(map)
        }
        _ => json!(text()),
    }
}

/// Runs for `duration`, seeded by `seed` so a failure can be replayed.
pub fn run(duration: Duration, seed: u64) -> FuzzReport {
    let mut report = FuzzReport {
        seed,
        ..Default::default()
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        PtConfig::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    // Arbitrary printable and control text, plus the strings validators must refuse.
    let text_strategy = proptest::prop_oneof![
        "\\PC{0,40}",
        "[0-9.,+eE -]{0,24}",
        "\\p{Cc}{0,4}",
        proptest::strategy::Just("<script>alert(1)</script>".to_string()),
        proptest::strategy::Just("'; DROP TABLE payments; --".to_string()),
        proptest::strategy::Just("x".repeat(70_000)),
    ];
    let mut text = || -> String {
        text_strategy
            .new_tree(&mut runner)
            .map(|t| t.current())
            .unwrap_or_default()
    };
    let catalogue = Catalogue::default();
    let today = time::macros::date!(2026 - 11 - 25);
    let templates = [
        postback_template(),
        price_template(),
        payment_template(),
        reply_template(),
    ];
    let start = Instant::now();
    while start.elapsed() < duration {
        for _ in 0..64 {
            report.inputs += 1;
            let kind = rng.gen_range(0..4);
            let outcome = match kind {
                0 => {
                    report.raw_bytes += 1;
                    let len = rng.gen_range(0..512);
                    let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
                    check_bytes(&bytes, &catalogue, today, &mut report.accepted)
                }
                1 => {
                    report.mutated_json += 1;
                    let mut value = templates[rng.gen_range(0..templates.len())].clone();
                    mutate(&mut value, &mut rng, &mut text);
                    let bytes = value.to_string().into_bytes();
                    check_bytes(&bytes, &catalogue, today, &mut report.accepted)
                }
                2 => {
                    report.typed_payments += 1;
                    let p = typed_payment(&mut rng, &mut text);
                    guard(&format!("{p:?}"), || {
                        let _ = validate_payment(&p, &catalogue, today);
                        Ok(())
                    })
                }
                _ => {
                    report.amounts += 1;
                    let t = text();
                    let decimals = rng.gen_range(0..=20);
                    guard(&t, || check_amount(&t, decimals))
                }
            };
            if let Err(failure) = outcome {
                if report.failures.len() < 20 {
                    report.failures.push(failure);
                }
            }
        }
    }
    report.seconds = start.elapsed().as_secs_f64();
    report
}

fn guard(input: &str, f: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let shown: String = input.chars().take(200).collect();
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(broken)) => Err(format!("invariant broken: {broken}; input {shown:?}")),
        Err(_) => Err(format!("panic on input {shown:?}")),
    }
}

fn check_bytes(
    bytes: &[u8],
    catalogue: &Catalogue,
    today: time::Date,
    accepted: &mut u64,
) -> Result<(), String> {
    let shown = String::from_utf8_lossy(bytes).to_string();
    let mut ok = 0;
    let result = guard(&shown, || {
        if Postback::parse(bytes).is_ok() {
            ok += 1;
        }
        if let Ok(p) = serde_json::from_slice::<NewPayment>(bytes) {
            ok += 1;
            let _ = validate_payment(&p, catalogue, today);
        }
        let _ = parse_reply::<GetUpdateOk>(bytes);
        let _ = parse_reply::<CreatePosPaymentOk>(bytes);
        Ok(())
    });
    *accepted += ok;
    result
}

fn mutate(value: &mut Value, rng: &mut impl Rng, text: &mut impl FnMut() -> String) {
    let Some(map) = value.as_object_mut() else {
        return;
    };
    let keys: Vec<String> = map.keys().cloned().collect();
    for _ in 0..rng.gen_range(1..4) {
        match rng.gen_range(0..5) {
            0 => {
                let key = &keys[rng.gen_range(0..keys.len())];
                map.remove(key);
            }
            1 => {
                map.insert(text(), any_json(rng, text, 0));
            }
            _ => {
                let key = keys[rng.gen_range(0..keys.len())].clone();
                let v = any_json(rng, text, 0);
                map.insert(key, v);
            }
        }
    }
}

fn typed_payment(rng: &mut impl Rng, text: &mut impl FnMut() -> String) -> NewPayment {
    let mut maybe = |rng: &mut dyn rand::RngCore| rng.gen_bool(0.5).then(&mut *text);
    let assets = ["USD", "EUR", "BTC", "USDT", "", "usd", "XRP"];
    let p = NewPayment {
        amount: if rng.gen_bool(0.5) {
            format!("{}.{:02}", rng.gen_range(0..100_000), rng.gen_range(0..100))
        } else {
            String::new()
        },
        asset: assets[rng.gen_range(0..assets.len())].into(),
        requested_asset: assets[rng.gen_range(0..assets.len())].into(),
        requested_asset_network: maybe(rng),
        asset_network: maybe(rng),
        description: String::new(),
        reference: String::new(),
        personal_fname: maybe(rng),
        personal_lname: maybe(rng),
        personal_address: maybe(rng),
        personal_city: maybe(rng),
        personal_state: maybe(rng),
        personal_country: maybe(rng),
        personal_postcode: maybe(rng),
        personal_mobile: maybe(rng),
        personal_dob: maybe(rng),
        ..Default::default()
    };
    NewPayment {
        description: text(),
        reference: text(),
        amount: if p.amount.is_empty() {
            text()
        } else {
            p.amount
        },
        ..p
    }
}

fn check_amount(text: &str, decimals: u32) -> Result<(), String> {
    let Ok(value) = money::parse_amount(text, decimals) else {
        return Ok(());
    };
    let fixed = money::format_fixed(value, decimals);
    let again = money::parse_amount(&fixed, decimals)
        .map_err(|e| format!("{fixed:?} (formatted from {text:?}) no longer parses: {e}"))?;
    if again != value {
        return Err(format!("{text:?} → {fixed:?} → {again}"));
    }
    if let Ok(units) = money::to_base_units(value, decimals) {
        let back = money::from_base_units(units, decimals)
            .map_err(|e| format!("{units} base units do not convert back: {e}"))?;
        if back != value {
            return Err(format!("{value} → {units} units → {back}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_run_finds_nothing_and_covers_every_kind() {
        let report = run(Duration::from_millis(300), 7);
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert!(report.raw_bytes > 0 && report.mutated_json > 0);
        assert!(report.typed_payments > 0 && report.amounts > 0);
    }

    #[test]
    fn a_panicking_check_is_reported_not_propagated() {
        let outcome = guard("boom", || panic!("deliberate"));
        assert!(outcome.unwrap_err().contains("panic on input \"boom\""));
    }
}
