//! The QR a customer scans must decode to exactly the wallet URI: render our SVG with a real
//! SVG renderer, then read it back with a QR decoder.

mod common;

use common::decode_svg;
use proptest::prelude::*;
use wct_api::catalogue::Catalogue;
use wct_api::qr::qr_svg;
use wct_api::wallet::{wallet_uri, PaymentTarget};

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
        tag: None,
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
        tag: None,
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
