//! Quirk switches: each open point of the upstream contract answered the way another real
//! WCT Pay might, set at start (`Config::quirks`, from `WCT_SANDBOX_QUIRKS`) or at run time
//! (`/sandbox/quirks`).

mod common;

use common::*;
use serde_json::{json, Value};
use wct_sandbox::{Config, ExpiryFormat, Quirks};

const QUOTE_SECS: i64 = 600;

fn long_quotes() -> Config {
    Config {
        quote_secs: QUOTE_SECS as u64,
        ..Config::for_tests()
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

async fn set_quirks(c: &Client, quirks: Value) -> Value {
    let (status, answer) = c.post("/sandbox/quirks", &quirks).await;
    assert_eq!(status, 200, "{answer}");
    answer
}

/// The `expires_at` a quote issued between `before` and `after` (ms) must carry in `format`,
/// as an inclusive range. For `remaining`, the answer may come any time before expiry.
fn expected_range(format: &str, before: i64, after: i64) -> (i64, i64) {
    let quote_ms = QUOTE_SECS * 1000;
    match format {
        "seconds" => (before / 1000 + QUOTE_SECS, after / 1000 + QUOTE_SECS + 1),
        "ms" => (before + quote_ms, after + quote_ms),
        "remaining" => (1, QUOTE_SECS),
        other => panic!("unknown format {other}"),
    }
}

fn assert_in(what: &str, value: &Value, (low, high): (i64, i64)) {
    let v = value
        .as_i64()
        .unwrap_or_else(|| panic!("{what}: not a number: {value}"));
    assert!(low <= v && v <= high, "{what}: {v} not in {low}..={high}");
}

#[tokio::test]
async fn expires_at_takes_each_format_in_create_getupdate_and_the_price_postback() {
    let receiver = Receiver::start(0).await;
    let sb = sandbox_with(long_quotes()).await;
    let c = Client::new(&sb);
    for format in ["seconds", "ms", "remaining"] {
        set_quirks(&c, json!({"expiry": format})).await;
        let mut body = c.create_body("50.00", &format!("R-exp-{format}"));
        body["pos_price_update_postback_url"] = receiver.url().into();
        let before = now_ms();
        let created = c.create_ok(body).await;
        let after = now_ms();
        let code = created["payment_code"].as_str().unwrap().to_string();
        let range = expected_range(format, before, after);
        assert_in(&format!("create, {format}"), &created["expires_at"], range);
        if format == "remaining" {
            // Written at the moment the quote was issued: its whole lifetime.
            assert_eq!(created["expires_at"], QUOTE_SECS, "{created}");
        }
        let update = c.getupdate(&code).await;
        assert_in(
            &format!("getupdate, {format}"),
            &update["expires_at"],
            range,
        );

        // The renewed quote's price postback carries the same format.
        let before = now_ms();
        c.post("/sandbox/quote-expire", &json!({"payment_code": code}))
            .await;
        let price = eventually("a posPriceUpdate", || {
            let found = receiver
                .of_fn("posPriceUpdate")
                .into_iter()
                .find(|b| b["payment_code"] == code.as_str());
            async move { found }
        })
        .await;
        let after = now_ms();
        // Renewed after the quote-expire call and before the postback arrived.
        let range = expected_range(format, before, after);
        assert_in(
            &format!("posPriceUpdate, {format}"),
            &price["expires_at"],
            range,
        );
        if format == "remaining" {
            assert_eq!(price["expires_at"], QUOTE_SECS, "{price}");
        }
    }
}

#[tokio::test]
async fn the_default_is_unix_seconds_and_every_field() {
    let sb = sandbox_with(long_quotes()).await;
    let c = Client::new(&sb);
    let (status, shown) = c.get("/sandbox/quirks").await;
    assert_eq!(status, 200);
    assert_eq!(
        shown,
        json!({
            "status": "ok",
            "quirks": {"expiry": "seconds", "omit": [], "price_postback": "pos_price_update_postback_url"},
            "env": "expiry=seconds,omit=none,price_postback=pos_price_update_postback_url",
        })
    );
    let before = now_ms();
    let created = c.create_ok(c.create_body("50.00", "R-default")).await;
    let after = now_ms();
    assert_in(
        "default",
        &created["expires_at"],
        expected_range("seconds", before, after),
    );
    for field in ["payment_amount_asset", "exchange_rate", "expires_at"] {
        assert!(created.get(field).is_some(), "{field}: {created}");
    }
}

#[tokio::test]
async fn the_create_answer_omits_the_chosen_fields_and_getupdate_still_has_them() {
    let sb = sandbox_with(long_quotes()).await;
    let c = Client::new(&sb);
    let all = ["payment_amount_asset", "exchange_rate", "expires_at"];
    let choices: [&[&str]; 4] = [
        &["payment_amount_asset"],
        &["exchange_rate"],
        &["expires_at"],
        &all,
    ];
    for (i, omit) in choices.into_iter().enumerate() {
        let set = set_quirks(&c, json!({"omit": omit})).await;
        assert_eq!(set["quirks"]["omit"], json!(omit));
        let created = c
            .create_ok(c.create_body("50.00", &format!("R-omit-{i}")))
            .await;
        for field in all {
            assert_eq!(
                created.get(field).is_none(),
                omit.contains(&field),
                "omit {omit:?}, {field}: {created}"
            );
        }
        // What the seed names is always there.
        for field in [
            "payment_code",
            "payment_address",
            "payment_amount",
            "paymentId",
        ] {
            assert!(created.get(field).is_some(), "{field}: {created}");
        }
        let update = c.getupdate(created["payment_code"].as_str().unwrap()).await;
        assert_eq!(update["payment_amount_asset"], "BTC", "{update}");
        assert!(update["exchange_rate"].is_string() && update["expires_at"].is_i64());
    }
}

/// Creates a payment giving both postback URLs, forces its quote to expire, and returns the
/// URLs its `posPriceUpdate` postbacks were delivered to.
async fn price_update_urls(
    c: &Client,
    price: &Receiver,
    updates: &Receiver,
    reference: &str,
) -> Vec<String> {
    let mut body = c.create_body("50.00", reference);
    body["pos_price_update_postback_url"] = price.url().into();
    body["postback_url"] = updates.url().into();
    let created = c.create_ok(body).await;
    let code = created["payment_code"].as_str().unwrap().to_string();
    c.post("/sandbox/quote-expire", &json!({"payment_code": code}))
        .await;
    let queue = eventually("the price update to be queued and delivered", || async {
        let queue = c.queue(&code).await;
        (!queue.is_empty() && queue.iter().all(|p| p["state"] == "delivered")).then_some(queue)
    })
    .await;
    for entry in &queue {
        assert_eq!(entry["fn"], "posPriceUpdate", "{entry}");
        assert_eq!(entry["body"]["payment_code"], code.as_str());
    }
    let mut urls: Vec<String> = queue
        .iter()
        .map(|p| p["url"].as_str().unwrap().to_string())
        .collect();
    urls.sort();
    // What the receivers saw matches the queue.
    let arrived = |r: &Receiver| {
        r.of_fn("posPriceUpdate")
            .iter()
            .filter(|b| b["payment_code"] == code.as_str())
            .count()
    };
    let mut seen = vec![price.url(); arrived(price)];
    seen.extend(vec![updates.url(); arrived(updates)]);
    seen.sort();
    assert_eq!(seen, urls);
    urls
}

#[tokio::test]
async fn the_price_update_goes_to_the_chosen_postback_url() {
    let price = Receiver::start(0).await;
    let updates = Receiver::start(0).await;
    let sb = sandbox_with(long_quotes()).await;
    let c = Client::new(&sb);
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };

    let urls = price_update_urls(&c, &price, &updates, "R-price-default").await;
    assert_eq!(urls, [price.url()]);

    set_quirks(&c, json!({"price_postback": "postback_url"})).await;
    let urls = price_update_urls(&c, &price, &updates, "R-price-postback").await;
    assert_eq!(urls, [updates.url()]);

    set_quirks(&c, json!({"price_postback": "both"})).await;
    let urls = price_update_urls(&c, &price, &updates, "R-price-both").await;
    assert_eq!(urls, sorted(vec![price.url(), updates.url()]));

    set_quirks(
        &c,
        json!({"price_postback": "pos_price_update_postback_url"}),
    )
    .await;
    let urls = price_update_urls(&c, &price, &updates, "R-price-back").await;
    assert_eq!(urls, [price.url()]);
}

#[tokio::test]
async fn quirks_from_the_config_apply_from_the_start_and_delete_restores_them() {
    let quirks: Quirks = "expiry=ms,omit=exchange_rate".parse().unwrap();
    assert_eq!(quirks.expiry, ExpiryFormat::UnixMillis);
    let sb = sandbox_with(Config {
        quirks,
        ..long_quotes()
    })
    .await;
    let c = Client::new(&sb);
    let before = now_ms();
    let created = c.create_ok(c.create_body("50.00", "R-env")).await;
    let after = now_ms();
    assert_in(
        "env ms",
        &created["expires_at"],
        expected_range("ms", before, after),
    );
    assert!(created.get("exchange_rate").is_none(), "{created}");

    // POST replaces the whole set: what it does not name goes back to the default.
    let set = set_quirks(&c, json!({"expiry": "remaining"})).await;
    assert_eq!(
        set["quirks"],
        json!({"expiry": "remaining", "omit": [], "price_postback": "pos_price_update_postback_url"})
    );
    let created = c.create_ok(c.create_body("50.00", "R-env-2")).await;
    assert_eq!(created["expires_at"], QUOTE_SECS);
    assert!(created.get("exchange_rate").is_some());

    let reset = c
        .http
        .delete(format!("{}/sandbox/quirks", c.base))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
    let (_, shown) = c.get("/sandbox/quirks").await;
    assert_eq!(
        shown["env"],
        "expiry=ms,omit=exchange_rate,price_postback=pos_price_update_postback_url"
    );
}

#[tokio::test]
async fn bad_quirks_are_refused_and_change_nothing() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    for bad in [
        json!({"expiry": "minutes"}),
        json!({"omit": ["payment_code"]}),
        json!({"omit": "exchange_rate"}),
        json!({"price_postback": "email"}),
        json!({"expiry_format": "ms"}),
    ] {
        let (status, answer) = c.post("/sandbox/quirks", &bad).await;
        assert_eq!(status, 400, "{bad}: {answer}");
        assert_eq!(answer["status"], "nok");
    }
    let (_, shown) = c.get("/sandbox/quirks").await;
    assert_eq!(shown["quirks"], json!(Quirks::default()));
}

#[tokio::test]
async fn quirks_live_under_the_controls_switch() {
    let sb = sandbox_with(Config {
        controls: false,
        ..Config::for_tests()
    })
    .await;
    let c = Client::new(&sb);
    assert_eq!(c.get("/sandbox/quirks").await.0, 404);
    let (status, _) = c.post("/sandbox/quirks", &json!({"expiry": "ms"})).await;
    assert_eq!(status, 404);
}
