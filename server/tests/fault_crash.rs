//! Crash safety: the server binary is killed with SIGKILL in the middle of a burst of creates
//! and postbacks, then started again on the same database. Every payment that was answered
//! 201 is there and listed, every postback that was answered `{"status":"ok"}` is in the log,
//! and nothing stays in `creating`.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{free_port, fresh_key, payment_body, wait_until, Child};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

const TOKEN: &str = "crash-test-terminal-token-0123";

#[derive(Default)]
struct Seen {
    created: Vec<String>,
    /// (payment id, unique marker inside the body) of each acknowledged postback.
    acked: Vec<(String, String)>,
}

async fn read_only(db: &std::path::Path) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(db)
        .read_only(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePool::connect_with(options)
        .await
        .expect("open db read-only")
}

/// Creates and posts postbacks until the server stops answering.
async fn worker(url: String, db: std::path::PathBuf, seen: Arc<Mutex<Seen>>, n: usize) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let pool = read_only(&db).await;
    for round in 0.. {
        let resp = http
            .post(format!("{url}/api/payments"))
            .bearer_auth(TOKEN)
            .header("Idempotency-Key", fresh_key())
            .json(&payment_body())
            .send()
            .await;
        let Ok(resp) = resp else { return };
        if resp.status() != StatusCode::CREATED {
            return;
        }
        let Ok(view) = resp.json::<Value>().await else {
            return;
        };
        let id = view["id"].as_str().unwrap_or_default().to_string();
        seen.lock().expect("seen").created.push(id.clone());
        let token: Option<String> =
            sqlx::query_scalar("SELECT postback_token FROM payments WHERE id = $1")
                .bind(&id)
                .fetch_optional(&pool)
                .await
                .ok()
                .flatten();
        let Some(token) = token else { continue };
        for k in 0..2 {
            let marker = format!("crash-{n}-{round}-{k}-{:x}", rand::random::<u64>());
            let body = json!({"fn": "paymentUpdate", "payment_code": view["payment_code"],
                "amount": "0", "ask_amount": 1, "precision": 8, "status": "awaiting",
                "payment_status": 0, "txid": marker});
            let sent = http
                .post(format!("{url}/postback/{token}"))
                .json(&body)
                .send()
                .await;
            let Ok(sent) = sent else { return };
            let ok = sent.status() == StatusCode::OK
                && sent.json::<Value>().await.ok() == Some(json!({"status": "ok"}));
            if ok {
                seen.lock().expect("seen").acked.push((id.clone(), marker));
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_burst_loses_no_accepted_payment_and_no_acknowledged_postback() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = common::make_dist();
    let db = dir.path().join("wct-pos.db");
    let log = dir.path().join("server.log");
    let port = free_port();
    let env = [
        (
            "WCT_POS_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", db.display()),
        ),
        ("WCT_POS_DIST", dist.path().display().to_string()),
        ("WCT_POS_TERMINALS", format!("Crash till:{TOKEN}")),
        ("WCT_POS_CREATE_RATE", "1000000".into()),
        ("WCT_POS_RECONCILE_SECS", "1".into()),
        ("WCT_POS_UPSTREAM_TIMEOUT_MS", "5000".into()),
        ("WCT_SANDBOX_RETRY_BASE_MS", "20".into()),
        ("WCT_SANDBOX_RETRY_MAX_MS", "200".into()),
        ("RUST_LOG", "warn".into()),
    ];
    let mut child = Child::spawn(&env, port, &log).await;

    let seen = Arc::new(Mutex::new(Seen::default()));
    let workers: Vec<_> = (0..4)
        .map(|n| tokio::spawn(worker(child.url.clone(), db.clone(), seen.clone(), n)))
        .collect();
    // Let the burst get going (some payments accepted), then pull the plug mid-flight.
    let started = Instant::now();
    while seen.lock().expect("seen").created.len() < 30
        && started.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill9();
    for w in workers {
        let _ = tokio::time::timeout(Duration::from_secs(30), w).await;
    }
    let (created, acked) = {
        let s = seen.lock().expect("seen");
        (s.created.clone(), s.acked.clone())
    };
    assert!(
        created.len() >= 30,
        "the burst accepted only {} payments",
        created.len()
    );

    let child = Child::spawn(&env, port, &log).await;
    let http = reqwest::Client::new();
    for id in &created {
        let got = http
            .get(format!("{}/api/payments/{id}", child.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("get");
        assert_eq!(
            got.status(),
            StatusCode::OK,
            "accepted payment {id} is gone"
        );
        let view: Value = got.json().await.expect("view");
        assert_eq!(view["state"], "awaiting", "{id}");
    }
    let mut listed = Vec::new();
    let mut path = "/api/payments?limit=100".to_string();
    loop {
        let page: Value = http
            .get(format!("{}{path}", child.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("page");
        for p in page["payments"].as_array().into_iter().flatten() {
            listed.push(p["id"].as_str().unwrap_or_default().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/payments?limit=100&before={c}"),
            None => break,
        }
    }
    for id in &created {
        assert!(listed.contains(id), "accepted payment {id} is not listed");
    }

    let pool = read_only(&db).await;
    let bodies: Vec<(String, String)> = sqlx::query_as("SELECT payment_id, body FROM postback_log")
        .fetch_all(&pool)
        .await
        .expect("postback log");
    for (id, marker) in &acked {
        assert!(
            bodies
                .iter()
                .any(|(p, b)| p == id && b.contains(marker.as_str())),
            "acknowledged postback {marker} for {id} is not in the log"
        );
    }
    // Creates cut off mid-flight are resolved (found upstream, or failed), never left hanging.
    wait_until("no payment left in creating", 60, || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE state = 'creating'")
            .fetch_one(&pool)
            .await
            .unwrap_or(-1);
        n == 0
    })
    .await;
    println!(
        "crash test: {} accepted payments and {} acknowledged postbacks survived kill -9",
        created.len(),
        acked.len()
    );
    drop(child);
}
