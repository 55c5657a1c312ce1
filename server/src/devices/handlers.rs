//! The device routes: pairing, codes, the device list and revoking.

#[allow(unused_imports)]
use super::*;

pub(crate) fn terminal_info(state: &AppState, terminal: &Terminal) -> TerminalInfo {
    TerminalInfo {
        id: terminal.id.clone(),
        name: terminal.name.clone(),
        merchant: state.merchant.clone(),
        sandbox: state.sandbox_url.is_some(),
    }
}

/// A device name as given (NFC, trimmed, checked), or `None` when none was given.
pub(crate) fn device_name(requested: Option<&str>) -> Result<Option<String>, AppError> {
    let name = wct_api::validate::nfc(requested.unwrap_or("").trim());
    if wct_api::validate::is_blank(&name) {
        return Ok(None);
    }
    wct_api::validate::check_text(&name, wct_api::validate::limits::DEVICE_NAME).map_err(
        |message| AppError::Invalid {
            message,
            field: "device_name".into(),
        },
    )?;
    Ok(Some(name))
}

/// `POST /api/pair` (no token): `{"code", "device_name"?}` → 201 `PairResponse`.
pub async fn pair_exchange(
    State(state): State<AppState>,
    PeerIp(ip): PeerIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<PairResponse>), PairError> {
    // Counted before anything is read, so malformed guesses cost the same as wrong ones.
    state
        .devices
        .limiter
        .attempt(ip)
        .map_err(PairError::TooManyAttempts)?;
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let request: PairRequest = extract::json_body(&headers, &body)?;
    let code = normalize_pairing_code(&request.code).ok_or(PairError::Malformed)?;
    let name = device_name(request.device_name.as_deref())?;
    let token = new_device_token();
    let device_id = format!("d_{}", random_token(12));
    let (code_hash, hash, id) = (token_hash(&code), token_hash(&token), device_id.clone());
    let max_devices = state.devices.max_per_terminal;
    let outcome = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let device = store::NewDevice {
                    id: &id,
                    name: name.as_deref(),
                    default_name: DEFAULT_DEVICE_NAME,
                    token_hash: &hash,
                };
                store::exchange_pairing_code(conn, &code_hash, &device, now_ms(), max_devices).await
            })
        })
        .await?;
    match outcome {
        Exchange::Paired { code_id, terminal } => {
            tracing::info!(
                device = %device_id, terminal = %terminal.id, pairing_code = %code_id,
                "device paired"
            );
            Ok((
                StatusCode::CREATED,
                Json(PairResponse {
                    token,
                    device_id,
                    terminal: terminal_info(&state, &terminal),
                }),
            ))
        }
        Exchange::Unknown => Err(PairError::Unknown),
        Exchange::Used => Err(PairError::Used),
        Exchange::Expired => Err(PairError::Expired),
        Exchange::Full { cap } => {
            tracing::info!(cap, "pairing refused: the terminal has its cap of devices");
            Err(PairError::TooManyDevices(cap))
        }
    }
}

/// `POST /api/devices/pairing-codes` (body optional: `{"device_name"}`): a code for another
/// device of the caller's terminal, with the name that device is to have.
pub async fn pairing_codes_create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<PairingCode>), PairError> {
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let request: NewPairingCode = if body.iter().all(u8::is_ascii_whitespace) {
        NewPairingCode::default()
    } else {
        extract::json_body(&headers, &body)?
    };
    let name = device_name(request.device_name.as_deref())?;
    let (terminal, by) = (caller.terminal, caller.device_id);
    let (url, ttl) = (state.public_url.clone(), state.devices.code_ttl);
    let cap = Some(LIVE_CODES_PER_TERMINAL);
    let issued = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let (by, name) = (by.as_deref(), name.as_deref());
                issue_code(conn, &terminal, by, &url, ttl, cap, name).await
            })
        })
        .await?;
    let issued = match issued {
        Ok(issued) => issued,
        Err(store::Issue::Full) => return Err(PairError::TooManyCodes),
        // Revoked (or its terminal removed) while the request was on its way.
        Err(_) => return Err(AppError::Unauthorized.into()),
    };
    Ok((
        StatusCode::CREATED,
        Json(PairingCode {
            code: issued.code,
            url: issued.url,
            expires_at: rfc3339(issued.expires_at_ms.div_euclid(1000)),
        }),
    ))
}

