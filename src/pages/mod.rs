//! One module per screen.

pub mod charge;
pub mod history;
pub mod not_found;
pub mod pair;
pub mod payment;
pub mod receipt;
pub mod receipt_public;
pub mod reports;
pub mod settings;

pub use charge::ChargePage;
pub use history::HistoryPage;
pub use not_found::NotFound;
pub use pair::PairPage;
pub use payment::PaymentPage;
pub use receipt::ReceiptPage;
pub use receipt_public::PublicReceiptPage;
pub use reports::ReportsPage;
pub use settings::SettingsPage;
