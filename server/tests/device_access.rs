//! Device access that ends when it should (issue 21, and issue 19's device cap): a terminal
//! has at most so many live devices and unused codes, counted in the write that adds one; a
//! revoked device's codes no longer pair; codes are listed and cancelled; a request whose
//! body arrives after its device was revoked changes nothing; devices belong to a terminal's
//! `store/name`, never to its token.

mod common;

use std::time::Duration;

use common::*;
use futures_util::future::join_all;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wct_pos_server::config::{DevicesCommand, PairingCodesCommand, PairingCommand};
use wct_pos_server::{devices, store, Config, TerminalSpec, TEST_TOKEN};

/// `count` codes for the test terminal, issued as the console does (no cap on unused codes).
async fn console_codes(h: &Harness, count: usize) -> Vec<String> {
    let db = &h.running.state().db;
    let terminal = store::active_terminals(db)
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("the test terminal");
    let mut codes = Vec::new();
    for _ in 0..count {
        let mut conn = db.acquire().await.unwrap();
        let issued = devices::issue_code(
            &mut conn,
            &terminal,
            None,
            &h.running.public_url,
            Duration::from_secs(600),
            None,
            None,
        )
        .await
        .unwrap()
        .expect("issued");
        codes.push(issued.code);
    }
    codes
}

async fn exchange(h: &Harness, code: &str) -> Response {
    h.http
        .post(h.url("/api/pair"))
        .json(&json!({"code": code, "device_name": "Tablet"}))
        .send()
        .await
        .expect("pair")
}

async fn code_from(h: &Harness, token: &str) -> Response {
    h.http
        .post(h.url("/api/devices/pairing-codes"))
        .bearer_auth(token)
        .send()
        .await
        .expect("pairing-codes")
}

/// Pairs a device with a fresh console code: `(device id, token)`.
async fn pair(h: &Harness) -> (String, String) {
    let code = console_codes(h, 1).await.remove(0);
    let (status, body) = error_of(exchange(h, &code).await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (
        body["device_id"].as_str().unwrap().to_string(),
        body["token"].as_str().unwrap().to_string(),
    )
}

async fn live_devices(h: &Harness) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM devices WHERE revoked_at IS NULL")
        .fetch_one(&h.running.state().db)
        .await
        .unwrap()
}