pub(crate) fn device_info(row: &DeviceRow, current: Option<&str>) -> DeviceInfo {
    DeviceInfo {
        id: row.id.clone(),
        name: row.name.clone(),
        terminal: row.terminal_name.clone(),
        terminal_id: row.terminal_id.clone(),
        created_at: rfc3339(row.created_at.div_euclid(1000)),
        last_seen_at: row.last_seen_at.map(|ms| rfc3339(ms.div_euclid(1000))),
        revoked: row.revoked_at.is_some(),
        current: current == Some(row.id.as_str()),
    }
}

/// `GET /api/devices`: the devices of the caller's store, oldest first.
pub async fn devices_index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<DeviceInfo>>, AppError> {
    let rows = store::list_devices(&state.db, Some(&caller.terminal.store)).await?;
    let current = caller.device_id.as_deref();
    Ok(Json(rows.iter().map(|r| device_info(r, current)).collect()))
}

/// `POST /api/devices/{id}/revoke`: a device of the caller's store (itself included) is
/// refused from its next request, and its open streams end now.
pub async fn devices_revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DeviceInfo>, AppError> {
    if !crate::http::valid::is_identifier(&id) {
        return Err(AppError::NotFound);
    }
    let found = store::device(&state.db, &id).await?;
    if found
        .as_ref()
        .is_none_or(|d| d.store != caller.terminal.store)
    {
        return Err(AppError::NotFound);
    }
    let (revoking, by) = (id.clone(), caller.device_id.clone());
    let row = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                // A device revoked meanwhile revokes nothing (revoking itself twice is fine).
                if let Some(by) = by.as_deref().filter(|by| *by != revoking) {
                    if !store::device_live(conn, by).await? {
                        return Err(AppError::Unauthorized);
                    }
                }
                Ok(store::revoke_device(conn, &revoking, now_ms()).await?)
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    state.devices.streams.revoke(&id);
    tracing::info!(device = %id, by = ?caller.device_id, "device revoked");
    Ok(Json(device_info(&row, caller.device_id.as_deref())))
}

pub(crate) fn code_info(row: &store::PairingCodeRow) -> PairingCodeInfo {
    PairingCodeInfo {
        id: row.id.clone(),
        terminal: row.terminal_name.clone(),
        terminal_id: row.terminal_id.clone(),
        issued_by: row.issued_by.clone(),
        created_at: rfc3339(row.created_at.div_euclid(1000)),
        expires_at: rfc3339(row.expires_at.div_euclid(1000)),
    }
}

/// `GET /api/devices/pairing-codes`: the unused codes of the caller's store (ids, never
/// the codes), oldest first.
pub async fn pairing_codes_index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<PairingCodeInfo>>, AppError> {
    let rows = store::list_pairing_codes(&state.db, Some(&caller.terminal.store), now_ms()).await?;
    Ok(Json(rows.iter().map(code_info).collect()))
}

/// `POST /api/devices/pairing-codes/{id}/cancel`: an unused code of the caller's store no
/// longer pairs; 204, or 404 when there is no such unused code.
pub async fn pairing_codes_cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    if !crate::http::valid::is_identifier(&id) {
        return Err(AppError::NotFound);
    }
    let (cancelling, store_name, by) = (
        id.clone(),
        caller.terminal.store.clone(),
        caller.device_id.clone(),
    );
    let cancelled = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                if let Some(by) = by.as_deref() {
                    if !store::device_live(conn, by).await? {
                        return Err(AppError::Unauthorized);
                    }
                }
                Ok(
                    store::cancel_pairing_code(conn, &cancelling, Some(&store_name), now_ms())
                        .await?,
                )
            })
        })
        .await?;
    if !cancelled {
        return Err(AppError::NotFound);
    }
    tracing::info!(pairing_code = %id, by = ?caller.device_id, "pairing code cancelled");
    Ok(StatusCode::NO_CONTENT)
}
