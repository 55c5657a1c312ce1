//! The load generator: run as its own process (`wct-load`, or `wct-bench` re-executing itself)
//! so the load's CPU is not counted as the server's. Each mode runs for a bounded time and
//! prints one JSON report on stdout.
//!
//! - `latency`: sequential creates through the proxy, then directly against the sandbox
//!   (signed as the proxy would), for p50/p99 and the proxy's overhead ratio.
//! - `creates`: concurrent creates for N seconds → creates/s.
//! - `postbacks`: concurrent postbacks to known payments for N seconds → postbacks/s.
//! - `sse`: M event-stream subscribers held at once, one payment created, and how many of
//!   them got its event, how fast.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{json, Value};
use wct_api::pos::IDEMPOTENCY_HEADER;
use wct_api::sign::{create_hash, ApiSecret};
use wct_api::upstream::CreatePosPayment;

use crate::harness::{idempotency_key, new_payment};
use crate::{Error, Result};

/// Where and how to load.
#[derive(Debug, Clone)]
pub struct Target {
    /// The proxy, e.g. `http://127.0.0.1:8080`.
    pub url: String,
    pub token: String,
    /// The sandbox root (for direct calls), with the key and secret it accepts.
    pub sandbox: Option<String>,
    pub key: Option<String>,
    pub secret: Option<ApiSecret>,
    /// The proxy's SQLite file (to find postback tokens).
    pub db: Option<std::path::PathBuf>,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Percentiles {
    pub n: usize,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Percentiles {
    pub fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        let at = |q: f64| -> f64 {
            if samples.is_empty() {
                return 0.0;
            }
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[i].as_secs_f64() * 1000.0
        };
        Self {
            n: samples.len(),
            p50_ms: at(0.50),
            p90_ms: at(0.90),
            p99_ms: at(0.99),
            max_ms: at(1.0),
        }
    }
}

fn client(pool: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(pool)
        .build()
        .unwrap_or_default()
}

async fn create_once(http: &reqwest::Client, t: &Target) -> Result<bool> {
    let resp = http
        .post(format!("{}/api/payments", t.url))
        .bearer_auth(&t.token)
        .header(IDEMPOTENCY_HEADER, idempotency_key())
        .json(&new_payment("50.00", "BTC"))
        .send()
        .await?;
    Ok(resp.status() == reqwest::StatusCode::CREATED)
}

async fn create_direct(
    http: &reqwest::Client,
    sandbox: &str,
    key: &str,
    secret: &ApiSecret,
) -> Result<bool> {
    let fields = new_payment("50.00", "BTC");
    let body = CreatePosPayment {
        key: key.to_string(),
        hash: create_hash(key, &fields.asset, &fields.amount, secret),
        fields,
        postback_url: None,
        pos_price_update_postback_url: None,
    };
    let resp = http
        .post(format!("{sandbox}/api/payment-pos/post"))
        .json(&body)
        .send()
        .await?;
    let v: Value = resp.json().await?;
    Ok(v["status"] == "ok")
}

/// Sequential creates: `n` through the proxy, `n` direct to the sandbox.
pub async fn latency(t: &Target, n: usize) -> Result<Value> {
    let http = client(4);
    // Warm up connections and caches on both paths.
    for _ in 0..5 {
        create_once(&http, t).await?;
    }
    let mut proxy = Vec::with_capacity(n);
    let mut failed = 0;
    for _ in 0..n {
        let start = Instant::now();
        if !create_once(&http, t).await? {
            failed += 1;
        }
        proxy.push(start.elapsed());
    }
    let mut direct = Vec::with_capacity(n);
    if let (Some(sandbox), Some(key), Some(secret)) = (&t.sandbox, &t.key, &t.secret) {
        for _ in 0..5 {
            create_direct(&http, sandbox, key, secret).await?;
        }
        for _ in 0..n {
            let start = Instant::now();
            if !create_direct(&http, sandbox, key, secret).await? {
                failed += 1;
            }
            direct.push(start.elapsed());
        }
    }
    let proxy = Percentiles::of(proxy);
    let direct = Percentiles::of(direct);
    let ratio = if direct.p50_ms > 0.0 {
        proxy.p50_ms / direct.p50_ms
    } else {
        0.0
    };
    Ok(
        json!({"mode": "latency", "proxy": proxy, "direct": direct, "p50_ratio": ratio, "failed": failed}),
    )
}

/// Runs `task` on `concurrency` workers for `secs`; returns (ok, failed, latencies).
async fn hammer<F, Fut>(secs: f64, concurrency: usize, task: F) -> (u64, u64, Vec<Duration>, f64)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let ok = Arc::new(AtomicU64::new(0));
    let bad = Arc::new(AtomicU64::new(0));
    let task = Arc::new(task);
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for w in 0..concurrency {
        let (ok, bad, task) = (ok.clone(), bad.clone(), task.clone());
        set.spawn(async move {
            let mut lat = Vec::new();
            let mut i = w;
            while Instant::now() < deadline {
                let start = Instant::now();
                if task(i).await {
                    ok.fetch_add(1, Ordering::Relaxed);
                } else {
                    bad.fetch_add(1, Ordering::Relaxed);
                }
                lat.push(start.elapsed());
                i += concurrency;
            }
            lat
        });
    }
    let mut all = Vec::new();
    while let Some(done) = set.join_next().await {
        all.extend(done.unwrap_or_default());
    }
    let elapsed = started.elapsed().as_secs_f64();
    (
        ok.load(Ordering::Relaxed),
        bad.load(Ordering::Relaxed),
        all,
        elapsed,
    )
}

