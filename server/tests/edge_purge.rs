//! Personal data retention (issue 11, point 7): the upstream log never holds customer
//! details; a purge deletes those of closed payments older than the window from the payment
//! row, its event views, its postback bodies and its upstream log, and keeps everything else
//! (totals, amounts, states, references); `wct-pos-server purge` does it from the command
//! line and leaves none of the values anywhere in the database file.

mod common;

use std::path::Path;
use std::process::Command;

use common::{eventually, payment_body, Harness};
use reqwest::StatusCode;
use serde_json::{json, Value};
use wct_pos_server::purge::purge;
use wct_pos_server::util::random_token;

const DAY_MS: i64 = 86_400_000;

/// One customer's details, distinct from every other test customer's.
struct Customer {
    fname: String,
    lname: String,
    address: String,
    city: String,
    state: String,
    mobile: String,
    dob: String,
    email: String,
}

fn letters(n: usize) -> String {
    random_token(n * 2)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(n)
        .collect::<String>()
        .to_ascii_lowercase()
}

impl Customer {
    fn new(year: u32) -> Self {
        let tag = letters(8);
        let digits: String = format!("{:09}", rand::random::<u32>() % 1_000_000_000);
        Self {
            fname: format!("Aurelia{tag}"),
            lname: format!("Quintero{tag}"),
            address: format!("12 Vine{tag} Street"),
            city: format!("Hobart{tag}"),
            state: format!("Tasmania{tag}"),
            mobile: format!("+61{digits}"),
            dob: format!("{year}/02/03"),
            email: format!("{tag}@example.com"),
        }
    }

    /// The values searched for: every one long and distinctive enough that it cannot turn
    /// up by chance (the country and postcode are too short for that; their keys are
    /// checked instead).
    fn values(&self) -> Vec<&str> {
        vec![
            &self.fname,
            &self.lname,
            &self.address,
            &self.city,
            &self.state,
            &self.mobile,
            &self.dob,
            &self.email,
        ]
    }

    fn body(&self) -> Value {
        let mut body = payment_body();
        let fields = json!({
            "personal_fname": self.fname, "personal_lname": self.lname,
            "personal_address": self.address, "personal_city": self.city,
            "personal_state": self.state, "personal_country": "AU",
            "personal_postcode": "7000", "personal_mobile": self.mobile,
            "personal_dob": self.dob,
        });
        for (key, value) in fields.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    }
}

/// Every text the proxy keeps about payments, in one string.
async fn all_stored_text(h: &Harness) -> String {
    let db = &h.running.state().db;
    let mut text = String::new();
    for query in [
        "SELECT fields_json || ' ' || description || ' ' || reference || ' ' || body_hash || ' '
            || COALESCE(alert, '') || ' ' || COALESCE(error_message, '') FROM payments",
        "SELECT view_json FROM events",
        "SELECT body FROM postback_log",
        "SELECT request_json || ' ' || COALESCE(response_body, '') || ' ' || COALESCE(error, '')
            FROM upstream_log",
        "SELECT name || ' ' || value FROM settings",
    ] {
        let rows: Vec<String> = sqlx::query_scalar(query).fetch_all(db).await.unwrap();
        for row in rows {
            text.push_str(&row);
            text.push('\n');
        }
    }
    text
}

async fn postback_token(h: &Harness, id: &str) -> String {
    sqlx::query_scalar("SELECT postback_token FROM payments WHERE id = $1")
        .bind(id)
        .fetch_one(&h.running.state().db)
        .await
        .unwrap()
}

/// Waits until a postback carrying the customer's details was stored for `id`.
async fn wait_personal_postback(h: &Harness, id: &str, customer: &Customer) {
    let found = eventually(|| async {
        let bodies: Vec<String> =
            sqlx::query_scalar("SELECT body FROM postback_log WHERE payment_id = $1")
                .bind(id)
                .fetch_all(&h.running.state().db)
                .await
                .unwrap();
        bodies
            .iter()
            .any(|b| b.contains(&customer.fname))
            .then_some(())
    })
    .await;
    assert!(
        found.is_some(),
        "the sandbox's postback with personal{{}} arrived"
    );
}

