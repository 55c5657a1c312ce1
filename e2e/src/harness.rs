//! The system under test: the proxy (`wct-pos-server`) with its embedded sandbox, started in
//! this process on port 0, and typed clients for the proxy's API and the sandbox's controls.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rand::Rng;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use wct_api::pos::{
    DeviceInfo, NewPayment, PairRequest, PairResponse, PairingCode, PaymentPage, PaymentView,
    PublicPaymentView, SandboxPay, IDEMPOTENCY_HEADER,
};
use wct_api::PaymentState;

use crate::{Error, Result};

/// The terminal token every harness server accepts.
pub const TOKEN: &str = wct_pos_server::config::TEST_TOKEN;

/// The manager PIN of a harness server that was given none: settings changes need one.
pub const MANAGER_PIN: &str = "246810";

/// How the harness server is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// Quote lifetime: long enough to see the countdown tick, short enough not to matter;
    /// tests force expiry through the sandbox instead of waiting.
    pub quote_secs: u64,
    /// A file database (for restarts) instead of memory.
    pub db_dir: Option<PathBuf>,
    /// Bind to this address (a restart reuses the port so the app's URLs stay valid).
    pub bind: Option<SocketAddr>,
    /// Also bind the embedded sandbox here (postback URLs stored upstream must survive).
    pub sandbox_bind: Option<SocketAddr>,
    pub upstream_timeout_ms: Option<u64>,
    pub reconcile_secs: Option<u64>,
    /// Turns refunds on with this manager PIN (hashed cheaply: a test needs no real cost).
    pub manager_pin: Option<&'static str>,
    /// How long a pairing code lives (`WCT_POS_PAIRING_CODE_SECS`).
    pub pairing_code_secs: Option<u64>,
    /// Serve the app from here instead of `dist/` (a test that deploys a new build).
    pub dist: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            quote_secs: 30,
            db_dir: None,
            bind: None,
            sandbox_bind: None,
            upstream_timeout_ms: None,
            reconcile_secs: None,
            manager_pin: None,
            pairing_code_secs: None,
            dist: None,
        }
    }
}

/// A running proxy + embedded sandbox. Shut it down with [`TestServer::stop`].
pub struct TestServer {
    running: Option<wct_pos_server::Running>,
    pub addr: SocketAddr,
    pub sandbox_addr: SocketAddr,
    options: Options,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .field("sandbox_addr", &self.sandbox_addr)
            .finish()
    }
}

/// Settings for an in-process server from `options` (exposed for benches and fault suites).
pub fn config(options: &Options) -> wct_pos_server::Config {
    let dist = options.dist.clone().unwrap_or_else(crate::dist_dir);
    let mut config = wct_pos_server::Config::for_tests(dist);
    config.quote_secs = options.quote_secs;
    if let Some(dir) = &options.db_dir {
        config.database_url = format!("sqlite://{}?mode=rwc", dir.join("wct-pos.db").display());
    }
    if let Some(bind) = options.bind {
        config.bind = bind;
    }
    if let Some(bind) = options.sandbox_bind {
        config.sandbox_bind = bind;
    }
    if let Some(ms) = options.upstream_timeout_ms {
        config.upstream_timeout_ms = ms;
    }
    if let Some(secs) = options.reconcile_secs {
        config.reconcile_secs = secs;
    }
    let pin = options.manager_pin.unwrap_or(MANAGER_PIN);
    let hash = wct_pos_server::refunds::hash_pin_with_cost(pin, 64, 1)
        .and_then(|h| wct_pos_server::refunds::PinHash::parse(&h));
    config.manager_pin_hash = hash.ok();
    if options.manager_pin.is_some() {
        // Long enough to see "requested" before the sandbox completes it.
        config.sandbox_refund_delay_ms = 1_500;
    }
    if let Some(secs) = options.pairing_code_secs {
        config.pairing_code_secs = secs;
    }
    config
}

impl TestServer {
    pub async fn start() -> Result<Self> {
        Self::start_with(Options::default()).await
    }

    pub async fn start_with(options: Options) -> Result<Self> {
        let running = wct_pos_server::start(config(&options))
            .await
            .map_err(|e| Error::Setup(format!("server did not start: {e}")))?;
        let addr = running.addr;
        let sandbox_addr = running
            .sandbox
            .as_ref()
            .map(|s| s.addr)
            .ok_or_else(|| Error::Setup("the harness needs the embedded sandbox".into()))?;
        Ok(Self {
            running: Some(running),
            addr,
            sandbox_addr,
            options,
        })
    }

