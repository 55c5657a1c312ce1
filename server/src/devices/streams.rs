//! The open event streams of paired devices, ended when the device is revoked; the sweep.

#[allow(unused_imports)]
use super::*;

/// The open event streams of each device, so a revocation can end them. One cancellation
/// token per device, shared by its streams; the entry goes when its last stream does.
#[derive(Default)]
pub struct StreamRegistry {
    live: Mutex<HashMap<String, Watched>>,
    generation: AtomicU64,
}

pub(crate) struct Watched {
    token: CancellationToken,
    streams: usize,
    generation: u64,
}

/// Held by a stream of a device; leaving it unregisters the stream.
pub struct StreamWatch {
    registry: Arc<StreamRegistry>,
    device: String,
    generation: u64,
}

impl StreamRegistry {
    pub(crate) fn watch(self: &Arc<Self>, device: &str) -> (CancellationToken, StreamWatch) {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        let entry = live.entry(device.to_string()).or_insert_with(|| Watched {
            token: CancellationToken::new(),
            streams: 0,
            generation: self.generation.fetch_add(1, Ordering::Relaxed),
        });
        entry.streams += 1;
        (
            entry.token.clone(),
            StreamWatch {
                registry: self.clone(),
                device: device.to_string(),
                generation: entry.generation,
            },
        )
    }

    /// Ends every open stream of `device`.
    pub fn revoke(&self, device: &str) {
        let removed = self
            .live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(device);
        if let Some(watched) = removed {
            watched.token.cancel();
            tracing::info!(
                device,
                streams = watched.streams,
                "closed the streams of a revoked device"
            );
        }
    }

    /// Devices with an open stream here.
    pub fn watched(&self) -> Vec<String> {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .cloned()
            .collect()
    }

    /// Open streams of `device` here.
    pub fn open_streams(&self, device: &str) -> usize {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(device)
            .map_or(0, |w| w.streams)
    }
}

impl Drop for StreamWatch {
    fn drop(&mut self) {
        let mut live = self.registry.live.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(watched) = live.get_mut(&self.device) {
            if watched.generation == self.generation {
                watched.streams = watched.streams.saturating_sub(1);
                if watched.streams == 0 {
                    live.remove(&self.device);
                }
            }
        }
    }
}

/// `response` (an event stream), ended when `device` is revoked. Streams of configured
/// terminal tokens (no device) are returned as they are.
pub fn end_on_revoke(state: &AppState, device: Option<&str>, response: Response) -> Response {
    let Some(device) = device else {
        return response;
    };
    let (token, watch) = state.devices.streams.watch(device);
    crate::http::serve::ends_when(response, token.cancelled_owned(), watch)
}

/// Every second, ends the streams of devices revoked in the database by someone else (the
/// CLI, another instance). Only devices with a stream open here are looked up.
pub async fn sweep(state: AppState) {
    let mut tick = tokio::time::interval(SWEEP_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = state.shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        let watched = state.devices.streams.watched();
        if watched.is_empty() {
            continue;
        }
        match store::revoked_among(&state.db, &watched).await {
            Ok(revoked) => {
                for device in revoked {
                    state.devices.streams.revoke(&device);
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot check devices for revocation"),
        }
    }
}
