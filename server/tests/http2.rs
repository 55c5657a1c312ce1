//! HTTP/2 on the built-in TLS (ALPN `h2`): a tablet's requests and event streams share one
//! connection, under per-connection limits (concurrent streams, header list size) and
//! HTTP/2's own abuse cases (rapid reset, CONTINUATION floods) bounded; plain TCP never
//! speaks HTTP/2 (no h2c).

mod tls_support;

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::Request;
use rustls::pki_types::{CertificateDer, ServerName};
use tls_support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use wct_pos_server::http::tls::TlsMode;
use wct_pos_server::{start, Config, Running, TEST_TOKEN};

struct Server {
    _dirs: Dirs,
    ca: TestCa,
    running: Running,
}

async fn start_tls(tweak: impl FnOnce(&mut Config)) -> Server {
    let dirs = Dirs::new();
    let ca = TestCa::new();
    let leaf = ca.leaf(&[HOST, "127.0.0.1"]);
    let cert = dirs.data.path().join("cert.pem");
    let key = dirs.data.path().join("key.pem");
    write(&cert, &leaf.cert_pem);
    write(&key, &leaf.key_pem);
    let port = free_port();
    let mut config = dirs.config();
    config.bind = SocketAddr::from(([127, 0, 0, 1], port));
    config.public_url = Some(format!("https://{HOST}:{port}"));
    config.tls = TlsMode::Files;
    config.tls_cert = Some(cert);
    config.tls_key = Some(key);
    tweak(&mut config);
    let running = start(config).await.expect("proxy starts with TLS");
    Server {
        _dirs: dirs,
        ca,
        running,
    }
}

/// A TLS connection offering `alpn`.
async fn tls(server: &Server, alpn: &[&[u8]]) -> TlsStream<TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from(server.ca.der()))
        .expect("root");
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = TcpStream::connect(server.running.addr).await.expect("tcp");
    connector
        .connect(ServerName::try_from(HOST).expect("name"), tcp)
        .await
        .expect("handshake")
}

async fn h2_client(server: &Server) -> h2::client::SendRequest<Bytes> {
    let stream = tls(server, &[b"h2", b"http/1.1"]).await;
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(b"h2".as_slice()));
    let (client, connection) = h2::client::handshake(stream).await.expect("h2 handshake");
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

fn get(path: &str, token: Option<&str>) -> Request<()> {
    let mut request = Request::get(format!("https://{HOST}{path}"));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    request.body(()).expect("request")
}

/// Sends `request` (no body) and returns the status and the response's body stream.
async fn send(
    client: &mut h2::client::SendRequest<Bytes>,
    request: Request<()>,
) -> (http::StatusCode, h2::RecvStream) {
    let mut ready = client.clone().ready().await.expect("ready");
    let (response, _) = ready.send_request(request, true).expect("send");
    let response = tokio::time::timeout(PATIENCE, response)
        .await
        .expect("answered in time")
        .expect("response");
    let (parts, body) = response.into_parts();
    (parts.status, body)
}

async fn body_text(mut body: h2::RecvStream) -> String {
    let mut text = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.expect("data");
        let _ = body.flow_control().release_capacity(chunk.len());
        text.extend_from_slice(&chunk);
    }
    String::from_utf8_lossy(&text).into_owned()
}

