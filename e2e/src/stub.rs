//! A minimal WCT Pay that answers at once: the upstream of the benchmarks, so what is measured
//! is the proxy and not the sandbox's own database. It runs as its own process
//! (`wct-stub-upstream`) and answers `validate`, `payment-pos/post` and `payment-pos/getupdate`
//! with answers the proxy's checks accept: the requested asset and network echoed, amount ×
//! rate equal to the sale, a checksum-valid address of the asset's family, a quote expiring
//! 900 s from now. Hashes are checked as the real upstream would.
//!
//! Payments are kept in memory (creates are deduplicated by reference, as upstream does). Two
//! routes help the bench: `GET /stub/postbacks?limit=N` lists the postback URLs it was given,
//! and `GET /stub/stats` counts the calls per endpoint.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Value};
use wct_api::address::address_from_bytes;
use wct_api::sign::{self, ApiSecret};
use wct_api::upstream::{CreatePosPayment, GetUpdateRequest, ValidateRequest};
use wct_api::Catalogue;

/// How long a stub quote lasts, like the sandbox's default.
pub const QUOTE_SECS: i64 = 900;

/// Settlement units per coin, whatever the settlement asset: the proxy checks amount × rate
/// against the sale, not the rate against a market.
fn rate_of(symbol: &str) -> Decimal {
    let text = match symbol {
        "BTC" => "95000",
        "ETH" => "3500",
        "LTC" => "90",
        "DOGE" => "0.2",
        "SOL" => "150",
        "TRX" => "0.25",
        "XRP" => "2.5",
        _ => "1",
    };
    text.parse().unwrap_or(Decimal::ONE)
}

/// One payment the stub handed out.
#[derive(Debug, Clone)]
struct StubPayment {
    id: u64,
    code: String,
    asset: String,
    network: Option<String>,
    address: String,
    tag: Option<String>,
    amount: String,
    rate: String,
    expires_at: i64,
    postback_url: Option<String>,
}

impl StubPayment {
    fn create_answer(&self) -> Value {
        let mut answer = json!({
            "status": "ok",
            "message": "Create POS Payment Successfully",
            "paymentId": self.id,
            "payment_code": self.code,
            "payment_address": self.address,
            "payment_amount": self.amount,
            "payment_amount_asset": self.asset,
            "exchange_rate": self.rate,
            "expires_at": self.expires_at,
        });
        self.add_optional(&mut answer);
        answer
    }

    fn update_answer(&self) -> Value {
        let mut answer = json!({
            "status": "ok",
            "message": "Payment found",
            "paymentId": self.id,
            "payment_code": self.code,
            "payment_address": self.address,
            "payment_amount": self.amount,
            "payment_missing_amount": self.amount,
            "payment_amount_asset": self.asset,
            "expires_at": self.expires_at,
            "exchange_rate": self.rate,
            "payment_status": 0,
            "payment_received_amount": "0",
            "payment_ask_amount": self.amount,
        });
        self.add_optional(&mut answer);
        answer
    }

    fn add_optional(&self, answer: &mut Value) {
        if let Some(network) = &self.network {
            answer["payment_amount_network"] = json!(network);
        }
        if let Some(tag) = &self.tag {
            answer["payment_tag"] = json!(tag);
        }
    }
}

#[derive(Default)]
struct Book {
    by_code: HashMap<String, StubPayment>,
    code_by_reference: HashMap<String, String>,
}

/// Calls answered, per endpoint.
#[derive(Default)]
struct Counters {
    validate: AtomicU64,
    creates: AtomicU64,
    getupdates: AtomicU64,
    refused: AtomicU64,
}

struct Inner {
    key: String,
    secret: ApiSecret,
    catalogue: Catalogue,
    book: Mutex<Book>,
    next_id: AtomicU64,
    counters: Counters,
}

/// The stub's shared state.
#[derive(Clone)]
pub struct Stub(Arc<Inner>);

impl Stub {
    pub fn new(key: &str, secret: ApiSecret) -> Self {
        Self(Arc::new(Inner {
            key: key.to_string(),
            secret,
            catalogue: Catalogue::default(),
            book: Mutex::new(Book::default()),
            next_id: AtomicU64::new(1),
            counters: Counters::default(),
        }))
    }

