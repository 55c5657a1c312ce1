//! Browser-facing hooks shaped like leptos-use: `use_x(args)` returning what the caller needs,
//! with everything they start (intervals, streams, locks) stopped in `on_cleanup`.

pub mod clock;
pub mod countdown;
pub mod event_stream;
pub mod live_payment;
pub mod online;
pub mod scanner;
pub mod wake_lock;

pub use clock::{use_clock, Clock};
pub use countdown::{use_countdown, UseCountdownReturn};
pub use event_stream::{use_event_stream, StreamHandlers, UseEventStreamReturn};
pub use live_payment::{use_live_payment, LiveSource, LiveView, UseLivePaymentReturn};
pub use online::{use_online, Online};
pub use scanner::{use_scanner, ScanBuffer};
pub use wake_lock::use_wake_lock;
