//! The real server binary as a child process: for kill -9, restarts, and reading its whole log.

use std::time::{Duration, Instant};

/// The real server binary as a child process (for kill -9 and for reading its whole log).
pub struct Child {
    pub process: std::process::Child,
    pub url: String,
    pub log: std::path::PathBuf,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl Child {
    /// Starts `wct-pos-server` with `env` (plus a quiet default), logging to `log` (appended,
    /// so a restart's lines follow the first run's), and waits for `/healthz`.
    pub async fn spawn(env: &[(&str, String)], port: u16, log: &std::path::Path) -> Self {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("log file");
        let err = file.try_clone().expect("log file");
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_wct-pos-server"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("WCT_POS_BIND", format!("127.0.0.1:{port}"))
            .stdin(std::process::Stdio::null())
            .stdout(file)
            .stderr(err);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let process = cmd.spawn().expect("server binary starts");
        let child = Self {
            process,
            url: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        };
        child.wait_healthy().await;
        child
    }

    pub async fn wait_healthy(&self) {
        let http = reqwest::Client::new();
        let url = format!("{}/healthz", self.url);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = http.get(&url).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "server child did not become healthy"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.
    pub fn kill9(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }

    /// SIGTERM and wait: the graceful path.
    pub fn terminate(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.process.id().to_string()])
            .status();
        let _ = self.process.wait();
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill9();
    }
}
