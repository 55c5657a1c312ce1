//! Settings → Store, the sale rules: tax rates, the default rate, inclusive or exclusive
//! prices, whether tips are taxed, the legal particulars of the receipt, the currency and the
//! discount share above which the manager PIN is needed. Part of the store settings form, so
//! one save (with the manager PIN) writes them with the tips: two cards saving the same
//! settings would undo each other.

use leptos::prelude::*;
use wct_api::pos::StoreSettings;
use wct_api::receipt::ReceiptSettings;
use wct_api::tax::{PriceMode, TaxConfig, TaxRate};
use wct_api::FieldError;

use crate::i18n::{t, ta, Arg};
use crate::session::use_session;

/// One editable tax rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateRow {
    key: u32,
    id: RwSignal<String>,
    name: RwSignal<String>,
    percent: RwSignal<String>,
}

/// The sale rules as edited.
#[derive(Debug, Clone, Copy)]
pub struct SaleRules {
    rates: RwSignal<Vec<RateRow>>,
    next: RwSignal<u32>,
    default_rate: RwSignal<String>,
    exclusive: RwSignal<bool>,
    tips_taxed: RwSignal<bool>,
    legal_name: RwSignal<String>,
    /// One address line per line of text.
    address: RwSignal<String>,
    tax_id: RwSignal<String>,
    footer: RwSignal<String>,
    prefix: RwSignal<String>,
    currency: RwSignal<String>,
    max_discount: RwSignal<String>,
}

impl Default for SaleRules {
    fn default() -> Self {
        Self::new()
    }
}

impl SaleRules {
    pub fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            rates: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
            default_rate: text(),
            exclusive: RwSignal::new(false),
            tips_taxed: RwSignal::new(false),
            legal_name: text(),
            address: text(),
            tax_id: text(),
            footer: text(),
            prefix: text(),
            currency: text(),
            max_discount: text(),
        }
    }

    fn add_rate(&self, rate: Option<&TaxRate>) {
        let key = self.next.get_untracked();
        self.next.set(key + 1);
        let row = RateRow {
            key,
            id: RwSignal::new(rate.map(|r| r.id.clone()).unwrap_or_default()),
            name: RwSignal::new(rate.map(|r| r.name.clone()).unwrap_or_default()),
            percent: RwSignal::new(rate.map(|r| r.percent.clone()).unwrap_or_default()),
        };
        self.rates.update(|rows| rows.push(row));
    }

    /// Shows what the server holds.
    pub fn fill(&self, s: &StoreSettings) {
        self.rates.set(Vec::new());
        for rate in &s.tax.rates {
            self.add_rate(Some(rate));
        }
        self.default_rate
            .set(s.tax.default_rate.clone().unwrap_or_default());
        self.exclusive.set(s.tax.prices == PriceMode::Exclusive);
        self.tips_taxed.set(s.tax.tips_taxed);
        self.legal_name.set(s.receipt.legal_name.clone());
        self.address.set(s.receipt.address.join("\n"));
        self.tax_id.set(s.receipt.tax_id.clone());
        self.footer.set(s.receipt.footer.clone());
        self.prefix.set(s.receipt.number_prefix.clone());
        self.currency.set(s.currency.clone());
        self.max_discount.set(s.max_discount_percent.clone());
    }

    /// Writes the rules as edited into `s` (the server checks each field and names it).
    pub fn apply(&self, s: &mut StoreSettings) {
        let trimmed = |v: RwSignal<String>| v.get_untracked().trim().to_string();
        let rates: Vec<TaxRate> = self.rates.with_untracked(|rows| {
            rows.iter()
                .map(|r| TaxRate {
                    id: trimmed(r.id),
                    name: trimmed(r.name),
                    percent: trimmed(r.percent)
                        .trim_end_matches('%')
                        .trim()
                        .replace(',', "."),
                })
                .collect()
        });
        let default = trimmed(self.default_rate);
        // A lone rate is the default without asking.
        let default_rate = match (default.is_empty(), rates.as_slice()) {
            (false, _) => Some(default),
            (true, [only]) => Some(only.id.clone()),
            (true, _) => None,
        };
        s.tax = TaxConfig {
            rates,
            default_rate,
            prices: if self.exclusive.get_untracked() {
                PriceMode::Exclusive
            } else {
                PriceMode::Inclusive
            },
            tips_taxed: self.tips_taxed.get_untracked(),
        };
        s.receipt = ReceiptSettings {
            legal_name: trimmed(self.legal_name),
            address: self
                .address
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            tax_id: trimmed(self.tax_id),
            footer: trimmed(self.footer),
            number_prefix: trimmed(self.prefix),
        };
        let currency = trimmed(self.currency);
        if !currency.is_empty() {
            s.currency = currency;
        }
        s.max_discount_percent = trimmed(self.max_discount)
            .trim_end_matches('%')
            .trim()
            .to_string();
    }
}

/// Whether a server problem belongs to these fields (they are shown beside them).
pub fn is_rules_field(field: &str) -> bool {
    ["tax", "receipt", "currency", "max_discount_percent"]
        .iter()
        .any(|p| field == *p || field.starts_with(&format!("{p}.")))
}

