//! A postback storm: 1,000 postbacks — real-looking, duplicated, forged, out of order, for
//! payments in every state — while new payments are being created. Every postback is
//! acknowledged and logged, and the final states are exactly the upstream's truth: nothing
//! lost, nothing applied twice, nothing believed without getupdate.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::{answer, payment_body, wait_until, Harness};
use rand::seq::SliceRandom;
use rand::Rng;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const PAYMENTS: usize = 24;
const POSTBACKS: usize = 1_000;
const CREATES_DURING: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Plan {
    Unpaid,
    Half,
    Full,
    Over,
}

impl Plan {
    fn of(i: usize) -> Self {
        [Self::Unpaid, Self::Half, Self::Full, Self::Over][i % 4]
    }

    fn state(self) -> &'static str {
        match self {
            Self::Unpaid => "awaiting",
            Self::Half => "underpaid",
            Self::Full => "paid",
            Self::Over => "overpaid",
        }
    }

    /// What the customer sends, in the paid asset (8 decimals for BTC).
    fn sends(self, asked: Decimal) -> Option<Decimal> {
        match self {
            Self::Unpaid => None,
            Self::Half => Some((asked / Decimal::TWO).trunc_with_scale(8)),
            Self::Full => Some(asked),
            Self::Over => Some((asked * Decimal::new(15, 1)).round_dp(8)),
        }
    }
}

struct Payment {
    id: String,
    code: String,
    token: String,
    plan: Plan,
    received: Decimal,
}

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .expect("decimal string")
}

/// A postback body for `p`: truthful, stale, or forged (claims completed/overpaid).
fn postback_body(p: &Payment, rng: &mut impl Rng) -> (bool, Value) {
    let asked_units = 52_632u64;
    match rng.gen_range(0..6) {
        0 => (
            false,
            json!({"fn": "paymentUpdate", "payment_code": p.code, "amount": (asked_units * 3).to_string(),
                   "ask_amount": asked_units, "precision": 8, "status": "completed", "payment_status": "3",
                   "txid": format!("{:064x}", rng.gen::<u128>()), "timestamp": 1_795_000_000_000u64}),
        ),
        1 => (
            false,
            json!({"fn": "paymentUpdate", "payment_code": p.code, "amount": "0", "ask_amount": asked_units,
                   "precision": 8, "status": "awaiting", "payment_status": 0}),
        ),
        2 => (
            false,
            json!({"fn": "paymentUnconfirmed", "payment_code": p.code, "amount": "1000", "precision": "8",
                   "txid": "t"}),
        ),
        3 => (
            true,
            json!({"fn": "posPriceUpdate", "payment_code": p.code, "payment_amount": "0.00000001",
                   "expires_at": 1, "payment_status": 3}),
        ),
        4 => (
            false,
            json!({"fn": "paymentUpdate", "payment_code": p.code, "amount": "19652", "ask_amount": asked_units,
                   "precision": 8, "status": "partial", "payment_status": "2"}),
        ),
        _ => (false, json!({"fn": "somethingNew", "payment_code": p.code})),
    }
}