    /// Stops and starts again on the same ports with the same database: what a deploy or a
    /// crash-and-restart looks like to the app.
    pub async fn restart(&mut self) -> Result<()> {
        let mut options = self.options.clone();
        options.bind = Some(self.addr);
        options.sandbox_bind = Some(self.sandbox_addr);
        if options.db_dir.is_none() {
            return Err(Error::Setup(
                "restart needs a file database (db_dir)".into(),
            ));
        }
        if let Some(running) = self.running.take() {
            running.shutdown().await;
        }
        // The old listener may linger a moment on a loaded machine: retry the bind.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match Self::start_with(options.clone()).await {
                Ok(mut server) => {
                    self.running = server.running.take();
                    return Ok(());
                }
                Err(e) if Instant::now() < deadline => {
                    tracing::debug!("restart: {e}; retrying");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await;
        }
    }

    /// The in-process server (e.g. its shared state).
    pub fn running(&self) -> Option<&wct_pos_server::Running> {
        self.running.as_ref()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A fresh pairing link, `/pair#code=…`: the code is asked for as the configured terminal
    /// (its token goes as a Bearer header from here, never into a URL), and it works once.
    pub async fn pair_url(&self) -> Result<String> {
        pair_url(&self.url(), TOKEN).await
    }

    pub fn api(&self) -> Api {
        Api::new(&self.url(), TOKEN)
    }

    pub fn sandbox(&self) -> SandboxControl {
        SandboxControl::new(&format!("http://{}", self.sandbox_addr))
    }
}

/// A one-time pairing link for the terminal of `token` on the proxy at `base`.
pub async fn pair_url(base: &str, token: &str) -> Result<String> {
    let code = Api::new(base, token).pairing_code().await?;
    Ok(format!(
        "{}/pair#code={}",
        base.trim_end_matches('/'),
        code.code
    ))
}

/// A fresh idempotency key.
pub fn idempotency_key() -> String {
    let n: u128 = rand::thread_rng().gen();
    format!("e2e-{n:032x}")
}

/// A unique merchant reference.
pub fn reference(prefix: &str) -> String {
    let n: u64 = rand::thread_rng().gen();
    format!("{prefix}-{n:016x}")
}

/// A valid payment of `amount` USD paid in `crypto`.
pub fn new_payment(amount: &str, crypto: &str) -> NewPayment {
    NewPayment {
        amount: amount.into(),
        asset: "USD".into(),
        requested_asset: crypto.into(),
        requested_asset_network: (crypto == "USDT").then(|| "TRC20".into()),
        description: "End-to-end test".into(),
        reference: reference("E2E"),
        ..Default::default()
    }
}

/// A typed client for the proxy's app-facing API, as one terminal.
#[derive(Debug, Clone)]
pub struct Api {
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
}

/// An answer kept raw, for tests that check error statuses and bodies.
#[derive(Debug, Clone)]
pub struct Raw {
    pub status: StatusCode,
    pub body: Value,
    pub text: String,
}

impl Raw {
    async fn read(resp: reqwest::Response) -> Result<Self> {
        let status = resp.status();
        let text = resp.text().await?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Self { status, body, text })
    }

    /// `error.code` of an error body.
    pub fn code(&self) -> Option<&str> {
        self.body["error"]["code"].as_str()
    }

    pub fn field(&self) -> Option<&str> {
        self.body["error"]["field"].as_str()
    }

    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_value(self.body.clone())
            .map_err(|e| Error::Api(format!("{} {}: {e}", self.status, self.text)))
    }
}

