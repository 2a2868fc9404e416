//! The lexical index on disk: a compact binary form (terms, then each
//! term's postings as varint document gaps and frequencies) that loads in a
//! few milliseconds where JSON took hundreds. Damage is reported, never
//! trusted; the manifest's checksum has already been verified.

use std::collections::HashMap;

use super::{Bm25Params, LexicalIndex};

const MAGIC: &[u8; 8] = b"MWLEX001";

pub fn to_bytes(index: &LexicalIndex) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * index.postings.len());
    out.extend_from_slice(MAGIC);
    let Bm25Params {
        k1,
        b,
        letter_weight,
    } = index.params;
    for x in [k1, b, letter_weight] {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.extend_from_slice(&(index.doc_lengths.len() as u32).to_le_bytes());
    for length in &index.doc_lengths {
        out.extend_from_slice(&length.to_le_bytes());
    }
    let mut terms: Vec<&String> = index.postings.keys().collect();
    terms.sort();
    out.extend_from_slice(&(terms.len() as u32).to_le_bytes());
    for term in terms {
        let list = &index.postings[term];
        out.extend_from_slice(&(term.len() as u16).to_le_bytes());
        out.extend_from_slice(term.as_bytes());
        varint(&mut out, list.len() as u32);
        let mut previous = 0;
        for &(doc, tf) in list {
            varint(&mut out, doc - previous);
            varint(&mut out, tf);
            previous = doc;
        }
    }
    out
}

pub fn from_bytes(bytes: &[u8]) -> Result<LexicalIndex, String> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err("not a minwon lexical index".into());
    }
    let params = Bm25Params {
        k1: r.f32()?,
        b: r.f32()?,
        letter_weight: r.f32()?,
    };
    let docs = r.u32()? as usize;
    let doc_lengths = (0..docs).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
    let terms = r.u32()? as usize;
    let mut postings = HashMap::with_capacity(terms);
    for _ in 0..terms {
        let length = u16::from_le_bytes(r.take(2)?.try_into().expect("2 bytes")) as usize;
        let term = std::str::from_utf8(r.take(length)?)
            .map_err(|_| "a term is not UTF-8".to_string())?
            .to_string();
        let count = r.varint()? as usize;
        let mut list = Vec::with_capacity(count.min(docs));
        let mut doc = 0u32;
        for _ in 0..count {
            doc = doc
                .checked_add(r.varint()?)
                .filter(|&d| (d as usize) < docs)
                .ok_or("a posting names no document")?;
            list.push((doc, r.varint()?));
        }
        postings.insert(term, list);
    }
    if r.at != bytes.len() {
        return Err("trailing bytes".into());
    }
    Ok(LexicalIndex::from_parts(params, postings, doc_lengths))
}

fn varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or("truncated")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn varint(&mut self) -> Result<u32, String> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.take(1)?[0];
            value |= u32::from(byte & 0x7f)
                .checked_shl(shift)
                .ok_or("bad varint")?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("bad varint".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_damage() {
        let docs = vec![
            vec!["출생신고 birth"],
            vec!["passport 여권"],
            vec!["birth birth"],
        ];
        let index = LexicalIndex::build(&docs, Bm25Params::default());
        let bytes = to_bytes(&index);
        assert_eq!(from_bytes(&bytes).unwrap(), index);
        assert!(from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(from_bytes(b"MWLEX001").is_err());
        let mut foreign = bytes.clone();
        foreign[0] = b'X';
        assert!(from_bytes(&foreign).is_err());
    }
}
