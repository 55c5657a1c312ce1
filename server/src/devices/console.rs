//! The console: `wct-pos-server pair`, `pairing-codes` and `devices`.

#[allow(unused_imports)]
use super::*;

/// The QR of `text` in Unicode half blocks, two modules rows per line, with a quiet zone.
/// Light modules are drawn (a dark terminal's foreground is light); with `ansi`, white on
/// black is set explicitly so the code scans on a light-themed terminal too.
pub fn qr_text(text: &str, ansi: bool) -> Option<String> {
    const QUIET: usize = 2;
    let qr = wct_api::qr::QrMatrix::encode(text).ok()?;
    let size = qr.width + 2 * QUIET;
    let light = |x: usize, y: usize| -> bool {
        if x < QUIET || y < QUIET || x >= QUIET + qr.width || y >= QUIET + qr.width {
            return true;
        }
        !qr.is_dark(x - QUIET, y - QUIET)
    };
    let mut out = String::new();
    for y in (0..size).step_by(2) {
        if ansi {
            out.push_str("\x1b[97;40m");
        }
        for x in 0..size {
            let top = light(x, y);
            let bottom = y + 1 >= size || light(x, y + 1);
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        if ansi {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    Some(out)
}

/// Prints a code for the console: the URL, the code, its lifetime and (unless `qr` is
/// `None`) the QR. `qr = Some(ansi)`.
pub fn print_code(
    out: &mut dyn Write,
    issued: &IssuedCode,
    qr: Option<bool>,
) -> std::io::Result<()> {
    let minutes = (issued.expires_at_ms - now_ms()).max(0) as f64 / 60_000.0;
    writeln!(
        out,
        "pair a device as terminal {:?} (store {}): open {}",
        issued.terminal.name, issued.terminal.store, issued.url
    )?;
    writeln!(
        out,
        "  or enter the code {} on its pairing screen; it works once, for {} minutes (until {})",
        issued.code,
        minutes.round(),
        rfc3339(issued.expires_at_ms.div_euclid(1000))
    )?;
    if let Some(ansi) = qr {
        if let Some(text) = qr_text(&issued.url, ansi) {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// At start: a code for every terminal without a paired device.
pub async fn codes_for_unpaired(state: &AppState) -> Result<Vec<IssuedCode>, sqlx::Error> {
    let mut issued = Vec::new();
    for terminal in store::unpaired_terminals(&state.db).await? {
        let (url, ttl) = (state.public_url.clone(), state.devices.code_ttl);
        let code = state
            .writer
            .run(move |conn| {
                Box::pin(
                    async move { issue_code(conn, &terminal, None, &url, ttl, None, None).await },
                )
            })
            .await?;
        if let Ok(code) = code {
            issued.push(code);
        }
    }
    Ok(issued)
}

/// Why a console command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("no active terminal is named {name:?}; the terminals are: {known}")]
    NoTerminal { name: String, known: String },
    #[error("several terminals are named {name:?}; name one as store/name: {matches}")]
    AmbiguousTerminal { name: String, matches: String },
    #[error("no device has the id {0:?} (see `wct-pos-server devices list`)")]
    NoDevice(String),
    #[error("no unused pairing code has the id {0:?} (see `wct-pos-server pairing list`)")]
    NoCode(String),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

/// The terminal named `name` (or `store/name`).
pub(crate) async fn terminal_named(db: &Db, name: &str) -> Result<Terminal, CliError> {
    let terminals = store::active_terminals(db).await?;
    let label = |t: &Terminal| format!("{}/{}", t.store, t.name);
    let mut matches: Vec<&Terminal> = terminals.iter().filter(|t| t.name == name).collect();
    if matches.is_empty() {
        matches = terminals.iter().filter(|t| label(t) == name).collect();
    }
    match matches.as_slice() {
        [one] => Ok(Terminal {
            token: String::new(),
            device_id: None,
            ..(*one).clone()
        }),
        [] if terminals.is_empty() => Err(CliError::NoTerminal {
            name: name.into(),
            known: "none yet (start the server once)".into(),
        }),
        [] => Err(CliError::NoTerminal {
            name: name.into(),
            known: terminals.iter().map(label).collect::<Vec<_>>().join(", "),
        }),
        many => Err(CliError::AmbiguousTerminal {
            name: name.into(),
            matches: many.iter().map(|t| label(t)).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// The public URL the console shows: the configured one, else the one the server last
/// started with, else the bind address's.
pub(crate) async fn console_public_url(db: &Db, config: &Config) -> Result<String, sqlx::Error> {
    if let Some(url) = &config.public_url {
        return Ok(url.trim_end_matches('/').to_string());
    }
    if let Some(url) = store::setting(db, PUBLIC_URL_SETTING).await? {
        return Ok(url);
    }
    Ok(format!("http://{}", config.bind))
}

/// Where the server records the public URL it runs with, for the console commands.
pub const PUBLIC_URL_SETTING: &str = "public_url";

/// `wct-pos-server pair` and `devices …`, against the configured database (a running server
/// shares it, and notices a revocation within a second or two). `ansi`: colour the QR.
pub async fn run_command(
    config: &Config,
    command: &PairingCommand,
    out: &mut dyn Write,
    ansi: bool,
) -> Result<(), CliError> {
    let db = store::connect(&config.database_url).await?;
    let result = command_on(&db, config, command, out, ansi).await;
    db.close().await;
    result
}

/// The commands on an open database (tests call this with the server's own pool).
pub async fn command_on(
    db: &Db,
    config: &Config,
    command: &PairingCommand,
    out: &mut dyn Write,
    ansi: bool,
) -> Result<(), CliError> {
    match command {
        PairingCommand::Pair { terminal, no_qr } => {
            let terminal = terminal_named(db, terminal).await?;
            let public_url = console_public_url(db, config).await?;
            let ttl = Duration::from_secs(config.pairing_code_secs.max(1));
            let mut conn = db.acquire().await?;
            match issue_code(&mut conn, &terminal, None, &public_url, ttl, None, None).await? {
                Ok(issued) => print_code(out, &issued, (!no_qr).then_some(ansi))?,
                Err(_) => {
                    return Err(CliError::NoTerminal {
                        name: terminal.name,
                        known: "it was removed meanwhile".into(),
                    })
                }
            }
        }
        PairingCommand::Pairing {
            action: PairingCodesCommand::List,
        } => {
            let rows = store::list_pairing_codes(db, None, now_ms()).await?;
            print_codes(out, &rows)?;
        }
        PairingCommand::Pairing {
            action: PairingCodesCommand::Cancel { id },
        } => {
            let mut conn = db.acquire().await?;
            if !store::cancel_pairing_code(&mut conn, id, None, now_ms()).await? {
                return Err(CliError::NoCode(id.clone()));
            }
            tracing::info!(pairing_code = %id, "pairing code cancelled from the console");
            writeln!(
                out,
                "cancelled pairing code {id}; it no longer pairs a device"
            )?;
        }
        PairingCommand::Devices {
            action: DevicesCommand::List,
        } => {
            let rows = store::list_devices(db, None).await?;
            print_devices(out, &rows)?;
        }
        PairingCommand::Devices {
            action: DevicesCommand::Revoke { id },
        } => {
            let mut conn = db.acquire().await?;
            let row = store::revoke_device(&mut conn, id, now_ms())
                .await?
                .ok_or_else(|| CliError::NoDevice(id.clone()))?;
            tracing::info!(device = %row.id, "device revoked from the console");
            writeln!(
                out,
                "revoked device {} ({:?}, terminal {}/{}); a running server refuses it from now on",
                row.id, row.name, row.store, row.terminal_name
            )?;
        }
    }
    Ok(())
}

pub(crate) fn print_codes(
    out: &mut dyn Write,
    rows: &[store::PairingCodeRow],
) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "no unused pairing codes");
    }
    let time = |ms: i64| rfc3339(ms.div_euclid(1000));
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                format!("{}/{}", r.store, r.terminal_name),
                r.issued_by.clone().unwrap_or_else(|| "console".into()),
                time(r.created_at),
                time(r.expires_at),
            ]
        })
        .collect();
    print_table(
        out,
        ["ID", "TERMINAL", "ISSUED BY", "CREATED", "EXPIRES"],
        &table,
    )
}

pub(crate) fn print_table<const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    table: &[[String; N]],
) -> std::io::Result<()> {
    let mut widths = header.map(|h| h.chars().count());
    for row in table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&header.map(String::from)))?;
    for row in table {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

pub(crate) fn print_devices(out: &mut dyn Write, rows: &[DeviceRow]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(
            out,
            "no paired devices (pair one with `wct-pos-server pair --terminal NAME`)"
        );
    }
    let time =
        |ms: Option<i64>| ms.map_or_else(|| "-".to_string(), |ms| rfc3339(ms.div_euclid(1000)));
    let table: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                format!("{}/{}", r.store, r.terminal_name),
                r.name.clone(),
                time(Some(r.created_at)),
                time(r.last_seen_at),
                match r.revoked_at {
                    Some(at) => format!("revoked {}", time(Some(at))),
                    None => "active".into(),
                },
            ]
        })
        .collect();
    print_table(
        out,
        ["ID", "TERMINAL", "NAME", "PAIRED", "LAST SEEN", "STATUS"],
        &table,
    )
}
