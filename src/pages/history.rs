//! Recent payments, newest first, filterable by state, with "load more" paging. Live events
//! update rows in place.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wct_api::pos::{PaymentEvent, PaymentView};
use wct_api::PaymentState;

use crate::api;
use crate::browser;
use crate::components::StateChip;
use crate::hooks::use_event_stream;
use crate::session::{use_prefs, use_session};

const PAGE: u32 = 20;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let session = use_session();
    let filter = RwSignal::new(None::<PaymentState>);
    let items = RwSignal::new(Vec::<PaymentView>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let fetch = move |append: bool| {
        let state = filter.get_untracked();
        let before = if append { cursor.get_untracked() } else { None };
        loading.set(true);
        spawn_local(async move {
            match api::list_payments(state, before.as_deref(), PAGE).await {
                Ok(page) => {
                    error.set(None);
                    if append {
                        items.update(|v| v.extend(page.payments));
                    } else {
                        items.set(page.payments);
                    }
                    cursor.set(page.next_cursor);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        filter.track();
        fetch(false);
    });
    let upsert = move |p: PaymentView| {
        let matches = filter.get_untracked().is_none_or(|f| f == p.state);
        items.update(|v| match v.iter().position(|x| x.id == p.id) {
            Some(i) if matches => v[i] = p,
            Some(i) => {
                v.remove(i);
            }
            None if matches => v.insert(0, p),
            None => {}
        });
    };
    let url = Signal::derive(move || session.token.get().map(|t| api::all_events_url(&t)));
    use_event_stream(
        url,
        move |data| {
            if let Ok(ev) = crate::json::from_str::<PaymentEvent>(&data) {
                upsert(ev.payment);
            }
        },
        move || fetch(false),
    );

    let filter_button = move |state: Option<PaymentState>| {
        let (id, label) = match state {
            Some(s) => (format!("filter-{}", s.as_str()), s.label().to_string()),
            None => ("filter-all".to_string(), "All".to_string()),
        };
        let label = match state {
            Some(PaymentState::Awaiting) => "Awaiting".to_string(),
            Some(PaymentState::Pending) => "Pending".to_string(),
            _ => label,
        };
        view! {
            <button type="button" class="filter" data-testid=id
                aria-pressed=move || if filter.get() == state { "true" } else { "false" }
                on:click=move |_| filter.set(state)>{label}</button>
        }
    };
    view! {
        <section class="page history">
            <h1>"History"</h1>
            <div class="filters" role="group" aria-label="Filter by state">
                {filter_button(None)}
                {PaymentState::ALL.map(|s| filter_button(Some(s)))}
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <ul class="history-list" data-testid="history-list">
                <For each=move || items.get() key=|p| (p.id.clone(), p.updated_at.clone(), p.state) let:p>
                    <HistoryRow payment=p/>
                </For>
            </ul>
            <Show when=move || items.with(Vec::is_empty) && !loading.get() && error.with(Option::is_none)>
                <p class="card center muted">"No payments yet."</p>
            </Show>
            <Show when=move || cursor.with(Option::is_some)>
                <button type="button" class="btn btn-secondary btn-big load-more" data-testid="load-more"
                    disabled=move || loading.get() on:click=move |_| fetch(true)>
                    {move || if loading.get() { "Loading…" } else { "Load more" }}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn HistoryRow(payment: PaymentView) -> impl IntoView {
    let prefs = use_prefs();
    let session = use_session();
    let p = payment;
    let decimals = session
        .catalogue
        .with_untracked(|c| c.as_ref().and_then(|c| c.decimals_of(&p.asset)))
        .unwrap_or(2);
    let (amount, asset) = (p.amount.clone(), p.asset.clone());
    let fiat = move || {
        format!(
            "{} {}",
            prefs.locale.get().format_str(&amount, decimals),
            asset
        )
    };
    let created = p.created_at.clone();
    let when = move || browser::short_time(&created, prefs.locale.get().code());
    let state = p.state;
    view! {
        <li>
            <a class="history-item" data-testid="history-item" data-state=state.as_str() data-id=p.id.clone()
                href=format!("/payments/{}", p.id)>
                <span class="history-main">
                    <span class="history-desc">{p.description.clone()}</span>
                    <span class="history-meta">
                        <StateChip state=state/>
                        <span class="muted small">{when}</span>
                    </span>
                </span>
                <span class="history-amounts">
                    <span class="history-fiat">{fiat}</span>
                    <span class="muted small mono">{format!("{} {}", p.pay_amount, p.pay_asset)}</span>
                    <span class="muted small mono">{p.reference.clone()}</span>
                </span>
            </a>
        </li>
    }
}
