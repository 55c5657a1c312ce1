//! A restart mid-payment loses nothing: the payment, its events and live tracking resume, and
//! a stream resumed with Last-Event-ID gets exactly what it missed.

mod common;

use common::*;
use rust_decimal::Decimal;
use serde_json::Value;
use wct_pos_server::Config;

fn config(dir: &std::path::Path, dist: &std::path::Path) -> Config {
    let mut c = Config::for_tests(dist);
    c.database_url = format!("sqlite://{}/wct-pos.db?mode=rwc", dir.display());
    c
}

#[tokio::test]
async fn state_and_events_survive_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let h = Harness::from_config(config(data.path(), dist.path()), dist).await;
    let port = h.running.addr.port();
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let asked: Decimal = view["pay_amount"].as_str().unwrap().parse().unwrap();
    let stream_path = format!("/api/payments/{id}/events");
    let mut stream = SseReader::open(&h.http, &h.url(&stream_path), None).await;
    let created = stream.next().await.expect("current state first");
    assert_eq!(created.data["kind"], "created");
    let last_id = created.id.clone().expect("an event id");
    drop(stream);
    h.stop().await;

    // Same port: the sandbox's stored postback URLs point here.
    let dist = make_dist();
    let mut again = config(data.path(), dist.path());
    again.bind = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let h = Harness::from_config(again, dist).await;
    let kept = h.payment(&id).await;
    assert_eq!(kept["state"], "awaiting");
    assert_eq!(kept["pay_address"], view["pay_address"]);
    assert_eq!(h.list_all().await.len(), 1);

    let half = (asked / Decimal::from(2)).round_dp(8);
    h.pay(&id, &wct_api::money::format_fixed(half, 8)).await;
    h.wait_state(&id, "underpaid").await;

    // Resuming from the last seen event: the first thing replayed is the missed change.
    let mut resumed = SseReader::open(&h.http, &h.url(&stream_path), Some(&last_id)).await;
    let missed = resumed.next().await.expect("the missed event");
    assert!(missed.data["seq"].as_u64().unwrap() > last_id.parse::<u64>().unwrap());
    assert_eq!(missed.data["payment"]["id"], id.as_str());
    let underpaid = if missed.data["payment"]["state"] == "underpaid" {
        missed
    } else {
        resumed
            .until(|e| e.data["payment"]["state"] == "underpaid")
            .await
            .expect("underpaid replayed")
    };
    assert_eq!(underpaid.data["kind"], "updated");

    h.pay(&id, &wct_api::money::format_fixed(asked - half, 8))
        .await;
    let paid = resumed
        .until(|e| e.data["payment"]["state"] == "paid")
        .await
        .expect("paid arrives live after the restart");
    assert_eq!(paid.data["payment"]["missing"], "0.00000000");
    let stored: Value = h.payment(&id).await;
    assert_eq!(stored["state"], "paid");
    h.stop().await;
}

#[tokio::test]
async fn a_row_left_creating_by_a_crash_is_resolved_at_start() {
    let data = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let h = Harness::from_config(config(data.path(), dist.path()), dist).await;
    let port = h.running.addr.port();
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    // Fake a crash between the upstream's answer and our write, and one before the call.
    let db = &h.running.state().db;
    sqlx::query("UPDATE payments SET state = 'creating', payment_code = NULL WHERE id = $1")
        .bind(&id)
        .execute(db)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO payments (id, terminal_id, idempotency_key, body_hash, state, reference,
            description, amount, asset, requested_asset, fields_json, postback_token,
            created_at, updated_at)
         SELECT 'p_never', terminal_id, 'never-sent-key', 'h', 'creating', 'NEVER-SENT',
            'x', '1.00', 'USD', 'BTC', '{}', 'never-token-0123456789', 1, 1
         FROM payments WHERE id = $1",
    )
    .bind(&id)
    .execute(db)
    .await
    .unwrap();
    h.stop().await;

    let dist = make_dist();
    let mut again = config(data.path(), dist.path());
    again.bind = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let h = Harness::from_config(again, dist).await;
    let recovered = eventually(|| async {
        let r = h.get(&format!("/api/payments/{id}")).await;
        if r.status() != reqwest::StatusCode::OK {
            return None;
        }
        let v: Value = r.json().await.ok()?;
        Some(v)
    })
    .await
    .expect("the payment found upstream is completed");
    assert_eq!(recovered["payment_code"], view["payment_code"]);
    assert_eq!(recovered["state"], "awaiting");
    let never: Option<String> = eventually(|| async {
        let s: String = sqlx::query_scalar("SELECT state FROM payments WHERE id = 'p_never'")
            .fetch_one(&h.running.state().db)
            .await
            .ok()?;
        (s != "creating").then_some(s)
    })
    .await;
    assert_eq!(never.as_deref(), Some("failed"));
    assert_eq!(h.creating_rows().await, 0);
    h.stop().await;
}
