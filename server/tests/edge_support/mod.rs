//! Raw-socket helpers for the edge suites: what a browser never does (send nothing, half a
//! header, a huge `Content-Length` with `Expect: 100-continue`) needs a bare TCP stream.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous bound for anything the server should do "within the timeout": the suites set
/// timeouts of a fraction of a second, and without them the server would wait forever.
pub const WITHIN: Duration = Duration::from_secs(20);

pub async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.expect("connect")
}

pub async fn send(stream: &mut TcpStream, bytes: &[u8]) {
    stream.write_all(bytes).await.expect("send");
}

/// Reads until the server closes the connection (EOF or reset); false if it is still open
/// after `within`. What was read is returned too.
pub async fn closed_within(stream: &mut TcpStream, within: Duration) -> (bool, String) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let outcome = tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    (outcome.is_ok(), String::from_utf8_lossy(&seen).into_owned())
}

/// Reads one response head (up to the blank line), or what came before the connection
/// closed. Empty if nothing came within `within`.
pub async fn read_head(stream: &mut TcpStream, within: Duration) -> String {
    let mut seen = Vec::new();
    let mut buf = [0u8; 1];
    let _ = tokio::time::timeout(within, async {
        while !seen.ends_with(b"\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => seen.push(buf[0]),
            }
        }
    })
    .await;
    String::from_utf8_lossy(&seen).into_owned()
}

/// The value of `name` in a response head (case-insensitive).
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The status code of a response head.
pub fn status(head: &str) -> Option<u16> {
    head.lines().next()?.split_whitespace().nth(1)?.parse().ok()
}
