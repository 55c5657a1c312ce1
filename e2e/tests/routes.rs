//! Every screen is a lazy route whose code arrives as wasm chunks when it is first shown. A
//! fresh browser opening any address directly gets that screen; once a till has loaded, the
//! service worker has every chunk, so a reload without network still shows the till and
//! every screen still opens; and a tablet left open across an update keeps loading its own
//! build's chunks until it reloads into the new build.

use std::path::Path;

use serde_json::json;
use wct_e2e::browser::{Browser, Viewport};
use wct_e2e::harness::{new_payment, Options};
use wct_e2e::scenario::Scenario;
use wct_e2e::{Error, Result};

/// Whether the service worker controls the page and has finished caching this build.
const CONTROLLED: &str = "return navigator.serviceWorker.controller !== null;";

/// A browser of its own, paired through the API: the token is put into storage from a page
/// that loads none of the app, so the first page it opens is loaded cold.
async fn fresh_paired(s: &Scenario) -> Result<Browser> {
    let (_, paired) = s.server.api().pair_device("Route check").await?;
    let b = s.driver.session(Viewport::Phone).await?;
    b.goto(&s.url("/healthz")).await?;
    b.client
        .execute(
            "localStorage.setItem('wct-pos.token', arguments[0]);",
            vec![json!(paired.token)],
        )
        .await?;
    Ok(b)
}

#[tokio::test]
async fn a_fresh_browser_opening_any_address_gets_that_screen() -> Result<()> {
    let s = Scenario::start("routes-direct").await?;
    let api = s.server.api();
    let view = api.create(&new_payment("12.00", "BTC")).await?;
    api.sandbox_pay(&view.id, &view.pay_amount).await?;
    api.wait_state(&view.id, wct_api::PaymentState::Paid)
        .await?;

    let till = [
        ("/".to_string(), "amount-display"),
        ("/history".to_string(), "history-list"),
        ("/reports".to_string(), "reports-page"),
        ("/settings".to_string(), "terminal-name"),
        (format!("/payments/{}", view.id), "payment-page"),
        (format!("/payments/{}/receipt", view.id), "receipt-received"),
    ];
    for (path, shown) in &till {
        let b = fresh_paired(&s).await?;
        b.goto(&s.url(path)).await?;
        b.wait(shown).await?;
        b.wait("app-header").await?;
        assert_eq!(
            b.eval("return document.getElementById('skeleton') === null;")
                .await?,
            json!(true),
            "{path}: the loading skeleton is gone"
        );
        b.close().await?;
    }

    // Without a token: the pairing screen, the customer's pages, the not-found page.
    let public = [
        ("/pair".to_string(), "pair-code", true),
        (
            format!("/pay/{}", view.payment_code),
            "customer-page",
            false,
        ),
        (
            format!("/pay/{}/receipt", view.payment_code),
            "public-receipt-page",
            false,
        ),
        ("/no/such/page".to_string(), "not-found", false),
    ];
    for (path, shown, header) in &public {
        let b = s.driver.session(Viewport::Phone).await?;
        b.goto(&s.url(path)).await?;
        b.wait(shown).await?;
        assert_eq!(
            b.exists("app-header").await?,
            *header,
            "{path}: the till's header only on the till"
        );
        b.close().await?;
    }
    s.finish().await
}

#[tokio::test]
async fn after_the_first_load_the_till_reloads_and_navigates_offline() -> Result<()> {
    let s = Scenario::start("routes-offline").await?;
    let b = &s.browser;
    b.wait_until("the service worker to control the page", || async move {
        Ok((b.eval(CONTROLLED).await? == json!(true)).then_some(()))
    })
    .await?;

    b.set_offline(true).await?;
    b.refresh().await?;
    b.wait("amount-display").await?;
    b.wait("offline-banner").await?;
    // Screens never opened before come from the service worker's cache too.
    for (nav, shown) in [
        ("nav-reports", "reports-page"),
        ("nav-settings", "terminal-name"),
        ("nav-charge", "amount-display"),
    ] {
        b.click(nav).await?;
        b.wait(shown).await?;
    }
    b.set_offline(false).await?;
    b.wait_gone("offline-banner").await?;
    s.finish().await
}

