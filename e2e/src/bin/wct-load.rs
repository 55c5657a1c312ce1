//! `wct-load`: the bench's open-loop load generator on the command line, for checking its
//! figures from outside (see `wct_e2e::load`). Prints one JSON report.
//!
//! ```text
//! wct-load creates   --url http://127.0.0.1:8080 --token T --rate 200 --n 3000 [--warmup 100]
//! wct-load direct    --upstream http://127.0.0.1:9000/api/ --key K --rate 200 --n 3000
//!                    (secret in WCT_LOAD_SECRET)
//! wct-load postbacks --stub http://127.0.0.1:9000 --rate 5000 --n 10000
//!                    (to the postback URLs the stub upstream was given)
//! wct-load streams   --url http://127.0.0.1:8080 --token T --count 5000
//! ```

const USAGE: &str =
    "usage: wct-load <creates|direct|postbacks|streams> [flags]: see the source header";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || args.iter().any(|a| a == "-h" || a == "--help") {
        eprintln!("{USAGE}");
        return std::process::ExitCode::from(2);
    }
    wct_e2e::procs::raise_open_file_limit();
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
