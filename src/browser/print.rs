//! Printing (receipts; the print stylesheet does the layout).

pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
