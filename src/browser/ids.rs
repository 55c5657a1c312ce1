//! Random identifiers: idempotency keys and merchant references.

/// `n` random bytes from `crypto.getRandomValues` (available outside secure contexts too).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // Only uniqueness matters for the callers (idempotency keys, references).
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8) ^ (i as u8);
        }
    }
    bytes
}

/// A random (version 4) UUID, for `Idempotency-Key`.
pub fn uuid_v4() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[usize::from(x >> 4)] as char);
        out.push(HEX[usize::from(x & 0xf)] as char);
    }
    out
}

/// A fresh merchant reference like `POS-20261125-4F7K` (no 0/O/1/I to misread).
pub fn new_reference(now_unix: i64) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let date = wct_api::clock::date_of(now_unix);
    let tail: String = random_bytes::<4>()
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!(
        "POS-{:04}{:02}{:02}-{tail}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}
