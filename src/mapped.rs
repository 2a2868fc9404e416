//! Files mapped into memory instead of read: the model's weights and
//! tokenizer, the index's vectors and the catalogue's compact form.
//!
//! Reading copies each byte into fresh memory the kernel must first zero;
//! mapping lends the page cache's own pages. For the ~100 MB a whole `ask`
//! loads that was most of the time left (docs/PERFORMANCE.md).

use std::fs::File;
use std::path::Path;

pub use memmap2::Mmap;

/// Maps `file` read-only.
///
/// Unsafe because the map's bytes would change, or vanish (SIGBUS), if the
/// file were written or truncated in place while mapped. minwon never does
/// that to a file it maps: each is written beside its place and renamed
/// over it (`models/fetch.sh`, the index's version folders, the catalogue's
/// compact form), so a running minwon keeps the file it opened.
#[allow(unsafe_code)]
pub fn map(file: &File) -> std::io::Result<Mmap> {
    // SAFETY: see above; these files are never written in place.
    unsafe { Mmap::map(file) }
}

/// Opens and maps the file at `path`.
pub fn map_path(path: &Path) -> std::io::Result<Mmap> {
    map(&File::open(path)?)
}
