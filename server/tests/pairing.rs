//! Pairing without a permanent secret in any URL: a one-time code, exchanged once, for a
//! device token of its own that is stored only as a hash, listed, and revocable alone (from
//! the app's API or the console), with the revoked device's open streams closed.

mod common;

use std::time::Duration;

use common::*;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use wct_pos_server::config::{DevicesCommand, PairingCommand};
use wct_pos_server::{devices, Config, TEST_TOKEN};

/// A code for the test terminal, asked for with the configured terminal token.
async fn new_code(h: &Harness) -> Value {
    let response = h
        .http
        .post(h.url("/api/devices/pairing-codes"))
        .bearer_auth(TEST_TOKEN)
        .send()
        .await
        .expect("pairing-codes");
    let (status, body) = error_of(response).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn exchange(h: &Harness, code: &str, name: &str) -> Response {
    h.http
        .post(h.url("/api/pair"))
        .json(&json!({"code": code, "device_name": name}))
        .send()
        .await
        .expect("pair")
}

/// Pairs a device and returns `(device id, token)`.
async fn pair_device(h: &Harness, name: &str) -> (String, String) {
    let code = new_code(h).await;
    let (status, body) = error_of(exchange(h, code["code"].as_str().unwrap(), name).await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (
        body["device_id"].as_str().unwrap().to_string(),
        body["token"].as_str().unwrap().to_string(),
    )
}

async fn get_with(h: &Harness, path: &str, token: &str) -> Response {
    h.http
        .get(h.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET")
}

/// Opens an event stream and waits for its first bytes (the stream is registered by then).
/// `POST /api/session` with `token`: the `Cookie` header value its answer sets, after
/// checking the cookie keeps the token from scripts and other sites.
async fn stream_cookie(h: &Harness, token: &str) -> String {
    let response = h
        .http
        .post(h.url("/api/session"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let set = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a cookie")
        .to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/"] {
        assert!(set.contains(attribute), "{set}");
    }
    set.split(';').next().unwrap().to_string()
}

async fn open_stream(h: &Harness, path: &str, token: &str) -> Response {
    let response = h
        .http
        .get(h.url(path))
        .bearer_auth(token)
        .timeout(Duration::from_secs(600))
        .send()
        .await
        .expect("stream");
    assert_eq!(response.status(), StatusCode::OK);
    response
}

/// Whether the stream ends (the server closes it) within `limit`. A stream left alone runs
/// for its 15-minute lifetime, so any end within the limit is the server's doing.
async fn stream_ends(mut response: Response, limit: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, response.chunk()).await {
            Err(_) => return false,
            Ok(Ok(Some(_))) => continue,
            Ok(Ok(None) | Err(_)) => return true,
        }
    }
}

#[tokio::test]
async fn a_code_pairs_one_device_once() {
    let h = Harness::start().await;
    let issued = new_code(&h).await;
    let code = issued["code"].as_str().unwrap();
    assert_eq!(code.len(), 9, "{code}");
    assert_eq!(
        issued["url"],
        format!("{}/pair#code={code}", h.running.public_url),
        "the code rides in the fragment"
    );
    assert!(wct_api::clock::parse_rfc3339(issued["expires_at"].as_str().unwrap()).is_some());

    // Typed by hand: lower case, no dash.
    let typed = code.replace('-', "").to_lowercase();
    let response = exchange(&h, &typed, "Front tablet").await;
    let (status, paired) = error_of(response).await;
    assert_eq!(status, StatusCode::CREATED, "{paired}");
    let token = paired["token"].as_str().unwrap();
    assert!(token.starts_with("wctd_") && token.len() >= 48, "{token}");
    assert_eq!(paired["terminal"]["name"], "Test counter");
    assert_eq!(paired["terminal"]["merchant"], "Test Shop");

    // The device token works like a terminal's.
    let response = get_with(&h, "/api/terminal", token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let created = h
        .http
        .post(h.url("/api/payments"))
        .bearer_auth(token)
        .header("Idempotency-Key", fresh_key())
        .json(&payment_body())
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), StatusCode::CREATED);

    // The code is spent.
    let (status, body) = error_of(exchange(&h, code, "Second tablet").await).await;
    assert_eq!(status, StatusCode::GONE, "{body}");
    assert_eq!(body["error"]["code"], "pairing_code_used");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("already been used"));

    // Exactly one device was made, with the name given.
    let response = get_with(&h, "/api/devices", token).await;
    let list: Value = response.json().await.unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "Front tablet");
    assert_eq!(list[0]["terminal"], "Test counter");
    assert_eq!(list[0]["current"], true);
    assert_eq!(list[0]["revoked"], false);
    h.stop().await;
}

