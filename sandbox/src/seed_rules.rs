//! The create request's rules as the seed page (`shared/seed/create-pos-payment.txt`) states
//! them, and nothing more.
//!
//! The proxy's own checks (`wct_api::validate`) are stricter on purpose: length limits, a
//! reference alphabet, the cart total, sane dates of birth. Those are this project's policy,
//! not WCT Pay's, so the sandbox must not enforce them, or the proxy's tests would take our
//! invented limits for the upstream's.
//!
//! What the seed states: `asset`, `requested_asset`, `amount`, `description`, `reference`,
//! `key` and `hash` are required; an asset the terminal may not use is refused with "The asset
//! not allow for POS create payment"; a network is required when the asset is Tether; the
//! amount is an amount; `personal_country` is an ISO 3166 two-letter code; `personal_mobile`
//! includes the country code (+614123123123); `personal_dob` is YYYY/MM/DD. The hash is
//! checked where the request is authenticated.

use rust_decimal::Decimal;
use wct_api::catalogue::{Asset, Catalogue};
use wct_api::money::{self, MoneyError};
use wct_api::upstream::PaymentFields;

/// The fields the seed marks required, in the order their absence is reported.
pub const REQUIRED: [&str; 7] = [
    "key",
    "hash",
    "asset",
    "requested_asset",
    "amount",
    "description",
    "reference",
];

/// Why a create request breaks the seed's rules; the text is the upstream's `error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeedError {
    #[error("The {0} field is required")]
    Missing(&'static str),
    /// The documented refusal.
    #[error("The asset not allow for POS create payment")]
    AssetNotAllowed,
    #[error("The requested_asset not allow for POS create payment")]
    RequestedAssetNotAllowed,
    #[error("The {field} field is required when the {asset_field} is {symbol}")]
    NetworkRequired {
        field: &'static str,
        asset_field: &'static str,
        symbol: String,
    },
    #[error("The {field} not allow for POS create payment ({symbol}: {offered})")]
    NetworkNotAllowed {
        field: &'static str,
        symbol: String,
        offered: String,
    },
    #[error("amount must be a positive decimal ({0})")]
    Amount(MoneyError),
    #[error("personal_country must be an ISO 3166 two-letter country code, e.g. AU")]
    Country,
    #[error("personal_dob must be a date written YYYY/MM/DD")]
    DateOfBirth,
    #[error("personal_mobile must be + then the country code and number, e.g. +614123123123")]
    Mobile,
}

/// A create request that follows the seed's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted<'c> {
    pub settlement: &'c Asset,
    pub crypto: &'c Asset,
    /// The amount in the settlement asset.
    pub amount: Decimal,
    /// The networks that matter: a network given for an asset without network choices is
    /// ignored (the seed only asks for one with Tether).
    pub asset_network: Option<String>,
    pub requested_asset_network: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// Checks `f` against the seed's rules, answering the first problem found.
pub fn check<'c>(f: &PaymentFields, catalogue: &'c Catalogue) -> Result<Accepted<'c>, SeedError> {
    for (name, value) in [
        ("asset", &f.asset),
        ("requested_asset", &f.requested_asset),
        ("amount", &f.amount),
        ("description", &f.description),
        ("reference", &f.reference),
    ] {
        if value.is_empty() {
            return Err(SeedError::Missing(name));
        }
    }
    let settlement = catalogue
        .settlement(&f.asset)
        .ok_or(SeedError::AssetNotAllowed)?;
    let crypto = catalogue
        .crypto(&f.requested_asset)
        .ok_or(SeedError::RequestedAssetNotAllowed)?;
    let asset_network = network(
        settlement,
        given(&f.asset_network),
        "asset_network",
        "asset",
    )?;
    let requested_asset_network = network(
        crypto,
        given(&f.requested_asset_network),
        "requested_asset_network",
        "requested_asset",
    )?;
    // Bounded only so the value fits a Decimal; any positive decimal is an amount.
    let amount = money::parse_amount(&f.amount, money::MAX_PRECISION).map_err(SeedError::Amount)?;
    if given(&f.personal_country).is_some_and(|c| !wct_api::country::is_iso_alpha2(c)) {
        return Err(SeedError::Country);
    }
    if given(&f.personal_dob).is_some_and(|d| wct_api::clock::parse_slash_date(d).is_none()) {
        return Err(SeedError::DateOfBirth);
    }
    if given(&f.personal_mobile).is_some_and(|m| !is_mobile(m)) {
        return Err(SeedError::Mobile);
    }
    Ok(Accepted {
        settlement,
        crypto,
        amount,
        asset_network,
        requested_asset_network,
    })
}