async fn revoke(h: &Harness, token: &str, device: &str) -> StatusCode {
    h.http
        .post(h.url(&format!("/api/devices/{device}/revoke")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn thirty_attempts_past_the_device_cap_pair_no_device() {
    const CAP: u32 = 4;
    let h = Harness::start_with(|c| {
        c.max_devices_per_terminal = CAP;
        c.pair_attempts_per_minute = 1_000;
    })
    .await;
    // 30 parallel exchanges of 30 good codes: the cap decides, not the timing.
    let codes = console_codes(&h, 60).await;
    let answers = join_all(codes[..30].iter().map(|code| exchange(&h, code))).await;
    let mut paired = 0;
    for response in answers {
        let (status, body) = error_of(response).await;
        match status {
            StatusCode::CREATED => paired += 1,
            StatusCode::CONFLICT => {
                assert_eq!(body["error"]["code"], "device_limit", "{body}");
                let message = body["error"]["message"].as_str().unwrap();
                assert!(
                    message.contains(&format!("already has {CAP} paired devices")),
                    "{message}"
                );
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(paired, CAP);
    assert_eq!(live_devices(&h).await, i64::from(CAP));
    // 30 more, one after the other: none pairs.
    for code in &codes[30..] {
        let (status, body) = error_of(exchange(&h, code).await).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
    }
    assert_eq!(live_devices(&h).await, i64::from(CAP));
    // A refused code was not spent: once a device is revoked, it pairs.
    let device: String = sqlx::query_scalar("SELECT id FROM devices LIMIT 1")
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    assert_eq!(revoke(&h, TEST_TOKEN, &device).await, StatusCode::OK);
    let (status, body) = error_of(exchange(&h, &codes[59]).await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(live_devices(&h).await, i64::from(CAP));
    h.stop().await;
}

#[tokio::test]
async fn parallel_requests_cannot_beat_the_unused_code_cap() {
    let h = Harness::start().await;
    let answers = join_all((0..40).map(|_| code_from(&h, TEST_TOKEN))).await;
    let statuses: Vec<StatusCode> = answers.iter().map(Response::status).collect();
    let issued = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert_eq!(issued, 10, "{statuses:?}");
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::CREATED || *s == StatusCode::TOO_MANY_REQUESTS));
    h.stop().await;
}

#[tokio::test]
async fn revoking_a_device_cancels_every_code_it_made() {
    let data = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let mut config = Config::for_tests(dist.path());
    common::db::use_test_database(&mut config).await;
    if config.memory_db() {
        config.database_url = format!("sqlite://{}/wct-pos.db?mode=rwc", data.path().display());
    }
    config.pair_attempts_per_minute = 1_000;
    let console = config.clone();
    let h = Harness::from_config(config, dist).await;
    let (a, a_token) = pair(&h).await;
    let (_b, b_token) = pair(&h).await;
    let mut a_codes = Vec::new();
    for _ in 0..5 {
        let (status, body) = error_of(code_from(&h, &a_token).await).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        a_codes.push(body["code"].as_str().unwrap().to_string());
    }
    let (_, b_code) = error_of(code_from(&h, &b_token).await).await;
    // B revokes A through the API: A's codes go with it, B's stays.
    assert_eq!(revoke(&h, &b_token, &a).await, StatusCode::OK);
    for code in &a_codes {
        let (status, body) = error_of(exchange(&h, code).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    let (status, body) = error_of(exchange(&h, b_code["code"].as_str().unwrap()).await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // The same from the console.
    let (c, c_token) = pair(&h).await;
    let (_, c_code) = error_of(code_from(&h, &c_token).await).await;
    let revoke_c = PairingCommand::Devices {
        action: DevicesCommand::Revoke { id: c.clone() },
    };
    devices::run_command(&console, &revoke_c, &mut Vec::new(), false)
        .await
        .expect("devices revoke");
    let (status, body) = error_of(exchange(&h, c_code["code"].as_str().unwrap()).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    // A revoked device cannot make codes either.
    assert_eq!(
        code_from(&h, &c_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    h.stop().await;
}

#[tokio::test]
async fn codes_are_listed_and_cancelled_in_the_api_and_on_the_console() {
    let data = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let mut config = Config::for_tests(dist.path());
    common::db::use_test_database(&mut config).await;
    if config.memory_db() {
        config.database_url = format!("sqlite://{}/wct-pos.db?mode=rwc", data.path().display());
    }
    let console = config.clone();
    let h = Harness::from_config(config, dist).await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let (_, body) = error_of(code_from(&h, TEST_TOKEN).await).await;
        codes.push(body["code"].as_str().unwrap().to_string());
    }
    let listed = h.get("/api/devices/pairing-codes").await;
    assert_eq!(listed.status(), StatusCode::OK);
    let text = listed.text().await.unwrap();
    for code in &codes {
        assert!(!text.contains(code.as_str()), "a code was listed: {text}");
        assert!(!text.contains(&code.replace('-', "")), "{text}");
    }
    let listed: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(listed.len(), 3, "{text}");
    assert_eq!(listed[0]["terminal"], "Test counter");

    // Which id is which code: the server keeps only the codes' hashes.
    let mut by_id = std::collections::HashMap::new();
    for code in &codes {
        let id: String = sqlx::query_scalar("SELECT id FROM pairing_codes WHERE code_hash = $1")
            .bind(devices::token_hash(code))
            .fetch_one(&h.running.state().db)
            .await
            .unwrap();
        by_id.insert(id, code.clone());
    }

    // Cancelled in the app: that code no longer pairs.
    let id = listed[0]["id"].as_str().unwrap();
    let cancel = h
        .post(
            &format!("/api/devices/pairing-codes/{id}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(cancel.status(), StatusCode::NO_CONTENT);
    let again = h
        .post(
            &format!("/api/devices/pairing-codes/{id}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let (status, body) = error_of(exchange(&h, &by_id[id]).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let remaining: Vec<Value> = h
        .get("/api/devices/pairing-codes")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(remaining.len(), 2);

    // On the console: listed by id, cancelled by id.
    let mut out = Vec::new();
    let list = PairingCommand::Pairing {
        action: PairingCodesCommand::List,
    };
    devices::run_command(&console, &list, &mut out, false)
        .await
        .expect("pairing list");
    let table = String::from_utf8(out).unwrap();
    assert!(table.starts_with("ID"), "{table}");
    assert_eq!(table.lines().count(), 3, "{table}");
    for code in &codes {
        assert!(!table.contains(code.as_str()), "{table}");
    }
    let id = remaining[0]["id"].as_str().unwrap().to_string();
    assert!(table.contains(&id), "{table}");
    let cancel = PairingCommand::Pairing {
        action: PairingCodesCommand::Cancel { id: id.clone() },
    };
    let mut out = Vec::new();
    devices::run_command(&console, &cancel, &mut out, false)
        .await
        .expect("pairing cancel");
    assert!(String::from_utf8(out).unwrap().contains(&id));
    let (status, body) = error_of(exchange(&h, &by_id[&id]).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(
        devices::run_command(&console, &cancel, &mut Vec::new(), false)
            .await
            .is_err(),
        "a code cancelled already is an error"
    );
    // The one left still pairs.
    let last = remaining[1]["id"].as_str().unwrap();
    let (status, body) = error_of(exchange(&h, &by_id[last]).await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    h.stop().await;
}

#[tokio::test]
async fn a_body_sent_after_revocation_changes_nothing() {
    let h = Harness::start().await;
    let (device, token) = pair(&h).await;
    let mut body = payment_body();
    let reference = body["reference"].as_str().unwrap().to_string();
    body["description"] = json!("sent slowly");
    let body = serde_json::to_vec(&body).unwrap();
    // The head now, the body after the device is revoked.
    let mut socket = tokio::net::TcpStream::connect(h.running.addr)
        .await
        .unwrap();
    let head = format!(
        "POST /api/payments HTTP/1.1\r\nhost: pos\r\nauthorization: Bearer {token}\r\n\
         idempotency-key: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n",
        fresh_key(),
        body.len()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.flush().await.unwrap();
    // Let the head be read and its token checked (either way, the answer is the same).
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(revoke(&h, TEST_TOKEN, &device).await, StatusCode::OK);
    socket.write_all(&body).await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert_eq!(h.row_state(&reference).await, None, "nothing was stored");
    h.stop().await;
}

#[tokio::test]
async fn a_keep_decision_sent_after_revocation_decides_nothing() {
    let h = Harness::start().await;
    let (device, token) = pair(&h).await;
    // Late money: cancelled at the till, paid anyway.
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let cancelled = h
        .post(&format!("/api/payments/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    h.pay(&id, view["pay_amount"].as_str().unwrap()).await;
    let late = h.wait_state(&id, "late").await;
    let body = serde_json::to_vec(&json!({"received": late["received"]})).unwrap();
    let mut socket = tokio::net::TcpStream::connect(h.running.addr)
        .await
        .unwrap();
    let head = format!(
        "POST /api/payments/{id}/keep HTTP/1.1\r\nhost: pos\r\nauthorization: Bearer {token}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(revoke(&h, TEST_TOKEN, &device).await, StatusCode::OK);
    socket.write_all(&body).await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(
        h.payment(&id).await.get("kept").is_none(),
        "nothing was decided"
    );
    h.stop().await;
}

#[tokio::test]
async fn devices_belong_to_store_and_name_not_to_a_token() {
    let data = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let mut config = Config::for_tests(dist.path());
    common::db::use_test_database(&mut config).await;
    if config.memory_db() {
        config.database_url = format!("sqlite://{}/wct-pos.db?mode=rwc", data.path().display());
    }
    let token = "moving-token-0123456789";
    config.terminals = vec![TerminalSpec {
        store: "north".into(),
        name: "Till 1".into(),
        token: token.into(),
    }];
    let h = Harness::from_config(config.clone(), dist).await;
    let view = h
        .http
        .post(h.url("/api/payments"))
        .bearer_auth(token)
        .header("Idempotency-Key", fresh_key())
        .json(&payment_body())
        .send()
        .await
        .unwrap();
    assert_eq!(view.status(), StatusCode::CREATED);
    let (_device, device_token) = pair(&h).await;
    let (_, spare) = error_of(code_from(&h, token).await).await;
    h.stop().await;

    // The same token, now under another store: a new terminal, with nothing of the old one.
    let dist = make_dist();
    let mut moved = config.clone();
    moved.dist = dist.path().to_path_buf();
    moved.terminals = vec![TerminalSpec {
        store: "south".into(),
        name: "Till 1".into(),
        token: token.into(),
    }];
    let h = Harness::from_config(moved, dist).await;
    let seen = |path: &'static str, who: &'static str| {
        let h = &h;
        async move {
            h.http
                .get(h.url(path))
                .bearer_auth(who)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        seen("/api/terminal", token).await.status(),
        StatusCode::OK,
        "the token still works, for its new terminal"
    );
    let devices: Vec<Value> = seen("/api/devices", token).await.json().await.unwrap();
    assert!(devices.is_empty(), "{devices:?}");
    let page: Value = seen("/api/payments", token).await.json().await.unwrap();
    assert_eq!(page["payments"].as_array().unwrap().len(), 0, "{page}");
    let refused = h
        .http
        .get(h.url("/api/terminal"))
        .bearer_auth(&device_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let (status, body) = error_of(exchange(&h, spare["code"].as_str().unwrap()).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    h.stop().await;

    // The old identity back, with a new token: its devices went when it was removed.
    let dist = make_dist();
    let mut back = config;
    back.dist = dist.path().to_path_buf();
    back.terminals = vec![TerminalSpec {
        store: "north".into(),
        name: "Till 1".into(),
        token: "fresh-token-0123456789".into(),
    }];
    let h = Harness::from_config(back, dist).await;
    let refused = h
        .http
        .get(h.url("/api/terminal"))
        .bearer_auth(&device_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    // Its payments are still its own under the new token.
    let page: Value = h
        .http
        .get(h.url("/api/payments"))
        .bearer_auth("fresh-token-0123456789")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["payments"].as_array().unwrap().len(), 1, "{page}");
    h.stop().await;
}

#[tokio::test]
async fn a_code_can_name_the_device_it_pairs() {
    let h = Harness::start().await;
    let (_, token) = pair(&h).await;
    let named = |name: serde_json::Value| {
        h.http
            .post(h.url("/api/devices/pairing-codes"))
            .bearer_auth(&token)
            .json(&json!({ "device_name": name }))
            .send()
    };
    // Too long, or not text a person could read: refused by field, no code made.
    let (status, body) = error_of(named(json!("x".repeat(200))).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "device_name", "{body}");
    // "Till 2": the link carries it for the pairing screen, and a device pairing without a
    // name of its own gets it.
    let (status, body) = error_of(named(json!("  Till 2 ")).await.unwrap()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let url = body["url"].as_str().unwrap();
    assert!(url.ends_with("&name=Till%202"), "{url}");
    let code = body["code"].as_str().unwrap().to_string();
    let (status, paired) = error_of(
        h.http
            .post(h.url("/api/pair"))
            .json(&json!({ "code": code }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{paired}");
    let id = paired["device_id"].as_str().unwrap();
    let name: String = sqlx::query_scalar("SELECT name FROM devices WHERE id = $1")
        .bind(id)
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    assert_eq!(name, "Till 2");
    // A device's own name still wins over the code's.
    let (_, body) = error_of(named(json!("Till 3")).await.unwrap()).await;
    let (status, paired) = error_of(exchange(&h, body["code"].as_str().unwrap()).await).await;
    assert_eq!(status, StatusCode::CREATED, "{paired}");
    let name: String = sqlx::query_scalar("SELECT name FROM devices WHERE id = $1")
        .bind(paired["device_id"].as_str().unwrap())
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    assert_eq!(name, "Tablet");
}
