//! `wct-load <latency|creates|postbacks|sse> --url … --token …`: the load generator as its
//! own process (see `wct_e2e::load`). Prints one JSON report.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match wct_e2e::load::main_with_args(&args).await {
        Ok(report) => {
            println!("{report}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wct-load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
