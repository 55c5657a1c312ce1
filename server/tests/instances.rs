//! Two proxy instances sharing one Postgres database, as behind a load balancer: a postback
//! taken by instance A reaches a terminal's stream on instance B, a stream resumed on B with
//! Last-Event-ID loses nothing, and the same postback applied by both instances is applied
//! once. Runs in the Postgres pass (`WCT_TEST_DATABASE_URL=postgres://…`, as `cargo xtask
//! test` sets); SQLite is one process by design, so the SQLite pass has nothing to share.

mod common;

use common::*;
use serde_json::{json, Value};
use wct_api::sign::ApiSecret;
use wct_pos_server::Config;

async fn instance(url: &str, sandbox: &wct_sandbox::Sandbox) -> Harness {
    instance_with(url, sandbox, |_| {}).await
}

async fn instance_with(
    url: &str,
    sandbox: &wct_sandbox::Sandbox,
    tweak: impl FnOnce(&mut Config),
) -> Harness {
    let dist = make_dist();
    let mut c = Config::for_tests(dist.path());
    c.database_url = url.into();
    c.api_base = Some(sandbox.api_base());
    c.api_key = Some(wct_sandbox::TEST_KEY.into());
    c.api_secret = Some(ApiSecret::new(wct_sandbox::TEST_SECRET));
    // No reconciler ticks: only the postback can move the payment.
    c.reconcile_secs = 3600;
    tweak(&mut c);
    Harness::from_config(c, dist).await
}

/// A fresh Postgres database and one sandbox for the instances to share; `None` (with a
/// message) outside the Postgres pass.
async fn shared_database_and_upstream() -> Option<(String, wct_sandbox::Sandbox)> {
    let Some(url) = db::fresh_postgres_database().await else {
        eprintln!("not a Postgres pass: the two-instance test needs WCT_TEST_DATABASE_URL");
        return None;
    };
    let mut upstream = wct_sandbox::Config::for_tests();
    upstream.quote_secs = 600;
    let sandbox = wct_sandbox::start(upstream).await.expect("sandbox");
    Some((url, sandbox))
}

fn is(id: &str) -> impl Fn(&SseEvent) -> bool + '_ {
    move |e| e.data["payment"]["id"] == id
}

#[tokio::test]
async fn a_postback_to_instance_a_reaches_a_stream_on_instance_b() {
    let Some((url, sandbox)) = shared_database_and_upstream().await else {
        return;
    };
    let a = instance(&url, &sandbox).await;
    let b = instance(&url, &sandbox).await;
    let stream_url = b.url("/api/events");
    let mut on_b = SseReader::open(&b.http, &stream_url, None).await;

    // Created on A (so the upstream posts back to A), seen live on B.
    let view = a.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let created = on_b.until(is(&id)).await.expect("B streams A's creation");
    assert_eq!(created.data["kind"], "created");
    assert_eq!(created.data["payment"]["state"], "awaiting");

    // The customer pays in full: the sandbox posts back to A only.
    let response = a
        .http
        .post(format!("{}/sandbox/pay", sandbox.base_url()))
        .json(&json!({"payment_code": view["payment_code"], "amount": view["pay_amount"]}))
        .send()
        .await
        .expect("sandbox pay");
    assert!(response.status().is_success());
    let mut after_created = Vec::new();
    let paid = loop {
        let event = on_b.until(is(&id)).await.expect("B streams A's update");
        after_created.push(event.id.clone());
        if event.data["payment"]["state"] == "paid" {
            break event;
        }
    };
    assert_eq!(paid.data["kind"], "updated");
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM postback_log WHERE payment_id = $1")
        .bind(&id)
        .fetch_one(&b.running.state().db)
        .await
        .unwrap();
    assert!(logged >= 1, "the change came through a postback to A");

    // A terminal reconnecting to B from the creation event gets exactly what followed.
    let mut resumed = SseReader::open(&b.http, &stream_url, created.id.as_deref()).await;
    for want in &after_created {
        let event = resumed.until(is(&id)).await.expect("resumed event");
        assert_eq!(&event.id, want, "resume replays the same events in order");
    }

    // The same postback delivered to both instances at once is applied once: the payment is
    // already paid, so neither instance writes a new event.
    let token: String = sqlx::query_scalar("SELECT postback_token FROM payments WHERE id = $1")
        .bind(&id)
        .fetch_one(&a.running.state().db)
        .await
        .unwrap();
    let events_before = event_count(&a, &id).await;
    let nudge = json!({"fn": "paymentUpdate", "payment_code": view["payment_code"]});
    let (ra, rb) = tokio::join!(
        a.http
            .post(a.url(&format!("/postback/{token}")))
            .json(&nudge)
            .send(),
        b.http
            .post(b.url(&format!("/postback/{token}")))
            .json(&nudge)
            .send(),
    );
    assert!(ra.unwrap().status().is_success() && rb.unwrap().status().is_success());
    let logged_after = eventually(|| async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM postback_log WHERE payment_id = $1")
            .bind(&id)
            .fetch_one(&a.running.state().db)
            .await
            .ok()?;
        (n >= logged + 2).then_some(n)
    })
    .await;
    assert!(logged_after.is_some(), "both postbacks are logged");
    assert_eq!(b.payment(&id).await["state"], "paid");
    assert_eq!(event_count(&b, &id).await, events_before);

    a.stop().await;
    b.stop().await;
    sandbox.shutdown().await;
}