impl Api {
    pub fn new(base: &str, token: &str) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap_or_default();
        Self {
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
            http,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Any authenticated request (`method` `GET`, `POST`, `PUT`) with an optional JSON body:
    /// the products, settings and exports of issue 25.
    pub async fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Raw> {
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|e| Error::Api(format!("method {method}: {e}")))?;
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(body);
        }
        Raw::read(req.send().await?).await
    }

    /// `POST /api/products` with the given JSON; the created product.
    pub async fn add_product(&self, product: &Value) -> Result<Value> {
        let raw = self.call("POST", "/api/products", Some(product)).await?;
        if raw.status != StatusCode::CREATED {
            return Err(Error::Api(format!("product: {} {}", raw.status, raw.text)));
        }
        Ok(raw.body)
    }

    /// `POST /api/payments` with a JSON value and a fresh idempotency key.
    pub async fn create_raw(&self, body: &Value) -> Result<Raw> {
        let resp = self
            .http
            .post(self.url("/api/payments"))
            .bearer_auth(&self.token)
            .header(IDEMPOTENCY_HEADER, idempotency_key())
            .json(body)
            .send()
            .await?;
        Raw::read(resp).await
    }

    pub async fn create(&self, payment: &NewPayment) -> Result<PaymentView> {
        let raw = self.create_raw(&serde_json::to_value(payment)?).await?;
        if raw.status != StatusCode::CREATED {
            return Err(Error::Api(format!("create: {} {}", raw.status, raw.text)));
        }
        raw.decode()
    }

    /// Saves the store's settings (`PUT /api/settings/store`: tips, time zone) with the
    /// harness's manager PIN unless `settings` names one.
    pub async fn save_store_settings(&self, settings: &Value) -> Result<()> {
        let mut body = settings.clone();
        if body.get("pin").is_none() {
            body["pin"] = json!(MANAGER_PIN);
        }
        let resp = self
            .http
            .put(self.url("/api/settings/store"))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if !raw.status.is_success() {
            return Err(Error::Api(format!(
                "store settings: {} {}",
                raw.status, raw.text
            )));
        }
        Ok(())
    }

    pub async fn get(&self, id: &str) -> Result<PaymentView> {
        let resp = self
            .http
            .get(self.url(&format!("/api/payments/{id}")))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if !raw.status.is_success() {
            return Err(Error::Api(format!("get {id}: {} {}", raw.status, raw.text)));
        }
        raw.decode()
    }

    /// One page of the history, newest first.
    pub async fn list(&self, query: &str) -> Result<PaymentPage> {
        let resp = self
            .http
            .get(self.url(&format!("/api/payments?{query}")))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if !raw.status.is_success() {
            return Err(Error::Api(format!("list: {} {}", raw.status, raw.text)));
        }
        raw.decode()
    }

    /// Every payment of this terminal, following the cursor.
    pub async fn list_all(&self) -> Result<Vec<PaymentView>> {
        let mut all = Vec::new();
        let mut query = "limit=100".to_string();
        loop {
            let page = self.list(&query).await?;
            all.extend(page.payments);
            match page.next_cursor {
                Some(cursor) => query = format!("limit=100&before={cursor}"),
                None => return Ok(all),
            }
        }
    }

    pub async fn count(&self) -> Result<usize> {
        Ok(self.list_all().await?.len())
    }

    /// Simulates the customer paying `amount` of the paid asset (sandbox mode).
    pub async fn sandbox_pay(&self, id: &str, amount: &str) -> Result<Raw> {
        let body = SandboxPay {
            id: id.into(),
            amount: amount.into(),
            confirmations: None,
        };
        let resp = self
            .http
            .post(self.url("/api/sandbox/pay"))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if !raw.status.is_success() {
            return Err(Error::Api(format!(
                "sandbox pay: {} {}",
                raw.status, raw.text
            )));
        }
        Ok(raw)
    }

    pub async fn refresh(&self, id: &str) -> Result<PaymentView> {
        let resp = self
            .http
            .post(self.url(&format!("/api/payments/{id}/refresh")))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if !raw.status.is_success() {
            return Err(Error::Api(format!("refresh: {} {}", raw.status, raw.text)));
        }
        raw.decode()
    }

    pub async fn public(&self, code: &str) -> Result<(PublicPaymentView, String)> {
        let resp = self
            .http
            .get(self.url(&format!("/api/public/payments/{code}")))
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if !raw.status.is_success() {
            return Err(Error::Api(format!("public: {} {}", raw.status, raw.text)));
        }
        Ok((raw.decode()?, raw.text))
    }

    /// `POST /api/devices/pairing-codes`: a one-time code for another device.
    pub async fn pairing_code(&self) -> Result<PairingCode> {
        let resp = self
            .http
            .post(self.url("/api/devices/pairing-codes"))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if raw.status != StatusCode::CREATED {
            return Err(Error::Api(format!(
                "pairing code: {} {}",
                raw.status, raw.text
            )));
        }
        raw.decode()
    }

    /// `POST /api/pair` without a token, kept raw (tests check refusals).
    pub async fn pair_raw(&self, code: &str, device_name: &str) -> Result<Raw> {
        let body = PairRequest {
            code: code.into(),
            device_name: Some(device_name.into()),
        };
        let resp = self
            .http
            .post(self.url("/api/pair"))
            .json(&body)
            .send()
            .await?;
        Raw::read(resp).await
    }

    /// Pairs a device named `device_name` through the API with a fresh code: a client as
    /// that device, and the server's answer.
    pub async fn pair_device(&self, device_name: &str) -> Result<(Api, PairResponse)> {
        let code = self.pairing_code().await?;
        let raw = self.pair_raw(&code.code, device_name).await?;
        if raw.status != StatusCode::CREATED {
            return Err(Error::Api(format!("pair: {} {}", raw.status, raw.text)));
        }
        let paired: PairResponse = raw.decode()?;
        Ok((Api::new(&self.base, &paired.token), paired))
    }

    /// `GET /api/devices`.
    pub async fn devices(&self) -> Result<Vec<DeviceInfo>> {
        let resp = self
            .http
            .get(self.url("/api/devices"))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if !raw.status.is_success() {
            return Err(Error::Api(format!("devices: {} {}", raw.status, raw.text)));
        }
        raw.decode()
    }

    /// `POST /api/devices/{id}/revoke`.
    pub async fn revoke_device(&self, id: &str) -> Result<DeviceInfo> {
        let resp = self
            .http
            .post(self.url(&format!("/api/devices/{id}/revoke")))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let raw = Raw::read(resp).await?;
        if !raw.status.is_success() {
            return Err(Error::Api(format!("revoke: {} {}", raw.status, raw.text)));
        }
        raw.decode()
    }

    /// Polls until payment `id` is in `state` (postbacks and getupdate are asynchronous).
    pub async fn wait_state(&self, id: &str, state: PaymentState) -> Result<PaymentView> {
        let deadline = Instant::now() + crate::browser::default_timeout();
        loop {
            let view = self.get(id).await?;
            if view.state == state {
                return Ok(view);
            }
            if Instant::now() > deadline {
                return Err(Error::Timeout(format!(
                    "waiting for payment {id} to be {state:?}; it is {:?}",
                    view.state
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The embedded sandbox's control routes (`/sandbox/*`), reached directly.
#[derive(Debug, Clone)]
pub struct SandboxControl {
    pub base: String,
    http: reqwest::Client,
}

impl SandboxControl {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_string(),
            http: reqwest::Client::new(),
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Value> {
        let resp = self
            .http
            .post(format!("{}/sandbox/{path}", self.base))
            .json(&body)
            .send()
            .await?;
        let status = resp.status();
        let text = resp.text().await?;
        if !status.is_success() {
            return Err(Error::Api(format!("sandbox {path}: {status} {text}")));
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Overrides the exchange rate of a pair (crypto priced in `asset`).
    pub async fn set_rate(&self, asset: &str, crypto: &str, rate: &str) -> Result<()> {
        self.post(
            "rates",
            json!({ "asset": asset, "crypto": crypto, "rate": rate }),
        )
        .await?;
        Ok(())
    }

    /// Makes the current quote of a payment expire now (the payment stays open).
    pub async fn quote_expire(&self, code: &str) -> Result<()> {
        self.post("quote-expire", json!({ "payment_code": code }))
            .await?;
        Ok(())
    }

    /// Expires the payment itself.
    pub async fn expire(&self, code: &str) -> Result<()> {
        self.post("expire", json!({ "payment_code": code })).await?;
        Ok(())
    }

    pub async fn pay(&self, code: &str, amount: &str) -> Result<Value> {
        self.post("pay", json!({ "payment_code": code, "amount": amount }))
            .await
    }

    /// The next `count` upstream requests misbehave as `mode`.
    pub async fn fault(&self, mode: &str, count: u32, delay_ms: Option<u64>) -> Result<()> {
        let mut body = json!({ "mode": mode, "count": count });
        if let Some(ms) = delay_ms {
            body["delay_ms"] = json!(ms);
        }
        self.post("faults", body).await?;
        Ok(())
    }

    pub async fn clear_faults(&self) -> Result<()> {
        self.http
            .delete(format!("{}/sandbox/faults", self.base))
            .send()
            .await?;
        Ok(())
    }

    /// The postback delivery log.
    pub async fn postbacks(&self, code: Option<&str>) -> Result<Value> {
        let mut url = format!("{}/sandbox/postbacks", self.base);
        if let Some(code) = code {
            url.push_str(&format!("?payment_code={code}"));
        }
        Ok(self.http.get(url).send().await?.json().await?)
    }
}