async fn post(server: &Harness, url: String, body: String) -> (StatusCode, Value) {
    let resp = server
        .http
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("postback sent");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_duplicated_shuffled_and_forged_postbacks_changes_nothing_but_the_truth() {
    let server = common::Harness::start().await;
    let run = tokio::time::timeout(Duration::from_secs(240), storm(&server)).await;
    assert!(run.is_ok(), "the storm did not settle within 240 s");
    server.stop().await;
}

async fn storm(server: &Harness) {
    let mut payments = Vec::new();
    for i in 0..PAYMENTS {
        let created = answer(server.create(&payment_body()).await).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        let b = &created.body;
        let plan = Plan::of(i);
        let received = match plan.sends(dec(&b["pay_amount"])) {
            Some(amount) => {
                let paid = server
                    .sandbox(
                        "/sandbox/pay",
                        &json!({"payment_code": b["payment_code"], "amount": amount.to_string()}),
                    )
                    .await;
                assert!(paid.status.is_success(), "{}", paid.text);
                amount
            }
            None => Decimal::ZERO,
        };
        let id = b["id"].as_str().expect("id").to_string();
        let token: String = sqlx::query_scalar("SELECT postback_token FROM payments WHERE id = $1")
            .bind(&id)
            .fetch_one(&server.running.state().db)
            .await
            .expect("postback token");
        payments.push(Payment {
            id,
            code: b["payment_code"].as_str().expect("code").to_string(),
            token,
            plan,
            received,
        });
    }

    // 1,000 postbacks: a pool of distinct bodies, each sent one to several times, shuffled.
    let mut rng = rand::thread_rng();
    let mut sends: Vec<(String, String)> = Vec::with_capacity(POSTBACKS);
    while sends.len() < POSTBACKS {
        let p = &payments[rng.gen_range(0..payments.len())];
        let (price, body) = postback_body(p, &mut rng);
        let path = if price {
            "/postback/price/"
        } else {
            "/postback/"
        };
        let url = server.url(&format!("{path}{}", p.token));
        for _ in 0..rng.gen_range(1..=4) {
            if sends.len() < POSTBACKS {
                sends.push((url.clone(), body.to_string()));
            }
        }
    }
    sends.shuffle(&mut rng);

    // Sent 16 at a time, while other tasks keep creating payments.
    let creates = {
        let http = server.http.clone();
        let url = server.url("/api/payments");
        tokio::spawn(async move {
            let mut ok = 0;
            for _ in 0..CREATES_DURING {
                let resp = http
                    .post(&url)
                    .bearer_auth(wct_pos_server::TEST_TOKEN)
                    .header("Idempotency-Key", common::fresh_key())
                    .json(&payment_body())
                    .send()
                    .await
                    .expect("create sent");
                if resp.status() == StatusCode::CREATED {
                    ok += 1;
                }
            }
            ok
        })
    };
    let mut acked = 0;
    for chunk in sends.chunks(16) {
        let mut set = tokio::task::JoinSet::new();
        for (url, body) in chunk.iter().cloned() {
            let http = server.http.clone();
            set.spawn(async move {
                let resp = http
                    .post(url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("postback sent");
                let status = resp.status();
                (status, resp.json::<Value>().await.unwrap_or(Value::Null))
            });
        }
        while let Some(done) = set.join_next().await {
            let (status, body) = done.expect("task");
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body, json!({"status": "ok"}));
            acked += 1;
        }
    }
    assert_eq!(acked, POSTBACKS);
    let created_during = creates.await.expect("creates task");
    assert_eq!(
        created_during, CREATES_DURING,
        "every concurrent create succeeded"
    );

    // An unknown token is refused, and not logged against anything.
    let (status, _) = post(server, server.url("/postback/not-a-token"), "{}".into()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Every acknowledged postback is in the log.
    let db = &server.running.state().db;
    let mut logged: HashMap<String, i64> = HashMap::new();
    for (id, n) in sqlx::query_as::<_, (String, i64)>(
        "SELECT payment_id, COUNT(*) FROM postback_log GROUP BY payment_id",
    )
    .fetch_all(db)
    .await
    .expect("postback log")
    {
        logged.insert(id, n);
    }
    let total: i64 = logged.values().sum();
    assert!(total >= POSTBACKS as i64, "{total} postbacks logged");

    // Final states are the upstream's truth, with amounts counted once.
    for p in &payments {
        let path = format!("/api/payments/{}", p.id);
        wait_until(
            &format!("{} to be {}", p.code, p.plan.state()),
            120,
            || async { answer(server.get(&path).await).await.body["state"] == p.plan.state() },
        )
        .await;
    }
    // Give stray nudges time to run, then check nothing moved and nothing doubled.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for p in &payments {
        let view = answer(server.get(&format!("/api/payments/{}", p.id)).await)
            .await
            .body;
        assert_eq!(view["state"], p.plan.state(), "{} moved", p.code);
        assert_eq!(dec(&view["received"]), p.received, "{} received", p.code);
        if p.plan == Plan::Unpaid {
            assert_eq!(
                view["quote_version"], 0,
                "a forged price update re-quoted {}",
                p.code
            );
        }
        // One event per real change: never two in a row showing the same thing.
        let events: Vec<String> =
            sqlx::query_scalar("SELECT view_json FROM events WHERE payment_id = $1 ORDER BY seq")
                .bind(&p.id)
                .fetch_all(db)
                .await
                .expect("events");
        let shown: Vec<(Value, Value, Value, Value)> = events
            .iter()
            .map(|e| {
                let v: Value = serde_json::from_str(e).expect("event json");
                (
                    v["state"].clone(),
                    v["received"].clone(),
                    v["quote_version"].clone(),
                    v["confirmations"].clone(),
                )
            })
            .collect();
        for pair in shown.windows(2) {
            assert_ne!(pair[0], pair[1], "{}: an update was applied twice", p.code);
        }
        assert!(
            shown.len() <= 6,
            "{}: {} events for one payment",
            p.code,
            shown.len()
        );
    }
    assert_eq!(
        server.list_all().await.len(),
        PAYMENTS + CREATES_DURING,
        "every create is listed once"
    );
}