/// A copy of `from` into `to` (the app's build, to deploy a changed copy of it).
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The app folder of a build (`app-<hash>`).
fn app_folder(dist: &Path) -> Result<String> {
    std::fs::read_dir(dist)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("app-"))
        .ok_or_else(|| Error::Setup(format!("no app-<hash> folder in {}", dist.display())))
}

/// Turns the build in `site` into "the next build": the same app under another hashed
/// folder, the page and the service worker naming it (their pre-compressed copies dropped,
/// so the proxy sends the new text). Returns the new folder's name.
fn deploy_next_build(site: &Path) -> Result<String> {
    let old = app_folder(site)?;
    let new = format!("app-{}", "0123456789abcdef");
    std::fs::rename(site.join(&old), site.join(&new))?;
    for file in ["index.html", "sw.js"] {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path)?.replace(&old, &new);
        // A new build id: a new service worker with a cache of its own.
        let text = text.replacen("const BUILD = \"", "const BUILD = \"next-", 1);
        std::fs::write(&path, text)?;
        for ext in ["gz", "br"] {
            let _ = std::fs::remove_file(site.join(format!("{file}.{ext}")));
        }
    }
    Ok(new)
}

/// The app folders whose files this page fetched.
const APP_FOLDERS_FETCHED: &str = "return [...new Set(performance.getEntriesByType('resource')\
    .map((e) => new URL(e.name).pathname.split('/')[1])\
    .filter((p) => p.startsWith('app-')))];";

#[tokio::test]
async fn a_tablet_open_across_an_update_keeps_its_build_until_it_reloads() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let site = dir.path().join("site");
    copy_dir(&wct_e2e::dist_dir(), &site)?;
    let db = dir.path().join("db");
    std::fs::create_dir_all(&db)?;
    let old = app_folder(&site)?;
    let mut s = Scenario::start_with(
        "routes-update",
        Options {
            dist: Some(site.clone()),
            db_dir: Some(db),
            ..Options::default()
        },
    )
    .await?;
    {
        let b = &s.browser;
        b.wait_until("the service worker to control the page", || async move {
            Ok((b.eval(CONTROLLED).await? == json!(true)).then_some(()))
        })
        .await?;
    }

    // The next build is deployed while the tablet stays open on the old one.
    let new = deploy_next_build(&site)?;
    s.server.restart().await?;
    let b = &s.browser;
    b.eval("navigator.serviceWorker.getRegistration().then((r) => r && r.update()); return true;")
        .await?;
    b.wait_until("the next build's service worker to take over", || async move {
        let script = "return caches.keys().then((k) => k.filter((n) => n.startsWith('wct-pos-shell-')).length);";
        let caches = b.client.execute_async(
            &format!("const done = arguments[arguments.length - 1]; (function() {{ {script} }})().then(done);"),
            vec![],
        ).await?;
        Ok((caches == json!(2)).then_some(()))
    })
    .await?;

    // A screen the tablet has not opened yet still comes from its own build.
    b.eval("performance.setResourceTimingBufferSize(10000); return true;")
        .await?;
    b.click("nav-reports").await?;
    b.wait("reports-page").await?;
    assert_eq!(
        b.eval(APP_FOLDERS_FETCHED).await?,
        json!([old]),
        "the old main module loads only its own build's chunks"
    );

    // A reload runs the new build, all of it. Right after a deploy the reload's navigation
    // now and then never finishes (2 of 13 runs: WebDriver waited its full 300 s for the
    // renderer, in the in-process restart; not understood yet). As a person would, reload
    // again after 30 s; a page that never loads still fails after three tries.
    b.client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            None,
            Some(std::time::Duration::from_secs(30)),
            None,
        ))
        .await?;
    let mut tries = 0;
    loop {
        tries += 1;
        match b.refresh().await {
            Ok(()) => break,
            Err(e) if tries < 3 => eprintln!("reload {tries} did not finish: {e}; again"),
            Err(e) => return Err(e),
        }
    }
    b.wait("reports-page").await?;
    b.click("nav-charge").await?;
    b.wait("amount-display").await?;
    assert_eq!(b.eval(APP_FOLDERS_FETCHED).await?, json!([new]));
    s.finish().await
}
