//! Small view pieces shared by the pages.

pub mod cancel;
pub mod countdown;
pub mod devices;
pub mod error_more;
pub mod field_error;
pub mod keep;
pub mod keypad;
pub mod paid_screen;
pub mod pairing;
pub mod qr;
pub mod quote;
pub mod refund;
pub mod sandbox_notice;
pub mod share;
pub mod simulate;
pub mod state_chip;
pub mod tip;
pub mod tip_settings;

pub use cancel::CancelPayment;
pub use countdown::Countdown;
pub use devices::{AddDevice, DeviceList};
pub use error_more::ErrorMore;
pub use field_error::{Errors, FieldErrorText, FieldErrors};
pub use keep::KeepPayment;
pub use keypad::{apply_key, Key, Keypad};
pub use paid_screen::PaidScreen;
pub use qr::Qr;
pub use quote::{BalanceBox, QrCard, QuoteDetails};
pub use refund::{refund_mark, RefundList, RefundPanel};
pub use sandbox_notice::{SandboxNotice, TestMark, TEST_MARK};
pub use share::SharePanel;
pub use simulate::SimulatePanel;
pub use state_chip::StateChip;
