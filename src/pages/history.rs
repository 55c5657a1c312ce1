//! Recent payments, newest first, filterable by state, with "load more" paging. Live events
//! update rows in place; while the stream is not live the first page is re-read.

use std::rc::Rc;

use leptos::prelude::*;
use wct_api::money::{shorten_decimals, LIST_DECIMALS};
use wct_api::pos::{fiat_decimals, PaymentPage, PaymentView};
use wct_api::PaymentState;

use crate::api::{use_api, ApiError};
use crate::components::{refund_mark, StateChip};
use crate::hooks::{use_event_stream, LiveView, StreamHandlers};
use crate::i18n::{state_short, t};
use crate::pages::payment::first_error;
use crate::session::{use_prefs, use_session};

const PAGE: u32 = 20;

/// The rows to show: the first page, the pages loaded after it, then every live update (a
/// newer version of a row replaces it; a new payment matching the filter goes on top; a row
/// that no longer matches the filter leaves).
pub fn merge_rows(
    filter: Option<PaymentState>,
    pages: &[&[PaymentView]],
    updates: &[PaymentView],
) -> Vec<PaymentView> {
    let mut rows: Vec<PaymentView> = Vec::new();
    for p in pages.iter().flat_map(|page| page.iter()) {
        if !rows.iter().any(|r| r.id == p.id) {
            rows.push(p.clone());
        }
    }
    let matches = |p: &PaymentView| filter.is_none_or(|f| f == p.state);
    for u in updates {
        match rows.iter().position(|r| r.id == u.id) {
            Some(i) if crate::hooks::live_payment::supersedes(&rows[i], u) => {
                if matches(u) {
                    rows[i] = u.clone();
                } else {
                    rows.remove(i);
                }
            }
            Some(_) => {}
            None if matches(u) => rows.insert(0, u.clone()),
            None => {}
        }
    }
    rows
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let api = use_api();
    let filter = RwSignal::new(None::<PaymentState>);
    let first = LocalResource::new(move || {
        let state = filter.get();
        async move { api.list_payments(state, None, PAGE).await }
    });
    // Pages after the first, for the filter they were loaded under.
    let more_rows = RwSignal::new((None::<PaymentState>, Vec::<PaymentPage>::new()));
    let load_more = Action::new_local(move |cursor: &String| {
        let (state, cursor) = (filter.get_untracked(), cursor.clone());
        async move {
            let page = api.list_payments(state, Some(&cursor), PAGE).await?;
            more_rows.update(|(f, pages)| {
                if *f != state {
                    *f = state;
                    pages.clear();
                }
                pages.push(page);
            });
            Ok::<_, ApiError>(())
        }
    });
    let updates = RwSignal::new(Vec::<PaymentView>::new());

    let rows = Memo::new(move |_| {
        let state = filter.get();
        let first = first.get().and_then(Result::ok);
        more_rows.with(|(f, more)| {
            let more = if *f == state { more.as_slice() } else { &[] };
            let mut pages: Vec<&[PaymentView]> = Vec::with_capacity(more.len() + 1);
            if let Some(first) = &first {
                pages.push(&first.payments);
            }
            pages.extend(more.iter().map(|p| p.payments.as_slice()));
            updates.with(|u| merge_rows(state, &pages, u))
        })
    });
    let cursor = Memo::new(move |_| {
        let state = filter.get();
        let last_more = more_rows.with(|(f, more)| {
            (*f == state)
                .then(|| more.last().map(|p| p.next_cursor.clone()))
                .flatten()
        });
        match last_more {
            Some(c) => c,
            None => first.get().and_then(Result::ok).and_then(|p| p.next_cursor),
        }
    });

    let refetch = move || first.refetch();
    use_event_stream(
        api.all_events_url(),
        StreamHandlers {
            on_payment: Rc::new(move |data| {
                if let Some(p) = PaymentView::from_stream(&data) {
                    updates.try_update(|u| {
                        u.retain(|x| x.id != p.id);
                        u.push(p);
                    });
                }
            }),
            on_resync: Rc::new(refetch),
            poll: Rc::new(refetch),
        },
    );

    let filter_button = move |state: Option<PaymentState>| {
        let (id, label) = match state {
            Some(s) => (format!("filter-{}", s.as_str()), state_short(s)),
            None => ("filter-all".to_string(), t("history-all")),
        };
        view! {
            <button type="button" class="filter" data-testid=id
                aria-pressed=move || if filter.get() == state { "true" } else { "false" }
                on:click=move |_| filter.set(state)>{label}</button>
        }
    };
    let loading_more = load_more.pending();
    let failed = |errors: ArcRwSignal<Errors>| {
        view! { <p class="form-error" role="alert">{first_error(errors)}</p> }
    };
    let list = move || {
        Suspend::new(async move {
            first.await?;
            Ok::<_, ApiError>(view! {
                {move || (rows.with(Vec::is_empty)).then(|| view! {
                    <p class="card center muted">{t("history-empty")}</p>
                })}
            })
        })
    };
    view! {
        <section class="page history">
            <h1>{t("nav-history")}</h1>
            <div class="filters" role="group" aria-label=t("history-filter")>
                {filter_button(None)}
                {PaymentState::ALL.map(|s| filter_button(Some(s)))}
            </div>
            <ul class="history-list" data-testid="history-list">
                <For each=move || rows.get() key=|p| (p.id.clone(), p.updated_at.clone(), p.state) let:p>
                    <HistoryRow payment=p/>
                </For>
            </ul>
            <Transition fallback=|| ()>
                <ErrorBoundary fallback=failed>{list}</ErrorBoundary>
            </Transition>
            {move || load_more.value().get().and_then(Result::err).map(|e| view! {
                <p class="form-error" role="alert">{e.to_string()}</p>
            })}
            {move || (cursor.with(Option::is_some)).then(|| view! {
                <button type="button" class="btn btn-secondary btn-big load-more" data-testid="load-more"
                    disabled=move || loading_more.get()
                    on:click=move |_| {
                        if let Some(c) = cursor.get_untracked() {
                            load_more.dispatch_local(c);
                        }
                    }>
                    {move || if loading_more.get() { t("loading") } else { t("history-more") }}
                </button>
            })}
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
        .with_untracked(|c| fiat_decimals(c.as_ref(), &p.asset));
    let (amount, asset) = (p.amount.clone(), p.asset.clone());
    let fiat = move || {
        format!(
            "{} {}",
            prefs.locale.get().format_str(&amount, decimals),
            asset
        )
    };
    let created = p.created_at.clone();
    let when = move || prefs.locale.get().short_date_time(&created);
    let state = p.state;
    let refunded = refund_mark(&p).map(|m| {
        view! {
            <span class="refund-badge" data-testid="history-refund">{m}</span>
        }
    });
    view! {
        <li>
            <a class="history-item" data-testid="history-item" data-state=state.as_str() data-id=p.id.clone()
                href=format!("/payments/{}", p.id)>
                <span class="history-main">
                    <span class="history-desc">{p.description.clone()}</span>
                    <span class="history-meta">
                        <StateChip state=state compact=true/>
                        {refunded}
                        <span class="muted small">{when}</span>
                    </span>
                </span>
                <span class="history-amounts">
                    <span class="history-fiat">{fiat}</span>
                    // A refused payment never asked the customer for anything.
                    {(!p.pay_address.is_empty()).then(|| view! {
                        <span class="muted small mono" data-testid="history-crypto" title=format!("{} {}", p.pay_amount, p.pay_asset)>
                            {format!("{} {}", shorten_decimals(&p.pay_amount, LIST_DECIMALS), p.pay_asset)}
                        </span>
                    })}
                    <span class="muted small mono">{p.reference.clone()}</span>
                </span>
            </a>
        </li>
    }
}
