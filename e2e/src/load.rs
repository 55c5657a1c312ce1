//! The load generator: open-loop request schedules and held event streams.
//!
//! Open loop means requests leave at fixed intervals whatever the server does, and each one's
//! latency is measured from the moment it was *scheduled*, not from when it got a connection:
//! when the server falls behind, the queue shows in the latency (a closed loop of N workers
//! hides it by slowing down with the server). The generator's own lateness is reported
//! separately (`send_lag`), so a saturated generator is not mistaken for a slow server.
//!
//! HTTP goes through hyper's client directly (less CPU per request than reqwest: the
//! generator shares its core with the upstream). Event streams are raw HTTP/1.1 on TCP, so
//! 10,000 of them cost the generator little and can come from several loopback addresses.
//!
//! `wct-load` exposes the same runs on the command line for external checks.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{header, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wct_api::pos::IDEMPOTENCY_HEADER;
use wct_api::sign::{create_hash, ApiSecret};
use wct_api::upstream::CreatePosPayment;

use crate::harness::{idempotency_key, new_payment};
use crate::{Error, Result};

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Percentiles {
    pub n: usize,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Percentiles {
    /// Nearest-rank percentiles of `samples`.
    pub fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        let at = |q: f64| -> f64 {
            if samples.is_empty() {
                return 0.0;
            }
            let rank = (q * samples.len() as f64).ceil() as usize;
            samples[rank.clamp(1, samples.len()) - 1].as_secs_f64() * 1000.0
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

/// The generator's HTTP client: keep-alive, no Nagle delay, as many connections as requests
/// in flight.
pub type Client = hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>;

pub fn http_client() -> Client {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    hyper_util::client::legacy::Client::builder(TokioExecutor::new())
        // Below the proxy's 30 s idle timeout, so a reused connection is never a closed one.
        .pool_idle_timeout(Duration::from_secs(10))
        .build(connector)
}

/// Builds request number `i` of a run.
pub type MakeRequest = Arc<dyn Fn(u64) -> Request<Full<Bytes>> + Send + Sync>;

/// Whether an answer counts as a success.
pub type Accept = fn(StatusCode, &[u8]) -> bool;

/// `201 Created` (the proxy's create).
pub fn created(status: StatusCode, _: &[u8]) -> bool {
    status == StatusCode::CREATED
}

/// Any 2xx.
pub fn success(status: StatusCode, _: &[u8]) -> bool {
    status.is_success()
}

/// An upstream answer with `"status":"ok"`.
pub fn upstream_ok(status: StatusCode, body: &[u8]) -> bool {
    status.is_success() && contains(body, br#""status":"ok""#)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn json_post(uri: &str, body: Vec<u8>) -> http::request::Builder {
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
}

fn finish(builder: http::request::Builder, body: Vec<u8>) -> Request<Full<Bytes>> {
    builder
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Request::new(Full::new(Bytes::new())))
}

/// `POST {proxy}/api/payments` as the app sends it: 50.00 USD in BTC, a fresh idempotency
/// key, reference `{prefix}-{i}`.
pub fn proxy_create(proxy: &str, token: &str, prefix: &str) -> MakeRequest {
    let uri = format!("{}/api/payments", proxy.trim_end_matches('/'));
    let auth = format!("Bearer {token}");
    let prefix = prefix.to_string();
    Arc::new(move |i| {
        let mut payment = new_payment("50.00", "BTC");
        payment.reference = format!("{prefix}-{i}");
        let body = serde_json::to_vec(&payment).unwrap_or_default();
        let builder = json_post(&uri, body.clone())
            .header(header::AUTHORIZATION, auth.as_str())
            .header(IDEMPOTENCY_HEADER, idempotency_key());
        finish(builder, body)
    })
}

/// Where direct creates ask for postbacks (port 9, discard: nothing answers).
const DIRECT_POSTBACK_PATH: &str = "/postback/direct";

/// `POST {api_base}payment-pos/post` signed as the proxy signs it, with the same fields.
pub fn direct_create(api_base: &str, key: &str, secret: &ApiSecret, prefix: &str) -> MakeRequest {
    let uri = format!("{}/payment-pos/post", api_base.trim_end_matches('/'));
    let (key, secret, prefix) = (key.to_string(), secret.clone(), prefix.to_string());
    Arc::new(move |i| {
        let mut fields = new_payment("50.00", "BTC");
        fields.reference = format!("{prefix}-{i}");
        let request = CreatePosPayment {
            key: key.clone(),
            hash: create_hash(&key, &fields.asset, &fields.amount, &secret),
            fields,
            // Never called: the stub posts nothing, the sandbox only on later updates.
            postback_url: Some(format!("http://127.0.0.1:9{DIRECT_POSTBACK_PATH}")),
            pos_price_update_postback_url: Some(format!(
                "http://127.0.0.1:9/postback/price{DIRECT_POSTBACK_PATH}"
            )),
        };
        let body = serde_json::to_vec(&request).unwrap_or_default();
        finish(json_post(&uri, body.clone()), body)
    })
}

/// A `paymentUpdate` postback ("nothing received yet") to each `(payment_code, url)` in turn.
pub fn postbacks(targets: Vec<(String, String)>) -> MakeRequest {
    // Built once: the generator's CPU per request is part of what the bench has to spare.
    let prepared: Arc<[(http::Uri, Bytes)]> = targets
        .iter()
        .filter_map(|(code, url)| {
            let body = json!({"fn": "paymentUpdate", "payment_code": code, "amount": "0",
                "ask_amount": 52632, "precision": 8, "status": "awaiting", "payment_status": "0"});
            Some((
                url.parse().ok()?,
                Bytes::from(serde_json::to_vec(&body).ok()?),
            ))
        })
        .collect();
    Arc::new(move |i| {
        let Some((uri, body)) = prepared.get((i as usize) % prepared.len().max(1)) else {
            return Request::new(Full::new(Bytes::new()));
        };
        Request::builder()
            .method(Method::POST)
            .uri(uri.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, body.len())
            .body(Full::new(body.clone()))
            .unwrap_or_else(|_| Request::new(Full::new(Bytes::new())))
    })
}

/// One open-loop run: `warmup` requests (not measured), then `samples` measured ones, all at
/// `rate` per second.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub rate: f64,
    pub warmup: usize,
    pub samples: usize,
}

impl Schedule {
    /// At least `min_samples` and `min_secs` of measured load, after a second of warm-up (at
    /// least 200 requests) at the same rate.
    pub fn at(rate: f64, min_samples: usize, min_secs: f64) -> Self {
        Self {
            rate,
            warmup: (rate as usize).max(200),
            samples: min_samples.max((rate * min_secs) as usize),
        }
    }
}

/// What an open-loop run measured (its measured part only).
#[derive(Debug, Clone, Serialize, Default)]
pub struct RateRun {
    pub offered_per_s: f64,
    pub sent: usize,
    pub ok: usize,
    pub errors: usize,
    /// Successes per second, from the first measured request's scheduled time to the last
    /// answer.
    pub achieved_per_s: f64,
    pub seconds: f64,
    /// From the scheduled send time to the whole answer read, successes only.
    pub latency: Percentiles,
    /// How late the generator itself started requests (its own CPU limit, not the server's).
    pub send_lag: Percentiles,
    pub peak_in_flight: usize,
    /// The first few failures, for the report.
    pub first_errors: Vec<String>,
}

impl RateRun {
    /// Achieved at least 95 % of the offered rate, without errors.
    pub fn sustained(&self) -> bool {
        self.errors == 0 && self.sent > 0 && self.achieved_per_s >= 0.95 * self.offered_per_s
    }
}

struct Sample {
    measured: bool,
    scheduled: Instant,
    lag: Duration,
    latency: Duration,
    done: Instant,
    error: Option<String>,
}

/// Longest wait for one answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Requests in flight at most (open files); beyond it requests wait, and the wait counts.
const MAX_IN_FLIGHT: usize = 8192;

async fn send_one(
    client: &Client,
    request: Request<Full<Bytes>>,
    accept: Accept,
) -> Option<String> {
    let exchange = async {
        let response = client
            .request(request)
            .await
            .map_err(|e| format!("send: {e}"))?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        if accept(status, &body) {
            Ok(())
        } else {
            let text = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
            Err(format!("{status}: {text}"))
        }
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e),
        Err(_) => Some(format!("no answer in {} s", REQUEST_TIMEOUT.as_secs())),
    }
}

/// Sends `schedule` open-loop and measures it.
///
/// A plain thread keeps the time (its sleep is accurate to tens of µs; tokio's timer rounds up
/// to whole milliseconds, which would add up to a millisecond to every latency) and hands each
/// request to the runtime at its scheduled instant.
pub async fn open_loop(
    client: &Client,
    schedule: Schedule,
    make: MakeRequest,
    accept: Accept,
) -> RateRun {
    let total = schedule.warmup + schedule.samples;
    let interval = Duration::from_secs_f64(1.0 / schedule.rate.max(0.001));
    let gate = Arc::new(tokio::sync::Semaphore::new(MAX_IN_FLIGHT));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (tick, mut ticks) = tokio::sync::mpsc::unbounded_channel::<(usize, Instant)>();
    let pacer = std::thread::spawn(move || {
        let start = Instant::now() + Duration::from_millis(20);
        for i in 0..total {
            let scheduled = start + interval.mul_f64(i as f64);
            let now = Instant::now();
            if scheduled > now {
                std::thread::sleep(scheduled - now);
            }
            if tick.send((i, scheduled)).is_err() {
                return;
            }
        }
    });
    let mut handles = Vec::with_capacity(total);
    while let Some((i, scheduled)) = ticks.recv().await {
        let lag = scheduled.elapsed();
        let request = make(i as u64);
        let (client, gate, in_flight, peak) = (
            client.clone(),
            gate.clone(),
            in_flight.clone(),
            peak.clone(),
        );
        handles.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            peak.fetch_max(
                in_flight.fetch_add(1, Ordering::Relaxed) + 1,
                Ordering::Relaxed,
            );
            let error = send_one(&client, request, accept).await;
            in_flight.fetch_sub(1, Ordering::Relaxed);
            let done = Instant::now();
            Sample {
                measured: i >= schedule.warmup,
                scheduled,
                lag,
                latency: done.saturating_duration_since(scheduled),
                done,
                error,
            }
        }));
    }
    let _ = pacer.join();
    let mut samples = Vec::with_capacity(total);
    for handle in handles {
        if let Ok(sample) = handle.await {
            samples.push(sample);
        }
    }
    summarise(schedule, samples, peak.load(Ordering::Relaxed))
}

