//! The menus this node has read, each kept with the revision of its city's menu when it was
//! read (the menu queries serve a menu from here while the database shows that revision).
//! Held by the store handle, filled and read by the menu queries.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use renkei_domain::city::CityCode;

use super::records::MenuRecord;

/// A city's whole menu, shared by the requests that read it.
pub(crate) type Menu = Arc<Vec<MenuRecord>>;

/// The menus this node has read, by city, each with the revision it had when read.
#[derive(Debug, Default)]
pub(crate) struct MenuCache {
    menus: Mutex<HashMap<CityCode, (i64, Menu)>>,
}

impl MenuCache {
    pub(crate) fn get(&self, city: &CityCode, revision: i64) -> Option<Menu> {
        let menus = self.menus.lock().expect("menu cache lock");
        menus
            .get(city)
            .filter(|(r, _)| *r == revision)
            .map(|(_, m)| m.clone())
    }

    /// Keeps `menu` unless a newer revision is already held.
    pub(crate) fn put(&self, city: CityCode, revision: i64, menu: Menu) {
        let mut menus = self.menus.lock().expect("menu cache lock");
        if menus.get(&city).is_none_or(|(r, _)| *r < revision) {
            menus.insert(city, (revision, menu));
        }
    }
}
