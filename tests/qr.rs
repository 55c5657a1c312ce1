//! The QR is a real, scannable code: rasterise the rendered SVG in the browser (Image +
//! canvas), decode it with rqrr and compare with the wallet URI.

mod common;

use common::*;
use js_sys::{Array, Promise};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wct_api::pos::PublicPaymentView;
use wct_api::{Catalogue, PaymentState};
use wct_pos::components::Qr;

wasm_bindgen_test_configure!(run_in_browser);

const SIZE: u32 = 580;

async fn decode(svg: &str) -> String {
    let svg = if svg.contains("xmlns=") {
        svg.to_string()
    } else {
        svg.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1)
    };
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let parts = Array::of1(&svg.into());
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    let url = web_sys::Url::create_object_url_with_blob(&blob).unwrap();
    let img = web_sys::HtmlImageElement::new().unwrap();
    let loaded = Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&url);
    JsFuture::from(loaded)
        .await
        .expect("the SVG loads as an image");
    let canvas: web_sys::HtmlCanvasElement = common::document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    canvas.set_width(SIZE);
    canvas.set_height(SIZE);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, SIZE as f64, SIZE as f64)
        .unwrap();
    let pixels = ctx
        .get_image_data(0.0, 0.0, SIZE as f64, SIZE as f64)
        .unwrap()
        .data();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(SIZE as usize, SIZE as usize, |x, y| {
            let i = (y * SIZE as usize + x) * 4;
            if pixels[i + 3] == 0 {
                255
            } else {
                pixels[i]
            }
        });
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("decodes").1
}

async fn rendered(uri: &'static str) -> (String, Option<String>) {
    let root = mount(move || view! { <Qr uri=uri.to_string() label="Pay".to_string()/> });
    settle().await;
    let svg = root
        .query_selector("[data-testid=\"qr\"] svg")
        .unwrap()
        .expect("an inline svg");
    (svg.outer_html(), get(&root, "qr").get_attribute("data-uri"))
}

#[wasm_bindgen_test]
async fn the_svg_decodes_back_to_the_wallet_uri() {
    for uri in [
        "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00052632",
        "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0x52908400098527886E0F7030069857D2E4169EE7&uint256=50250000",
        "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
    ] {
        let (svg, data_uri) = rendered(uri).await;
        assert_eq!(decode(&svg).await, uri);
        assert_eq!(data_uri.as_deref(), Some(uri));
    }
}

#[wasm_bindgen_test]
async fn underpaid_qr_asks_for_the_remainder() {
    let view = wct_api::pos::PaymentView {
        received: "0.00020000".into(),
        missing: "0.00032632".into(),
        ..payment(PaymentState::Underpaid)
    };
    let uri = PublicPaymentView::from_view(&view, "")
        .qr_uri(&Catalogue::default())
        .unwrap();
    assert_eq!(
        uri,
        "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00032632"
    );
    let svg = wct_api::qr::qr_svg(&uri, "Pay").unwrap();
    assert_eq!(decode(&svg).await, uri);
    // After a re-quote for the remainder, the proxy's URI is used as it is.
    let requoted = wct_api::pos::PaymentView {
        pay_amount: "0.00032632".into(),
        ..view
    };
    assert_eq!(
        PublicPaymentView::from_view(&requoted, "").qr_uri(&Catalogue::default()),
        Some(requoted.wallet_uri)
    );
}
