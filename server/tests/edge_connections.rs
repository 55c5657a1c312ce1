//! Connection hygiene: a connection that sends nothing, half a header, or a header one byte
//! at a time is closed; an idle kept-alive connection is closed; a live event stream is not;
//! connection and stream caps answer 429/503 with `Retry-After`; a stream ends after its
//! lifetime and resumes from where it was.

mod common;
mod edge_support;

use std::time::Duration;

use common::*;
use edge_support::*;
use reqwest::StatusCode;
use wct_pos_server::TEST_TOKEN;

/// Short deadlines: the tests wait for the server to act, never for these to pass exactly.
async fn quick() -> Harness {
    Harness::start_with(|c| {
        c.header_timeout_ms = 300;
        c.idle_timeout_ms = 500;
    })
    .await
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let h = quick().await;
    let mut stream = connect(h.running.addr).await;
    let (closed, _) = closed_within(&mut stream, WITHIN).await;
    assert!(closed, "a silent connection was still open");
    h.stop().await;
}

#[tokio::test]
async fn half_a_header_is_closed() {
    let h = quick().await;
    let mut stream = connect(h.running.addr).await;
    send(
        &mut stream,
        b"GET /api/terminal HTTP/1.1\r\nHost: x\r\nX-Slow: ",
    )
    .await;
    let (closed, answer) = closed_within(&mut stream, WITHIN).await;
    assert!(closed, "a half-sent header kept the connection open");
    assert!(
        !answer.contains("200 OK"),
        "half a request was answered: {answer}"
    );
    h.stop().await;
}

#[tokio::test]
async fn a_header_sent_a_byte_at_a_time_is_still_cut_off() {
    let h = quick().await;
    let mut stream = connect(h.running.addr).await;
    send(&mut stream, b"GET / HTTP/1.1\r\nHost: x\r\n").await;
    // Far longer than the header timeout, a byte every 50 ms: activity alone must not keep
    // an unfinished head alive.
    let mut cut = false;
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        use tokio::io::AsyncWriteExt;
        if stream.write_all(b"X").await.is_err() {
            cut = true;
            break;
        }
        let (closed, _) = closed_within(&mut stream, Duration::from_millis(1)).await;
        if closed {
            cut = true;
            break;
        }
    }
    assert!(cut, "a trickled header was never cut off");
    h.stop().await;
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_and_a_busy_one_is_not() {
    let h = quick().await;
    let mut stream = connect(h.running.addr).await;
    let request = format!(
        "GET /api/terminal HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TEST_TOKEN}\r\n\r\n"
    );
    // Two requests on one connection: keep-alive works.
    for _ in 0..2 {
        send(&mut stream, request.as_bytes()).await;
        let head = read_head(&mut stream, WITHIN).await;
        assert_eq!(status(&head), Some(200), "{head}");
        let length: usize = header(&head, "content-length")
            .and_then(|v| v.parse().ok())
            .expect("content-length");
        let mut body = vec![0u8; length];
        use tokio::io::AsyncReadExt;
        stream.read_exact(&mut body).await.expect("body");
    }
    let (closed, _) = closed_within(&mut stream, WITHIN).await;
    assert!(closed, "an idle kept-alive connection stayed open");

    // An event stream sends nothing for far longer than the idle timeout, and lives on.
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let code = view["payment_code"].as_str().unwrap().to_string();
    let mut public = SseReader::open(
        &h.http,
        &h.url(&format!("/api/public/payments/{code}/events")),
        None,
    )
    .await;
    let first = public.next().await.expect("the current state");
    assert_eq!(first.data["kind"], "created");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    h.pay(&id, view["pay_amount"].as_str().unwrap()).await;
    let later = public.until(|e| e.data["kind"] != "created").await;
    assert!(later.is_some(), "the quiet stream was closed as idle");
    h.stop().await;
}