    /// The routes: the API under `/api/`, the bench's helpers under `/stub/`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/healthz", get(|| async { "ok" }))
            .route("/api/validate", post(validate))
            .route("/api/payment-pos/post", post(create))
            .route("/api/payment-pos/getupdate", post(getupdate))
            .route("/stub/postbacks", get(postback_urls))
            .route("/stub/stats", get(stats))
            .with_state(self.clone())
    }

    /// Answers one create (also used by the tests).
    pub fn create(&self, request: &CreatePosPayment, now: i64) -> Value {
        let inner = &self.0;
        let fields = &request.fields;
        let expected = sign::create_hash(&inner.key, &fields.asset, &fields.amount, &inner.secret);
        if request.key != inner.key || !sign::hashes_match(&expected, &request.hash) {
            return self.refuse("Invalid key or hash");
        }
        let mut book = inner.book.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(existing) = book
            .code_by_reference
            .get(&fields.reference)
            .and_then(|code| book.by_code.get(code))
        {
            inner.counters.creates.fetch_add(1, Ordering::Relaxed);
            return existing.create_answer();
        }
        let Some(asset) = inner.catalogue.crypto(&fields.requested_asset) else {
            return self.refuse("The asset not allow for POS create payment");
        };
        let network = fields.requested_asset_network.clone();
        let Some(family) = asset.address_family(network.as_deref()) else {
            return self.refuse("The network is not supported");
        };
        let Ok(fiat) = fields.amount.trim().parse::<Decimal>() else {
            return self.refuse("Invalid amount");
        };
        let rate = rate_of(&asset.symbol);
        let Some(coins) = fiat.checked_div(rate) else {
            return self.refuse("Invalid amount");
        };
        let id = inner.next_id.fetch_add(1, Ordering::Relaxed);
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&id.to_le_bytes());
        seed[8..16].copy_from_slice(&0x5354_5542_5354_5542u64.to_le_bytes());
        let payment = StubPayment {
            id,
            code: format!("stub{id:08x}"),
            asset: asset.symbol.clone(),
            network,
            address: address_from_bytes(family, &seed),
            tag: asset.needs_tag.then(|| (id % 4_000_000_000).to_string()),
            amount: wct_api::money::round_up(coins, asset.decimals).to_string(),
            rate: rate.to_string(),
            expires_at: now + QUOTE_SECS,
            postback_url: request.postback_url.clone(),
        };
        let answer = payment.create_answer();
        book.code_by_reference
            .insert(fields.reference.clone(), payment.code.clone());
        book.by_code.insert(payment.code.clone(), payment);
        inner.counters.creates.fetch_add(1, Ordering::Relaxed);
        answer
    }

    /// Answers one getupdate (also used by the tests).
    pub fn getupdate(&self, request: &GetUpdateRequest) -> Value {
        let inner = &self.0;
        let book = inner.book.lock().unwrap_or_else(|e| e.into_inner());
        let (named, payment) = match (&request.payment_code, &request.reference) {
            (Some(code), None) => (code, book.by_code.get(code)),
            (None, Some(reference)) => (
                reference,
                book.code_by_reference
                    .get(reference)
                    .and_then(|code| book.by_code.get(code)),
            ),
            _ => return self.refuse("Payment Reference or Payment Code is required"),
        };
        let expected = sign::getupdate_hash(&inner.key, named, &inner.secret);
        if request.key != inner.key || !sign::hashes_match(&expected, &request.hash) {
            return self.refuse("Invalid key or hash");
        }
        match payment {
            Some(p) => {
                inner.counters.getupdates.fetch_add(1, Ordering::Relaxed);
                p.update_answer()
            }
            None => self.refuse("Could not get payment!"),
        }
    }

    fn refuse(&self, reason: &str) -> Value {
        self.0.counters.refused.fetch_add(1, Ordering::Relaxed);
        json!({"status": "nok", "error": reason, "validated": false})
    }

    /// Calls answered so far, per endpoint.
    pub fn stats(&self) -> Value {
        let c = &self.0.counters;
        json!({
            "validate": c.validate.load(Ordering::Relaxed),
            "creates": c.creates.load(Ordering::Relaxed),
            "getupdates": c.getupdates.load(Ordering::Relaxed),
            "refused": c.refused.load(Ordering::Relaxed),
        })
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn read<T: serde::de::DeserializeOwned>(stub: &Stub, body: &[u8]) -> Result<T, Json<Value>> {
    serde_json::from_slice(body).map_err(|_| Json(stub.refuse("The request is not valid JSON")))
}

async fn validate(State(stub): State<Stub>, body: Bytes) -> Json<Value> {
    let request: ValidateRequest = match read(&stub, &body) {
        Ok(r) => r,
        Err(refusal) => return refusal,
    };
    let inner = &stub.0;
    let expected = sign::validate_hash(&inner.secret);
    if request.key != inner.key || !sign::hashes_match(&expected, &request.hash) {
        return Json(stub.refuse("Invalid key or hash"));
    }
    inner.counters.validate.fetch_add(1, Ordering::Relaxed);
    Json(json!({"status": "ok"}))
}

async fn create(State(stub): State<Stub>, body: Bytes) -> Json<Value> {
    match read::<CreatePosPayment>(&stub, &body) {
        Ok(request) => Json(stub.create(&request, now_unix())),
        Err(refusal) => refusal,
    }
}

async fn getupdate(State(stub): State<Stub>, body: Bytes) -> Json<Value> {
    match read::<GetUpdateRequest>(&stub, &body) {
        Ok(request) => Json(stub.getupdate(&request)),
        Err(refusal) => refusal,
    }
}

#[derive(Deserialize)]
struct Limit {
    limit: Option<usize>,
}

/// `[{"payment_code", "postback_url"}]` of up to `limit` payments (default 1000).
async fn postback_urls(State(stub): State<Stub>, Query(q): Query<Limit>) -> Json<Value> {
    let book = stub.0.book.lock().unwrap_or_else(|e| e.into_inner());
    let list: Vec<Value> = book
        .by_code
        .values()
        .filter_map(|p| {
            p.postback_url
                .as_ref()
                .map(|url| json!({"payment_code": p.code, "postback_url": url}))
        })
        .take(q.limit.unwrap_or(1000))
        .collect();
    Json(Value::Array(list))
}

async fn stats(State(stub): State<Stub>) -> Json<Value> {
    Json(stub.stats())
}

/// Serves the stub on `bind` until the process ends.
pub async fn serve(bind: SocketAddr, stub: Stub) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    axum::serve(listener, stub.router().into_make_service()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use wct_api::upstream::{CreatePosPaymentOk, GetUpdateOk, PaymentFields};
    use wct_api::verify::{check_create, check_update, Order, Policy};

    const NOW: i64 = 1_800_000_000;

    fn stub() -> Stub {
        Stub::new("k1", ApiSecret::new("s1"))
    }

    fn request(
        amount: &str,
        asset: &str,
        network: Option<&str>,
        reference: &str,
    ) -> CreatePosPayment {
        let fields = PaymentFields {
            amount: amount.into(),
            asset: "USD".into(),
            requested_asset: asset.into(),
            requested_asset_network: network.map(Into::into),
            description: "Bench".into(),
            reference: reference.into(),
            ..Default::default()
        };
        CreatePosPayment {
            key: "k1".into(),
            hash: sign::create_hash("k1", "USD", amount, &ApiSecret::new("s1")),
            fields,
            postback_url: Some("http://127.0.0.1:1/postback/t".into()),
            pos_price_update_postback_url: None,
        }
    }

    fn order<'a>(
        catalogue: &'a Catalogue,
        amount: &str,
        asset: &'a str,
        network: Option<&'a str>,
    ) -> Order<'a> {
        let crypto = catalogue.crypto(asset).unwrap();
        Order {
            fiat_amount: amount.parse().unwrap(),
            fiat_decimals: 2,
            pay_asset: asset,
            pay_network: network,
            pay_decimals: crypto.decimals,
            family: crypto.address_family(network),
            payment_code: None,
            payment_id: None,
        }
    }

    #[test]
    fn every_catalogue_asset_gets_a_quote_the_proxy_accepts() {
        let catalogue = Catalogue::default();
        let stub = stub();
        for asset in &catalogue.crypto {
            let networks: Vec<Option<&str>> = if asset.networks.is_empty() {
                vec![None]
            } else {
                asset
                    .networks
                    .iter()
                    .map(|n| Some(n.code.as_str()))
                    .collect()
            };
            for network in networks {
                for amount in ["0.01", "50.00", "12345.67"] {
                    let reference = format!("R-{}-{network:?}-{amount}", asset.symbol);
                    let answer =
                        stub.create(&request(amount, &asset.symbol, network, &reference), NOW);
                    let ok: CreatePosPaymentOk = serde_json::from_value(answer.clone()).unwrap();
                    let order = order(&catalogue, amount, &asset.symbol, network);
                    check_create(&order, &ok, &Policy::default(), NOW).unwrap_or_else(|e| {
                        panic!("{} {network:?} {amount}: {e}: {answer}", asset.symbol)
                    });

                    let code = ok.payment_code.clone().unwrap_or_default();
                    let update = GetUpdateRequest {
                        key: "k1".into(),
                        hash: sign::getupdate_hash("k1", &code, &ApiSecret::new("s1")),
                        payment_code: Some(code.clone()),
                        reference: None,
                    };
                    let info: GetUpdateOk =
                        serde_json::from_value(stub.getupdate(&update)).unwrap();
                    check_update(&order, &info.0, &Policy::default(), NOW).unwrap();
                    assert_eq!(
                        info.0.payment_address.as_deref(),
                        Some(ok.payment_address.as_str())
                    );
                }
            }
        }
    }

    #[test]
    fn a_bad_hash_is_refused_and_a_repeated_reference_gets_the_same_payment() {
        let stub = stub();
        let mut forged = request("50.00", "BTC", None, "R1");
        forged.hash = "0".repeat(32);
        assert_eq!(stub.create(&forged, NOW)["status"], "nok");
        let first = stub.create(&request("50.00", "BTC", None, "R1"), NOW);
        let again = stub.create(&request("50.00", "BTC", None, "R1"), NOW);
        assert_eq!(first["payment_code"], again["payment_code"]);
        let other = stub.create(&request("50.00", "BTC", None, "R2"), NOW);
        assert_ne!(first["payment_code"], other["payment_code"]);
        assert_ne!(first["payment_address"], other["payment_address"]);
    }
}
