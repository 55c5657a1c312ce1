//! The catalogue of assets a payment may be asked in (`WCT_POS_CATALOGUE`, TOML; the built-in
//! one without it).

use std::path::PathBuf;

use wct_api::Catalogue;

use crate::StartError;

pub fn load(path: Option<&PathBuf>) -> Result<Catalogue, StartError> {
    let Some(path) = path else {
        return Ok(Catalogue::default());
    };
    let fail = |reason: String| StartError::Catalogue {
        path: path.clone(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    toml::from_str(&text).map_err(|e| fail(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_catalogue_is_the_default_one() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("catalogue.example.toml");
        assert_eq!(load(Some(&path)).unwrap(), Catalogue::default());
        let missing = PathBuf::from("/nonexistent/catalogue.toml");
        assert!(matches!(
            load(Some(&missing)),
            Err(StartError::Catalogue { .. })
        ));
    }
}
