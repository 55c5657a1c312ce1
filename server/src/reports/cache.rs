//! The stores' settings as last read or saved, so a sale does not read them from the database
//! each time (every create needs its store's tax rules).
//!
//! Only for a database this process alone writes (SQLite, where every change goes through
//! `PUT /api/settings/store` here): with several instances on PostgreSQL another one may
//! change them at any moment, so there every read goes to the database.

use std::collections::HashMap;
use std::sync::Mutex;

use wct_api::pos::StoreSettings;

/// More stores than any configuration has: past it the cache starts over (bounded memory).
const MAX_STORES: usize = 1_024;

#[derive(Debug)]
pub struct SettingsCache {
    enabled: bool,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Bumped by every save: a read that began before a save must not cache what it read.
    generation: u64,
    by_store: HashMap<String, StoreSettings>,
}

/// A read in progress: where the cache stood when it began.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl SettingsCache {
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The store's settings if cached, else a ticket to cache what the database says.
    pub fn get(&self, store: &str) -> Result<StoreSettings, Ticket> {
        let Ok(inner) = self.inner.lock() else {
            return Err(Ticket(u64::MAX));
        };
        match inner.by_store.get(store) {
            Some(settings) if self.enabled => Ok(settings.clone()),
            _ => Err(Ticket(inner.generation)),
        }
    }

    /// Keeps what a read found, unless a save came in between.
    pub fn put(&self, ticket: Ticket, store: &str, settings: &StoreSettings) {
        if !self.enabled {
            return;
        }
        if let Ok(mut inner) = self.inner.lock() {
            if inner.generation != ticket.0 {
                return;
            }
            if inner.by_store.len() >= MAX_STORES {
                inner.by_store.clear();
            }
            inner.by_store.insert(store.to_string(), settings.clone());
        }
    }

    /// After a save has committed: forget the store, and make reads still in flight not
    /// cache what they read before it.
    pub fn forget(&self, store: &str) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.generation = inner.generation.wrapping_add(1);
            inner.by_store.remove(store);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> StoreSettings {
        StoreSettings {
            time_zone: name.into(),
            ..StoreSettings::default()
        }
    }

    #[test]
    fn a_read_is_kept_until_the_store_is_saved() {
        let cache = SettingsCache::new(true);
        let ticket = cache.get("shop").unwrap_err();
        cache.put(ticket, "shop", &zone("Europe/Berlin"));
        assert_eq!(cache.get("shop").unwrap().time_zone, "Europe/Berlin");
        cache.forget("shop");
        assert!(cache.get("shop").is_err());
    }

    #[test]
    fn a_read_that_began_before_a_save_is_not_kept() {
        let cache = SettingsCache::new(true);
        let ticket = cache.get("shop").unwrap_err();
        // The save commits and is forgotten while the read is still on its way.
        cache.forget("shop");
        cache.put(ticket, "shop", &zone("UTC"));
        assert!(
            cache.get("shop").is_err(),
            "the old settings must not be cached"
        );
    }

    #[test]
    fn off_for_a_shared_database() {
        let cache = SettingsCache::new(false);
        let ticket = cache.get("shop").unwrap_err();
        cache.put(ticket, "shop", &zone("UTC"));
        assert!(cache.get("shop").is_err());
    }
}
