//! The proxy binary: configuration from flags and environment, logs, signals.

use std::io::{IsTerminal, Write};
use std::path::Path;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use wct_pos_server::config::PairingCommand;
use wct_pos_server::{devices, start, Config};

/// The server's settings, and what to do (serve, when no command is given).
#[derive(Parser)]
#[command(name = "wct-pos-server", version, about = "wct-pos signing proxy")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Deletes the personal details of closed payments now (those the daily job would) and
    /// prints how many records were changed.
    Purge {
        /// Closed payments unchanged for more than this many days (default:
        /// WCT_POS_PERSONAL_DATA_DAYS).
        #[arg(long)]
        older_than_days: Option<u32>,
    },
    /// Reads a manager PIN (asked twice without echo on a terminal, else one line of
    /// standard input) and prints its Argon2 hash for WCT_POS_MANAGER_PIN_HASH.
    HashPin,
    /// Clears a store's manager-PIN lockout (store-wide and every device's count) before it
    /// runs out.
    UnlockPin {
        /// The store (default: the store of terminals configured without one).
        #[arg(long, default_value = "default")]
        store: String,
    },
    #[command(flatten)]
    Pairing(PairingCommand),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs on stderr; stdout carries the addresses and the one-time pairing codes (never a
    // token: stdout ends up in service logs and terminal scrollback, where a code is
    // worthless once used or ten minutes old).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in a service's log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .init();
    let Cli { config, command } = Cli::parse();
    let ansi = std::io::stdout().is_terminal();
    match command {
        Some(Command::Purge { older_than_days }) => {
            return purge(
                &config,
                older_than_days.unwrap_or(config.personal_data_days),
            )
            .await;
        }
        Some(Command::HashPin) => return hash_pin(),
        Some(Command::UnlockPin { store }) => return unlock_pin(&config, &store).await,
        Some(Command::Pairing(command)) => {
            let mut out = std::io::stdout().lock();
            return match devices::run_command(&config, &command, &mut out, ansi).await {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("wct-pos-server: {e}");
                    std::process::ExitCode::FAILURE
                }
            };
        }
        None => {}
    }
    forget_pairing_file(&config.data_dir());
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
    let state = running.state();
    match devices::codes_for_unpaired(state).await {
        Ok(codes) => {
            let mut out = std::io::stdout().lock();
            for issued in &codes {
                if let Err(e) = devices::print_code(&mut out, issued, Some(ansi)) {
                    tracing::warn!(error = %e, "cannot print a pairing code");
                }
            }
            if codes.is_empty() {
                println!(
                    "every terminal has a paired device; pair another from Settings → Add a device, \
                     or with `wct-pos-server pair --terminal NAME`"
                );
            }
            let _ = out.flush();
        }
        Err(e) => tracing::warn!(error = %e, "cannot issue pairing codes"),
    }
    if let Some(tls) = running.tls() {
        if let Some(ca) = &tls.local_ca {
            // Plain HTTP on the public host: the tablet does not trust the CA yet.
            let host = reqwest::Url::parse(&running.public_url)
                .ok()
                .and_then(|url| url.host_str().map(str::to_string));
            let setup = match (running.http_addr, host) {
                (Some(http), Some(host)) => format!("http://{host}:{}/setup", http.port()),
                _ => format!("{}/setup", running.public_url),
            };
            println!(
                "HTTPS with this shop's own CA (fingerprint {}): on each tablet, open {setup} \
                 to install it",
                ca.fingerprint
            );
        }
    }
    wait_for_signal(&running).await;
    tracing::info!("shutting down");
    running.shutdown().await;
    std::process::ExitCode::SUCCESS
}