async fn event_count(h: &Harness, id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE payment_id = $1")
        .bind(id)
        .fetch_one(&h.running.state().db)
        .await
        .unwrap()
}

#[tokio::test]
async fn concurrent_updates_from_two_instances_number_events_without_gaps() {
    let Some((url, sandbox)) = shared_database_and_upstream().await else {
        return;
    };
    // Both start at once on an empty database: migrations and terminals must not collide.
    let (a, b) = tokio::join!(instance(&url, &sandbox), instance(&url, &sandbox));
    // Creates on both instances at once: each writes a `created` event.
    let creates = (0..8).map(|i| {
        let h = if i % 2 == 0 { &a } else { &b };
        async move { h.create_ok(&payment_body()).await }
    });
    let views: Vec<Value> = futures_util::future::join_all(creates).await;
    let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM events ORDER BY seq")
        .fetch_all(&a.running.state().db)
        .await
        .unwrap();
    assert_eq!(seqs.len(), views.len());
    assert_eq!(seqs, (1..=views.len() as i64).collect::<Vec<_>>());
    a.stop().await;
    b.stop().await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn reconcilers_on_two_instances_claim_each_open_payment_once() {
    let Some((url, sandbox)) = shared_database_and_upstream().await else {
        return;
    };
    let a = instance(&url, &sandbox).await;
    let b = instance(&url, &sandbox).await;
    let mut open = Vec::new();
    for _ in 0..20 {
        let view = a.create_ok(&payment_body()).await;
        open.push(view["id"].as_str().unwrap().to_string());
    }
    // An hour from now every open payment is due, whatever its schedule.
    let later = wct_pos_server::util::now_ms() + 3_600_000;
    let mut conn_a = a.running.state().db.acquire().await.unwrap();
    let mut conn_b = b.running.state().db.acquire().await.unwrap();
    let (mine, theirs) = tokio::join!(
        wct_pos_server::store::claim_due(&mut conn_a, later, later + 60_000, 50),
        wct_pos_server::store::claim_due(&mut conn_b, later, later + 60_000, 50),
    );
    drop((conn_a, conn_b));
    let (mut mine, theirs) = (mine.unwrap(), theirs.unwrap());
    assert!(
        mine.iter().all(|id| !theirs.contains(id)),
        "a payment claimed by both reconcilers"
    );
    mine.extend(theirs);
    mine.sort();
    open.sort();
    assert_eq!(mine, open, "every open payment is claimed once");
    a.stop().await;
    b.stop().await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_manager_pin_limit_holds_across_two_instances() {
    use wct_pos_server::refunds::{hash_pin_with_cost, PinHash};
    let Some((url, sandbox)) = shared_database_and_upstream().await else {
        return;
    };
    let hash = PinHash::parse(&hash_pin_with_cost("246810", 64, 1).unwrap()).unwrap();
    let guarded = |c: &mut Config| {
        c.manager_pin_hash = Some(hash.clone());
        c.sandbox_refund_delay_ms = 3_600_000;
    };
    let (a, b) = tokio::join!(
        instance_with(&url, &sandbox, guarded),
        instance_with(&url, &sandbox, guarded)
    );
    let view = a.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let extra = rust_decimal::Decimal::new(1, 4)
        + view["pay_amount"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap();
    let paid = a
        .http
        .post(format!("{}/sandbox/pay", sandbox.base_url()))
        .json(&json!({"payment_code": view["payment_code"],
                      "amount": wct_api::money::format_fixed(extra, 8)}))
        .send()
        .await
        .expect("sandbox pay");
    assert!(paid.status().is_success());
    a.post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await;
    // Twelve wrong PINs from one terminal, spread over both instances at once.
    let wrong = json!({"refund_type": "overpaid", "amount": "0.0001",
                       "email": "ann@example.com", "pin": "135790"});
    let attempts = (0..12).map(|i| {
        let h = if i % 2 == 0 { &a } else { &b };
        let (id, wrong) = (id.clone(), wrong.clone());
        async move {
            h.http
                .post(h.url(&format!("/api/payments/{id}/refunds")))
                .bearer_auth(wct_pos_server::TEST_TOKEN)
                .header("Idempotency-Key", fresh_key())
                .json(&wrong)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 403).count(),
        2,
        "only two wrong PINs answer 'wrong' before the lock: {statuses:?}"
    );
    let counted: i64 =
        sqlx::query_scalar("SELECT failures FROM pin_attempts WHERE scope LIKE 'device:%'")
            .fetch_one(&a.running.state().db)
            .await
            .unwrap();
    assert_eq!(counted, 3, "three wrong PINs checked in all: {statuses:?}");
    a.stop().await;
    b.stop().await;
    sandbox.shutdown().await;
}