/// Waits until the sandbox has delivered every postback of the payment (none is left to
/// arrive after the purge).
async fn wait_postbacks_delivered(h: &Harness, code: &str) {
    let drained = eventually(|| async {
        let log: Value = h
            .http
            .get(h.sandbox_url(&format!("/sandbox/postbacks?payment_code={code}")))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let queue = log["postbacks"].as_array()?;
        (!queue.is_empty() && queue.iter().all(|p| p["state"] != "pending")).then_some(())
    })
    .await;
    assert!(drained.is_some(), "the sandbox delivered its postbacks");
}

/// Makes payments look unchanged for `days` days.
async fn age(h: &Harness, ids: &[&str], days: i64) {
    for id in ids {
        sqlx::query("UPDATE payments SET updated_at = updated_at - $1 WHERE id = $2")
            .bind(days * DAY_MS)
            .bind(*id)
            .execute(&h.running.state().db)
            .await
            .unwrap();
    }
}

/// A paid payment of `customer`, with the upstream's postbacks (personal{} included, and a
/// forged one with an email) stored.
async fn paid_payment(h: &Harness, customer: &Customer) -> String {
    let view = h.create_ok(&customer.body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    h.pay(&id, view["pay_amount"].as_str().unwrap()).await;
    h.wait_state(&id, "paid").await;
    wait_postbacks_delivered(h, view["payment_code"].as_str().unwrap()).await;
    wait_personal_postback(h, &id, customer).await;
    let token = postback_token(h, &id).await;
    let forged = json!({
        "fn": "paymentUpdate", "payment_code": view["payment_code"],
        "email": customer.email, "personal": {"fname": customer.fname},
    });
    let response = h
        .http
        .post(h.url(&format!("/postback/{token}")))
        .json(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    id
}

fn without_personal(mut view: Value) -> Value {
    view.as_object_mut().unwrap().remove("personal");
    view
}

#[tokio::test]
async fn the_upstream_log_never_holds_personal_fields() {
    let h = Harness::start().await;
    let customer = Customer::new(1961);
    let view = h.create_ok(&customer.body()).await;
    let id = view["id"].as_str().unwrap();
    // The details were taken and kept for the terminal…
    assert_eq!(view["personal"]["fname"], customer.fname.as_str());
    assert_eq!(view["personal"]["mobile"], customer.mobile.as_str());
    // …but none of them went into the upstream log.
    let logged: Vec<String> = sqlx::query_scalar(
        "SELECT request_json || ' ' || COALESCE(response_body, '') FROM upstream_log
         WHERE payment_id = $1",
    )
    .bind(id)
    .fetch_all(&h.running.state().db)
    .await
    .unwrap();
    assert!(!logged.is_empty(), "the create was logged");
    for entry in &logged {
        assert!(!entry.contains("personal_"), "{entry}");
        for value in customer.values() {
            assert!(!entry.contains(value), "{value} logged: {entry}");
        }
    }
    assert!(logged
        .iter()
        .any(|e| e.contains(view["reference"].as_str().unwrap())));
    h.stop().await;
}

#[tokio::test]
async fn a_purge_removes_personal_data_and_keeps_the_totals() {
    let h = Harness::start().await;
    let (a, b, c, d) = (
        Customer::new(1961),
        Customer::new(1962),
        Customer::new(1963),
        Customer::new(1964),
    );
    // A: paid, old. B: cancelled, old. C: still open, old. D: cancelled, recent.
    let paid = paid_payment(&h, &a).await;
    let cancelled = h.create_ok(&b.body()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let open = h.create_ok(&c.body()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let recent = h.create_ok(&d.body()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    for id in [&cancelled, &recent] {
        let response = h
            .post(&format!("/api/payments/{id}/cancel"), &json!({}))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    age(&h, &[&paid, &cancelled, &open], 100).await;
    let mut before = Vec::new();
    for id in [&paid, &cancelled] {
        let view = h.payment(id).await;
        assert!(view["personal"].is_object(), "{view}");
        before.push(view);
    }
    let public_before = h
        .public_payment(before[0]["payment_code"].as_str().unwrap())
        .await;

    let report = purge(&h.running.state().db, 90).await.unwrap();
    assert_eq!(report.payments, 2, "{report}");
    assert!(report.events >= 2, "{report}");
    assert!(report.postbacks >= 2, "{report}");

    // Totals, amounts, states and references are as they were; only `personal` is gone.
    for (old, id) in before.iter().zip([&paid, &cancelled]) {
        let now = h.payment(id).await;
        assert!(now.get("personal").is_none(), "{now}");
        assert_eq!(now, without_personal(old.clone()));
    }
    assert_eq!(before[0]["state"], "paid");
    assert_eq!(before[1]["state"], "cancelled");
    let public_after = h
        .public_payment(before[0]["payment_code"].as_str().unwrap())
        .await;
    assert_eq!(public_after, public_before);
    let listed = h.list_all().await;
    assert_eq!(listed.len(), 4, "no payment was deleted");
    // The open payment and the recent one keep their details.
    assert_eq!(
        h.payment(&open).await["personal"]["fname"],
        c.fname.as_str()
    );
    assert_eq!(
        h.payment(&recent).await["personal"]["fname"],
        d.fname.as_str()
    );

    // Not one value of A or B is left in any table; C's and D's are (the search works).
    let stored = all_stored_text(&h).await;
    for value in a.values().into_iter().chain(b.values()) {
        assert!(!stored.contains(value), "{value} is still stored");
    }
    for value in [&c.fname, &c.mobile, &d.fname, &d.dob] {
        assert!(
            stored.contains(value.as_str()),
            "{value} should still be stored"
        );
    }
    let purged_fields: Vec<String> =
        sqlx::query_scalar("SELECT fields_json FROM payments WHERE id = $1 OR id = $2")
            .bind(&paid)
            .bind(&cancelled)
            .fetch_all(&h.running.state().db)
            .await
            .unwrap();
    for fields in purged_fields {
        assert!(!fields.contains("personal_"), "{fields}");
        let fields: Value = serde_json::from_str(&fields).unwrap();
        assert_eq!(fields["amount"], "50.00");
    }

    // A second purge finds nothing more to do.
    let again = purge(&h.running.state().db, 90).await.unwrap();
    assert_eq!(again.payments, 0, "{again}");
    h.stop().await;
}

fn file_holds(dir: &Path, value: &str) -> bool {
    ["pos.db", "pos.db-wal", "pos.db-journal"]
        .iter()
        .any(|name| {
            std::fs::read(dir.join(name)).is_ok_and(|bytes| {
                bytes
                    .windows(value.len())
                    .any(|window| window == value.as_bytes())
            })
        })
}

fn run_purge(dir: &Path, url: &str, days: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wct-pos-server"));
    command
        .arg("purge")
        .current_dir(dir)
        .env("WCT_POS_DATABASE_URL", url)
        .env("RUST_LOG", "warn");
    if let Some(days) = days {
        command.args(["--older-than-days", days]);
    }
    let output = command.output().expect("run wct-pos-server purge");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[tokio::test]
async fn the_purge_command_leaves_no_personal_value_in_the_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/pos.db?mode=rwc", dir.path().display());
    let dist = common::make_dist();
    let mut config = wct_pos_server::Config::for_tests(dist.path());
    config.database_url = url.clone();
    let h = Harness::from_config(config, dist).await;
    let (a, c) = (Customer::new(1971), Customer::new(1973));
    let paid = paid_payment(&h, &a).await;
    let open = h.create_ok(&c.body()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    age(&h, &[&paid, &open], 100).await;
    let paid_view = h.payment(&paid).await;
    h.stop().await;
    assert!(file_holds(dir.path(), &a.fname), "the scan sees the file");

    // A window longer than the payment's age purges nothing.
    let stdout = run_purge(dir.path(), &url, Some("200"));
    assert!(stdout.contains(": 0 payments"), "{stdout}");
    let stdout = run_purge(dir.path(), &url, None);
    assert!(stdout.contains(": 1 payments"), "{stdout}");
    assert!(!stdout.contains(&a.fname), "counts only: {stdout}");

    for value in a.values() {
        assert!(
            !file_holds(dir.path(), value),
            "{value} is still in the file"
        );
    }
    assert!(
        file_holds(dir.path(), &c.fname),
        "the open payment keeps its details"
    );

    // The totals are as they were.
    let dist = common::make_dist();
    let mut config = wct_pos_server::Config::for_tests(dist.path());
    config.database_url = url.clone();
    let h = Harness::from_config(config, dist).await;
    let mut after = h.payment(&paid).await;
    let mut paid_view = without_personal(paid_view);
    // The link names the public URL, which moved with the restart.
    for view in [&mut after, &mut paid_view] {
        view.as_object_mut().unwrap().remove("link");
    }
    assert_eq!(after, paid_view);
    assert_eq!(after["state"], "paid");
    h.stop().await;
}
