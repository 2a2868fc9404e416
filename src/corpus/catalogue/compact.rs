//! The catalogue's compact form, `corpus/catalogue/services.bin`: every
//! service of the JSON shards in one binary file, written by the commands
//! that write derived files (`import`, `index`, `bundle install`, and those
//! that may rebuild the index) and read instead of parsing ~24 MB of JSON
//! on every start. The JSON shards stay the one source of truth:
//! - **Stale** — the file names each shard it was made from with its size,
//!   modification time and SHA-256. A shard whose size and time are
//!   unchanged is taken as unchanged (as git and the index's model records
//!   do); one whose size or time changed is hashed again, and any
//!   difference, or a shard added or removed, makes the whole file stale.
//! - **Damaged** — a CRC-32 over the whole file is checked before anything
//!   in it is used, so a truncated or damaged file is never trusted. (Tampering
//!   is not its concern: whoever can write it can write the JSON too.)
//! - **Out of date with this program** — a format version, and the first
//!   service's [`Service::digest`] computed again and compared, so a change
//!   to how services are hashed cannot slip through on stored digests.
//!
//! In any of these cases [`super::store::load`] reads the JSON instead: a
//! missing, stale or damaged compact form costs time, never a wrong answer.
//! Its services are trusted as checked: only services that passed every
//! check of an import are written.
//!
//! Layout (little-endian): the magic line `minwon-catalogue`, u32 version;
//! u32 shard count, per shard its name, u64 size, u128 modification time
//! (ns since the epoch), 32-byte SHA-256; u32 service count, per service
//! its id, 32-byte digest, u32 mask of the fields present (bit `i` for
//! text field `i`, then 조회수, then supportConditions), those fields, u32
//! count of other fields and each as (name, JSON); a last u32, the CRC-32
//! of everything before it. Texts are u32 byte length + UTF-8.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::service::{Field, Parts, Service};
use super::values::ServiceId;
use super::Catalogue;

/// The compact form's file in the catalogue folder.
pub const COMPACT_FILE: &str = "services.bin";

const MAGIC: &[u8] = b"minwon-catalogue\n";
/// Bumped whenever the layout or what a stored field means changes.
const VERSION: u32 = 1;

const VIEWS_BIT: u32 = 1 << Field::ALL.len();
const CONDITIONS_BIT: u32 = VIEWS_BIT << 1;

/// Why the compact form was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    #[error("{}: missing", path.display())]
    Missing { path: PathBuf },
    #[error("{}: damaged ({problem})", path.display())]
    Damaged { path: PathBuf, problem: String },
    #[error("{}: stale ({reason})", path.display())]
    Stale { path: PathBuf, reason: String },
}

/// One JSON shard as it was when the compact form was made from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardStamp {
    pub name: String,
    pub size: u64,
    pub modified_ns: u128,
    pub sha256: [u8; 32],
}

impl ShardStamp {
    /// The stamp of a shard file read as `bytes`, with `meta` taken
    /// before reading (so a shard written meanwhile is found changed).
    pub fn new(path: &Path, meta: &std::fs::Metadata, bytes: &[u8]) -> ShardStamp {
        use sha2::{Digest, Sha256};
        ShardStamp {
            name: file_name(path),
            size: meta.len(),
            modified_ns: modified_ns(meta),
            sha256: Sha256::digest(bytes).into(),
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string()
}

fn modified_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Reads the compact form of the catalogue folder `dir`, if it is whole and
/// made from exactly the shard files `shards` (paths of `*.json`, sorted).
pub fn read(dir: &Path, shards: &[PathBuf]) -> Result<Catalogue, Unusable> {
    let path = dir.join(COMPACT_FILE);
    let bytes = match crate::mapped::map_path(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(Unusable::Missing { path })
        }
        Err(err) => return Err(damaged(&path, format!("cannot read: {err}"))),
    };
    let (stamps, catalogue) = decode(&bytes).map_err(|problem| damaged(&path, problem))?;
    if let Some(reason) = staleness(&stamps, shards) {
        return Err(Unusable::Stale { path, reason });
    }
    Ok(catalogue)
}

fn damaged(path: &Path, problem: String) -> Unusable {
    Unusable::Damaged {
        path: path.to_path_buf(),
        problem,
    }
}

/// Why `stamps` no longer describe the shard files, or `None`.
fn staleness(stamps: &[ShardStamp], shards: &[PathBuf]) -> Option<String> {
    let names: Vec<String> = shards.iter().map(|p| file_name(p)).collect();
    if !stamps.iter().map(|s| &s.name).eq(names.iter()) {
        return Some("the shard files are not the same ones".into());
    }
    for (stamp, path) in stamps.iter().zip(shards) {
        let changed = match std::fs::metadata(path) {
            Ok(meta) => meta.len() != stamp.size || modified_ns(&meta) != stamp.modified_ns,
            Err(err) => return Some(format!("{}: {err}", path.display())),
        };
        // Touched (a checkout, a copy) but perhaps the same bytes: hash them.
        if changed {
            use sha2::{Digest, Sha256};
            let same = std::fs::read(path).is_ok_and(|b| Sha256::digest(b)[..] == stamp.sha256);
            if !same {
                return Some(format!("{} changed", stamp.name));
            }
        }
    }
    None
}

/// Writes the compact form of `catalogue`, made from the shards `stamps`,
/// into the catalogue folder `dir` (through a temporary file, synced, then
/// renamed into place).
pub fn write(dir: &Path, stamps: &[ShardStamp], catalogue: &Catalogue) -> std::io::Result<()> {
    super::replace::write_synced(&dir.join(COMPACT_FILE), &encode(stamps, catalogue))
}

/// The file's bytes.
pub fn encode(stamps: &[ShardStamp], catalogue: &Catalogue) -> Vec<u8> {
    let mut out = Vec::with_capacity(catalogue.len() * 2048);
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, VERSION);
    put_len(&mut out, stamps.len());
    for stamp in stamps {
        put_str(&mut out, &stamp.name);
        out.extend_from_slice(&stamp.size.to_le_bytes());
        out.extend_from_slice(&stamp.modified_ns.to_le_bytes());
        out.extend_from_slice(&stamp.sha256);
    }
    put_len(&mut out, catalogue.len());
    for service in catalogue.services() {
        encode_service(&mut out, service);
    }
    let crc = crc32fast::hash(&out);
    put_u32(&mut out, crc);
    out
}