#[tokio::test]
async fn an_h2_client_fetches_the_app_and_holds_streams_on_one_connection() {
    let server = start_tls(|_| {}).await;
    let mut client = h2_client(&server).await;
    // The app and the API, on one connection.
    let (status, body) = send(&mut client, get("/", None)).await;
    assert_eq!(status, http::StatusCode::OK);
    assert!(body_text(body).await.contains("wct-pos"));
    let (status, body) = send(&mut client, get("/api/terminal", Some(TEST_TOKEN))).await;
    assert_eq!(status, http::StatusCode::OK);
    assert!(body_text(body).await.contains("Test counter"));

    // Twenty event streams held open at once, and each gets the same new event.
    let mut streams = Vec::new();
    for _ in 0..20 {
        let (status, body) = send(&mut client, get("/api/events", Some(TEST_TOKEN))).await;
        assert_eq!(status, http::StatusCode::OK);
        streams.push(body);
    }
    let open = server.running.state().streams.open();
    assert_eq!(open, 20);
    let (mut ready, request) = (
        client.clone().ready().await.expect("ready"),
        Request::post(format!("https://{HOST}/api/payments"))
            .header("authorization", format!("Bearer {TEST_TOKEN}"))
            .header("content-type", "application/json")
            .header("idempotency-key", "h2-create-0001")
            .body(())
            .expect("request"),
    );
    let body = serde_json::json!({
        "amount": "12.50", "asset": "USD", "requested_asset": "BTC",
        "description": "over h2", "reference": "h2-ref-0001",
    });
    let (response, mut upload) = ready.send_request(request, false).expect("send");
    upload
        .send_data(Bytes::from(body.to_string()), true)
        .expect("body");
    let response = response.await.expect("create answered");
    let status = response.status();
    let text = body_text(response.into_body()).await;
    assert_eq!(status, http::StatusCode::CREATED, "{text}");
    for stream in &mut streams {
        let mut seen = String::new();
        while !seen.contains("h2-ref-0001") {
            let chunk = tokio::time::timeout(PATIENCE, stream.data())
                .await
                .expect("an event in time")
                .expect("stream open")
                .expect("data");
            let _ = stream.flow_control().release_capacity(chunk.len());
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    drop(streams);
    server.running.shutdown().await;
}

#[tokio::test]
async fn the_server_caps_concurrent_streams_per_connection() {
    let server = start_tls(|c| c.h2_max_streams = 7).await;
    let stream = tls(&server, &[b"h2"]).await;
    let (client, mut connection) = h2::client::handshake(stream).await.expect("h2 handshake");
    // The server's SETTINGS arrive with its first frames, before its first answer.
    let asked = async move {
        let mut client = client.ready().await.expect("ready");
        let (response, _) = client
            .send_request(get("/healthz", None), true)
            .expect("send");
        response.await.expect("answer").status()
    };
    let status = tokio::select! {
        status = asked => status,
        ended = &mut connection => panic!("the connection ended first: {ended:?}"),
    };
    assert_eq!(status, 200);
    assert_eq!(connection.max_concurrent_send_streams(), 7);
    server.running.shutdown().await;
}

#[tokio::test]
async fn plain_tcp_never_speaks_http2() {
    let mut config = Config::for_tests(make_dist_dir().path());
    config.tls = TlsMode::Off;
    let dist = make_dist_dir();
    config.dist = dist.path().to_path_buf();
    let running = start(config).await.expect("starts");
    let mut tcp = TcpStream::connect(running.addr).await.expect("tcp");
    tcp.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .await
        .expect("preface");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(PATIENCE, tcp.read_to_end(&mut answer)).await;
    // An HTTP/1.1 refusal (or a close), never an HTTP/2 SETTINGS frame.
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 4"),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    running.shutdown().await;
}

fn make_dist_dir() -> tempfile::TempDir {
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><p>wct-pos</p>",
    )
    .expect("index");
    dist
}

/// An HTTP/2 frame: length, type, flags, stream id, payload.
fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).expect("small").to_be_bytes();
    let mut out = vec![len[1], len[2], len[3], kind, flags];
    out.extend_from_slice(&stream.to_be_bytes());
    out.extend_from_slice(payload);
    out
}

const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
const HEADERS: u8 = 1;
const SETTINGS: u8 = 4;
const CONTINUATION: u8 = 9;
const RST_STREAM: u8 = 3;
const END_STREAM: u8 = 1;
const END_HEADERS: u8 = 4;

/// HPACK for a GET of `/healthz` (all from the static table, but the path: a literal).
fn healthz_block() -> Vec<u8> {
    let mut block = vec![0x82, 0x87]; // :method GET, :scheme https
    block.extend_from_slice(&[0x04, 8]); // :path, literal without indexing, 8 bytes
    block.extend_from_slice(b"/healthz");
    block.extend_from_slice(&[0x01, u8::try_from(HOST.len()).expect("short")]); // :authority
    block.extend_from_slice(HOST.as_bytes());
    block
}

