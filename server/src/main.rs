//! The proxy binary: configuration from flags and environment, logs, signals.

use clap::Parser;
use tracing_subscriber::EnvFilter;
use wct_pos_server::{start, Config};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs on stderr; stdout carries only the addresses and pairing URLs.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .init();
    let config = Config::parse();
    let running = match start(config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("wct-pos-server: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("wct-pos proxy on {}", running.public_url);
    if let Some(sandbox) = &running.sandbox {
        println!(
            "upstream: embedded sandbox at {} (set WCT_API_BASE, WCT_API_KEY, WCT_API_SECRET for WCT Pay)",
            sandbox.base_url()
        );
    }
    for ((name, _), url) in running.terminals.iter().zip(running.pairing_urls()) {
        println!("pair terminal \"{name}\": {url}");
    }
    wait_for_signal().await;
    tracing::info!("shutting down");
    running.shutdown().await;
    std::process::ExitCode::SUCCESS
}

async fn wait_for_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