/// Concurrent creates for `secs`.
pub async fn creates(t: &Target, secs: f64, concurrency: usize) -> Result<Value> {
    let http = client(concurrency);
    let target = t.clone();
    let (ok, bad, lat, elapsed) = hammer(secs, concurrency, move |_| {
        let (http, target) = (http.clone(), target.clone());
        async move { create_once(&http, &target).await.unwrap_or(false) }
    })
    .await;
    Ok(json!({
        "mode": "creates", "concurrency": concurrency, "seconds": elapsed,
        "ok": ok, "failed": bad, "per_second": ok as f64 / elapsed,
        "latency": Percentiles::of(lat),
    }))
}

/// Postback tokens of live payments, read from the proxy's database.
async fn postback_tokens(db: &std::path::Path) -> Result<Vec<(String, String)>> {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
    let options = SqliteConnectOptions::new()
        .filename(db)
        .read_only(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePool::connect_with(options)
        .await
        .map_err(|e| Error::Setup(format!("cannot open {}: {e}", db.display())))?;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT postback_token, payment_code FROM payments WHERE payment_code IS NOT NULL LIMIT 500",
    )
    .fetch_all(&pool)
    .await
    .map_err(|e| Error::Setup(format!("cannot read postback tokens: {e}")))?;
    pool.close().await;
    Ok(rows)
}

/// Concurrent postbacks to existing payments for `secs`.
pub async fn postbacks(t: &Target, secs: f64, concurrency: usize) -> Result<Value> {
    let db =
        t.db.as_ref()
            .ok_or_else(|| Error::Setup("postbacks needs --db".into()))?;
    let tokens = Arc::new(postback_tokens(db).await?);
    if tokens.is_empty() {
        return Err(Error::Setup("no payments to post back to".into()));
    }
    let http = client(concurrency);
    let url = t.url.clone();
    let (ok, bad, lat, elapsed) = hammer(secs, concurrency, move |i| {
        let (http, tokens, url) = (http.clone(), tokens.clone(), url.clone());
        async move {
            let (token, code) = &tokens[i % tokens.len()];
            let body = json!({"fn": "paymentUpdate", "payment_code": code, "amount": "0",
                "ask_amount": 52632, "precision": 8, "status": "awaiting", "payment_status": "0"});
            match http
                .post(format!("{url}/postback/{token}"))
                .json(&body)
                .send()
                .await
            {
                Ok(r) => r.status().is_success(),
                Err(_) => false,
            }
        }
    })
    .await;
    Ok(json!({
        "mode": "postbacks", "concurrency": concurrency, "seconds": elapsed,
        "ok": ok, "failed": bad, "per_second": ok as f64 / elapsed,
        "latency": Percentiles::of(lat),
    }))
}

