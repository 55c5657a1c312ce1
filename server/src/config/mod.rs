//! Configuration: every flag has an environment variable, so the same binary runs from a shell,
//! a service manager or a test (`Config::for_tests`).

mod commands;
mod terminals;
mod values;

pub use commands::*;
pub use terminals::*;
pub use values::*;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use wct_api::sign::ApiSecret;

/// Shortest terminal token accepted: shorter ones are guessable.
pub const MIN_TOKEN_LEN: usize = 16;

/// The terminal token `Config::for_tests` configures.
pub const TEST_TOKEN: &str = "test-terminal-token-0123456789";

/// The store of a terminal configured without one.
pub const DEFAULT_STORE: &str = "default";

/// The proxy's settings.
#[derive(Debug, Clone, Parser)]
#[command(name = "wct-pos-server", version, about = "wct-pos signing proxy")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "WCT_POS_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Base URL for postback URLs and customer links (default: http://{bound address}).
    #[arg(long, env = "WCT_POS_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The app's build (Trunk's dist/).
    #[arg(long, env = "WCT_POS_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// `sqlite://…` (embedded, one process) or `postgres://…` (several instances sharing one
    /// database; events fan out through LISTEN/NOTIFY).
    #[arg(
        long,
        env = "WCT_POS_DATABASE_URL",
        default_value = "sqlite://data/wct-pos.db?mode=rwc"
    )]
    pub database_url: String,
    /// The real WCT Pay API base; absent → the embedded sandbox.
    #[arg(long, env = "WCT_API_BASE")]
    pub api_base: Option<String>,
    #[arg(long, env = "WCT_API_KEY")]
    pub api_key: Option<String>,
    #[arg(long, env = "WCT_API_SECRET", value_parser = parse_secret, hide_env_values = true)]
    pub api_secret: Option<ApiSecret>,
    /// Where the embedded sandbox listens.
    #[arg(long, env = "WCT_SANDBOX_BIND", default_value = "127.0.0.1:0")]
    pub sandbox_bind: SocketAddr,
    #[arg(long, env = "WCT_SANDBOX_RETRY_BASE_MS", default_value_t = 1000)]
    pub sandbox_retry_base_ms: u64,
    #[arg(long, env = "WCT_SANDBOX_RETRY_MAX_MS", default_value_t = 60_000)]
    pub sandbox_retry_max_ms: u64,
    /// Terminals as `[store/]name:token,…` (tokens of 16+ characters; no store → "default").
    /// A terminal sees the payments and events of its own store only.
    #[arg(
        long,
        env = "WCT_POS_TERMINALS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub terminals: Vec<TerminalSpec>,
    /// Quote lifetime given to the embedded sandbox.
    #[arg(long, env = "WCT_POS_QUOTE_SECS", default_value_t = 900)]
    pub quote_secs: u64,
    /// The shop's name.
    #[arg(long, env = "WCT_POS_MERCHANT", default_value = "My Shop")]
    pub merchant: String,
    /// TOML file with the asset catalogue (default: the built-in one).
    #[arg(long, env = "WCT_POS_CATALOGUE")]
    pub catalogue: Option<PathBuf>,
    #[arg(long, env = "WCT_POS_UPSTREAM_TIMEOUT_MS", default_value_t = 10_000)]
    pub upstream_timeout_ms: u64,
    #[arg(long, env = "WCT_POS_RECONCILE_SECS", default_value_t = 15)]
    pub reconcile_secs: u64,
    /// Creates per minute per terminal.
    #[arg(long, env = "WCT_POS_CREATE_RATE", default_value_t = 60)]
    pub create_rate: u32,
    /// How far a quote's amount × rate may be from the sale, in basis points (200 = 2 %).
    /// A quote further off is refused and never shown.
    #[arg(long, env = "WCT_POS_QUOTE_TOLERANCE_BP", default_value_t = 200)]
    pub quote_tolerance_bp: u32,
    /// How long cancelled and expired payments stay watched for money that arrives late.
    #[arg(long, env = "WCT_POS_LATE_WATCH_HOURS", default_value_t = 24)]
    pub late_watch_hours: u64,
    /// Calls to WCT Pay in flight at once, whatever asks for them.
    #[arg(long, env = "WCT_POS_UPSTREAM_CONCURRENCY", default_value_t = 32)]
    pub upstream_concurrency: usize,
    /// getupdate calls per second the reconciler may spend; it falls behind rather than
    /// exceed it (postbacks and refreshes are not counted).
    #[arg(long, env = "WCT_POS_RECONCILE_BUDGET", default_value_t = 20)]
    pub reconcile_budget: u32,
    /// Bearer token of `GET /metrics` (Prometheus); unset, the route does not exist.
    #[arg(long, env = "WCT_POS_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// A payment nudged by postbacks is confirmed with getupdate at most this often.
    #[arg(long, env = "WCT_POS_NUDGE_INTERVAL_MS", default_value_t = 1_000)]
    pub nudge_interval_ms: u64,
    /// A new connection must send a whole request head within this, and so must a request
    /// that has begun arriving on a kept-alive connection.
    #[arg(long, env = "WCT_POS_HEADER_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_timeout_ms: u64,
    /// A kept-alive connection with no request in progress is closed after this.
    #[arg(long, env = "WCT_POS_IDLE_TIMEOUT_MS", default_value_t = 30_000)]
    pub idle_timeout_ms: u64,
    /// Open connections in all (lowered at start to fit the open-file limit).
    #[arg(long, env = "WCT_POS_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Open connections per client address (IPv6: per /64).
    #[arg(long, env = "WCT_POS_MAX_CONNECTIONS_PER_IP", default_value_t = 128)]
    pub max_connections_per_ip: usize,
    /// Open event streams in all.
    #[arg(long, env = "WCT_POS_MAX_STREAMS", default_value_t = 512)]
    pub max_streams: usize,
    /// Open customer-page (public) event streams per client address.
    #[arg(long, env = "WCT_POS_MAX_PUBLIC_STREAMS_PER_IP", default_value_t = 64)]
    pub max_public_streams_per_ip: usize,
    /// Open customer-page event streams per payment code.
    #[arg(long, env = "WCT_POS_MAX_PUBLIC_STREAMS_PER_CODE", default_value_t = 8)]
    pub max_public_streams_per_code: usize,
    /// Open event streams per terminal.
    #[arg(long, env = "WCT_POS_MAX_STREAMS_PER_TERMINAL", default_value_t = 16)]
    pub max_streams_per_terminal: usize,
    /// An event stream ends after this; the browser reconnects with Last-Event-ID.
    #[arg(long, env = "WCT_POS_STREAM_LIFETIME_SECS", default_value_t = 900)]
    pub stream_lifetime_secs: u64,
    /// Postback bodies kept per payment (the newest).
    #[arg(long, env = "WCT_POS_POSTBACKS_PER_PAYMENT", default_value_t = 50)]
    pub postbacks_per_payment: u32,
    /// Postback bodies older than this many days are deleted.
    #[arg(long, env = "WCT_POS_POSTBACK_RETENTION_DAYS", default_value_t = 30)]
    pub postback_retention_days: u32,
    /// Failed terminal-token attempts a client address may make before each further
    /// attempt is slowed down.
    #[arg(long, env = "WCT_POS_AUTH_FREE_FAILURES", default_value_t = 5)]
    pub auth_free_failures: u32,
    /// The first slow-down; it doubles with every further failure.
    #[arg(long, env = "WCT_POS_AUTH_DELAY_BASE_MS", default_value_t = 100)]
    pub auth_delay_base_ms: u64,
    /// The longest slow-down.
    #[arg(long, env = "WCT_POS_AUTH_DELAY_MAX_MS", default_value_t = 5_000)]
    pub auth_delay_max_ms: u64,
    /// Failed attempts within the window that lock the address out.
    #[arg(long, env = "WCT_POS_AUTH_LOCKOUT_FAILURES", default_value_t = 20)]
    pub auth_lockout_failures: u32,
    /// How long failed attempts are remembered (from the first of a series).
    #[arg(long, env = "WCT_POS_AUTH_FAILURE_WINDOW_SECS", default_value_t = 600)]
    pub auth_failure_window_secs: u64,
    /// How long a locked-out address gets 429.
    #[arg(long, env = "WCT_POS_AUTH_LOCKOUT_SECS", default_value_t = 900)]
    pub auth_lockout_secs: u64,
    /// A payment's refresh asks the upstream at most once per this; concurrent and later
    /// callers within it get the stored state.
    #[arg(long, env = "WCT_POS_REFRESH_INTERVAL_MS", default_value_t = 3_000)]
    pub refresh_interval_ms: u64,
    /// Public payment lookups (customer page, its stream, public receipt) per minute per
    /// client address, found or not.
    #[arg(long, env = "WCT_POS_PUBLIC_LOOKUPS_PER_MIN", default_value_t = 600)]
    pub public_lookups_per_min: u32,
    /// Public lookups of codes that do not exist, per minute per client address.
    #[arg(long, env = "WCT_POS_PUBLIC_MISSES_PER_MIN", default_value_t = 60)]
    pub public_misses_per_min: u32,
    /// Public lookups of one payment code per minute.
    #[arg(
        long,
        env = "WCT_POS_PUBLIC_LOOKUPS_PER_CODE_PER_MIN",
        default_value_t = 30
    )]
    pub public_lookups_per_code_per_min: u32,
    /// Client addresses each throttle remembers at most (the idle ones are forgotten first).
    #[arg(long, env = "WCT_POS_THROTTLE_MAX_CLIENTS", default_value_t = 10_000)]
    pub throttle_max_clients: usize,
    /// Personal details of closed payments are deleted this many days after their last
    /// change.
    #[arg(long, env = "WCT_POS_PERSONAL_DATA_DAYS", default_value_t = 90)]
    pub personal_data_days: u32,
    /// Says explicitly that this is a test deployment: the embedded sandbox may run behind
    /// a public URL, and a configured WCT_API_BASE is marked as a sandbox too.
    #[arg(
        long,
        env = "WCT_POS_SANDBOX",
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub sandbox: bool,
    /// How long a pairing code stays valid (it works once).
    #[arg(long, env = "WCT_POS_PAIRING_CODE_SECS", default_value_t = 600)]
    pub pairing_code_secs: u64,
    /// Pairing-code exchanges (`POST /api/pair`) allowed per minute per client address.
    #[arg(long, env = "WCT_POS_PAIR_ATTEMPTS_PER_MINUTE", default_value_t = 10)]
    pub pair_attempts_per_minute: u32,
    /// Live (paired, not revoked) devices a terminal may have; pairing one more is refused.
    #[arg(long, env = "WCT_POS_MAX_DEVICES_PER_TERMINAL", default_value_t = 10)]
    pub max_devices_per_terminal: u32,
    /// HTTP/2 (over the built-in TLS): streams one connection may have open at once.
    #[arg(long, env = "WCT_POS_H2_MAX_STREAMS", default_value_t = 100)]
    pub h2_max_streams: u32,
    /// HTTPS: `off` (plain HTTP: only for the same machine, or behind a reverse proxy),
    /// `files` (WCT_POS_TLS_CERT/KEY), `acme` (a certificate from Let's Encrypt or
    /// WCT_POS_ACME_DIRECTORY for WCT_POS_TLS_DOMAINS) or `local` (a CA of this shop's own;
    /// tablets install it from /setup).
    #[arg(long, env = "WCT_POS_TLS", value_enum, default_value_t = TlsMode::Off)]
    pub tls: TlsMode,
    /// `files`: the certificate chain (PEM); read again when it changes.
    #[arg(long, env = "WCT_POS_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// `files`: the private key (PEM); read again when it changes.
    #[arg(long, env = "WCT_POS_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
    /// `acme`: the domains of the certificate (comma separated); `local`: names to add to
    /// the machine's own.
    #[arg(long, env = "WCT_POS_TLS_DOMAINS", value_delimiter = ',')]
    pub tls_domains: Vec<String>,
    /// `acme`: the contact e-mail given to the CA (expiry warnings go there).
    #[arg(long, env = "WCT_POS_ACME_EMAIL")]
    pub acme_email: Option<String>,
    /// `acme`: the CA's directory URL.
    #[arg(long, env = "WCT_POS_ACME_DIRECTORY", default_value = LETS_ENCRYPT)]
    pub acme_directory: String,
    /// `acme`: a PEM root to trust for the directory's own HTTPS (a private ACME CA).
    #[arg(long, env = "WCT_POS_ACME_CA_ROOT")]
    pub acme_ca_root: Option<PathBuf>,
    /// A plain-HTTP listener beside HTTPS: it redirects to the public URL, and with `local`
    /// serves /setup (the CA to install).
    #[arg(long, env = "WCT_POS_HTTP_BIND")]
    pub http_bind: Option<SocketAddr>,
    /// Reverse proxies (addresses or networks, comma separated) whose X-Forwarded-For and
    /// X-Forwarded-Proto are believed; nobody else's are.
    #[arg(long, env = "WCT_POS_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpNet>,
    /// The manager PIN that guards refunds, as an Argon2 PHC string (`wct-pos-server
    /// hash-pin` makes one). Unset: every refund is refused.
    #[arg(
        long,
        env = "WCT_POS_MANAGER_PIN_HASH",
        value_parser = PinHash::parse,
        hide_env_values = true
    )]
    pub manager_pin_hash: Option<PinHash>,
    /// Wrong manager PINs from one device, within the lockout time, that lock its refunds.
    #[arg(long, env = "WCT_POS_PIN_MAX_FAILURES", default_value_t = 3)]
    pub pin_max_failures: u32,
    /// Wrong manager PINs from all the devices of a store, within the lockout time, that lock
    /// refunds and PIN-guarded settings on every device of the store.
    #[arg(long, env = "WCT_POS_PIN_STORE_MAX_FAILURES", default_value_t = 10)]
    pub pin_store_max_failures: u32,
    /// How long a lock lasts, and how long a wrong PIN counts.
    #[arg(long, env = "WCT_POS_PIN_LOCKOUT_SECS", default_value_t = 900)]
    pub pin_lockout_secs: u64,
    /// How long a refund whose answer was lost may wait for WCT Pay's refunded total to move
    /// before it counts as never made (its money then released).
    #[arg(long, env = "WCT_POS_REFUND_SETTLE_SECS", default_value_t = 120)]
    pub refund_settle_secs: u64,
    /// How long the embedded sandbox keeps a refund requested before completing it.
    #[arg(long, env = "WCT_SANDBOX_REFUND_DELAY_MS", default_value_t = 2_000)]
    pub sandbox_refund_delay_ms: u64,
}

