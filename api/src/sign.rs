//! Request signing: every upstream request carries `hash`, the lowercase hex MD5 of some
//! values concatenated with no separator, the API secret last.

use md5::{Digest, Md5};

/// The WCT API secret. It never prints (`Debug` is redacted), never serialises, and is only
/// ever fed into a hash.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiSecret(String);

impl ApiSecret {
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The raw secret, for the one place that must compare it (the sandbox's terminal table).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiSecret(<redacted>)")
    }
}

fn md5_hex(parts: &[&str]) -> String {
    let mut hasher = Md5::new();
    for part in parts {
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// `payment-pos/post`: MD5(key + asset + amount + secret). `amount` exactly as sent.
pub fn create_hash(key: &str, asset: &str, amount: &str, secret: &ApiSecret) -> String {
    md5_hex(&[key, asset, amount, &secret.0])
}

/// `payment-pos/getupdate`: MD5(key + payment_code + secret) or MD5(key + reference + secret).
pub fn getupdate_hash(key: &str, code_or_reference: &str, secret: &ApiSecret) -> String {
    md5_hex(&[key, code_or_reference, &secret.0])
}

/// `validate`: MD5(secret).
pub fn validate_hash(secret: &ApiSecret) -> String {
    md5_hex(&[&secret.0])
}

/// `payment/refund`: MD5(key + asset + amount + secret), like create.
pub fn refund_hash(key: &str, asset: &str, amount: &str, secret: &ApiSecret) -> String {
    create_hash(key, asset, amount, secret)
}

/// Constant-time comparison of two hex hashes (case-insensitive), for the sandbox's checks.
pub fn hashes_match(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    a.len() == b.len()
        && a.iter().zip(b).fold(0u8, |acc, (x, y)| {
            acc | (x.to_ascii_lowercase() ^ y.to_ascii_lowercase())
        }) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    // Known answers computed independently: printf '%s' '<concatenation>' | md5sum
    #[test]
    fn create_known_answer() {
        let secret = ApiSecret::new("s3cr3t");
        // printf '%s' 'T123USD50.00s3cr3t' | md5sum
        assert_eq!(
            create_hash("T123", "USD", "50.00", &secret),
            "079e331997fc1deca677474fba506e8c"
        );
    }

    #[test]
    fn getupdate_known_answer() {
        let secret = ApiSecret::new("s3cr3t");
        // printf '%s' 'T1231cJauhjK3ns3cr3t' | md5sum
        assert_eq!(
            getupdate_hash("T123", "1cJauhjK3n", &secret),
            "25ac3e270931edfe7940ec39f6c395d5"
        );
    }

    #[test]
    fn validate_known_answer() {
        // printf '%s' 's3cr3t' | md5sum
        assert_eq!(
            validate_hash(&ApiSecret::new("s3cr3t")),
            "a4d80eac9ab26a4a2da04125bc2c096a"
        );
    }

    #[test]
    fn refund_known_answer() {
        // printf '%s' 'T123BTC0.00039304s3cr3t' | md5sum
        assert_eq!(
            refund_hash("T123", "BTC", "0.00039304", &ApiSecret::new("s3cr3t")),
            "9d69d5c061c804acd24e0cdb9a01c671"
        );
    }

    #[test]
    fn secret_never_prints() {
        let secret = ApiSecret::new("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }

    #[test]
    fn hash_comparison() {
        assert!(hashes_match("abcdef", "ABCDEF"));
        assert!(!hashes_match("abcdef", "abcdee"));
        assert!(!hashes_match("abcdef", "abcde"));
    }
}
