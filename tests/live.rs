//! `use_live_payment` under an `Owner`, with a fake `EventSource` the test drives: the newest
//! payment wins whatever the order of answers, events and `resync` are followed, an expired
//! quote is re-quoted, and nothing (event source, interval) keeps running after unmount.

mod common;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use any_spawner::Executor;
use common::*;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use wct_api::pos::{EventKind, PaymentEvent, PaymentView};
use wct_api::PaymentState;
use wct_pos::hooks::live_payment::{newest, supersedes};
use wct_pos::hooks::{use_live_payment, Clock, LiveSource};

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces `EventSource` with a fake that counts open sources, and wraps
/// `setInterval`/`clearInterval` to count live intervals.
fn install_fakes() {
    let script = r#"
    if (!window.__fake) {
        const fake = { open: 0, intervals: 0, sources: [] };
        window.__fake = fake;
        class FakeEventSource extends EventTarget {
            constructor(url) { super(); this.url = url; this.readyState = 1; fake.open++; fake.sources.push(this); }
            close() { if (this.readyState !== 2) { this.readyState = 2; fake.open--; } }
        }
        FakeEventSource.CONNECTING = 0; FakeEventSource.OPEN = 1; FakeEventSource.CLOSED = 2;
        window.EventSource = FakeEventSource;
        const setI = window.setInterval.bind(window), clearI = window.clearInterval.bind(window);
        const live = new Set();
        window.setInterval = (f, ms, ...a) => { const id = setI(f, ms, ...a); live.add(id); fake.intervals = live.size; return id; };
        window.clearInterval = (id) => { live.delete(id); fake.intervals = live.size; clearI(id); };
    }"#;
    js_sys::Function::new_no_args(script)
        .call0(&JsValue::NULL)
        .unwrap();
}

fn fake(field: &str) -> JsValue {
    let fake = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__fake".into()).unwrap();
    js_sys::Reflect::get(&fake, &field.into()).unwrap()
}

fn count(field: &str) -> u32 {
    fake(field).as_f64().unwrap_or(0.0) as u32
}

/// Delivers a named event on the newest fake source.
fn emit(name: &str, data: &str) {
    let sources: js_sys::Array = fake("sources").unchecked_into();
    let source: web_sys::EventTarget = sources.at(-1).unchecked_into();
    let init = web_sys::MessageEventInit::new();
    init.set_data(&data.into());
    let event = web_sys::MessageEvent::new_with_event_init_dict(name, &init).unwrap();
    source.dispatch_event(&event).unwrap();
}

fn event(payment: &PaymentView) -> String {
    serde_json::to_string(&PaymentEvent {
        seq: 1,
        kind: EventKind::Updated,
        payment: payment.clone(),
    })
    .unwrap()
}

async fn until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        leptos::task::tick().await;
    }
    panic!("never happened: {what}");
}

/// A source whose reads answer `answer` and are counted, like the proxy would.
struct Fake {
    answer: Rc<RefCell<PaymentView>>,
    loads: Rc<Cell<u32>>,
    requotes: Rc<Cell<u32>>,
}

impl Fake {
    fn new(first: PaymentView) -> Self {
        Self {
            answer: Rc::new(RefCell::new(first)),
            loads: Rc::default(),
            requotes: Rc::default(),
        }
    }

    fn source(&self) -> LiveSource<PaymentView> {
        let (answer, loads) = (self.answer.clone(), self.loads.clone());
        let (answer2, requotes) = (self.answer.clone(), self.requotes.clone());
        LiveSource {
            load: Rc::new(move |_| {
                loads.set(loads.get() + 1);
                let v = answer.borrow().clone();
                Box::pin(async move { Ok(v) })
            }),
            refresh: Some(Rc::new(move |_| {
                requotes.set(requotes.get() + 1);
                let v = answer2.borrow().clone();
                Box::pin(async move { Ok(v) })
            })),
            events_url: std::sync::Arc::new(|id| Some(format!("/api/payments/{id}/events"))),
        }
    }
}

fn owner_with_clock(clock: Clock) -> Owner {
    let _ = Executor::init_wasm_bindgen();
    install_fakes();
    let owner = Owner::new();
    owner.set();
    provide_context(clock);
    owner
}

fn requote(p: &PaymentView, version: u32, amount: &str) -> PaymentView {
    PaymentView {
        quote_version: version,
        pay_amount: amount.into(),
        missing: amount.into(),
        expires_at: "2026-11-25T10:30:00Z".into(),
        updated_at: "2026-11-25T10:15:01Z".into(),
        ..p.clone()
    }
}

