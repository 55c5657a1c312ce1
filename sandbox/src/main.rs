//! `wct-sandbox`: a local WCT Pay for development. Reads `WCT_SANDBOX_*`, serves until
//! Ctrl-C or SIGTERM.

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let (config, generated) = match wct_sandbox::Config::from_env_reporting() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("configuration: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if generated {
        // Printed once, on stdout only (never logged): the developer needs it to configure
        // the proxy, and it dies with this process.
        let t = &config.terminals[0];
        println!(
            "sandbox terminal (set WCT_SANDBOX_TERMINALS=key:secret to choose): key={} secret={}",
            t.key,
            t.secret.expose()
        );
    }
    let sandbox = match wct_sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!("cannot start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("sandbox API base: {}", sandbox.api_base());
    shutdown_signal().await;
    tracing::info!("shutting down");
    sandbox.shutdown().await;
    std::process::ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