/// `wct-pos-server unlock-pin`: clears the store's PIN lockout in the shared database; a
/// running server sees it at its next attempt.
async fn unlock_pin(config: &Config, store: &str) -> std::process::ExitCode {
    let db = match wct_pos_server::store::connect(&config.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("wct-pos-server: database: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let outcome = wct_pos_server::refunds::pin::unlock_store(&db, store).await;
    db.close().await;
    match outcome {
        Ok(cleared) => {
            println!("manager-PIN lockout of store {store:?} cleared ({cleared} counters reset)");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wct-pos-server: unlock-pin failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// `wct-pos-server purge`: one purge of the configured database; counts on stdout.
async fn purge(config: &Config, older_than_days: u32) -> std::process::ExitCode {
    let db = match wct_pos_server::store::connect(&config.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("wct-pos-server: database: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let outcome = wct_pos_server::purge::purge(&db, older_than_days).await;
    db.close().await;
    match outcome {
        Ok(report) => {
            println!(
                "purged the personal data of closed payments unchanged for over \
                 {older_than_days} days: {report}"
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wct-pos-server: purge failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// `wct-pos-server hash-pin`: the PIN never echoes and never reaches a log; only its hash is
/// printed.
fn hash_pin() -> std::process::ExitCode {
    let fail = |message: String| {
        eprintln!("wct-pos-server: {message}");
        std::process::ExitCode::FAILURE
    };
    let stdin = std::io::stdin();
    let pin = if stdin.is_terminal() {
        let first = match read_hidden("Manager PIN (6 to 12 digits): ") {
            Ok(pin) => pin,
            Err(e) => return fail(format!("cannot read the PIN: {e}")),
        };
        match read_hidden("The same PIN again: ") {
            Ok(again) if again == first => first,
            Ok(_) => return fail("the two PINs differ; nothing was printed".into()),
            Err(e) => return fail(format!("cannot read the PIN: {e}")),
        }
    } else {
        let mut line = String::new();
        if let Err(e) = stdin.read_line(&mut line) {
            return fail(format!("cannot read the PIN: {e}"));
        }
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if let Err(why) = wct_api::refund::check_new_pin(&pin) {
        return fail(why);
    }
    match wct_pos_server::refunds::pin::hash_pin(&pin) {
        Ok(hash) => {
            println!("{hash}");
            eprintln!("set WCT_POS_MANAGER_PIN_HASH to this (quote it: it holds $ signs)");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => fail(format!("cannot hash the PIN: {e}")),
    }
}

/// One line from the terminal with echo off (restored afterwards, even on error).
fn read_hidden(prompt: &str) -> std::io::Result<String> {
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    let fd = libc::STDIN_FILENO;
    // SAFETY: termios is plain data; tcgetattr fills it for a terminal file descriptor.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: `fd` is stdin, `saved` a valid termios to fill.
    if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let mut quiet = saved;
    quiet.c_lflag &= !libc::ECHO;
    quiet.c_lflag |= libc::ECHONL;
    // SAFETY: as above, with a copy of the settings read.
    if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &quiet) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let mut line = String::new();
    let read = std::io::stdin().read_line(&mut line);
    // SAFETY: restores the settings read above.
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &saved) };
    read?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Earlier versions wrote each terminal's permanent token to `pairing.txt`; pairing codes
/// replaced it, so a file left over is deleted rather than left holding a token.
fn forget_pairing_file(dir: &Path) {
    let path = dir.join("pairing.txt");
    match std::fs::remove_file(&path) {
        Ok(()) => tracing::info!(path = %path.display(), "deleted the old pairing-link file"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "cannot delete the old pairing-link file")
        }
    }
}

/// Waits for Ctrl-C or SIGTERM. SIGHUP renews the TLS certificate meanwhile (ACME: a new
/// order; files: read again; local: a fresh server certificate).
async fn wait_for_signal(running: &wct_pos_server::Running) {
    #[cfg(unix)]
    let hangups = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
            Ok(mut signal) => {
                while signal.recv().await.is_some() {
                    match running.tls() {
                        Some(tls) => {
                            tracing::info!("SIGHUP: renewing the certificate");
                            tls.renew();
                        }
                        None => tracing::info!("SIGHUP ignored: WCT_POS_TLS is off"),
                    }
                }
                std::future::pending::<()>().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGHUP");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let hangups = std::future::pending::<()>();
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
        () = hangups => {}
    }
}
