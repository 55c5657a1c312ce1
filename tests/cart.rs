//! The cart's lines belong to the Charge form, not to the view that added them: a grid tile
//! or scanner message is re-rendered when the catalogue is read again after a `cart_stale`
//! refusal, and the lines it added must survive that to show the new price.

use leptos::prelude::*;
use wasm_bindgen_test::*;
use wct_api::products::Product;
use wct_api::Catalogue;
use wct_pos::pages::charge::ChargeForm;

wasm_bindgen_test_configure!(run_in_browser);

fn stamps(price: &str) -> Product {
    Product {
        id: "pr_stamps".into(),
        name: "Stamps".into(),
        price: price.into(),
        currency: "USD".into(),
        category: "Post".into(),
        tax_rate: Some("zero".into()),
        sku: Some("STAMP-5".into()),
        active: true,
        position: 0,
        image_url: None,
        version: 1,
        updated_at: "2026-12-07T10:00:00Z".into(),
    }
}

#[wasm_bindgen_test]
fn a_line_added_by_a_tile_outlives_the_tile_and_takes_the_new_price() {
    let page = Owner::new();
    page.with(|| {
        let form = ChargeForm::new("REF-1".into(), Signal::stored(Catalogue::default()));
        // The tap is handled under the tile's owner, which the grid later throws away.
        let tile = Owner::new();
        tile.with(|| form.add_product(&stamps("5.00")));
        tile.cleanup();

        form.refresh_from_catalogue(&[stamps("5.50")], "USD");
        let row = form.cart.with_untracked(|rows| rows[0]);
        assert_eq!(row.price.get_untracked(), "5.50");
        let said = row
            .changed
            .get_untracked()
            .expect("the line says what changed");
        assert!(said.contains("5.50") && said.contains("5.00"), "{said}");
        // Tapped again after the refresh: the same line, one more.
        let tile = Owner::new();
        tile.with(|| form.add_product(&stamps("5.50")));
        tile.cleanup();
        assert_eq!(form.cart.with_untracked(Vec::len), 1);
        assert_eq!(row.qty.get_untracked(), "2");
    });
}