/// Writes `chunks` until the server closes the connection; how many bytes went out.
async fn write_until_closed(
    stream: &mut TlsStream<TcpStream>,
    chunks: impl Iterator<Item = Vec<u8>>,
) -> usize {
    let mut sent = 0;
    for chunk in chunks {
        match tokio::time::timeout(PATIENCE, stream.write_all(&chunk)).await {
            Ok(Ok(())) => sent += chunk.len(),
            _ => return sent,
        }
    }
    sent
}

#[tokio::test]
async fn a_continuation_flood_is_cut_off() {
    let server = start_tls(|_| {}).await;
    let mut stream = tls(&server, &[b"h2"]).await;
    let mut start = PREFACE.to_vec();
    start.extend(frame(SETTINGS, 0, 0, &[]));
    // A header block that never ends: HEADERS without END_HEADERS, then CONTINUATIONs of
    // one literal header each (16 KiB), 64 MiB in all.
    start.extend(frame(HEADERS, END_STREAM, 1, &healthz_block()));
    let mut literal = vec![0x00, 0x03];
    literal.extend_from_slice(b"x-a");
    literal.extend_from_slice(&[0x7f, 0x81, 0x7f]); // value length 127 + 255 = 382, 7-bit prefix
    literal.extend(std::iter::repeat_n(b'a', 382));
    let mut payload = Vec::new();
    while payload.len() + literal.len() <= 16_000 {
        payload.extend_from_slice(&literal);
    }
    let continuation = frame(CONTINUATION, 0, 1, &payload);
    let total = 64 * 1024 * 1024;
    let count = total / continuation.len();
    let chunks = std::iter::once(start).chain(std::iter::repeat_n(continuation, count));
    let sent = write_until_closed(&mut stream, chunks).await;
    eprintln!("continuation flood: {sent} of {total} bytes written before the close");
    assert!(
        sent < total / 4,
        "the server read {sent} bytes of one header block"
    );
    // Others are served meanwhile and after.
    let mut other = h2_client(&server).await;
    let (status, _) = send(&mut other, get("/healthz", None)).await;
    assert_eq!(status, 200);
    server.running.shutdown().await;
}

#[tokio::test]
async fn rapid_resets_close_the_connection_and_others_are_served() {
    let server = start_tls(|_| {}).await;
    let mut stream = tls(&server, &[b"h2"]).await;
    let mut start = PREFACE.to_vec();
    start.extend(frame(SETTINGS, 0, 0, &[]));
    // 20,000 requests, each reset at once (CVE-2023-44487).
    let block = healthz_block();
    let resets = (0..20_000u32).map(move |n| {
        let id = 2 * n + 1;
        let mut pair = frame(HEADERS, END_STREAM | END_HEADERS, id, &block);
        pair.extend(frame(RST_STREAM, 0, id, &8u32.to_be_bytes())); // CANCEL
        pair
    });
    let flood = tokio::spawn(async move {
        let chunks = std::iter::once(start).chain(resets);
        let sent = write_until_closed(&mut stream, chunks).await;
        // Read what the server said last: a GOAWAY before the close.
        let mut rest = Vec::new();
        let _ = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut rest)).await;
        (sent, rest)
    });
    // Another client is served meanwhile.
    let mut other = h2_client(&server).await;
    let (status, _) = send(&mut other, get("/healthz", None)).await;
    assert_eq!(status, 200);
    let (sent, answer) = flood.await.expect("flood task");
    let all = 20_000 * (2 * 9 + healthz_block().len() + 4);
    eprintln!(
        "rapid reset: {sent} bytes written, {} bytes answered",
        answer.len()
    );
    let goaway = answer.windows(4).any(|w| w[3] == 7 && w[0] == 0); // a GOAWAY frame header
    assert!(
        sent < all || goaway,
        "all {sent} bytes of resets were read and the connection stayed open"
    );
    let (status, _) = send(&mut other, get("/healthz", None)).await;
    assert_eq!(status, 200);
    server.running.shutdown().await;
}