/// The network to use for `asset`: required and one of its networks when it has a choice
/// (Tether); otherwise none, whatever was sent.
fn network(
    asset: &Asset,
    network: Option<&str>,
    field: &'static str,
    asset_field: &'static str,
) -> Result<Option<String>, SeedError> {
    if !asset.requires_network() {
        return Ok(None);
    }
    let code = network.ok_or_else(|| SeedError::NetworkRequired {
        field,
        asset_field,
        symbol: asset.symbol.clone(),
    })?;
    match asset.network(code) {
        Some(n) => Ok(Some(n.code.clone())),
        None => Err(SeedError::NetworkNotAllowed {
            field,
            symbol: asset.symbol.clone(),
            offered: asset
                .networks
                .iter()
                .map(|n| n.code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// "Mobile number (incl. country code), e.g. +614123123123": a plus, then digits.
fn is_mobile(text: &str) -> bool {
    text.strip_prefix('+')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wct_api::upstream::CartItem;

    fn order() -> PaymentFields {
        PaymentFields {
            amount: "50.00".into(),
            asset: "USD".into(),
            requested_asset: "BTC".into(),
            description: "Two flat whites".into(),
            reference: "R-1".into(),
            ..PaymentFields::default()
        }
    }

    fn check_one(change: impl FnOnce(&mut PaymentFields)) -> Result<(), SeedError> {
        let mut f = order();
        change(&mut f);
        check(&f, &Catalogue::default()).map(|_| ())
    }

    #[test]
    fn a_plain_order_passes_with_its_amount() {
        let catalogue = Catalogue::default();
        let accepted = check(&order(), &catalogue).unwrap();
        assert_eq!(accepted.amount, Decimal::new(5000, 2));
        assert_eq!(
            (
                accepted.settlement.symbol.as_str(),
                accepted.crypto.symbol.as_str()
            ),
            ("USD", "BTC")
        );
        assert_eq!(accepted.requested_asset_network, None);
    }

    #[test]
    fn required_fields_must_be_present() {
        assert_eq!(
            check_one(|f| f.description.clear()),
            Err(SeedError::Missing("description"))
        );
        assert_eq!(
            check_one(|f| f.reference.clear()),
            Err(SeedError::Missing("reference"))
        );
        assert_eq!(
            check_one(|f| f.amount.clear()),
            Err(SeedError::Missing("amount"))
        );
        assert!(REQUIRED.contains(&"key") && REQUIRED.contains(&"hash"));
    }

    #[test]
    fn unknown_assets_get_the_documented_refusal() {
        let err = check_one(|f| f.asset = "XYZ".into()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The asset not allow for POS create payment"
        );
        // A crypto asset is not a settlement asset, nor the other way round.
        assert_eq!(
            check_one(|f| f.asset = "BTC".into()),
            Err(SeedError::AssetNotAllowed)
        );
        assert_eq!(
            check_one(|f| f.requested_asset = "USD".into()),
            Err(SeedError::RequestedAssetNotAllowed)
        );
    }

    #[test]
    fn tether_needs_a_known_network_and_other_assets_ignore_one() {
        let err = check_one(|f| f.requested_asset = "USDT".into()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The requested_asset_network field is required when the requested_asset is USDT"
        );
        let err = check_one(|f| {
            f.requested_asset = "USDT".into();
            f.requested_asset_network = Some("BEP2".into());
        })
        .unwrap_err();
        assert!(err.to_string().contains("ERC20, TRC20"), "{err}");
        let err = check_one(|f| f.asset = "USDT".into()).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("The asset_network field is required"));

        let catalogue = Catalogue::default();
        let mut tether = order();
        tether.asset = "USDT".into();
        tether.asset_network = Some("TRC20".into());
        tether.requested_asset = "USDT".into();
        tether.requested_asset_network = Some("ERC20".into());
        let accepted = check(&tether, &catalogue).unwrap();
        assert_eq!(accepted.asset_network.as_deref(), Some("TRC20"));
        assert_eq!(accepted.requested_asset_network.as_deref(), Some("ERC20"));

        let mut btc = order();
        btc.requested_asset_network = Some("ERC20".into());
        assert_eq!(
            check(&btc, &catalogue).unwrap().requested_asset_network,
            None
        );
    }

    #[test]
    fn amount_is_any_positive_decimal() {
        for ok in ["50", "50.00", "50.005", "0.000000000000000001", "999999999"] {
            assert_eq!(check_one(|f| f.amount = ok.into()), Ok(()), "{ok}");
        }
        for bad in ["0", "0.00", "-5", "1e3", "abc", "5.", " 5", "1,50", "+5"] {
            let err = check_one(|f| f.amount = bad.into()).unwrap_err();
            assert!(matches!(err, SeedError::Amount(_)), "{bad}: {err}");
        }
    }

    #[test]
    fn personal_fields_follow_the_seed_formats_only() {
        for (country, ok) in [("AU", true), ("GB", true), ("UK", false), ("AUS", false)] {
            let result = check_one(|f| f.personal_country = Some(country.into()));
            assert_eq!(result.is_ok(), ok, "{country}");
        }
        for (dob, ok) in [
            ("1990/02/28", true),
            // The seed asks for the form, not for a plausible age.
            ("1850/01/01", true),
            ("2999/12/31", true),
            ("1990/02/30", false),
            ("1990-02-28", false),
            ("28/02/1990", false),
        ] {
            let result = check_one(|f| f.personal_dob = Some(dob.into()));
            assert_eq!(result.is_ok(), ok, "{dob}");
        }
        for (mobile, ok) in [
            ("+614123123123", true),
            ("+1234", true),
            ("+0412345678", true),
            ("0412345678", false),
            ("+61 412 312 312", false),
            ("+", false),
        ] {
            let result = check_one(|f| f.personal_mobile = Some(mobile.into()));
            assert_eq!(result.is_ok(), ok, "{mobile}");
        }
        // Empty optional fields count as absent.
        assert_eq!(
            check_one(|f| f.personal_country = Some(String::new())),
            Ok(())
        );
    }

    #[test]
    fn no_invented_limits() {
        let long = "x".repeat(1_000);
        assert_eq!(check_one(|f| f.description = long.clone()), Ok(()));
        assert_eq!(check_one(|f| f.reference = long.clone()), Ok(()));
        assert_eq!(
            check_one(|f| f.reference = "Table 4 / order #17 (split)".into()),
            Ok(())
        );
        assert_eq!(
            check_one(|f| f.personal_fname = Some("R2-D2 <droid>".into())),
            Ok(())
        );
        assert_eq!(
            check_one(|f| f.cart_items = vec![CartItem::item("DVD1", "Movie Name", "1", "80")]),
            Ok(()),
            "a cart need not add up to the amount"
        );
    }
}
