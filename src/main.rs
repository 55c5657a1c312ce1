//! Entry point: only mounts the app (everything else lives in the library so tests can use it).
fn main() {
    console_error_panic_hook::set_once();
    wct_pos::remove_skeleton();
    leptos::mount::mount_to_body(wct_pos::App);
}
