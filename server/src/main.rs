//! The proxy binary: configuration from flags and environment, logs, signals.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;
use tracing_subscriber::EnvFilter;
use wct_pos_server::{start, Config};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs on stderr; stdout carries only the addresses and where to find the pairing links
    // (never a token: stdout ends up in service logs and terminal scrollback).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .init();
    let config = Config::parse();
    let data_dir = config.data_dir();
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
    let names: Vec<&str> = running.terminals.iter().map(|(n, _)| n.as_str()).collect();
    match write_pairing_links(&data_dir, &names, &running.pairing_urls()) {
        Ok(path) => println!(
            "pair a tablet: open its terminal's link from {} (readable by this user only)",
            path.display()
        ),
        Err(e) => {
            tracing::warn!(error = %e, "cannot write the pairing links");
            println!(
                "pair a tablet: open {}/pair?token=<the terminal's token from WCT_POS_TERMINALS>",
                running.public_url
            );
        }
    }
    wait_for_signal().await;
    tracing::info!("shutting down");
    running.shutdown().await;
    std::process::ExitCode::SUCCESS
}

/// Writes one `name: link` line per terminal to `pairing.txt` in `dir`, readable by the
/// owner only. The file is made anew, so an old one (or a link planted in its place) is
/// replaced rather than written through.
fn write_pairing_links(dir: &Path, names: &[&str], urls: &[String]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join("pairing.txt");
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    for (name, url) in names.iter().zip(urls) {
        writeln!(file, "terminal {name:?}: {url}")?;
    }
    Ok(path)
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