fn encode_service(out: &mut Vec<u8>, service: &Service) {
    put_str(out, service.id().as_str());
    out.extend_from_slice(&service.digest_bytes());
    let texts: Vec<(usize, &str)> = Field::ALL
        .iter()
        .enumerate()
        .filter_map(|(i, &field)| service.text(field).map(|text| (i, text)))
        .collect();
    let mut mask = texts.iter().fold(0, |mask, (i, _)| mask | 1 << i);
    if service.views().is_some() {
        mask |= VIEWS_BIT;
    }
    if service.conditions_text().is_some() {
        mask |= CONDITIONS_BIT;
    }
    put_u32(out, mask);
    for (_, text) in texts {
        put_str(out, text);
    }
    if let Some(views) = service.views() {
        out.extend_from_slice(&views.to_le_bytes());
    }
    if let Some(codes) = service.conditions_text() {
        put_str(out, codes);
    }
    put_len(out, service.extra().len());
    for (key, value) in service.extra() {
        put_str(out, key);
        put_str(out, &value.to_string());
    }
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    put_u32(out, u32::try_from(len).expect("fewer than 2^32 items"));
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_len(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// The stamps and services of a compact file, checked whole first.
pub fn decode(bytes: &[u8]) -> Result<(Vec<ShardStamp>, Catalogue), String> {
    let Some((body, crc)) = bytes.split_last_chunk::<4>() else {
        return Err("truncated".into());
    };
    if crc32fast::hash(body) != u32::from_le_bytes(*crc) {
        return Err("checksum mismatch".into());
    }
    let mut input = Input { bytes: body };
    if input.take(MAGIC.len())? != MAGIC {
        return Err("not a compact catalogue".into());
    }
    let version = input.u32()?;
    if version != VERSION {
        return Err(format!("version {version} (this minwon reads {VERSION})"));
    }
    let stamps = (0..input.u32()?)
        .map(|_| {
            Ok(ShardStamp {
                name: input.string()?,
                size: u64::from_le_bytes(input.array()?),
                modified_ns: u128::from_le_bytes(input.array()?),
                sha256: input.array()?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let count = input.u32()? as usize;
    let mut services = Vec::with_capacity(count.min(body.len() / 64));
    for _ in 0..count {
        services.push(decode_service(&mut input)?);
    }
    if !input.bytes.is_empty() {
        return Err("bytes after the last service".into());
    }
    let in_order = services.windows(2).all(|w| w[0].id() < w[1].id());
    if !in_order {
        return Err("services out of order".into());
    }
    if let Some(first) = services.first() {
        if first.compute_digest() != first.digest_bytes() {
            return Err("made with another way of hashing services".into());
        }
    }
    Ok((stamps, Catalogue { services }))
}

fn decode_service(input: &mut Input) -> Result<Service, String> {
    let id = input.string()?;
    let id = ServiceId::parse(&id).ok_or_else(|| format!("bad 서비스ID {id:?}"))?;
    let digest = input.array()?;
    let mask = input.u32()?;
    let mut parts = Parts {
        id: Some(id),
        ..Parts::default()
    };
    for (i, text) in parts.texts.iter_mut().enumerate() {
        if mask & 1 << i != 0 {
            *text = Some(input.string()?);
        }
    }
    if mask & VIEWS_BIT != 0 {
        parts.views = Some(u64::from_le_bytes(input.array()?));
    }
    if mask & CONDITIONS_BIT != 0 {
        parts.conditions = Some(input.string()?.into_boxed_str());
    }
    let mut extra = BTreeMap::new();
    for _ in 0..input.u32()? {
        let key = input.string()?;
        let value = serde_json::from_str(&input.string()?).map_err(|e| e.to_string())?;
        extra.insert(key, value);
    }
    parts.extra = extra;
    Ok(parts.checked_before(digest).expect("the id was set above"))
}

/// The bytes not yet decoded.
struct Input<'a> {
    bytes: &'a [u8],
}

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.bytes.len() {
            return Err("truncated".into());
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        Ok(self.take(N)?.try_into().expect("N bytes were taken"))
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// A text, checked to be UTF-8 by `simdutf8` (SIMD for the long texts;
    /// it hands short ones to the standard check).
    fn string(&mut self) -> Result<String, String> {
        let len = self.u32()? as usize;
        let text = simdutf8::basic::from_utf8(self.take(len)?)
            .map_err(|_| "a text is not UTF-8".to_string())?;
        Ok(text.to_string())
    }
}

#[cfg(test)]
#[path = "compact_tests.rs"]
mod tests;