#[component]
pub fn SaleRulesFields(
    rules: SaleRules,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let session = use_session();
    let problem = move |prefix: String| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|f| f.field == prefix || f.field.starts_with(&format!("{prefix}.")) || f.field.starts_with(&format!("{prefix}[")))
                    .map(|f| view! { <p class="field-error" role="alert" data-testid=format!("error-{}", f.field)>{f.message.clone()}</p> })
            })
        }
    };
    let currencies = move || {
        session.catalogue.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.settlement
                        .iter()
                        .map(|a| a.symbol.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let text =
        move |id: &'static str, label: String, value: RwSignal<String>, field: &'static str| {
            view! {
                <label for=id>{label}</label>
                <input id=id type="text" data-testid=id prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
                {problem(field.to_string())}
            }
        };
    view! {
        <h3 class="settings-sub">{t("rules-tax")}</h3>
        <div class="rate-rows" data-testid="tax-rates">
            // Column heads for sighted users; each field carries its own label for the rest.
            {move || rules.rates.with(|r| !r.is_empty()).then(|| view! {
                <div class="rate-row rate-head" aria-hidden="true">
                    <span>{t("rules-rate-id-head")}</span>
                    <span>{t("rules-rate-name")}</span>
                    <span>"%"</span>
                </div>
            })}
            <For each=move || rules.rates.get() key=|r| r.key let:row>
                {
                    let index = move || rules.rates.with(|rs| rs.iter().position(|r| r.key == row.key).unwrap_or(0));
                    let field = move |part: &str| format!("tax.rates[{}].{part}", index());
                    let number = move || Arg::Count(index() as i64 + 1);
                    view! {
                        <div class="rate-row" role="group" aria-label=move || ta("rules-rate", &[("number", number())])>
                            <input type="text" data-testid=move || format!("rate-id-{}", index()) aria-label=t("rules-rate-id")
                                placeholder=t("rules-rate-id") prop:value=move || row.id.get() on:input=move |ev| row.id.set(event_target_value(&ev))/>
                            <input type="text" data-testid=move || format!("rate-name-{}", index()) aria-label=t("rules-rate-name")
                                placeholder=t("rules-rate-name") prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev))/>
                            <input type="text" inputmode="decimal" data-testid=move || format!("rate-percent-{}", index()) aria-label=t("rules-rate-percent")
                                placeholder="%" prop:value=move || row.percent.get() on:input=move |ev| row.percent.set(event_target_value(&ev))/>
                            <button type="button" class="btn btn-ghost" aria-label=move || ta("rules-rate-remove", &[("number", number())])
                                on:click=move |_| rules.rates.update(|rs| rs.retain(|r| r.key != row.key))>"✕"</button>
                            {move || problem(field("id"))()}
                            {move || problem(field("name"))()}
                            {move || problem(field("percent"))()}
                        </div>
                    }
                }
            </For>
            <button type="button" class="btn btn-secondary btn-small" data-testid="rate-add"
                on:click=move |_| rules.add_rate(None)>{t("rules-rate-add")}</button>
        </div>
        <label for="default-rate">{t("rules-default-rate")}</label>
        <select id="default-rate" data-testid="default-rate" on:change=move |ev| rules.default_rate.set(event_target_value(&ev))>
            <option value="" prop:selected=move || rules.default_rate.with(String::is_empty)>"—"</option>
            {move || rules.rates.get().into_iter().map(|r| {
                let id = r.id.get();
                let selected = rules.default_rate.with(|d| *d == id);
                view! { <option value=id selected=selected>{format!("{} ({} %)", r.name.get(), r.percent.get())}</option> }
            }).collect_view()}
        </select>
        {problem("tax.default_rate".into())}
        <label class="switch-row">
            <input type="checkbox" role="switch" data-testid="prices-exclusive"
                prop:checked=move || rules.exclusive.get() on:change=move |ev| rules.exclusive.set(event_target_checked(&ev))/>
            <span>{t("rules-exclusive")}</span>
        </label>
        <label class="switch-row">
            <input type="checkbox" role="switch" data-testid="tips-taxed"
                prop:checked=move || rules.tips_taxed.get() on:change=move |ev| rules.tips_taxed.set(event_target_checked(&ev))/>
            <span>{t("rules-tips-taxed")}</span>
        </label>
        <label for="store-currency">{t("rules-currency")}</label>
        <select id="store-currency" data-testid="store-currency" on:change=move |ev| rules.currency.set(event_target_value(&ev))>
            {move || {
                let mut list = currencies();
                let current = rules.currency.get();
                if !current.is_empty() && !list.contains(&current) {
                    list.push(current.clone());
                }
                list.into_iter().map(|c| {
                    let selected = c == current;
                    let label = c.clone();
                    view! { <option value=c selected=selected>{label}</option> }
                }).collect_view()
            }}
        </select>
        {problem("currency".into())}
        {text("max-discount", t("rules-max-discount"), rules.max_discount, "max_discount_percent")}
        <h3 class="settings-sub">{t("rules-receipt")}</h3>
        {text("legal-name", t("rules-legal-name"), rules.legal_name, "receipt.legal_name")}
        <label for="legal-address">{t("rules-address")}</label>
        <textarea id="legal-address" rows="3" data-testid="legal-address" prop:value=move || rules.address.get()
            on:input=move |ev| rules.address.set(event_target_value(&ev))></textarea>
        {problem("receipt.address".into())}
        {text("tax-id", t("rules-tax-id"), rules.tax_id, "receipt.tax_id")}
        {text("receipt-footer-text", t("rules-footer"), rules.footer, "receipt.footer")}
        {text("receipt-prefix", t("rules-prefix"), rules.prefix, "receipt.number_prefix")}
    }
}
