//! `wct-stub-upstream [--bind 127.0.0.1:9000] [--key KEY]`: an instant WCT Pay for load tests
//! (see `wct_e2e::stub`). The secret comes from `WCT_STUB_SECRET` (not argv, which `ps` shows).
//! Point the proxy at it with `WCT_API_BASE=http://ADDR/api/`.

use std::net::SocketAddr;

use wct_api::sign::ApiSecret;

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

// One thread: the stub shares a core with the load generator and should not spread.
#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bind = flag(&args, "--bind").unwrap_or_else(|| "127.0.0.1:9000".into());
    let Ok(bind) = bind.parse::<SocketAddr>() else {
        eprintln!("wct-stub-upstream: --bind {bind:?} is not host:port");
        return std::process::ExitCode::from(2);
    };
    let key = flag(&args, "--key").unwrap_or_else(|| "stub-key".into());
    let secret = std::env::var("WCT_STUB_SECRET").unwrap_or_else(|_| "stub-secret".into());
    let stub = wct_e2e::stub::Stub::new(&key, ApiSecret::new(secret));
    println!("wct-stub-upstream on http://{bind} (API base http://{bind}/api/)");
    match wct_e2e::stub::serve(bind, stub).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wct-stub-upstream: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