#[wasm_bindgen_test]
fn older_answers_never_replace_newer_ones() {
    let first = payment(PaymentState::Awaiting);
    let seen = PaymentView {
        state: PaymentState::Pending,
        updated_at: "2026-11-25T10:01:00Z".into(),
        ..first.clone()
    };
    assert!(supersedes(&first, &seen));
    assert!(!supersedes(&seen, &first), "a read from before the event");
    let newer_quote = requote(&first, 2, "0.001");
    assert!(!supersedes(&newer_quote, &first));
    let other = PaymentView {
        id: "pay_2".into(),
        ..seen.clone()
    };
    assert!(!supersedes(&first, &other), "another payment");
    assert_eq!(
        newest("pay_1", Some(&seen), &[Some(&first), None, Some(&other)]),
        Some(seen.clone())
    );
    assert_eq!(newest("pay_2", Some(&seen), &[Some(&first)]), None);
}

#[wasm_bindgen_test]
async fn follows_events_and_resync_and_says_price_updated() {
    let clock = Clock::manual(CREATED);
    let owner = owner_with_clock(clock);
    let first = payment(PaymentState::Awaiting);
    let fake_source = Fake::new(first.clone());
    let live = use_live_payment("pay_1".to_string(), fake_source.source());
    until("the first load", || {
        live.payment.get_untracked() == Some(first.clone())
    })
    .await;
    assert!(!live.price_updated.get_untracked());

    let newer = requote(&first, 2, "0.00100000");
    emit("payment", &event(&newer));
    until("the event's payment", || {
        live.payment.get_untracked() == Some(newer.clone())
    })
    .await;
    assert!(live.price_updated.get_untracked());
    clock.advance(7);
    assert!(!live.price_updated.get_untracked(), "the notice goes away");

    // A late event with the old quote changes nothing.
    emit("payment", &event(&first));
    settle().await;
    assert_eq!(live.payment.get_untracked(), Some(newer.clone()));

    // `resync` re-reads the payment.
    let paid = PaymentView {
        state: PaymentState::Paid,
        updated_at: "2026-11-25T10:20:00Z".into(),
        ..newer.clone()
    };
    *fake_source.answer.borrow_mut() = paid.clone();
    let loads = fake_source.loads.get();
    emit("resync", "{}");
    until("a re-read after resync", || fake_source.loads.get() > loads).await;
    until("the re-read payment", || {
        live.payment.get_untracked() == Some(paid.clone())
    })
    .await;
    // Keep-alives are heard but change nothing.
    emit("ping", "");
    settle().await;
    assert_eq!(live.payment.get_untracked(), Some(paid));
    owner.cleanup();
}

#[wasm_bindgen_test]
async fn an_expired_quote_is_requoted_every_few_seconds_until_a_new_one_arrives() {
    let clock = Clock::manual(CREATED);
    let owner = owner_with_clock(clock);
    let first = payment(PaymentState::Awaiting);
    let fake_source = Fake::new(first.clone());
    let live = use_live_payment("pay_1".to_string(), fake_source.source());
    until("the first load", || live.payment.get_untracked().is_some()).await;
    settle().await;
    assert_eq!(fake_source.requotes.get(), 0, "not before expiry");
    clock.set(CREATED + 900);
    until("a re-quote at expiry", || fake_source.requotes.get() == 1).await;
    clock.advance(1);
    settle().await;
    assert_eq!(fake_source.requotes.get(), 1, "not again at once");
    clock.advance(2);
    until("a second try", || fake_source.requotes.get() == 2).await;
    let renewed = requote(&first, 2, "0.00060000");
    *fake_source.answer.borrow_mut() = renewed.clone();
    clock.advance(3);
    until("the new quote", || {
        live.payment.get_untracked() == Some(renewed.clone())
    })
    .await;
    let tries = fake_source.requotes.get();
    clock.advance(10);
    settle().await;
    assert_eq!(
        fake_source.requotes.get(),
        tries,
        "a live quote is left alone"
    );
    owner.cleanup();
}

#[wasm_bindgen_test]
async fn nothing_keeps_running_after_unmount() {
    let clock = Clock::manual(CREATED);
    install_fakes();
    let (open_before, intervals_before) = (count("open"), count("intervals"));
    let owner = owner_with_clock(clock);
    let first = payment(PaymentState::Awaiting);
    let fake_source = Fake::new(first.clone());
    let live = use_live_payment("pay_1".to_string(), fake_source.source());
    until("the first load", || live.payment.get_untracked().is_some()).await;
    until("the stream to open", || count("open") == open_before + 1).await;
    assert!(
        count("intervals") > intervals_before,
        "the polling timer runs"
    );

    owner.cleanup();
    settle().await;
    assert_eq!(count("open"), open_before, "the event source is closed");
    assert_eq!(count("intervals"), intervals_before, "the timer is cleared");
}