fn summarise(schedule: Schedule, samples: Vec<Sample>, peak_in_flight: usize) -> RateRun {
    let measured: Vec<&Sample> = samples.iter().filter(|s| s.measured).collect();
    let first = measured.iter().map(|s| s.scheduled).min();
    let last = measured.iter().map(|s| s.done).max();
    let seconds = match (first, last) {
        (Some(a), Some(b)) => b.saturating_duration_since(a).as_secs_f64(),
        _ => 0.0,
    };
    let ok = measured.iter().filter(|s| s.error.is_none()).count();
    let mut first_errors: Vec<String> = Vec::new();
    for e in measured.iter().filter_map(|s| s.error.as_ref()) {
        if first_errors.len() >= 3 {
            break;
        }
        if !first_errors.contains(e) {
            first_errors.push(e.clone());
        }
    }
    RateRun {
        offered_per_s: schedule.rate,
        sent: measured.len(),
        ok,
        errors: measured.len() - ok,
        achieved_per_s: if seconds > 0.0 {
            ok as f64 / seconds
        } else {
            0.0
        },
        seconds,
        latency: Percentiles::of(
            measured
                .iter()
                .filter(|s| s.error.is_none())
                .map(|s| s.latency)
                .collect(),
        ),
        send_lag: Percentiles::of(measured.iter().map(|s| s.lag).collect()),
        peak_in_flight,
        first_errors,
    }
}

