//! Receipts and credit notes, issued in the transaction of the payment's change: the number
//! is drawn where the payment first becomes paid or overpaid (never before, never for a
//! cancelled or expired sale), and a refund's credit note where the refund is confirmed.

use wct_api::pos::StoreSettings;
use wct_api::receipt::{number_text, CreditNote, Issuer, ReceiptDoc};
use wct_api::refund::{RefundState, RefundView};
use wct_api::tax::Breakdown;
use wct_api::upstream::PaymentFields;
use wct_api::PaymentState;

use crate::payments::rows::{pay_decimals, refund_views};
use crate::store::{self, CreditNoteRow, PaymentRow, RowState};
use crate::util::now_ms;
use crate::AppState;

/// What a commit has to issue, prepared before its transaction.
pub(crate) struct Paper {
    /// The receipt to number (the sale becomes paid now).
    draft: Option<ReceiptDoc>,
    /// Refunds confirmed by this change, each owed a credit note.
    credits: Vec<RefundView>,
    prefix: String,
}

fn is_paid(state: RowState) -> bool {
    matches!(
        state,
        RowState::Live(PaymentState::Paid | PaymentState::Overpaid)
    )
}

fn fixed(d: rust_decimal::Decimal, decimals: u32) -> String {
    wct_api::money::format_fixed(d, decimals)
}

impl AppState {
    /// The paper `next` needs beyond `old`: nothing for most changes (no read at all).
    pub(crate) async fn receipt_paper(
        &self,
        old: &PaymentRow,
        next: &PaymentRow,
    ) -> Result<Option<Paper>, sqlx::Error> {
        let numbered = next.receipt_no.is_none() && is_paid(next.state);
        let confirmed_before: Vec<String> = refund_views(old)
            .into_iter()
            .filter(|r| r.state == RefundState::Refunded)
            .map(|r| r.id)
            .collect();
        let credits: Vec<RefundView> = refund_views(next)
            .into_iter()
            .filter(|r| r.state == RefundState::Refunded && !confirmed_before.contains(&r.id))
            .collect();
        let has_receipt = numbered || next.receipt_json.is_some();
        if !numbered && (credits.is_empty() || !has_receipt) {
            return Ok(None);
        }
        let settings: StoreSettings = store::store_settings_json(&self.db, &next.store)
            .await?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let draft = if numbered {
            let terminal = store::terminal_name_in_store(&self.db, &next.store, &next.terminal_id)
                .await?
                .unwrap_or_default();
            Some(self.receipt_draft(next, &settings, terminal))
        } else {
            None
        };
        Ok(Some(Paper {
            draft,
            credits,
            prefix: settings.receipt.number_prefix.clone(),
        }))
    }

    /// The receipt of `row` without its number: the legal particulars and the breakdown as
    /// computed at the create (recomputed, untaxed, for a sale from before tax rules).
    fn receipt_draft(
        &self,
        row: &PaymentRow,
        settings: &StoreSettings,
        terminal: String,
    ) -> ReceiptDoc {
        let fields: PaymentFields = serde_json::from_str(&row.fields_json).unwrap_or_default();
        let decimals = wct_api::pos::fiat_decimals(Some(&self.catalogue), &row.asset);
        let breakdown: Option<Breakdown> = row
            .sale_json
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .or_else(|| wct_api::tax::sale_breakdown(&fields, &Default::default(), decimals).ok());
        let b = breakdown.unwrap_or(Breakdown {
            prices: Default::default(),
            lines: Vec::new(),
            rates: Vec::new(),
            sale_discount: Default::default(),
            discount: Default::default(),
            net: Default::default(),
            tax: Default::default(),
            gross: Default::default(),
        });
        let received =
            wct_api::money::parse_non_negative(&row.received, wct_api::money::MAX_PRECISION)
                .unwrap_or_default();
        ReceiptDoc {
            number: None,
            issuer: Issuer::from(&settings.receipt),
            supplied_at: Some(wct_api::clock::rfc3339(now_ms() / 1000)),
            terminal,
            terminal_id: row.terminal_id.clone(),
            currency: row.asset.clone(),
            prices: b.prices,
            items: wct_api::tax::sale_items(&fields),
            sale_discount: fixed(b.sale_discount, decimals),
            discount: fixed(b.discount, decimals),
            net: fixed(b.net, decimals),
            tax: fixed(b.tax, decimals),
            gross: fixed(b.gross, decimals),
            lines: b.lines,
            rates: b.rates,
            pay_asset: row.requested_asset.clone(),
            crypto_received: fixed(
                received,
                pay_decimals(&self.catalogue, &row.requested_asset),
            ),
            exchange_rate: row.exchange_rate.clone(),
            credit_notes: Vec::new(),
        }
    }
}

/// Issues `paper` on the writer's connection, in the transaction that writes `next`, and
/// records it on `next` (so the event's view carries it).
pub(crate) async fn issue(
    conn: &mut sqlx::AnyConnection,
    next: &mut PaymentRow,
    paper: Paper,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let mut doc = match paper.draft {
        Some(mut draft) => {
            let n = store::next_receipt_number(conn, &next.store).await?;
            draft.number = Some(number_text(&paper.prefix, n));
            next.receipt_no = Some(n);
            next.paid_at = Some(now);
            draft
        }
        None => match next
            .receipt_json
            .as_deref()
            .and_then(|j| serde_json::from_str::<ReceiptDoc>(j).ok())
        {
            Some(doc) => doc,
            None => return Ok(()),
        },
    };
    let Some(receipt_number) = doc.number.clone() else {
        return Ok(());
    };
    for refund in paper.credits {
        if doc.credit_notes.iter().any(|c| c.refund_id == refund.id) {
            continue;
        }
        let n = store::next_receipt_number(conn, &next.store).await?;
        let note = CreditNoteRow {
            store: next.store.clone(),
            number: n,
            number_text: number_text(&paper.prefix, n),
            payment_id: next.id.clone(),
            refund_id: refund.id.clone(),
            receipt_number: receipt_number.clone(),
            amount: refund.amount.clone(),
            asset: refund.asset.clone(),
            issued_at: now,
        };
        store::insert_credit_note(conn, &note).await?;
        tracing::info!(
            payment = %next.id, refund = %refund.id, credit_note = %note.number_text,
            receipt = %receipt_number, "credit note issued"
        );
        doc.credit_notes.push(CreditNote {
            number: note.number_text,
            refund_id: refund.id,
            receipt_number: receipt_number.clone(),
            amount: refund.amount,
            asset: refund.asset,
            issued_at: wct_api::clock::rfc3339(now / 1000),
        });
    }
    let json = serde_json::to_string(&doc).unwrap_or_default();
    store::set_receipt(conn, &next.id, next.receipt_no, next.paid_at, &json).await?;
    next.receipt_json = Some(json);
    Ok(())
}