#[tokio::test]
async fn connections_over_the_per_client_cap_get_429_with_retry_after() {
    let h = Harness::start_with(|c| c.max_connections_per_ip = 3).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(connect(h.running.addr).await);
    }
    let mut extra = connect(h.running.addr).await;
    send(&mut extra, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let head = read_head(&mut extra, WITHIN).await;
    assert_eq!(status(&head), Some(429), "{head}");
    assert!(header(&head, "retry-after").is_some(), "{head}");
    // A place is freed when a connection closes.
    drop(held.pop());
    let freed = eventually(|| async {
        let mut again = connect(h.running.addr).await;
        send(&mut again, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
        (status(&read_head(&mut again, WITHIN).await) == Some(200)).then_some(())
    })
    .await;
    assert!(freed.is_some(), "a closed connection kept its place");
    h.stop().await;
}

#[tokio::test]
async fn connections_over_the_global_cap_get_503_with_retry_after() {
    let h = Harness::start_with(|c| {
        c.max_connections = 2;
        c.max_connections_per_ip = 100;
    })
    .await;
    let _held = [connect(h.running.addr).await, connect(h.running.addr).await];
    let mut extra = connect(h.running.addr).await;
    send(&mut extra, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let head = read_head(&mut extra, WITHIN).await;
    assert_eq!(status(&head), Some(503), "{head}");
    assert!(header(&head, "retry-after").is_some(), "{head}");
    h.stop().await;
}

#[tokio::test]
async fn public_streams_over_the_per_client_cap_get_429_with_retry_after() {
    let h = Harness::start_with(|c| c.max_public_streams_per_ip = 2).await;
    let view = h.create_ok(&payment_body()).await;
    let code = view["payment_code"].as_str().unwrap().to_string();
    let url = h.url(&format!("/api/public/payments/{code}/events"));
    let _one = SseReader::open(&h.http, &url, None).await;
    let _two = SseReader::open(&h.http, &url, None).await;
    let third = h.http.get(&url).send().await.unwrap();
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));
    let (_, body) = error_of(third).await;
    assert_eq!(body["error"]["code"], "rate_limited");
    // The terminal's own streams are counted apart.
    let terminal = h
        .http
        .get(h.url("/api/events"))
        .bearer_auth(TEST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(terminal.status(), StatusCode::OK);
    h.stop().await;
}

#[tokio::test]
async fn streams_over_the_terminal_and_global_caps_are_refused() {
    let h = Harness::start_with(|c| {
        c.max_streams_per_terminal = 1;
        c.max_streams = 2;
    })
    .await;
    let url = h.url("/api/events");
    let open = || h.http.get(&url).bearer_auth(TEST_TOKEN).send();
    let first = open().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let second = open().await.unwrap();
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(second.headers().contains_key("retry-after"));

    let view = h.create_ok(&payment_body()).await;
    let code = view["payment_code"].as_str().unwrap().to_string();
    let public = h.url(&format!("/api/public/payments/{code}/events"));
    let _two = SseReader::open(&h.http, &public, None).await;
    let full = h.http.get(&public).send().await.unwrap();
    assert_eq!(full.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(full.headers().contains_key("retry-after"));
    drop(first);
    h.stop().await;
}

#[tokio::test]
async fn a_stream_ends_after_its_lifetime_and_resumes_where_it_was() {
    let h = Harness::start_with(|c| c.stream_lifetime_secs = 1).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let url = h.url(&format!("/api/payments/{id}/events"));
    let mut response = h
        .http
        .get(&url)
        .bearer_auth(TEST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut text = String::new();
    let ended = tokio::time::timeout(WITHIN, async {
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => text.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(None) => return true,
                Err(_) => return false,
            }
        }
    })
    .await;
    assert_eq!(ended, Ok(true), "the stream did not end cleanly: {text}");
    let last_id = text
        .lines()
        .filter_map(|l| l.strip_prefix("id:"))
        .next_back()
        .map(|v| v.trim().to_string())
        .expect("the stream sent an event id");

    // Reconnecting as EventSource does (each stream again ends after a second): nothing old
    // comes again, and the next change arrives.
    h.pay(&id, view["pay_amount"].as_str().unwrap()).await;
    let next = eventually(|| {
        let (http, url, last_id) = (h.http.clone(), url.clone(), last_id.clone());
        async move {
            let mut again = SseReader::open(&http, &url, Some(&last_id)).await;
            tokio::time::timeout(Duration::from_secs(2), again.next())
                .await
                .ok()
                .flatten()
        }
    })
    .await
    .expect("the next event after reconnecting");
    assert_ne!(next.id.as_deref(), Some(last_id.as_str()));
    assert_ne!(next.data["kind"], "created", "an old event came again");
    h.stop().await;
}
