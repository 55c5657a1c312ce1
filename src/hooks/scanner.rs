//! A barcode scanner (USB or Bluetooth) types like a keyboard: its characters arrive a few
//! milliseconds apart and end with Enter. A person types far slower, so keys further apart
//! than [`SCAN_GAP_MS`] start over; a code needs at least [`MIN_CODE`] characters.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Longest pause between two characters of one scan.
pub const SCAN_GAP_MS: f64 = 50.0;
/// Shortest code taken as a scan (a cashier's fast "12⏎" on the keypad is not one).
pub const MIN_CODE: usize = 4;

/// The characters of the scan under way, with when the last came.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ScanBuffer {
    code: String,
    last: Option<f64>,
}

impl ScanBuffer {
    /// Feeds one key (`KeyboardEvent.key`) pressed at `now_ms`; a finished scan's code.
    pub fn push(&mut self, key: &str, now_ms: f64) -> Option<String> {
        let fast = self.last.is_some_and(|t| now_ms - t <= SCAN_GAP_MS);
        if !fast {
            self.code.clear();
        }
        self.last = Some(now_ms);
        if key == "Enter" {
            let code = std::mem::take(&mut self.code);
            self.last = None;
            return (fast && code.chars().count() >= MIN_CODE).then_some(code);
        }
        let mut chars = key.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => self.code.push(c),
            // Shift, Tab and the like: not part of a code.
            _ => self.code.clear(),
        }
        None
    }

    /// How many characters of a possible scan have arrived.
    pub fn len(&self) -> usize {
        self.code.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }
}

/// Whether keyboard input goes to a text field now (the scanner then leaves it alone).
fn field_has_focus() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                || el
                    .dyn_ref::<web_sys::HtmlElement>()
                    .is_some_and(|h| h.is_content_editable())
        })
}

/// Listens for scans on the whole window while the calling component lives; `on_scan` gets
/// each code. `on_start` runs at a scan's first key, so the caller can undo what those keys
/// did elsewhere (the keypad also hears digits).
pub fn use_scanner(on_scan: Callback<String>, on_start: Callback<()>) {
    let buffer = StoredValue::new(ScanBuffer::default());
    let keys = window_event_listener(ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || field_has_focus() {
            return;
        }
        let now = js_sys::Date::now();
        let key = ev.key();
        let (len, code) = buffer
            .try_update_value(|b| {
                let code = b.push(&key, now);
                (b.len(), code)
            })
            .unwrap_or((0, None));
        if len == 1 {
            on_start.run(());
        }
        if let Some(code) = code {
            ev.prevent_default();
            on_scan.run(code);
        }
    });
    on_cleanup(move || keys.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(b: &mut ScanBuffer, keys: &[&str], gap: f64) -> Option<String> {
        let mut out = None;
        for (i, k) in keys.iter().enumerate() {
            out = b.push(k, 1000.0 + i as f64 * gap);
        }
        out
    }

    #[test]
    fn fast_digits_ending_in_enter_are_a_scan() {
        let mut b = ScanBuffer::default();
        let keys = ["4", "0", "0", "6", "3", "8", "Enter"];
        assert_eq!(feed(&mut b, &keys, 8.0), Some("400638".into()));
        assert!(b.is_empty());
    }

    #[test]
    fn slow_typing_or_short_codes_are_not() {
        let mut b = ScanBuffer::default();
        assert_eq!(feed(&mut b, &["4", "0", "0", "6", "Enter"], 200.0), None);
        assert_eq!(feed(&mut b, &["1", "2", "Enter"], 5.0), None);
        // A pause in the middle starts over: only what came after it counts.
        let mut b = ScanBuffer::default();
        b.push("9", 0.0);
        for (i, k) in ["1", "2", "3", "4"].iter().enumerate() {
            b.push(k, 500.0 + i as f64 * 5.0);
        }
        assert_eq!(b.push("Enter", 525.0), Some("1234".into()));
    }
}