#[tokio::test]
async fn racing_exchanges_of_one_code_make_one_device() {
    let h = Harness::start().await;
    let issued = new_code(&h).await;
    let code = issued["code"].as_str().unwrap();
    let attempts = (0..6).map(|i| exchange(&h, code, if i % 2 == 0 { "A" } else { "B" }));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.status())
        .collect();
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::GONE),
        "{statuses:?}"
    );
    let devices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM devices")
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    assert_eq!(devices, 1);
    h.stop().await;
}

#[tokio::test]
async fn a_code_expires() {
    let h = Harness::start_with(|c| c.pairing_code_secs = 1).await;
    let issued = new_code(&h).await;
    let expires = wct_api::clock::parse_rfc3339(issued["expires_at"].as_str().unwrap()).unwrap();
    // `expires_at` is whole seconds; wait until the code is certainly past it.
    while wct_pos_server::util::now_secs() <= expires + 1 {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, body) =
        error_of(exchange(&h, issued["code"].as_str().unwrap(), "Late tablet").await).await;
    assert_eq!(status, StatusCode::GONE, "{body}");
    assert_eq!(body["error"]["code"], "pairing_code_expired");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("expired"));
    let devices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM devices")
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    assert_eq!(devices, 0);
    h.stop().await;
}

#[tokio::test]
async fn wrong_codes_are_refused_and_count_against_the_address() {
    let h = Harness::start().await;
    let issued = new_code(&h).await;
    let right = issued["code"].as_str().unwrap().to_string();
    // A wrong code of the right shape (not, by a one-in-10^12 chance, the issued one).
    let wrong = if right == "2222-2222" {
        "3333-3333"
    } else {
        "2222-2222"
    };
    for _ in 0..8 {
        let (status, body) = error_of(exchange(&h, wrong, "Guess").await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["error"]["code"], "unauthorized");
    }
    // Malformed guesses count too.
    let (status, body) = error_of(exchange(&h, "not-a-code", "Guess").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "code");
    let (status, _) = error_of(exchange(&h, "O0O0-I1I1", "Guess").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Ten attempts a minute: the eleventh is refused, even with the right code.
    let response = exchange(&h, &right, "Real tablet").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");
    let (_, body) = error_of(response).await;
    assert_eq!(body["error"]["code"], "rate_limited");

    // The refused attempt did not spend the code.
    let used: Option<i64> = sqlx::query_scalar("SELECT used_at FROM pairing_codes")
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    assert_eq!(used, None);
    h.stop().await;
}

#[tokio::test]
async fn a_device_token_opens_streams_and_revoking_it_ends_them() {
    let h = Harness::start().await;
    let (front, front_token) = pair_device(&h, "Front").await;
    let (_back, back_token) = pair_device(&h, "Back").await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();

    // Streams with the device token: in the stream cookie (how the app's EventSource sends
    // it) and in the header.
    let cookie = stream_cookie(&h, &front_token).await;
    let store_stream = h
        .http
        .get(h.url("/api/events"))
        .header("cookie", &cookie)
        .timeout(Duration::from_secs(600))
        .send()
        .await
        .unwrap();
    assert_eq!(store_stream.status(), StatusCode::OK);
    let payment_stream = h
        .http
        .get(h.url(&format!("/api/payments/{id}/events")))
        .bearer_auth(&front_token)
        .timeout(Duration::from_secs(600))
        .send()
        .await
        .unwrap();
    assert_eq!(payment_stream.status(), StatusCode::OK);
    let mut back_stream =
        SseReader::open_as(&h.http, &h.url("/api/events"), &back_token, None).await;
    let registry = &h.running.state().devices.streams;
    assert!(
        eventually(|| async { (registry.open_streams(&front) == 2).then_some(()) })
            .await
            .is_some(),
        "both streams are registered"
    );

    // The back tablet revokes the front one.
    let response = h
        .http
        .post(h.url(&format!("/api/devices/{front}/revoke")))
        .bearer_auth(&back_token)
        .send()
        .await
        .unwrap();
    let (status, revoked) = error_of(response).await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(revoked["revoked"], true);
    assert_eq!(revoked["current"], false);

    assert_eq!(
        get_with(&h, "/api/terminal", &front_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let reopened = h
        .http
        .get(h.url("/api/events"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(reopened.status(), StatusCode::UNAUTHORIZED);
    assert!(stream_ends(store_stream, Duration::from_secs(10)).await);
    assert!(stream_ends(payment_stream, Duration::from_secs(10)).await);

    // The other device is untouched: its stream still carries events.
    let other = h.create_ok(&payment_body()).await;
    let seen = back_stream
        .until(|e| e.data["payment"]["id"] == other["id"])
        .await;
    assert!(seen.is_some(), "the back tablet's stream still works");
    let list: Value = get_with(&h, "/api/devices", &back_token)
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let front_row = list.iter().find(|d| d["id"] == front.as_str()).unwrap();
    assert_eq!(front_row["revoked"], true);
    assert!(list
        .iter()
        .any(|d| d["name"] == "Back" && d["current"] == true));

    // Revoking an unknown device is "not found".
    let response = h
        .http
        .post(h.url("/api/devices/d_nope/revoke"))
        .bearer_auth(&back_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    h.stop().await;
}

/// A database the console commands can open beside the running server: a file for SQLite,
/// or the suite's fresh PostgreSQL database.
async fn shared_database_config(dist: &std::path::Path, dir: &std::path::Path) -> Config {
    let mut config = Config::for_tests(dist);
    common::db::use_test_database(&mut config).await;
    if config.memory_db() {
        config.database_url = format!("sqlite://{}/wct-pos.db?mode=rwc", dir.display());
    }
    config
}

#[tokio::test]
async fn a_device_revoked_from_the_console_is_refused_by_the_running_server() {
    let data = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let config = shared_database_config(dist.path(), data.path()).await;
    let console = config.clone();
    let h = Harness::from_config(config, dist).await;
    let (device, token) = pair_device(&h, "Counter tablet").await;
    let stream = open_stream(&h, "/api/events", &token).await;
    let registry = &h.running.state().devices.streams;
    assert!(
        eventually(|| async { (registry.open_streams(&device) == 1).then_some(()) })
            .await
            .is_some()
    );

    // `wct-pos-server devices list`, then `devices revoke ID`, through their own connection.
    let mut out = Vec::new();
    let list = PairingCommand::Devices {
        action: DevicesCommand::List,
    };
    devices::run_command(&console, &list, &mut out, false)
        .await
        .expect("devices list");
    let table = String::from_utf8(out).unwrap();
    assert!(table.starts_with("ID"), "{table}");
    let row = table.lines().find(|l| l.contains(&device)).expect("listed");
    assert!(
        row.contains("Counter tablet") && row.contains("active"),
        "{row}"
    );

    let mut out = Vec::new();
    let revoke = PairingCommand::Devices {
        action: DevicesCommand::Revoke { id: device.clone() },
    };
    devices::run_command(&console, &revoke, &mut out, false)
        .await
        .expect("devices revoke");
    assert!(String::from_utf8(out).unwrap().contains(&device));

    assert_eq!(
        get_with(&h, "/api/terminal", &token).await.status(),
        StatusCode::UNAUTHORIZED,
        "refused at the next request"
    );
    assert!(
        stream_ends(stream, Duration::from_secs(10)).await,
        "the open stream is closed by the revocation sweep"
    );

    let mut out = Vec::new();
    devices::run_command(&console, &list, &mut out, false)
        .await
        .unwrap();
    let table = String::from_utf8(out).unwrap();
    let row = table.lines().find(|l| l.contains(&device)).unwrap();
    assert!(row.contains("revoked"), "{row}");

    // An unknown id is an error, not a silent success.
    let bad = PairingCommand::Devices {
        action: DevicesCommand::Revoke {
            id: "d_missing".into(),
        },
    };
    assert!(devices::run_command(&console, &bad, &mut Vec::new(), false)
        .await
        .is_err());
    h.stop().await;
}

#[tokio::test]
async fn the_console_pair_command_issues_a_working_code() {
    let data = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let config = shared_database_config(dist.path(), data.path()).await;
    let console = config.clone();
    let h = Harness::from_config(config, dist).await;

    let mut out = Vec::new();
    let pair = PairingCommand::Pair {
        terminal: "Test counter".into(),
        no_qr: false,
    };
    devices::run_command(&console, &pair, &mut out, false)
        .await
        .expect("pair");
    let text = String::from_utf8(out).unwrap();
    // The URL of the running server (its public URL, recorded at start).
    let prefix = format!("{}/pair#code=", h.running.public_url);
    let url_at = text.find(&prefix).expect("the pairing URL");
    let code: String = text[url_at + prefix.len()..].chars().take(9).collect();
    assert!(text.contains(&format!("enter the code {code}")), "{text}");
    assert!(text.contains('▀') || text.contains('▄'), "a QR is drawn");

    let (status, body) = error_of(exchange(&h, &code, "From the console").await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let mut out = Vec::new();
    let no_qr = PairingCommand::Pair {
        terminal: "default/Test counter".into(),
        no_qr: true,
    };
    devices::run_command(&console, &no_qr, &mut out, false)
        .await
        .expect("pair by store/name");
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("/pair#code="));
    assert!(!text.contains('▀') && !text.contains('▄'), "no QR");

    let unknown = PairingCommand::Pair {
        terminal: "Nowhere".into(),
        no_qr: true,
    };
    let err = devices::run_command(&console, &unknown, &mut Vec::new(), false)
        .await
        .expect_err("unknown terminal");
    assert!(err.to_string().contains("Test counter"), "{err}");
    h.stop().await;
}

#[tokio::test]
async fn a_device_of_a_terminal_no_longer_configured_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let config = shared_database_config(dist.path(), data.path()).await;
    let h = Harness::from_config(config.clone(), dist).await;
    let (_device, token) = pair_device(&h, "Old till tablet").await;
    let spare = new_code(&h).await;
    assert_eq!(
        get_with(&h, "/api/terminal", &token).await.status(),
        StatusCode::OK
    );
    h.stop().await;

    // Restarted with another terminal list: the test terminal is gone.
    let dist = make_dist();
    let mut again = config;
    again.dist = dist.path().to_path_buf();
    again.terminals = vec![wct_pos_server::TerminalSpec {
        store: "default".into(),
        name: "New till".into(),
        token: "new-till-token-0123456789".into(),
    }];
    let h = Harness::from_config(again, dist).await;
    assert_eq!(
        get_with(&h, "/api/terminal", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, body) =
        error_of(exchange(&h, spare["code"].as_str().unwrap(), "Too late").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    h.stop().await;
}

#[tokio::test]
async fn a_configured_terminal_token_still_works() {
    let h = Harness::start().await;
    let (device, _token) = pair_device(&h, "Tablet").await;
    assert_eq!(h.get("/api/terminal").await.status(), StatusCode::OK);
    let stream = open_stream(&h, "/api/events", TEST_TOKEN).await;
    drop(stream);
    let list: Value = h.get("/api/devices").await.json().await.unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], device.as_str());
    assert_eq!(list[0]["current"], false, "a terminal token is no device");
    // Without any token: 401 for every device route.
    for (method, path) in [
        ("GET", "/api/devices"),
        ("POST", "/api/devices/pairing-codes"),
        ("POST", "/api/devices/x/revoke"),
    ] {
        let request = match method {
            "GET" => h.http.get(h.url(path)),
            _ => h.http.post(h.url(path)),
        };
        assert_eq!(
            request.send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    h.stop().await;
}

#[tokio::test]
async fn tokens_and_codes_are_stored_only_as_hashes() {
    let h = Harness::start().await;
    let issued = new_code(&h).await;
    let code = issued["code"].as_str().unwrap().to_string();
    let (status, paired) = error_of(exchange(&h, &code, "Tablet").await).await;
    assert_eq!(status, StatusCode::CREATED);
    let token = paired["token"].as_str().unwrap().to_string();
    let db = &h.running.state().db;

    let hash: String = sqlx::query_scalar("SELECT token_hash FROM devices")
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(hash, wct_pos_server::util::sha256_hex(token.as_bytes()));
    let code_hash: String = sqlx::query_scalar("SELECT code_hash FROM pairing_codes")
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(code_hash, wct_pos_server::util::sha256_hex(code.as_bytes()));

    // No column of either table holds the token or the code in any readable form.
    let bare_code = code.replace('-', "");
    for table in ["devices", "pairing_codes", "settings"] {
        let rows = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(db)
            .await
            .unwrap();
        for row in rows {
            use sqlx::Row;
            for i in 0..row.len() {
                let Ok(Some(text)) = row.try_get::<Option<String>, _>(i) else {
                    continue;
                };
                for secret in [&token, &code, &bare_code] {
                    assert!(!text.contains(secret.as_str()), "{table}: {text}");
                }
            }
        }
    }
    h.stop().await;
}

// ---- the real binary: stdout and the log --------------------------------------------------

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn server_command(
    dir: &std::path::Path,
    dist: &std::path::Path,
    port: u16,
) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_wct-pos-server"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WCT_POS_BIND", format!("127.0.0.1:{port}"))
        .env(
            "WCT_POS_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("wct-pos.db").display()),
        )
        .env("WCT_POS_DIST", dist)
        .env("RUST_LOG", "debug")
        .stdin(std::process::Stdio::null());
    cmd
}

fn output_to(cmd: &mut std::process::Command, stdout: &std::path::Path, stderr: &std::path::Path) {
    let open = |p: &std::path::Path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .expect("output file")
    };
    cmd.stdout(open(stdout)).stderr(open(stderr));
}

/// The first `enter the code XXXX-XXXX` in `text`.
fn printed_code(text: &str) -> Option<String> {
    let at = text.find("enter the code ")? + "enter the code ".len();
    Some(text[at..].chars().take(9).collect())
}

/// Every form a secret could take in a line, lower-cased: as is, percent-encoded, and (for
/// codes) without the dash.
fn forms(secret: &str) -> Vec<String> {
    let percent: String = secret.bytes().map(|b| format!("%{b:02x}")).collect();
    let mut forms = vec![
        secret.to_lowercase(),
        percent,
        secret.replace('-', "").to_lowercase(),
    ];
    forms.retain(|f| f.len() >= 8);
    forms
}

/// `secret` appears in no line of `text`, in any case, encoding, or with any separators.
fn assert_absent(text: &str, what: &str, secret: &str) {
    let bare_secret: String = secret
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    for line in text.lines() {
        let lower = line.to_lowercase();
        let bare: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
        assert!(!bare.contains(&bare_secret), "{what} in the output: {line}");
        for form in forms(secret) {
            assert!(!lower.contains(&form), "{what} in the output: {line}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_code_or_token_reaches_the_log_and_no_token_reaches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let dist = make_dist();
    let (stdout, stderr) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let mut cmd = server_command(dir.path(), dist.path(), port);
    output_to(&mut cmd, &stdout, &stderr);
    let mut server = cmd.spawn().expect("server starts");
    let http = reqwest::Client::builder()
        .timeout(PATIENCE)
        .build()
        .unwrap();

    // The start prints a code for the unpaired terminal.
    let start_code = eventually(|| async {
        printed_code(&std::fs::read_to_string(&stdout).unwrap_or_default())
    })
    .await
    .expect("a pairing code on stdout at start");
    let pair = |code: String| {
        let http = http.clone();
        let url = url.clone();
        async move {
            let response = http
                .post(format!("{url}/api/pair"))
                .json(&json!({"code": code, "device_name": "Tablet"}))
                .send()
                .await
                .expect("pair");
            assert_eq!(response.status(), StatusCode::CREATED);
            let body: Value = response.json().await.unwrap();
            body["token"].as_str().unwrap().to_string()
        }
    };
    let first_token = pair(start_code.clone()).await;

    // A code asked for by the device, used in every request form a client might try.
    let response = http
        .post(format!("{url}/api/devices/pairing-codes"))
        .bearer_auth(&first_token)
        .send()
        .await
        .unwrap();
    let issued: Value = response.json().await.unwrap();
    let device_code = issued["code"].as_str().unwrap().to_string();
    for path in [
        format!("/pair?code={device_code}"),
        format!("/api/pair?code={device_code}"),
        format!("/api/events?access_token={first_token}"),
        format!("/api/events?access%5Ftoken={first_token}&last_event_id=0"),
        format!("/api/terminal?token={first_token}"),
    ] {
        if let Ok(mut response) = http.get(format!("{url}{path}")).send().await {
            let _ = tokio::time::timeout(Duration::from_millis(300), response.chunk()).await;
        }
    }
    let second_token = pair(device_code.clone()).await;

    // `wct-pos-server pair` and `devices list|revoke` while the server runs.
    let (pair_out, pair_err) = (dir.path().join("pair.out"), dir.path().join("pair.err"));
    let mut cli = server_command(dir.path(), dist.path(), port);
    cli.args(["pair", "--terminal", "Counter 1"]);
    output_to(&mut cli, &pair_out, &pair_err);
    assert!(cli.status().unwrap().success());
    let pair_text = std::fs::read_to_string(&pair_out).unwrap();
    let console_code = printed_code(&pair_text).expect("the pair command prints a code");
    assert!(pair_text.contains(&format!("{url}/pair#code={console_code}")));
    let third_token = pair(console_code.clone()).await;
    let device_id: String = {
        let response = http
            .get(format!("{url}/api/devices"))
            .bearer_auth(&third_token)
            .send()
            .await
            .unwrap();
        let list: Value = response.json().await.unwrap();
        let mine = list
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["current"] == true)
            .unwrap()
            .clone();
        mine["id"].as_str().unwrap().to_string()
    };
    for args in [
        vec!["devices", "list"],
        vec!["devices", "revoke", &device_id],
    ] {
        let mut cli = server_command(dir.path(), dist.path(), port);
        cli.args(&args);
        output_to(&mut cli, &pair_out, &pair_err);
        assert!(cli.status().unwrap().success(), "{args:?}");
    }
    let refused = http
        .get(format!("{url}/api/terminal"))
        .bearer_auth(&third_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let terminal_token: String = {
        use sqlx::Connection;
        let db = format!(
            "sqlite://{}?mode=ro",
            dir.path().join("wct-pos.db").display()
        );
        let mut conn = sqlx::sqlite::SqliteConnection::connect(&db).await.unwrap();
        sqlx::query_scalar("SELECT token FROM terminals WHERE name = 'Counter 1'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();

    let log =
        std::fs::read_to_string(&stderr).unwrap() + &std::fs::read_to_string(&pair_err).unwrap();
    let out =
        std::fs::read_to_string(&stdout).unwrap() + &std::fs::read_to_string(&pair_out).unwrap();
    assert!(log.contains("device paired"), "the log says what happened");
    assert!(log.contains("/api/pair"), "requests were logged");
    assert!(out.contains("revoked device"), "the console answered");
    for token in [&first_token, &second_token, &third_token, &terminal_token] {
        assert_absent(&log, "a token", token);
        assert_absent(&out, "a token", token);
    }
    // Codes are shown on the console by design (they work once, for minutes), never logged.
    for code in [&start_code, &device_code, &console_code] {
        assert_absent(&log, "a pairing code", code);
    }
    assert_absent(&out, "the device's code", &device_code);
}
