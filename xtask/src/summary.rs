//! Counting tests from libtest / wasm-bindgen-test-runner output, and the final report of a run.

use std::time::Duration;

use crate::exec::elapsed;

/// Passed and failed tests, summed over every `test result:` line of some output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    /// How many `test result:` lines were seen (0 means the tests never ran).
    pub suites: u64,
}

impl Tally {
    pub fn from_output(text: &str) -> Tally {
        let mut tally = Tally::default();
        for line in text.lines() {
            let Some(rest) = line.find("test result:").map(|at| &line[at..]) else {
                continue;
            };
            tally.suites += 1;
            tally.passed += count_before(rest, "passed");
            tally.failed += count_before(rest, "failed");
        }
        tally
    }
}

/// In `… 12 passed; 0 failed; …`, the number right before `word`.
fn count_before(line: &str, word: &str) -> u64 {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .find(|pair| pair[1] == word)
        .and_then(|pair| pair[0].parse().ok())
        .unwrap_or(0)
}

/// What one step of `cargo xtask test` came to.
pub struct Outcome {
    pub name: String,
    pub ok: bool,
    /// Present for steps that run tests.
    pub tally: Option<Tally>,
    pub took: Duration,
}

impl Outcome {
    /// Failures this step adds to the total. A step that failed without a failed test
    /// (a build, fmt or clippy failure, a test binary that did not compile) counts as one.
    pub fn failures(&self) -> u64 {
        let failed_tests = self.tally.map_or(0, |t| t.failed);
        if !self.ok && failed_tests == 0 {
            1
        } else {
            failed_tests
        }
    }

    pub fn passes(&self) -> u64 {
        self.tally.map_or(0, |t| t.passed)
    }
}

/// The step table followed by the totals line; the totals line is always last.
pub fn render(outcomes: &[Outcome]) -> (String, u64, u64) {
    let mut out = String::from("==> summary\n");
    for o in outcomes {
        let verdict = if o.ok { "ok    " } else { "FAILED" };
        let counts = match o.tally {
            Some(t) => format!(" — {} passed, {} failed", t.passed, t.failed),
            None => String::new(),
        };
        out.push_str(&format!(
            "    {verdict} {}{counts} ({})\n",
            o.name,
            elapsed(o.took)
        ));
    }
    let passed: u64 = outcomes.iter().map(Outcome::passes).sum();
    let failed: u64 = outcomes.iter().map(Outcome::failures).sum();
    out.push_str(&format!("xtask: {passed} passed, {failed} failed\n"));
    (out, passed, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARGO_TEST: &str = "\
running 3 tests
test a ... ok
test b ... FAILED
test c ... ok

test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

     Running tests/flow.rs (target/debug/deps/flow-1234)

running 12 tests
test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 4.20s

   Doc-tests wct_api

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";

    #[test]
    fn sums_every_test_result_line() {
        let t = Tally::from_output(CARGO_TEST);
        assert_eq!(
            t,
            Tally {
                passed: 14,
                failed: 1,
                suites: 3
            }
        );
    }

    #[test]
    fn reads_the_wasm_bindgen_test_runner_summary() {
        let out = "Running headless tests in Chrome on `http://127.0.0.1:39123/`\n\
                   test result: ok. 7 passed; 0 failed; 0 ignored; 0 filtered out; finished in 1.93s\n";
        assert_eq!(
            Tally::from_output(out),
            Tally {
                passed: 7,
                failed: 0,
                suites: 1
            }
        );
    }

    #[test]
    fn output_without_results_counts_nothing() {
        let out = "error[E0425]: cannot find value `x` in this scope\nerror: could not compile `wct-e2e`\n";
        assert_eq!(Tally::from_output(out), Tally::default());
    }

    fn outcome(ok: bool, tally: Option<Tally>) -> Outcome {
        Outcome {
            name: "step".into(),
            ok,
            tally,
            took: Duration::from_secs(1),
        }
    }

    #[test]
    fn a_failed_step_without_failed_tests_still_fails_the_run() {
        let outcomes = [
            outcome(false, None),
            outcome(
                false,
                Some(Tally {
                    passed: 5,
                    failed: 0,
                    suites: 1,
                }),
            ),
            outcome(
                false,
                Some(Tally {
                    passed: 3,
                    failed: 2,
                    suites: 1,
                }),
            ),
            outcome(
                true,
                Some(Tally {
                    passed: 10,
                    failed: 0,
                    suites: 2,
                }),
            ),
        ];
        let (text, passed, failed) = render(&outcomes);
        assert_eq!((passed, failed), (18, 4));
        assert_eq!(text.lines().last(), Some("xtask: 18 passed, 4 failed"));
    }

    #[test]
    fn a_clean_run_ends_with_zero_failed() {
        let (text, _, failed) = render(&[
            outcome(true, None),
            outcome(
                true,
                Some(Tally {
                    passed: 1,
                    failed: 0,
                    suites: 1,
                }),
            ),
        ]);
        assert_eq!(failed, 0);
        assert!(text.ends_with("xtask: 1 passed, 0 failed\n"));
    }
}