/// Sends `n` requests with at most `concurrency` in flight (set-up work, not measured);
/// returns how many succeeded.
pub async fn closed_loop(
    client: &Client,
    n: usize,
    concurrency: usize,
    make: MakeRequest,
    accept: Accept,
) -> usize {
    let next = Arc::new(AtomicU64::new(0));
    let ok = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency.max(1) {
        let (client, next, ok, make) = (client.clone(), next.clone(), ok.clone(), make.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n as u64 {
                    break;
                }
                if send_one(&client, make(i), accept).await.is_none() {
                    ok.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for w in workers {
        let _ = w.await;
    }
    ok.load(Ordering::Relaxed)
}

// ----- event streams -----

/// The reference prefix of payments created to be seen on streams: `BENCH-SSE-<n>`.
pub const SSE_MARKER: &str = "BENCH-SSE-";

/// Where each marker arrived, per stream.
type Arrivals = Arc<Mutex<HashMap<u64, Vec<Instant>>>>;

/// Many event streams held open at once, each watching for `BENCH-SSE-<n>` references.
pub struct StreamPool {
    target: SocketAddr,
    head: Arc<Vec<u8>>,
    sources: Vec<Ipv4Addr>,
    held: Arc<AtomicUsize>,
    refused: Arc<AtomicUsize>,
    failed: Arc<AtomicUsize>,
    arrivals: Arrivals,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

/// What opening streams gave.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Opened {
    pub wanted: usize,
    pub held: usize,
    pub refused: usize,
    pub failed: usize,
    pub seconds: f64,
}

impl StreamPool {
    /// Streams of `GET {path}` on `target` (with `token` as `Authorization: Bearer`),
    /// connected from the loopback `sources` in turn.
    pub fn new(
        target: SocketAddr,
        path: &str,
        token: Option<&str>,
        sources: Vec<Ipv4Addr>,
    ) -> Self {
        let auth = token.map_or_else(String::new, |t| format!("Authorization: Bearer {t}\r\n"));
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: {target}\r\n{auth}Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
        );
        Self {
            target,
            head: Arc::new(head.into_bytes()),
            sources: if sources.is_empty() {
                vec![Ipv4Addr::LOCALHOST]
            } else {
                sources
            },
            held: Arc::default(),
            refused: Arc::default(),
            failed: Arc::default(),
            arrivals: Arc::default(),
            tasks: Vec::new(),
        }
    }

    /// Streams open now.
    pub fn held(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }

    /// Opens streams until `total` were attempted, `concurrency` connecting at a time; waits
    /// until each is open or refused (at most a minute).
    pub async fn grow_to(&mut self, total: usize, concurrency: usize) -> Opened {
        let started = Instant::now();
        let before = self.tasks.len();
        let gate = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
        let settled = Arc::new(AtomicUsize::new(0));
        for i in before..total {
            let source = self.sources[i % self.sources.len()];
            let (target, head, gate, settled) = (
                self.target,
                self.head.clone(),
                gate.clone(),
                settled.clone(),
            );
            let (held, refused, failed, arrivals) = (
                self.held.clone(),
                self.refused.clone(),
                self.failed.clone(),
                self.arrivals.clone(),
            );
            self.tasks.push(tokio::spawn(async move {
                let permit = gate.acquire_owned().await;
                let opened = open_stream(target, source, &head).await;
                drop(permit);
                settled.fetch_add(1, Ordering::Relaxed);
                match opened {
                    Ok(Some((stream, rest))) => {
                        held.fetch_add(1, Ordering::Relaxed);
                        watch(stream, rest, arrivals).await;
                        held.fetch_sub(1, Ordering::Relaxed);
                    }
                    Ok(None) => {
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }));
        }
        let wanted = total.saturating_sub(before);
        let deadline = Instant::now() + Duration::from_secs(60);
        while settled.load(Ordering::Relaxed) < wanted && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Opened {
            wanted,
            held: self.held(),
            refused: self.refused.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            seconds: started.elapsed().as_secs_f64(),
        }
    }

    /// When each stream saw marker `n` (one entry per stream that saw it).
    pub fn arrivals(&self, marker: u64) -> Vec<Instant> {
        self.arrivals
            .lock()
            .map(|a| a.get(&marker).cloned().unwrap_or_default())
            .unwrap_or_default()
    }

    /// Closes every stream.
    pub fn close(self) {
        for task in self.tasks {
            task.abort();
        }
    }
}

/// Event streams over HTTP/2 on the proxy's TLS: `per_connection` streams share each
/// connection, connected from the loopback `sources` in turn, each watching for markers.
pub struct H2Pool {
    target: SocketAddr,
    tls: tokio_rustls::TlsConnector,
    request: Arc<Request<()>>,
    sources: Vec<Ipv4Addr>,
    per_connection: usize,
    held: Arc<AtomicUsize>,
    failed: Arc<AtomicUsize>,
    connections: usize,
    arrivals: Arrivals,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl H2Pool {
    /// Streams of `GET {path}` with `token`, on `target` whose certificate for `localhost`
    /// is signed by the PEM `ca`.
    pub fn new(
        target: SocketAddr,
        ca_pem: &str,
        path: &str,
        token: &str,
        sources: Vec<Ipv4Addr>,
        per_connection: usize,
    ) -> Result<Self> {
        use rustls::pki_types::pem::PemObject;
        let ca = rustls::pki_types::CertificateDer::from_pem_slice(ca_pem.as_bytes())
            .map_err(|e| Error::Setup(format!("the proxy's CA: {e}")))?;
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(ca)
            .map_err(|e| Error::Setup(format!("the proxy's CA: {e}")))?;
        let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Setup(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
        config.alpn_protocols = vec![b"h2".to_vec()];
        let request = Request::get(format!("https://localhost{path}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::ACCEPT, "text/event-stream")
            .body(())
            .map_err(|e| Error::Setup(e.to_string()))?;
        Ok(Self {
            target,
            tls: tokio_rustls::TlsConnector::from(Arc::new(config)),
            request: Arc::new(request),
            sources: if sources.is_empty() {
                vec![Ipv4Addr::LOCALHOST]
            } else {
                sources
            },
            per_connection: per_connection.max(1),
            held: Arc::default(),
            failed: Arc::default(),
            connections: 0,
            arrivals: Arc::default(),
            tasks: Vec::new(),
        })
    }

    /// Streams open now.
    pub fn held(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }

    /// Connections opened so far.
    pub fn connections(&self) -> usize {
        self.connections
    }

    /// Opens connections of `per_connection` streams until `total` streams were asked for,
    /// `concurrency` connections at a time; waits until each settled (at most two minutes).
    pub async fn grow_to(&mut self, total: usize, concurrency: usize) -> Opened {
        let started = Instant::now();
        let before = self.connections * self.per_connection;
        let gate = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
        let settled = Arc::new(AtomicUsize::new(0));
        let mut asked = 0;
        while self.connections * self.per_connection < total {
            let streams = self
                .per_connection
                .min(total - self.connections * self.per_connection);
            asked += streams;
            let source = self.sources[self.connections % self.sources.len()];
            self.connections += 1;
            let (target, tls, request, gate, settled) = (
                self.target,
                self.tls.clone(),
                self.request.clone(),
                gate.clone(),
                settled.clone(),
            );
            let (held, failed, arrivals) = (
                self.held.clone(),
                self.failed.clone(),
                self.arrivals.clone(),
            );
            self.tasks.push(tokio::spawn(async move {
                let permit = gate.acquire_owned().await;
                let opened = h2_connect(target, source, &tls).await;
                let Ok(client) = opened else {
                    failed.fetch_add(streams, Ordering::Relaxed);
                    settled.fetch_add(streams, Ordering::Relaxed);
                    return;
                };
                let mut watchers = tokio::task::JoinSet::new();
                for _ in 0..streams {
                    match h2_open(client.clone(), &request).await {
                        Some(body) => {
                            held.fetch_add(1, Ordering::Relaxed);
                            let (held, arrivals) = (held.clone(), arrivals.clone());
                            watchers.spawn(async move {
                                watch_h2(body, arrivals).await;
                                held.fetch_sub(1, Ordering::Relaxed);
                            });
                        }
                        None => {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    settled.fetch_add(1, Ordering::Relaxed);
                }
                drop(permit);
                while watchers.join_next().await.is_some() {}
            }));
        }
        let deadline = Instant::now() + Duration::from_secs(120);
        while settled.load(Ordering::Relaxed) < asked && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Opened {
            wanted: total.saturating_sub(before),
            held: self.held(),
            refused: 0,
            failed: self.failed.load(Ordering::Relaxed),
            seconds: started.elapsed().as_secs_f64(),
        }
    }

    /// When each stream saw marker `n`.
    pub fn arrivals(&self, marker: u64) -> Vec<Instant> {
        self.arrivals
            .lock()
            .map(|a| a.get(&marker).cloned().unwrap_or_default())
            .unwrap_or_default()
    }

    /// Waits until `expected` streams saw `marker` (or `wait` passed); the delivery times.
    pub async fn await_delivery(
        &self,
        marker: u64,
        sent: Instant,
        expected: usize,
        wait: Duration,
    ) -> Vec<Duration> {
        let deadline = Instant::now() + wait;
        loop {
            let arrivals = self.arrivals(marker);
            if arrivals.len() >= expected || Instant::now() >= deadline {
                return arrivals
                    .iter()
                    .map(|a| a.saturating_duration_since(sent))
                    .collect();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Closes every stream and connection.
    pub fn close(self) {
        for task in self.tasks {
            task.abort();
        }
    }
}

/// A TLS connection from `source` negotiating `h2`, and its HTTP/2 client.
async fn h2_connect(
    target: SocketAddr,
    source: Ipv4Addr,
    tls: &tokio_rustls::TlsConnector,
) -> std::io::Result<h2::client::SendRequest<Bytes>> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((source, 0)))?;
    let tcp = tokio::time::timeout(Duration::from_secs(30), socket.connect(target))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "connect"))??;
    tcp.set_nodelay(true)?;
    let name = rustls::pki_types::ServerName::try_from("localhost")
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let stream = tls.connect(name, tcp).await?;
    let (client, connection) = h2::client::handshake(stream)
        .await
        .map_err(std::io::Error::other)?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// Opens one stream on `client`: its body when the answer is a 200.
async fn h2_open(
    client: h2::client::SendRequest<Bytes>,
    request: &Request<()>,
) -> Option<h2::RecvStream> {
    let mut ready = tokio::time::timeout(Duration::from_secs(30), client.ready())
        .await
        .ok()?
        .ok()?;
    let mut copy = Request::get(request.uri().clone()).body(()).ok()?;
    *copy.headers_mut() = request.headers().clone();
    let (response, _) = ready.send_request(copy, true).ok()?;
    let response = tokio::time::timeout(Duration::from_secs(30), response)
        .await
        .ok()?
        .ok()?;
    (response.status() == StatusCode::OK).then(|| response.into_body())
}

/// Reads an HTTP/2 stream until it ends, noting the first arrival of each new marker.
async fn watch_h2(mut body: h2::RecvStream, arrivals: Arrivals) {
    let mut seen = 0u64;
    let mut carry: Vec<u8> = Vec::new();
    while let Some(Ok(chunk)) = body.data().await {
        let _ = body.flow_control().release_capacity(chunk.len());
        let now = Instant::now();
        carry.extend_from_slice(&chunk);
        for marker in markers(&carry) {
            if marker > seen {
                seen = marker;
                if let Ok(mut a) = arrivals.lock() {
                    a.entry(marker).or_default().push(now);
                }
            }
        }
        let keep = carry.len().min(40);
        carry.drain(..carry.len() - keep);
    }
}

/// Opens `n` keep-alive connections that each made one `GET {path}` and then sit idle: what a
/// connection costs the server without a stream on it. Returns them (closed when dropped) and
/// how many failed.
pub async fn hold_idle_connections(
    target: SocketAddr,
    path: &str,
    n: usize,
    sources: &[Ipv4Addr],
    concurrency: usize,
) -> (Vec<tokio::net::TcpStream>, usize) {
    let head: Arc<Vec<u8>> =
        Arc::new(format!("GET {path} HTTP/1.1\r\nHost: {target}\r\n\r\n").into_bytes());
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for i in 0..n {
        let source = sources
            .get(i % sources.len().max(1))
            .copied()
            .unwrap_or(Ipv4Addr::LOCALHOST);
        let (head, gate) = (head.clone(), gate.clone());
        set.spawn(async move {
            let _permit = gate.acquire_owned().await;
            open_stream(target, source, &head)
                .await
                .ok()
                .flatten()
                .map(|(stream, _)| stream)
        });
    }
    let (mut held, mut failed) = (Vec::with_capacity(n), 0);
    while let Some(done) = set.join_next().await {
        match done {
            Ok(Some(stream)) => held.push(stream),
            _ => failed += 1,
        }
    }
    (held, failed)
}

/// Connects from `source`, sends the request head and reads the answer's head: `Some` with
/// the stream and any body bytes already read when it is a 200, `None` when refused.
async fn open_stream(
    target: SocketAddr,
    source: Ipv4Addr,
    head: &[u8],
) -> std::io::Result<Option<(tokio::net::TcpStream, Vec<u8>)>> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((source, 0)))?;
    let mut stream = tokio::time::timeout(Duration::from_secs(30), socket.connect(target))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "connect"))??;
    stream.set_nodelay(true)?;
    stream.write_all(head).await?;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let end = loop {
        let n = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut chunk))
            .await
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "head"))??;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > 16 * 1024 {
            return Err(std::io::ErrorKind::InvalidData.into());
        }
    };
    let ok = buf.starts_with(b"HTTP/1.1 200");
    Ok(ok.then(|| (stream, buf.split_off(end))))
}

/// Reads a stream until it ends, noting the first arrival of each new marker.
async fn watch(mut stream: tokio::net::TcpStream, first: Vec<u8>, arrivals: Arrivals) {
    let mut seen = 0u64;
    let mut carry: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 4096];
    let mut data = first;
    loop {
        if !data.is_empty() {
            let now = Instant::now();
            carry.extend_from_slice(&data);
            for marker in markers(&carry) {
                if marker > seen {
                    seen = marker;
                    if let Ok(mut a) = arrivals.lock() {
                        a.entry(marker).or_default().push(now);
                    }
                }
            }
            // Keep a tail long enough to hold a marker cut in two.
            let keep = carry.len().min(40);
            carry.drain(..carry.len() - keep);
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => data = chunk[..n].to_vec(),
        }
    }
}

/// Every complete `BENCH-SSE-<digits>` in `text` (followed by a non-digit).
fn markers(text: &[u8]) -> Vec<u64> {
    let needle = SSE_MARKER.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + needle.len() <= text.len() {
        if &text[i..i + needle.len()] == needle {
            let digits_start = i + needle.len();
            let digits = text[digits_start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let end = digits_start + digits;
            if digits > 0 && end < text.len() {
                if let Some(n) = std::str::from_utf8(&text[digits_start..end])
                    .ok()
                    .and_then(|s| s.parse().ok())
                {
                    found.push(n);
                }
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

/// Creates one payment whose reference is `BENCH-SSE-<marker>` (its event is what the streams
/// wait for); returns when it was sent.
pub async fn publish_marker(proxy: &str, token: &str, marker: u64) -> Result<Instant> {
    publish_marker_with(&reqwest::Client::new(), proxy, token, marker).await
}

/// `publish_marker` through `http` (a client that trusts the proxy's TLS, say).
pub async fn publish_marker_with(
    http: &reqwest::Client,
    proxy: &str,
    token: &str,
    marker: u64,
) -> Result<Instant> {
    let mut payment = new_payment("9.99", "BTC");
    payment.reference = format!("{SSE_MARKER}{marker}");
    let sent = Instant::now();
    let response = http
        .post(format!("{}/api/payments", proxy.trim_end_matches('/')))
        .bearer_auth(token)
        .header(IDEMPOTENCY_HEADER, idempotency_key())
        .json(&payment)
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::CREATED {
        let status = response.status();
        return Err(Error::Api(format!(
            "create for the streams: {status} {}",
            response.text().await?
        )));
    }
    Ok(sent)
}

/// Waits until `expected` streams saw `marker` (or `wait` passed); returns the delivery
/// times from `sent`.
pub async fn await_delivery(
    pool: &StreamPool,
    marker: u64,
    sent: Instant,
    expected: usize,
    wait: Duration,
) -> Vec<Duration> {
    let deadline = Instant::now() + wait;
    loop {
        let arrivals = pool.arrivals(marker);
        if arrivals.len() >= expected || Instant::now() >= deadline {
            return arrivals
                .iter()
                .map(|a| a.saturating_duration_since(sent))
                .collect();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

// ----- the command line (`wct-load`) -----

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn required(args: &[String], name: &str) -> Result<String> {
    flag(args, name).ok_or_else(|| Error::Setup(format!("{name} is required")))
}

/// `(payment_code, postback_url)` pairs the stub upstream was given.
pub async fn stub_postback_targets(stub: &str, limit: usize) -> Result<Vec<(String, String)>> {
    let list: Vec<Value> = reqwest::get(format!(
        "{}/stub/postbacks?limit={limit}",
        stub.trim_end_matches('/')
    ))
    .await?
    .json()
    .await?;
    Ok(list
        .iter()
        .filter_map(|v| {
            Some((
                v["payment_code"].as_str()?.to_string(),
                v["postback_url"].as_str()?.to_string(),
            ))
        })
        // Payments created straight at the upstream carry a URL nobody listens on.
        .filter(|(_, url)| !url.ends_with(DIRECT_POSTBACK_PATH))
        .collect())
}

/// `wct-load <creates|direct|postbacks|streams|h2streams> …` (see the binary's help); prints one JSON.
pub async fn main_with_args(args: &[String]) -> Result<Value> {
    let mode = args.first().map(String::as_str).unwrap_or("");
    let num = |name: &str, default: f64| {
        flag(args, name)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(default)
    };
    let schedule = Schedule {
        rate: num("--rate", 200.0),
        warmup: num("--warmup", 100.0) as usize,
        samples: num("--n", 3000.0) as usize,
    };
    let prefix = format!("LOAD-{:08x}", rand::random::<u32>());
    let client = http_client();
    let run = match mode {
        "creates" => {
            let make = proxy_create(
                &required(args, "--url")?,
                &required(args, "--token")?,
                &prefix,
            );
            open_loop(&client, schedule, make, created).await
        }
        "direct" => {
            let secret = std::env::var("WCT_LOAD_SECRET")
                .map(ApiSecret::new)
                .map_err(|_| Error::Setup("WCT_LOAD_SECRET is required".into()))?;
            let make = direct_create(
                &required(args, "--upstream")?,
                &required(args, "--key")?,
                &secret,
                &prefix,
            );
            open_loop(&client, schedule, make, upstream_ok).await
        }
        "postbacks" => {
            let targets = stub_postback_targets(&required(args, "--stub")?, 1000).await?;
            if targets.is_empty() {
                return Err(Error::Setup(
                    "the stub holds no postback URLs: create payments first".into(),
                ));
            }
            open_loop(&client, schedule, postbacks(targets), success).await
        }
        "streams" => {
            let url = required(args, "--url")?;
            let token = required(args, "--token")?;
            let target: SocketAddr = url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .parse()
                .map_err(|_| Error::Setup("--url must be http://IP:PORT".into()))?;
            let sources = (1..=16).map(|i| Ipv4Addr::new(127, 0, 0, i)).collect();
            let mut pool = StreamPool::new(target, "/api/events", Some(&token), sources);
            let opened = pool.grow_to(num("--count", 1000.0) as usize, 256).await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            let sent = publish_marker(&url, &token, 1).await?;
            let delivered =
                await_delivery(&pool, 1, sent, opened.held, Duration::from_secs(30)).await;
            let report = json!({"mode": "streams", "opened": opened,
                "delivered": delivered.len(), "delivery": Percentiles::of(delivered)});
            pool.close();
            return Ok(report);
        }
        "h2streams" => {
            // Over HTTP/2 on the proxy's own TLS: --url https://IP:PORT, --ca its CA (PEM).
            let url = required(args, "--url")?;
            let token = required(args, "--token")?;
            let ca = std::fs::read_to_string(required(args, "--ca")?)?;
            let target: SocketAddr = url
                .trim_start_matches("https://")
                .trim_end_matches('/')
                .parse()
                .map_err(|_| Error::Setup("--url must be https://IP:PORT".into()))?;
            let sources = (1..=16).map(|i| Ipv4Addr::new(127, 0, 0, i)).collect();
            let per = num("--per-connection", 40.0) as usize;
            let mut pool = H2Pool::new(target, &ca, "/api/events", &token, sources, per)?;
            let count = num("--count", 1000.0) as usize;
            let opened = pool.grow_to(count, 64).await;
            // Time to read the server's memory while every stream is held.
            let hold = num("--hold-secs", 0.0);
            tokio::time::sleep(Duration::from_secs_f64(hold.max(0.5))).await;
            let https = reqwest::Client::builder()
                .danger_accept_invalid_certs(true)
                .build()?;
            let sent = publish_marker_with(&https, &url, &token, 1).await?;
            let delivered = pool
                .await_delivery(1, sent, opened.held, Duration::from_secs(30))
                .await;
            let report = json!({"mode": "h2streams", "opened": opened,
                "connections": pool.connections(), "delivered": delivered.len(),
                "delivered_share": delivered.len() as f64 / count.max(1) as f64,
                "delivery": Percentiles::of(delivered)});
            pool.close();
            return Ok(report);
        }
        other => {
            return Err(Error::Setup(format!(
                "unknown mode {other:?}: use creates, direct, postbacks, streams or h2streams"
            )))
        }
    };
    Ok(json!({"mode": mode, "run": run}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_right_samples() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let p = Percentiles::of(samples);
        assert_eq!(p.n, 100);
        assert_eq!(p.p50_ms, 50.0);
        assert_eq!(p.p99_ms, 99.0);
        assert_eq!(p.max_ms, 100.0);
        assert_eq!(Percentiles::of(Vec::new()).n, 0);
        // With 3,000 samples, p99 is the 2,970th: 30 samples lie above it.
        let p = Percentiles::of((1..=3000).map(Duration::from_micros).collect());
        assert_eq!(p.p99_ms, 2.97);
    }

    #[test]
    fn markers_are_found_whole_and_cut_ones_wait() {
        let text = br#"data: {"reference":"BENCH-SSE-12","x":1} BENCH-SSE-3" BENCH-SSE-45"#;
        assert_eq!(markers(text), vec![12, 3]);
        assert_eq!(markers(b"BENCH-SSE-"), Vec::<u64>::new());
    }

    #[test]
    fn open_loop_keeps_the_schedule_and_counts_queueing() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            // A server that takes 30 ms per request, one at a time: at 100/s offered it can
            // serve about 33/s, so an open loop must show latency growing far past 30 ms.
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let lock = Arc::new(tokio::sync::Mutex::new(()));
            let app = axum::Router::new().route(
                "/",
                axum::routing::post(move || {
                    let lock = lock.clone();
                    async move {
                        let _one = lock.lock().await;
                        tokio::time::sleep(Duration::from_millis(30)).await;
                        "ok"
                    }
                }),
            );
            tokio::spawn(async move { axum::serve(listener, app).await });
            let uri = format!("http://{addr}/");
            let make: MakeRequest =
                Arc::new(move |_| finish(json_post(&uri, Vec::new()), Vec::new()));
            let schedule = Schedule {
                rate: 100.0,
                warmup: 0,
                samples: 60,
            };
            let started = Instant::now();
            let run = open_loop(&http_client(), schedule, make, success).await;
            assert_eq!(run.ok, 60);
            assert!(run.achieved_per_s < 50.0, "{run:?}");
            assert!(run.latency.p99_ms > 500.0, "queueing hidden: {run:?}");
            assert!(!run.sustained());
            // Requests kept leaving while earlier ones waited: a closed loop would hold one.
            assert!(run.peak_in_flight >= 20, "{run:?}");
            assert!(started.elapsed() > Duration::from_millis(1500));
        });
    }
}
