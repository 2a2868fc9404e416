//! Korea's national catalogue of public services (Gov24 / 보조금24, the
//! public data portal's "공공서비스(혜택) 정보"), the pure catalogue layer:
//! - [`read`]: the snapshot's JSON lines and the API's pages, checked record by record.
//! - [`service`]: one record, every field kept as the API gave it; [`values`]: ids,
//!   web addresses and timestamps.
//! - [`problem`]: what was wrong with a skipped record, and where.
//! - [`store`]: the stored form in `corpus/catalogue/services/`, diffable and fast to
//!   load (`decode` reads it without a JSON tree); [`replace`]: written whole, swapped
//!   in with renames; [`compact`]: the same services in one binary file, read
//!   instead of the JSON while it was made from exactly these shards.
//! - [`import`]: read, hold against the bars, compare with the stored catalogue,
//!   replace, report; [`stamp`]: the day and source of the last import.
//! - [`agency`]: where a service applies (a [`crate::region::Region`]), from its agency's name,
//!   and which services a kiosk's region covers.
//! - [`sections`], [`bullets`] and [`shorten`]: raw administrative text as short,
//!   clean, labelled bullet lists for a screen; [`facts`]: what a citizen acts on
//!   (where and until when to apply, whom to call, the day and page to check).

pub mod agency;
pub mod bullets;
pub mod compact;
mod decode;
pub mod facts;
pub mod import;
pub mod problem;
pub mod read;
pub mod replace;
pub mod sections;
pub mod service;
pub mod shorten;
pub mod stamp;
pub mod store;
pub mod values;

use std::path::{Path, PathBuf};

pub use crate::region::{covers, Region};
pub use import::{import, Bars, Changed, Changes, ImportError, ImportReport, Options, Refusal};
pub use problem::{Issue, Origin, Problem};
pub use service::{Field, Service};
pub use store::StoreError;
pub use values::{Date, ServiceId};

/// The catalogue's folder inside the corpus folder.
pub fn dir(corpus_dir: &Path) -> PathBuf {
    corpus_dir.join("catalogue")
}

/// All services of the catalogue, sorted by 서비스ID, each id once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    services: Vec<Service>,
}

impl Catalogue {
    /// Sorts by id; of services sharing an id, the first is kept.
    pub fn new(mut services: Vec<Service>) -> Catalogue {
        services.sort_by(|a, b| a.id().cmp(b.id()));
        services.dedup_by(|later, earlier| later.id() == earlier.id());
        Catalogue { services }
    }

    /// Loads the stored catalogue of a corpus folder (empty when it has none).
    pub fn load(corpus_dir: &Path) -> Result<Catalogue, StoreError> {
        store::load(&dir(corpus_dir))
    }

    pub fn services(&self) -> &[Service] {
        &self.services
    }

    pub fn into_services(self) -> Vec<Service> {
        self.services
    }

    pub fn get(&self, id: &str) -> Option<&Service> {
        self.services
            .binary_search_by(|s| s.id().as_str().cmp(id))
            .ok()
            .map(|i| &self.services[i])
    }

    pub fn len(&self) -> usize {
        self.services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }
}
