//! The edge of the proxy: our own accept loop over hyper, so that every connection has a
//! header deadline and an idle timeout and takes a place under a global and a per-address
//! cap (axum's `serve` has none of these); the caps on event streams and their lifetime; and
//! the request guards of the layer stack (early 413, clean `X-Request-Id`, `no-store`).

mod caps;
pub use caps::*;
mod streams;
pub use streams::*;
mod clients;
pub use clients::*;
mod open_files;
pub use open_files::*;
mod guards;
pub use guards::*;

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Request, Response, StatusCode};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::{Json, Router};
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;
use wct_api::pos::{ApiErrorBody, ErrorCode};

use crate::http::error::AppError;
use crate::http::extract::{JSON_LIMIT, POSTBACK_LIMIT};

/// Largest request head (and read buffer) a connection may fill; over HTTP/2, the largest
/// header list (HPACK-decoded), however many CONTINUATION frames carry it.
const MAX_BUF: usize = 64 * 1024;
/// HTTP/2: streams a client may open and reset before the server has seen them, at once
/// (the rapid-reset attack, CVE-2023-44487, is this number going up without bound); past
/// it the connection is closed with GOAWAY.
const H2_MAX_PENDING_RESETS: usize = 20;
/// HTTP/2: streams the server may reset on a connection for the client's errors before it
/// closes the connection.
const H2_MAX_LOCAL_RESETS: usize = 100;
/// HTTP/2: a PING to every connection this often; no answer within `H2_PING_TIMEOUT`
/// closes it (a dead tablet's streams are not held for ever).
const H2_PING_EVERY: Duration = Duration::from_secs(30);
const H2_PING_TIMEOUT: Duration = Duration::from_secs(20);
/// HTTP/2: flow-control windows. Request bodies are small JSON, so a stream may have 64 KiB
/// in flight and a connection 256 KiB; and at most 64 KiB is queued to send per stream.
const H2_STREAM_WINDOW: u32 = 64 * 1024;
const H2_CONNECTION_WINDOW: u32 = 256 * 1024;
const H2_SEND_BUF: usize = 64 * 1024;
/// Connections refused over a cap that are still being answered at once (each holds its
/// socket until the client has read the answer, at most `REFUSE_WAIT`); beyond that a
/// refused connection is just closed.
const REFUSERS: usize = 256;
/// How long a refused connection may take to read its 503/429.
const REFUSE_WAIT: Duration = Duration::from_secs(2);
/// What `Retry-After` says when a cap is reached.
const RETRY_AFTER_SECS: u64 = 5;
/// Open files kept free for the database, the upstream client, the embedded sandbox and the
/// refused connections being answered when the connection cap is fitted to the open-file
/// limit.
const RESERVED_FILES: usize = 128 + REFUSERS;

/// The per-connection settings (from `Config`).
#[derive(Debug, Clone)]
pub struct ConnLimits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    /// HTTP/2: streams one connection may have open at once.
    pub h2_max_streams: u32,
}

// ---- the accept loop -----------------------------------------------------------------------

/// What the accept loop adds to the connection limits: TLS (or plain HTTP) and whose
/// forwarded headers are believed.
#[derive(Clone, Default)]
pub struct Edge {
    pub tls: Option<tokio_rustls::TlsAcceptor>,
    pub proxies: Arc<TrustedProxies>,
}

/// Serves `router` on `listener` until `shutdown`, then stops accepting, asks every
/// connection to finish its request and close, and returns when all have. Dropping the
/// returned future closes every connection at once.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnLimits,
    edge: Edge,
    shutdown: CancellationToken,
) {
    let gate: Arc<Gate<IpAddr>> = Gate::new(limits.max_connections);
    let limits = Arc::new(limits);
    let refusers = Arc::new(Semaphore::new(REFUSERS));
    let mut tasks = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) if is_per_connection(&e) => continue,
            Err(e) => {
                // Out of file descriptors or similar: wait for connections to close.
                tracing::warn!(error = %e, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // A trusted proxy carries many clients on its connections: only the global cap
        // counts them (their requests are still capped per client, by the forwarded address).
        let per_ip = if edge.proxies.trusts(peer.ip()) {
            usize::MAX
        } else {
            limits.max_connections_per_ip
        };
        match gate.acquire(client_key(peer.ip()), per_ip) {
            Ok(permit) => {
                let _ = stream.set_nodelay(true);
                let (router, limits, shutdown) = (router.clone(), limits.clone(), shutdown.clone());
                // Two tasks of their own sizes: a task is allocated at its largest state, and
                // a TLS one (handshake, rustls buffers) would make every plain connection
                // cost 5 KiB more.
                match edge.tls.clone() {
                    None => tasks.spawn(http_connection(
                        stream,
                        peer,
                        router,
                        limits,
                        edge.clone(),
                        shutdown,
                        permit,
                        Protocol::H1,
                    )),
                    Some(acceptor) => tasks.spawn(tls_connection(
                        acceptor,
                        stream,
                        peer,
                        router,
                        limits,
                        edge.clone(),
                        shutdown,
                        permit,
                    )),
                };
            }
            Err(refused) => {
                note_refusal("connection", refused);
                if let Ok(slot) = refusers.clone().try_acquire_owned() {
                    let answer = Overloaded {
                        refused,
                        what: "connections",
                    };
                    // Over TLS a plain-text answer would be noise: just close.
                    if edge.tls.is_none() {
                        tasks.spawn(refuse(stream, answer, slot));
                    }
                }
            }
        }
    }
    drop(listener);
    while tasks.join_next().await.is_some() {}
}

