//! What a customer's wallet reads from the QR, for every crypto asset and network in the
//! default catalogue: render the SVG, decode it as a camera would, parse the URI the way the
//! wallet does, and check the scheme, the address (with its checksum), the exact amount and,
//! for XRP, the destination tag.

mod common;

use common::decode_svg;
use rust_decimal::Decimal;
use wct_api::address::{address_from_bytes, check_address, AddressFamily};
use wct_api::catalogue::{Asset, Catalogue, UriScheme};
use wct_api::money::to_base_units;
use wct_api::qr::qr_svg;
use wct_api::wallet::{wallet_uri, PaymentTarget};

/// What the wallet learns from a scanned URI.
#[derive(Debug, PartialEq)]
struct Scanned {
    scheme: Option<String>,
    address: String,
    /// In whole coins, whatever unit the URI carries it in.
    amount: Option<Decimal>,
    tag: Option<String>,
    token: Option<String>,
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A coin amount as BIP21, Solana Pay and the Ripple URI write it: plain decimal digits,
/// a leading zero below one, no exponent, no trailing zeros.
fn plain_decimal(text: &str) -> Decimal {
    assert!(
        text.bytes().all(|b| b.is_ascii_digit() || b == b'.'),
        "{text}"
    );
    assert!(!text.starts_with('.'), "{text} needs a leading zero");
    assert!(
        !text.contains('.') || !text.ends_with('0'),
        "{text} has trailing zeros"
    );
    text.parse().unwrap()
}

fn base_units_to_coins(units: &str, decimals: u32) -> Decimal {
    assert!(units.bytes().all(|b| b.is_ascii_digit()), "{units}");
    let mut value: Decimal = units.parse().unwrap();
    value.set_scale(decimals).unwrap();
    value
}

/// Parses `uri` as the wallet for `scheme` does.
fn scan(uri: &str, scheme: &UriScheme, decimals: u32) -> Scanned {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    match scheme {
        UriScheme::Bare => Scanned {
            scheme: None,
            address: uri.to_string(),
            amount: None,
            tag: None,
            token: None,
        },
        UriScheme::Bip21 { .. } | UriScheme::SolanaPay { .. } | UriScheme::Ripple => {
            let (name, address) = path.split_once(':').expect("a scheme");
            Scanned {
                scheme: Some(name.to_string()),
                address: address.to_string(),
                amount: query_param(query, "amount").map(plain_decimal),
                tag: query_param(query, "dt").map(str::to_string),
                token: query_param(query, "spl-token").map(str::to_string),
            }
        }
        UriScheme::Eip681 { chain_id, token } => {
            let (name, target) = path.split_once(':').expect("a scheme");
            let (target, function) = target.split_once('/').unwrap_or((target, ""));
            let (target, chain) = target.split_once('@').expect("a chain id");
            assert_eq!(chain, chain_id.to_string());
            match token {
                None => Scanned {
                    scheme: Some(name.to_string()),
                    address: target.to_string(),
                    amount: query_param(query, "value").map(|v| base_units_to_coins(v, decimals)),
                    tag: None,
                    token: None,
                },
                Some(_) => {
                    assert_eq!(function, "transfer");
                    Scanned {
                        scheme: Some(name.to_string()),
                        address: query_param(query, "address").unwrap().to_string(),
                        amount: query_param(query, "uint256")
                            .map(|v| base_units_to_coins(v, decimals)),
                        tag: None,
                        token: Some(target.to_string()),
                    }
                }
            }
        }
    }
}

/// Every payment the default catalogue offers: (asset, network).
fn payments(cat: &Catalogue) -> Vec<(&Asset, Option<&str>)> {
    let mut out = Vec::new();
    for asset in &cat.crypto {
        if asset.requires_network() {
            out.extend(
                asset
                    .networks
                    .iter()
                    .map(|n| (asset, Some(n.code.as_str()))),
            );
        } else {
            out.push((asset, None));
        }
    }
    out
}

fn expected_scheme(scheme: &UriScheme) -> Option<&str> {
    match scheme {
        UriScheme::Bip21 { scheme } => Some(scheme),
        UriScheme::Eip681 { .. } => Some("ethereum"),
        UriScheme::SolanaPay { .. } => Some("solana"),
        UriScheme::Ripple => Some("ripple"),
        UriScheme::Bare => None,
    }
}

#[test]
fn every_catalogue_payment_scans_to_its_address_amount_and_tag() {
    let cat = Catalogue::default();
    let all = payments(&cat);
    assert_eq!(all.len(), 10);
    for (n, (asset, network)) in all.into_iter().enumerate() {
        let family = asset
            .address_family(network)
            .unwrap_or_else(|| panic!("{} {network:?} has no family", asset.symbol));
        let scheme = asset.uri_scheme(network);
        let address = address_from_bytes(family, &[n as u8 * 17 + 3; 32]);
        let tag = asset.needs_tag.then_some("3141592653");
        // The smallest unit, and a price with every decimal place used.
        let amounts = [
            Decimal::new(1, asset.decimals),
            Decimal::from(1234) + Decimal::new(5, 1) + Decimal::new(1, asset.decimals),
        ];
        for amount in amounts {
            let uri = wallet_uri(&PaymentTarget {
                scheme,
                address: &address,
                amount,
                decimals: asset.decimals,
                payreq: None,
                tag,
            });
            let scanned_text = decode_svg(&qr_svg(&uri, "Pay").unwrap());
            assert_eq!(scanned_text, uri);
            let what = format!("{} {network:?}: {uri}", asset.symbol);
            let scanned = scan(&scanned_text, scheme, asset.decimals);
            assert_eq!(scanned.scheme.as_deref(), expected_scheme(scheme), "{what}");
            assert_eq!(scanned.address, address, "{what}");
            assert_eq!(check_address(family, &scanned.address), Ok(()), "{what}");
            if *scheme != UriScheme::Bare {
                assert_eq!(scanned.amount, Some(amount), "{what}");
            }
            assert_eq!(scanned.tag.as_deref(), tag, "{what}");
            if let UriScheme::Eip681 {
                token: Some(contract),
                ..
            } = scheme
            {
                assert_eq!(scanned.token.as_ref(), Some(contract), "{what}");
                assert_eq!(check_address(AddressFamily::Evm, contract), Ok(()));
            }
            // The base units a wallet would send are exactly the ones asked for.
            if let Some(scanned_amount) = scanned.amount {
                assert_eq!(
                    to_base_units(scanned_amount, asset.decimals),
                    to_base_units(amount, asset.decimals)
                );
            }
        }
    }
}

#[test]
fn the_xrp_qr_carries_the_destination_tag() {
    let cat = Catalogue::default();
    let xrp = cat.crypto("XRP").unwrap();
    let address = "rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY";
    let uri = wallet_uri(&PaymentTarget {
        scheme: xrp.uri_scheme(None),
        address,
        amount: "25.000000".parse().unwrap(),
        decimals: xrp.decimals,
        payreq: None,
        tag: Some("1234567"),
    });
    assert_eq!(
        decode_svg(&qr_svg(&uri, "Pay").unwrap()),
        "ripple:rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY?amount=25&dt=1234567"
    );
}

#[test]
fn solana_pay_for_an_spl_token_names_its_mint() {
    let usdc = UriScheme::SolanaPay {
        spl_token: Some("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v".into()),
    };
    let address = address_from_bytes(AddressFamily::Solana, &[42; 32]);
    let uri = wallet_uri(&PaymentTarget {
        scheme: &usdc,
        address: &address,
        amount: "19.990000".parse().unwrap(),
        decimals: 6,
        payreq: None,
        tag: None,
    });
    let scanned = scan(&decode_svg(&qr_svg(&uri, "Pay").unwrap()), &usdc, 6);
    assert_eq!(scanned.scheme.as_deref(), Some("solana"));
    assert_eq!(scanned.amount, Some("19.99".parse().unwrap()));
    assert_eq!(
        scanned.token.as_deref(),
        Some("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v")
    );
    assert_eq!(
        check_address(AddressFamily::Solana, &scanned.address),
        Ok(())
    );
}
