//! Sandbox safety (issue 11, point 8): the embedded sandbox does not start behind a public
//! URL unless `WCT_POS_SANDBOX=1` says so, and every payment view says whether the payment
//! service is a sandbox.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;

use common::{payment_body, Harness, PATIENCE};
use wct_api::sign::ApiSecret;
use wct_pos_server::{start, Config, StartError};

fn config_with(edit: impl FnOnce(&mut Config)) -> (Config, tempfile::TempDir) {
    let dist = common::make_dist();
    let mut config = Config::for_tests(dist.path());
    edit(&mut config);
    (config, dist)
}

#[tokio::test]
async fn the_embedded_sandbox_refuses_a_public_url() {
    for url in [
        "https://pos.example.com",
        "http://203.0.113.5:8080",
        "http://[2001:db8::5]:8080",
    ] {
        let (mut config, _dist) = config_with(|c| c.public_url = Some(url.into()));
        common::db::use_test_database(&mut config).await;
        match start(config).await {
            Err(e @ StartError::PublicSandbox(_)) => {
                let message = e.to_string();
                assert!(message.contains(url), "{message}");
                assert!(message.contains("WCT_POS_SANDBOX=1"), "{message}");
                assert!(message.contains("WCT_API_BASE"), "{message}");
            }
            Err(other) => panic!("{url}: wrong refusal: {other}"),
            Ok(running) => {
                running.shutdown().await;
                panic!("{url}: the sandbox started behind a public URL");
            }
        }
    }
}

async fn sandbox_flags(h: &Harness) -> (serde_json::Value, serde_json::Value) {
    let view = h.create_ok(&payment_body()).await;
    let code = view["payment_code"].as_str().unwrap();
    let public = h.public_payment(code).await;
    (view, public)
}

#[tokio::test]
async fn private_urls_and_the_switch_let_it_start_and_every_view_says_sandbox() {
    for (url, switch) in [
        ("http://192.168.1.20:8080", false),
        ("http://till.local:8080", false),
        ("https://pos.example.com", true),
    ] {
        let h = Harness::start_with(|c| {
            c.public_url = Some(url.into());
            c.sandbox = switch;
        })
        .await;
        let (view, public) = sandbox_flags(&h).await;
        assert_eq!(view["sandbox"], true, "{url}: {view}");
        assert_eq!(public["sandbox"], true, "{url}: {public}");
        assert!(view["link"].as_str().unwrap().starts_with(url), "{view}");
        // Replayed events carry it too.
        let event: serde_json::Value = serde_json::from_str(
            &sqlx::query_scalar::<_, String>("SELECT view_json FROM events ORDER BY seq LIMIT 1")
                .fetch_one(&h.running.state().db)
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(event["sandbox"], true);
        h.stop().await;
    }
}

#[tokio::test]
async fn a_configured_upstream_is_real_unless_declared_a_sandbox() {
    let upstream = wct_sandbox::start(wct_sandbox::Config::for_tests())
        .await
        .expect("standalone sandbox");
    for declared in [false, true] {
        let h = Harness::start_with(|c| {
            c.api_base = Some(upstream.api_base());
            c.api_key = Some(wct_sandbox::TEST_KEY.into());
            c.api_secret = Some(ApiSecret::new(wct_sandbox::TEST_SECRET));
            // No embedded sandbox, so a public URL is fine.
            c.public_url = Some("https://pos.example.com".into());
            c.sandbox = declared;
        })
        .await;
        let (view, public) = sandbox_flags(&h).await;
        assert_eq!(view["sandbox"], declared, "{view}");
        assert_eq!(public["sandbox"], declared, "{public}");
        h.stop().await;
    }
    upstream.shutdown().await;
}

/// Runs the server binary with `env` (and none of the caller's `WCT_*`), in a fresh
/// directory: its first stdout line, or what it said on stderr when it exited.
fn run_binary(env: &[(&str, &str)]) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_wct-pos-server"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("WCT_")) {
        command.env_remove(name);
    }
    command
        .current_dir(dir.path())
        .env("WCT_POS_BIND", "127.0.0.1:0")
        .env("WCT_POS_DATABASE_URL", "sqlite::memory:")
        .env("WCT_POS_DIST", dir.path())
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start wct-pos-server");
    let stdout = child.stdout.take().unwrap();
    let (lines, first) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = lines.send(line);
    });
    let line = first.recv_timeout(PATIENCE).unwrap_or_default();
    if !line.is_empty() {
        let _ = child.kill();
        let _ = child.wait();
        return Ok(line);
    }
    let output = child.wait_with_output().expect("wait");
    assert!(!output.status.success());
    Err(String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn the_binary_refuses_a_public_url_without_the_switch_and_starts_with_it() {
    let public = ("WCT_POS_PUBLIC_URL", "https://pos.example.com");
    let refused = run_binary(&[public]).expect_err("refused without WCT_POS_SANDBOX");
    assert!(refused.contains("WCT_POS_SANDBOX=1"), "{refused}");
    let started = run_binary(&[public, ("WCT_POS_SANDBOX", "1")]).expect("starts with it");
    assert!(
        started.contains("wct-pos proxy on https://pos.example.com"),
        "{started}"
    );
    let off = run_binary(&[public, ("WCT_POS_SANDBOX", "0")]).expect_err("0 is off");
    assert!(off.contains("WCT_POS_SANDBOX=1"), "{off}");
}