/// Holds `subscribers` event streams at once, creates one payment, and counts deliveries.
pub async fn sse(t: &Target, subscribers: usize) -> Result<Value> {
    let connected = Arc::new(AtomicU64::new(0));
    let marker: Arc<tokio::sync::OnceCell<(String, Instant)>> =
        Arc::new(tokio::sync::OnceCell::new());
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap_or_default();
    let mut set = tokio::task::JoinSet::new();
    let connect_started = Instant::now();
    for _ in 0..subscribers {
        let (http, connected, marker) = (http.clone(), connected.clone(), marker.clone());
        let url = format!("{}/api/events?access_token={}", t.url, t.token);
        set.spawn(async move {
            let Ok(mut resp) = http.get(&url).send().await else {
                return None;
            };
            if !resp.status().is_success() {
                return None;
            }
            connected.fetch_add(1, Ordering::Relaxed);
            // Chunks are stamped on arrival: the event may come before the create's answer
            // (and so before the marker is known), so it is matched afterwards.
            let mut chunks: Vec<(Instant, String)> = Vec::new();
            let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
            let mut tick = tokio::time::interval(Duration::from_millis(50));
            loop {
                if let Some((id, sent)) = marker.get() {
                    if let Some((at, _)) = chunks.iter().find(|(_, c)| c.contains(id.as_str())) {
                        return Some(at.saturating_duration_since(*sent));
                    }
                }
                tokio::select! {
                    chunk = tokio::time::timeout_at(deadline, resp.chunk()) => match chunk {
                        Ok(Ok(Some(bytes))) => {
                            chunks.push((Instant::now(), String::from_utf8_lossy(&bytes).into_owned()));
                            // Keep memory flat: old chunks cannot hold the new payment.
                            if chunks.len() > 256 {
                                chunks.drain(..128);
                            }
                        }
                        _ => break,
                    },
                    _ = tick.tick() => {}
                }
            }
            None
        });
    }
    // Wait until every stream is open (or a generous time passed).
    let deadline = Instant::now() + Duration::from_secs(60);
    while (connected.load(Ordering::Relaxed) as usize) < subscribers && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let held = connected.load(Ordering::Relaxed);
    let connect_secs = connect_started.elapsed().as_secs_f64();
    // Let the server register every subscriber before the event goes out.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let http2 = client(1);
    let sent = Instant::now();
    let resp = http2
        .post(format!("{}/api/payments", t.url))
        .bearer_auth(&t.token)
        .header(IDEMPOTENCY_HEADER, idempotency_key())
        .json(&new_payment("9.99", "BTC"))
        .send()
        .await?;
    let view: Value = resp.json().await?;
    let id = view["id"]
        .as_str()
        .ok_or_else(|| Error::Api(format!("create for sse failed: {view}")))?
        .to_string();
    let _ = marker.set((id, sent));
    let mut delivered = Vec::new();
    while let Some(done) = set.join_next().await {
        if let Ok(Some(d)) = done {
            delivered.push(d);
        }
    }
    Ok(json!({
        "mode": "sse", "subscribers": subscribers, "held": held,
        "connect_seconds": connect_secs, "delivered": delivered.len(),
        "delivery": Percentiles::of(delivered),
    }))
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// `wct-load <latency|creates|postbacks|sse> --url U --token T [--sandbox S --key K]
/// [--db PATH] [--secs N] [--concurrency C] [--n N] [--subscribers M]`; the sandbox secret comes
/// from `WCT_LOAD_SECRET` (not argv, which `ps` shows).
pub async fn main_with_args(args: &[String]) -> Result<Value> {
    let mode = args.first().map(String::as_str).unwrap_or("");
    let target = Target {
        url: flag(args, "--url").ok_or_else(|| Error::Setup("--url is required".into()))?,
        token: flag(args, "--token").ok_or_else(|| Error::Setup("--token is required".into()))?,
        sandbox: flag(args, "--sandbox"),
        key: flag(args, "--key"),
        secret: std::env::var("WCT_LOAD_SECRET").ok().map(ApiSecret::new),
        db: flag(args, "--db").map(Into::into),
    };
    let num = |name: &str, default: f64| {
        flag(args, name)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(default)
    };
    match mode {
        "latency" => latency(&target, num("--n", 200.0) as usize).await,
        "creates" => {
            creates(
                &target,
                num("--secs", 10.0),
                num("--concurrency", 16.0) as usize,
            )
            .await
        }
        "postbacks" => {
            postbacks(
                &target,
                num("--secs", 10.0),
                num("--concurrency", 16.0) as usize,
            )
            .await
        }
        "sse" => sse(&target, num("--subscribers", 1000.0) as usize).await,
        other => Err(Error::Setup(format!(
            "unknown mode {other:?}: use latency, creates, postbacks or sse"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_right_samples() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let p = Percentiles::of(samples);
        assert_eq!(p.n, 100);
        assert!((p.p50_ms - 51.0).abs() < 1.01, "{}", p.p50_ms);
        assert!((p.p99_ms - 99.0).abs() < 1.01, "{}", p.p99_ms);
        assert_eq!(p.max_ms, 100.0);
        assert_eq!(Percentiles::of(Vec::new()).n, 0);
    }
}