impl Config {
    /// Hermetic settings for tests (no environment read): port 0 everywhere, an in-memory
    /// database, a known terminal (`TEST_TOKEN`), short quotes, fast retries, generous limits.
    pub fn for_tests(dist: impl Into<PathBuf>) -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_url: None,
            dist: dist.into(),
            database_url: "sqlite::memory:".into(),
            api_base: None,
            api_key: None,
            api_secret: None,
            sandbox_bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            sandbox_retry_base_ms: 20,
            sandbox_retry_max_ms: 200,
            terminals: vec![TerminalSpec {
                store: DEFAULT_STORE.into(),
                name: "Test counter".into(),
                token: TEST_TOKEN.into(),
            }],
            quote_secs: 60,
            merchant: "Test Shop".into(),
            catalogue: None,
            upstream_timeout_ms: 5_000,
            reconcile_secs: 2,
            create_rate: 100_000,
            quote_tolerance_bp: 200,
            late_watch_hours: 24,
            upstream_concurrency: 32,
            reconcile_budget: 1_000,
            nudge_interval_ms: 100,
            metrics_token: None,
            header_timeout_ms: 10_000,
            idle_timeout_ms: 30_000,
            max_connections: 4096,
            max_connections_per_ip: 4096,
            max_streams: 4096,
            max_public_streams_per_ip: 4096,
            max_public_streams_per_code: 4096,
            max_streams_per_terminal: 4096,
            stream_lifetime_secs: 900,
            postbacks_per_payment: 100_000,
            postback_retention_days: 30,
            pairing_code_secs: 600,
            pair_attempts_per_minute: 10,
            max_devices_per_terminal: 10,
            h2_max_streams: 100,
            auth_free_failures: 1_000_000,
            auth_delay_base_ms: 100,
            auth_delay_max_ms: 5_000,
            auth_lockout_failures: 1_000_000,
            auth_failure_window_secs: 600,
            auth_lockout_secs: 900,
            refresh_interval_ms: 0,
            public_lookups_per_min: 1_000_000,
            public_misses_per_min: 1_000_000,
            public_lookups_per_code_per_min: 1_000_000,
            throttle_max_clients: 10_000,
            personal_data_days: 90,
            sandbox: false,
            tls: TlsMode::Off,
            tls_cert: None,
            tls_key: None,
            tls_domains: Vec::new(),
            acme_email: None,
            acme_directory: LETS_ENCRYPT.into(),
            acme_ca_root: None,
            http_bind: None,
            trusted_proxies: Vec::new(),
            manager_pin_hash: None,
            pin_max_failures: 3,
            pin_store_max_failures: 10,
            pin_lockout_secs: 900,
            refund_settle_secs: 120,
            sandbox_refund_delay_ms: 0,
        }
    }

    /// Whether the proxy's database lives in memory (then the sandbox's does too).
    pub fn memory_db(&self) -> bool {
        self.database_url.contains(":memory:") || self.database_url.contains("mode=memory")
    }

    /// Where the proxy keeps files of its own: the directory of the
    /// SQLite database, or `data` for a memory or PostgreSQL database.
    pub fn data_dir(&self) -> PathBuf {
        if self.memory_db() || is_postgres_url(&self.database_url) {
            return PathBuf::from("data");
        }
        let path = self
            .database_url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or("");
        match std::path::Path::new(path).parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// The embedded sandbox's database: a file next to the proxy's, or memory.
    pub fn sandbox_database_url(&self) -> String {
        // With Postgres (several instances) the embedded sandbox is a development aid only;
        // instances meant to share payments point WCT_API_BASE at one upstream.
        if self.memory_db() || is_postgres_url(&self.database_url) {
            return "sqlite::memory:".into();
        }
        let (base, query) = match self.database_url.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (self.database_url.as_str(), None),
        };
        let stem = base.strip_suffix(".db").unwrap_or(base);
        let mut url = format!("{stem}-sandbox.db");
        if let Some(q) = query {
            url.push('?');
            url.push_str(q);
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_style_terminals_parse_and_short_tokens_are_refused() {
        let c = Config::try_parse_from([
            "x",
            "--terminals",
            "Till 1:abcdefghijklmnop1,Till 2:abcdefghijklmnop2",
        ])
        .unwrap();
        assert_eq!(c.terminals.len(), 2);
        assert_eq!(c.terminals[1].name, "Till 2");
        assert!(Config::try_parse_from(["x", "--terminals", "Till:short"]).is_err());
        assert!(Config::try_parse_from(["x", "--terminals", "no-colon-token-here"]).is_err());
        assert_eq!(c.terminals[0].store, DEFAULT_STORE);
        let c =
            Config::try_parse_from(["x", "--terminals", "north/Till 1:abcdefghijklmnop1"]).unwrap();
        assert_eq!(
            (c.terminals[0].store.as_str(), c.terminals[0].name.as_str()),
            ("north", "Till 1")
        );
        assert!(Config::try_parse_from(["x", "--terminals", "/Till:abcdefghijklmnop1"]).is_err());
        assert!(
            Config::try_parse_from(["x", "--terminals", "no rth/Till:abcdefghijklmnop1"]).is_err()
        );
    }

    #[test]
    fn sandbox_db_sits_next_to_the_proxy_db() {
        let mut c = Config::for_tests("dist");
        assert_eq!(c.sandbox_database_url(), "sqlite::memory:");
        c.database_url = "sqlite://data/wct-pos.db?mode=rwc".into();
        assert_eq!(
            c.sandbox_database_url(),
            "sqlite://data/wct-pos-sandbox.db?mode=rwc"
        );
    }

    #[test]
    fn data_dir_is_the_database_directory() {
        let mut c = Config::for_tests("dist");
        assert_eq!(c.data_dir(), PathBuf::from("data"));
        c.database_url = "sqlite:///var/lib/wct/pos.db?mode=rwc".into();
        assert_eq!(c.data_dir(), PathBuf::from("/var/lib/wct"));
        c.database_url = "sqlite://pos.db".into();
        assert_eq!(c.data_dir(), PathBuf::from("."));
    }

    #[test]
    fn console_commands_parse_beside_the_flags() {
        // As the binary parses them: the settings flattened, then an optional command.
        #[derive(Debug, Parser)]
        struct Cli {
            #[command(flatten)]
            config: Config,
            #[command(subcommand)]
            command: Option<PairingCommand>,
        }
        let c = Cli::try_parse_from(["x"]).unwrap();
        assert_eq!(c.command, None);
        let c = Cli::try_parse_from(["x", "pair", "--terminal", "Counter 1", "--no-qr"]).unwrap();
        assert_eq!(
            c.command,
            Some(PairingCommand::Pair {
                terminal: "Counter 1".into(),
                no_qr: true
            })
        );
        let c = Cli::try_parse_from(["x", "--merchant", "M", "devices", "revoke", "d_1"]).unwrap();
        assert_eq!(c.config.merchant, "M");
        assert_eq!(
            c.command,
            Some(PairingCommand::Devices {
                action: DevicesCommand::Revoke { id: "d_1".into() }
            })
        );
        assert!(
            Cli::try_parse_from(["x", "pair"]).is_err(),
            "--terminal is required"
        );
        assert!(Cli::try_parse_from(["x", "devices", "list"]).is_ok());
    }

    #[test]
    fn throttle_and_retention_defaults() {
        let c = Config::try_parse_from(["x"]).unwrap();
        assert_eq!(c.refresh_interval_ms, 3_000);
        assert_eq!(c.public_lookups_per_min, 600);
        assert_eq!(c.public_misses_per_min, 60);
        assert_eq!(c.max_devices_per_terminal, 10);
        assert_eq!(c.personal_data_days, 90);
        // WCT_POS_SANDBOX=1 is checked against the binary in tests/edge_sandbox.rs.
        assert!(Config::try_parse_from(["x", "--sandbox"]).unwrap().sandbox);
    }

    #[test]
    fn private_urls_are_told_from_public_ones() {
        for url in [
            "http://127.0.0.1:8080",
            "http://127.8.0.1",
            "http://10.1.2.3:8080/",
            "http://172.16.0.9",
            "http://172.31.255.1",
            "http://192.168.1.20:8080",
            "http://169.254.3.4",
            "http://100.100.1.1",
            "http://[::1]:8080",
            "http://[fd12:3456::1]",
            "http://[fe80::1]",
            "http://[::ffff:192.168.0.1]",
            "http://localhost:8080",
            "http://LOCALHOST.",
            "http://pos.localhost",
            "http://till.local",
            "https://pos.shop.test",
            "http://pos.internal",
            "http://pos.home.arpa",
        ] {
            assert!(is_private_url(url), "{url} is private");
        }
        for url in [
            "https://pos.example.com",
            "http://8.8.8.8",
            "http://172.32.0.1",
            "http://100.128.0.1",
            "http://[2001:db8::1]",
            "http://[::ffff:8.8.8.8]",
            "http://localhost.example.com",
            "http://local",
            "not a url",
            "",
        ] {
            assert!(!is_private_url(url), "{url} is public");
        }
    }

    #[test]
    fn secret_is_redacted_in_debug() {
        let c = Config::try_parse_from(["x", "--api-secret", "s3cr3t-value"]).unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t-value"));
    }
}
