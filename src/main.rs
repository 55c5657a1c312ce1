//! Entry point: only mounts the app (everything else lives in the library so tests can use it).
fn main() {
    // Readable panics in the console while developing; release builds leave the hook (and
    // the formatting it pulls in) out of the wasm.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The loading skeleton stays until the first page's chunk has arrived (see `routes`).
    leptos::mount::mount_to_body(wct_pos::App);
}
