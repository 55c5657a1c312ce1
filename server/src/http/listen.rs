//! The listeners of a start: the main one (HTTPS when `WCT_POS_TLS` is on), the public URL
//! they are reached at, TLS itself, and the plain-HTTP listener beside HTTPS; then the
//! accept loops that serve a router on them.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::serve::{self, ConnLimits, Edge, TrustedProxies};
use super::tls::{Tls, TlsMode};
use super::web;
use crate::config::Config;
use crate::StartError;

/// The open-file limit raised as far as allowed, and the connection cap that fits it.
pub fn connection_cap(config: &Config) -> usize {
    let open_files = serve::raise_open_file_limit();
    let max_connections = serve::fit_connection_cap(config.max_connections, open_files);
    match open_files {
        Some(limit) => tracing::info!(open_files = limit, max_connections, "open-file limit"),
        None => tracing::warn!("cannot read the open-file limit"),
    }
    if max_connections < config.max_connections {
        tracing::warn!(
            configured = config.max_connections,
            max_connections,
            "WCT_POS_MAX_CONNECTIONS lowered to fit the open-file limit"
        );
    }
    max_connections
}

/// What `bind` opened.
pub struct Listeners {
    pub main: TcpListener,
    pub addr: SocketAddr,
    pub public_url: String,
    pub tls: Option<Arc<Tls>>,
    /// Plain HTTP beside HTTPS (`WCT_POS_HTTP_BIND`).
    pub http: Option<TcpListener>,
}

/// Binds the main listener, works out the public URL, starts TLS (stopped by `shutdown`) and
/// binds the plain-HTTP listener when HTTPS is on.
pub async fn bind(config: &Config, shutdown: CancellationToken) -> Result<Listeners, StartError> {
    let main = TcpListener::bind(config.bind)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = main.local_addr().map_err(|source| StartError::Bind {
        addr: config.bind,
        source,
    })?;
    let public_url = public_url_for(config, addr);
    if config.tls != TlsMode::Off && !public_url.starts_with("https://") {
        return Err(StartError::PlainPublicUrl(public_url));
    }
    let tls = Tls::start(config, url_host(&public_url), shutdown)
        .await?
        .map(Arc::new);
    if config.http_bind.is_some() && tls.is_none() {
        tracing::warn!(
            "WCT_POS_HTTP_BIND is ignored: it redirects to HTTPS, and WCT_POS_TLS is off"
        );
    }
    let http = match config.http_bind.filter(|_| tls.is_some()) {
        Some(bind) => Some(
            TcpListener::bind(bind)
                .await
                .map_err(|source| StartError::Bind { addr: bind, source })?,
        ),
        None => None,
    };
    Ok(Listeners {
        main,
        addr,
        public_url,
        tls,
        http,
    })
}

/// The accept loops `spawn` started.
pub struct Servers {
    pub server: JoinHandle<()>,
    pub http_addr: Option<SocketAddr>,
    pub http_server: Option<JoinHandle<()>>,
}

/// Serves `router` on the main listener (with `/setup` when TLS has a local CA) and the
/// redirects on the plain-HTTP one, until `shutdown`.
pub fn spawn(
    listeners: Listeners,
    router: Router,
    config: &Config,
    max_connections: usize,
    shutdown: &CancellationToken,
) -> Servers {
    let Listeners {
        main: listener,
        public_url,
        tls,
        http: http_listener,
        ..
    } = listeners;
    let limits = ConnLimits {
        header_timeout: Duration::from_millis(config.header_timeout_ms.max(1)),
        idle_timeout: Duration::from_millis(config.idle_timeout_ms.max(1)),
        max_connections,
        max_connections_per_ip: config.max_connections_per_ip,
        h2_max_streams: config.h2_max_streams.max(1),
    };
    let edge = Edge {
        tls: tls.as_ref().map(|t| t.acceptor.clone()),
        proxies: Arc::new(TrustedProxies::new(config.trusted_proxies.clone())),
    };
    let setup = tls
        .as_ref()
        .and_then(|t| t.local_ca.clone())
        .map(|ca| web::SetupPage::new(ca, &public_url, http_listener.as_ref()));
    let router = match &setup {
        Some(setup) => router.merge(web::setup_routes(setup.clone())),
        None => router,
    };
    let mut http_addr = None;
    let http_server = match http_listener {
        Some(listener) => {
            http_addr = listener.local_addr().ok();
            let plain = web::plain_http_app(&public_url, setup.clone());
            let edge = Edge {
                tls: None,
                proxies: edge.proxies.clone(),
            };
            Some(tokio::spawn(serve::serve(
                listener,
                plain,
                limits.clone(),
                edge,
                shutdown.clone(),
            )))
        }
        None => None,
    };
    let server = tokio::spawn(serve::serve(
        listener,
        router,
        limits,
        edge,
        shutdown.clone(),
    ));
    Servers {
        server,
        http_addr,
        http_server,
    }
}

fn public_url_for(config: &Config, addr: SocketAddr) -> String {
    if let Some(url) = &config.public_url {
        return url.trim_end_matches('/').to_string();
    }
    // Postbacks must reach us: a wildcard bind is reached on loopback.
    let host = if addr.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], addr.port()))
    } else {
        addr
    };
    let port = |default: u16| {
        if addr.port() == default {
            String::new()
        } else {
            format!(":{}", addr.port())
        }
    };
    match config.tls {
        TlsMode::Off => format!("http://{host}"),
        TlsMode::Files => format!("https://{host}"),
        TlsMode::Acme => match config.tls_domains.first() {
            Some(domain) => format!("https://{domain}{}", port(443)),
            None => format!("https://{host}"),
        },
        // The address tablets on the LAN reach: the bound one, else the first LAN address.
        TlsMode::Local => {
            let lan = if addr.ip().is_unspecified() {
                super::tls::local::server_names(&config.tls_domains, None)
                    .into_iter()
                    .filter_map(|name| name.parse::<std::net::IpAddr>().ok())
                    .find(|ip| ip.is_ipv4() && !ip.is_loopback())
            } else {
                Some(addr.ip())
            };
            match lan {
                Some(ip) => format!("https://{}", SocketAddr::new(ip, addr.port())),
                None => format!("https://{host}"),
            }
        }
    }
}

/// The host of a URL, without port or brackets.
fn url_host(url: &str) -> Option<String> {
    reqwest::Url::parse(url)
        .ok()?
        .host_str()
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_string())
}