/// Accept errors that concern one connection only (it was reset before we took it).
fn is_per_connection(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted
    )
}

/// Answers a refused connection, then closes it after reading what the client sent, so the
/// close does not reset the connection before the client has read the answer.
async fn refuse(mut stream: TcpStream, answer: Overloaded, _slot: OwnedSemaphorePermit) {
    let bytes = answer.raw_response();
    let _ = tokio::time::timeout(REFUSE_WAIT, async {
        stream.write_all(&bytes).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}

#[allow(clippy::too_many_arguments)]
async fn tls_connection(
    acceptor: tokio_rustls::TlsAcceptor,
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Arc<ConnLimits>,
    edge: Edge,
    shutdown: CancellationToken,
    place: Permit<IpAddr>,
) {
    // The handshake owes us its bytes within the header timeout, like a request head.
    let handshake = tokio::select! {
        () = shutdown.cancelled() => return,
        done = tokio::time::timeout(limits.header_timeout, acceptor.accept(stream)) => done,
    };
    let mut stream = match handshake {
        Ok(Ok(stream)) => stream,
        Ok(Err(e)) => {
            tracing::debug!(%peer, error = %e, "TLS handshake failed");
            return;
        }
        Err(_) => {
            tracing::debug!(%peer, "closing a connection that did not finish its TLS handshake in time");
            return;
        }
    };
    let alpn = stream.get_ref().1.alpn_protocol();
    if alpn == Some(crate::http::tls::ACME_TLS_ALPN) {
        // An ACME CA checking our TLS-ALPN-01 answer: the handshake was the whole answer.
        let _ = stream.shutdown().await;
        return;
    }
    // HTTP/2 only when the client asked for it in the handshake (never h2c on plain TCP).
    let protocol = if alpn == Some(b"h2".as_slice()) {
        Protocol::H2
    } else {
        Protocol::H1
    };
    http_connection(
        stream, peer, router, limits, edge, shutdown, place, protocol,
    )
    .await;
}

/// What a connection speaks: HTTP/1.1, or HTTP/2 when TLS negotiated `h2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    H1,
    H2,
}

/// A hyper connection the accept loop drives: it ends by itself, or is asked to finish.
trait ServedConnection: Future<Output = Result<(), hyper::Error>> {
    fn finish(self: Pin<&mut Self>);
}

impl<I, S, B> ServedConnection for hyper::server::conn::http1::Connection<I, S>
where
    S: hyper::service::HttpService<Incoming, ResBody = B>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin,
    B: HttpBody + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn finish(self: Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

impl<I, S, B, E> ServedConnection for hyper::server::conn::http2::Connection<I, S, E>
where
    S: hyper::service::HttpService<Incoming, ResBody = B>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin,
    B: HttpBody + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    E: hyper::rt::bounds::Http2ServerConnExec<S::Future, B>,
{
    fn finish(self: Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

#[allow(clippy::too_many_arguments)]
async fn http_connection<S>(
    stream: S,
    peer: SocketAddr,
    router: Router,
    limits: Arc<ConnLimits>,
    edge: Edge,
    shutdown: CancellationToken,
    _place: Permit<IpAddr>,
    protocol: Protocol,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let service_activity = activity.clone();
    let tls = edge.tls.is_some();
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        let client = edge.proxies.client(peer.ip(), request.headers_mut(), tls);
        request.extensions_mut().insert(ConnectInfo(peer));
        request.extensions_mut().insert(client);
        let router = router.clone();
        let busy = service_activity.begin();
        // Boxed: over HTTP/2 every stream is a task of its own, allocated at its largest
        // state for its whole life. Inline, the router's future (the request and all) would
        // stay that large while an event stream lasts; boxed, it is freed once the answer's
        // head is ready.
        Box::pin(async move {
            let response = router.oneshot(request).await?;
            Ok::<_, Infallible>(response.map(|inner| Body::new(Tracked { inner, _busy: busy })))
        })
    });
    match protocol {
        Protocol::H1 => {
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .max_buf_size(MAX_BUF)
                // The deadlines below replace hyper's, which cannot tell idle from slow.
                .header_read_timeout(None::<Duration>)
                .serve_connection(io, service);
            drive(conn, &activity, &limits, &shutdown).await;
        }
        Protocol::H2 => {
            let mut builder =
                hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new());
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .max_concurrent_streams(limits.h2_max_streams)
                .max_header_list_size(u32::try_from(MAX_BUF).unwrap_or(u32::MAX))
                .max_pending_accept_reset_streams(H2_MAX_PENDING_RESETS)
                .max_local_error_reset_streams(H2_MAX_LOCAL_RESETS)
                .initial_stream_window_size(H2_STREAM_WINDOW)
                .initial_connection_window_size(H2_CONNECTION_WINDOW)
                .max_send_buf_size(H2_SEND_BUF)
                .keep_alive_interval(H2_PING_EVERY)
                .keep_alive_timeout(H2_PING_TIMEOUT);
            let conn = builder.serve_connection(io, service);
            drive(conn, &activity, &limits, &shutdown).await;
        }
    }
}

/// Runs `conn` under the connection's deadlines (no request in progress: the header or
/// idle timeout; requests in progress: their own limits), and asks it to finish on
/// `shutdown`. Over HTTP/2 the same deadlines hold for the connection as a whole: a
/// connection with no open stream that sends only frames of its own (PINGs, SETTINGS) gets
/// the header timeout, as a slow request head does.
async fn drive<C: ServedConnection>(
    conn: C,
    activity: &Arc<Activity>,
    limits: &ConnLimits,
    shutdown: &CancellationToken,
) {
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        let deadline = activity.deadline(limits);
        let changed = activity.changed.notified();
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            () = shutdown.cancelled(), if !draining => {
                conn.as_mut().finish();
                draining = true;
            }
            () = sleep_until(deadline) => {
                if activity.deadline(limits).is_some_and(|d| d <= Instant::now()) {
                    tracing::debug!("closing a connection that sent no request in time");
                    return;
                }
            }
            () = changed => {}
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// What a connection is doing, for its deadlines: requests in progress (until their response
/// body is done), whether one was ever served, since when it is idle, and when the bytes of a
/// next request began to arrive.
struct Activity {
    state: Mutex<ActivityState>,
    changed: Notify,
}

struct ActivityState {
    in_flight: usize,
    served: bool,
    idle_since: Instant,
    head_started: Option<Instant>,
}

impl Activity {
    fn new() -> Self {
        Self {
            state: Mutex::new(ActivityState {
                in_flight: 0,
                served: false,
                idle_since: Instant::now(),
                head_started: None,
            }),
            changed: Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ActivityState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// When the connection must be closed unless something happens first; `None` while a
    /// request is in progress (request timeouts and stream lifetimes bound those).
    fn deadline(&self, limits: &ConnLimits) -> Option<Instant> {
        let state = self.lock();
        if state.in_flight > 0 {
            return None;
        }
        Some(match state.head_started {
            Some(at) => at + limits.header_timeout,
            None if state.served => state.idle_since + limits.idle_timeout,
            // A new connection owes us a request head within the header timeout.
            None => state.idle_since + limits.header_timeout,
        })
    }

    fn bytes_read(&self) {
        let mut state = self.lock();
        if state.in_flight == 0 && state.head_started.is_none() {
            state.head_started = Some(Instant::now());
            drop(state);
            self.changed.notify_one();
        }
    }

    fn begin(self: &Arc<Self>) -> Busy {
        let mut state = self.lock();
        state.in_flight += 1;
        state.served = true;
        state.head_started = None;
        drop(state);
        self.changed.notify_one();
        Busy(self.clone())
    }
}

/// One request in progress; dropped with its response body.
struct Busy(Arc<Activity>);

impl Drop for Busy {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        if state.in_flight == 0 {
            state.idle_since = Instant::now();
            state.head_started = None;
        }
        drop(state);
        self.0.changed.notify_one();
    }
}

/// A response body that keeps its request counted as in progress until it is dropped.
struct Tracked {
    inner: Body,
    _busy: Busy,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The socket, noting when bytes arrive while no request is in progress.
struct Watched<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.bytes_read();
        }
        result
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_malformed_escapes() {
        assert_eq!(percent_decode("a%5Fb"), b"a_b");
        assert_eq!(percent_decode("%zz%4"), b"%zz%4");
        assert_eq!(percent_decode("%41"), b"A");
    }

    #[test]
    fn gate_caps_in_all_and_per_key_and_frees_on_drop() {
        let gate = Gate::new(3);
        let a1 = gate.acquire("a", 2).unwrap();
        let _a2 = gate.acquire("a", 2).unwrap();
        assert_eq!(gate.acquire("a", 2).err(), Some(Refused::PerKey));
        let _b1 = gate.acquire("b", 2).unwrap();
        assert_eq!(gate.acquire("c", 2).err(), Some(Refused::Total));
        drop(a1);
        assert_eq!(gate.in_use(), 2);
        assert!(gate.acquire("c", 2).is_ok());
        // A refused key leaves no entry behind.
        let gate = Gate::new(1);
        assert_eq!(gate.acquire("x", 0).err(), Some(Refused::PerKey));
        assert!(gate.state.lock().unwrap().per_key.is_empty());
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn request_ids_are_short_safe_tokens() {
        assert!(is_safe_request_id(b"abc-123_X.y"));
        assert!(is_safe_request_id(&[b'a'; 64]));
        assert!(!is_safe_request_id(&[b'a'; 65]));
        assert!(!is_safe_request_id(b""));
        assert!(!is_safe_request_id(b"a b"));
        assert!(!is_safe_request_id(b"a\"=b"));
        assert!(!is_safe_request_id("é".as_bytes()));
    }

    #[test]
    fn trusted_networks_and_forwarded_clients() {
        let net: IpNet = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains("10.200.1.2".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.1.1".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        let v6: IpNet = "fd00::/8".parse().unwrap();
        assert!(v6.contains("fd12::1".parse().unwrap()));
        assert!(!v6.contains("fe80::1".parse().unwrap()));
        let all: IpNet = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("8.8.8.8".parse().unwrap()));
        for bad in ["10.0.0.0/33", "nonsense", "::/129", "1.2.3.4/x"] {
            assert!(bad.parse::<IpNet>().is_err(), "{bad}");
        }

        let proxies = TrustedProxies::new(vec!["10.0.0.0/8".parse().unwrap()]);
        let headers = |xff: &str, proto: &str| {
            let mut h = HeaderMap::new();
            h.insert("x-forwarded-for", HeaderValue::from_str(xff).unwrap());
            h.insert("x-forwarded-proto", HeaderValue::from_str(proto).unwrap());
            h
        };
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // Untrusted peer: its claims are dropped from the request.
        let mut h = headers("1.1.1.1", "https");
        let c = proxies.client(ip("192.0.2.9"), &mut h, false);
        assert_eq!(
            c,
            ClientAddr {
                ip: ip("192.0.2.9"),
                https: false
            }
        );
        assert!(h.get("x-forwarded-for").is_none() && h.get("x-forwarded-proto").is_none());
        // Trusted chain: the first address from the right that is not a proxy.
        let mut h = headers("6.6.6.6, 203.0.113.5:4711, 10.1.1.1", "http, https");
        let c = proxies.client(ip("10.0.0.1"), &mut h, false);
        assert_eq!(
            c,
            ClientAddr {
                ip: ip("203.0.113.5"),
                https: true
            }
        );
        let mut h = headers("[2001:db8::7]:443", "http");
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &mut h, true).ip,
            ip("2001:db8::7")
        );
        // A malformed entry: the proxy that passed it on is the client we know.
        let mut h = headers("1.2.3.4, garbage, 10.9.9.9", "https");
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &mut h, false).ip,
            ip("10.9.9.9")
        );
    }

    #[test]
    fn the_connection_cap_leaves_room_for_other_files() {
        assert_eq!(fit_connection_cap(1024, Some(1024)), 1024 - RESERVED_FILES);
        assert_eq!(fit_connection_cap(1024, Some(1_048_576)), 1024);
        assert_eq!(fit_connection_cap(1024, None), 1024);
    }
}
