//! The console's subcommands (`pair`, `pairing-codes`, `devices`).

/// The pairing console commands (`wct-pos-server pair|devices`), run against the configured
/// database (a running server shares it). The binary adds them to its other commands.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum PairingCommand {
    /// Prints a one-time pairing code for a terminal: its URL, the code and a QR.
    Pair {
        /// The terminal's name (or `store/name`).
        #[arg(long)]
        terminal: String,
        /// Do not draw the QR code.
        #[arg(long)]
        no_qr: bool,
    },
    /// Paired devices.
    Devices {
        #[command(subcommand)]
        action: DevicesCommand,
    },
    /// Unused pairing codes.
    Pairing {
        #[command(subcommand)]
        action: PairingCodesCommand,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum PairingCodesCommand {
    /// Lists the unused pairing codes (their ids, never the codes).
    List,
    /// Cancels an unused pairing code: it no longer pairs a device.
    Cancel {
        /// The code's id, as `pairing list` shows it.
        id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum DevicesCommand {
    /// Lists every paired device (revoked ones too).
    List,
    /// Revokes a device: it is refused from its next request and its event streams end.
    Revoke {
        /// The device's id, as `devices list` shows it.
        id: String,
    },
}
