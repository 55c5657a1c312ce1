//! The QR a customer scans must decode to exactly the wallet URI: render our SVG with a real
//! SVG renderer, then read it back with a QR decoder.

use proptest::prelude::*;
use wct_api::catalogue::Catalogue;
use wct_api::qr::qr_svg;
use wct_api::wallet::{wallet_uri, PaymentTarget};

fn decode_svg(svg: &str) -> String {
    let tree =
        resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).expect("valid SVG");
    let size = tree.size().to_int_size();
    // Render at 6 px per module so the decoder sees clean edges.
    let scale = 6.0;
    let (w, h) = (
        (size.width() as f32 * scale) as u32,
        (size.height() as f32 * scale) as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).expect("pixmap");
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap.data().to_vec();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        let i = (y * w as usize + x) * 4;
        // Transparent counts as white, like paper.
        if pixels[i + 3] == 0 {
            255
        } else {
            pixels[i]
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code in the SVG");
    grids[0].decode().expect("decodes").1
}

#[test]
fn bip21_uri_round_trips_through_the_svg() {
    let cat = Catalogue::default();
    let btc = cat.crypto("BTC").unwrap();
    let uri = wallet_uri(&PaymentTarget {
        scheme: btc.uri_scheme(None),
        address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        amount: "0.00039304".parse().unwrap(),
        decimals: btc.decimals,
        payreq: None,
    });
    assert_eq!(
        uri,
        "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00039304"
    );
    assert_eq!(decode_svg(&qr_svg(&uri, "Pay").unwrap()), uri);
}

#[test]
fn erc20_uri_round_trips_through_the_svg() {
    let cat = Catalogue::default();
    let usdt = cat.crypto("USDT").unwrap();
    let uri = wallet_uri(&PaymentTarget {
        scheme: usdt.uri_scheme(Some("ERC20")),
        address: "0x52908400098527886E0F7030069857D2E4169EE7",
        amount: "50.25".parse().unwrap(),
        decimals: usdt.decimals,
        payreq: None,
    });
    assert_eq!(decode_svg(&qr_svg(&uri, "Pay").unwrap()), uri);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn any_uri_round_trips(text in "[a-zA-Z0-9:?=&.@/_-]{1,200}") {
        prop_assert_eq!(decode_svg(&qr_svg(&text, "QR").unwrap()), text);
    }
}
