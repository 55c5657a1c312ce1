//! `wct-fuzz [--secs N] [--seed S]`: bounded-time fuzzing of the postback and request parsers
//! and the validators (see `wct_e2e::fuzz`). Prints one JSON report; exits 1 on any failure.

use std::time::Duration;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let secs: f64 = arg("--secs").and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let seed: u64 = arg("--seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    // Panics are caught and counted; keep their default messages off the console.
    std::panic::set_hook(Box::new(|_| {}));
    let report = wct_e2e::fuzz::run(Duration::from_secs_f64(secs), seed);
    match serde_json::to_string(&report) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("cannot print the report: {e}"),
    }
    if !report.failures.is_empty() {
        eprintln!(
            "wct-fuzz: {} failure(s); replay with --seed {seed}",
            report.failures.len()
        );
        std::process::exit(1);
    }
}
