//! XLM-R's text normaliser: SentencePiece's precompiled character map (a
//! double-array trie of byte strings and a blob of their replacements),
//! applied grapheme by grapheme exactly as the `tokenizers` crate does.

use unicode_segmentation::UnicodeSegmentation;

/// A parsed `precompiled_charsmap`.
pub struct Charsmap {
    trie: Vec<u32>,
    /// Replacements, each ended by a NUL byte.
    replacements: String,
}

impl Charsmap {
    /// Parses the decoded bytes of `precompiled_charsmap`: a u32 trie size in
    /// bytes, the trie's u32 units, then the replacement strings.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let (size, rest) = bytes.split_first_chunk::<4>()?;
        let size = u32::from_le_bytes(*size) as usize;
        if !size.is_multiple_of(4) || size > rest.len() || size == 0 {
            return None;
        }
        let (trie, replacements) = rest.split_at(size);
        Some(Self {
            trie: trie
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            replacements: String::from_utf8(replacements.to_vec()).ok()?,
        })
    }

    /// Appends `text`, normalised, to `out`. A grapheme shorter than six
    /// bytes is looked up whole; otherwise (or when that misses) each of its
    /// characters is. A lookup takes the shortest key that is a prefix of
    /// what is looked up: the `tokenizers` crate's rule, kept for identical ids.
    pub fn normalize(&self, text: &str, out: &mut String) {
        for grapheme in text.graphemes(true) {
            if grapheme.len() < 6 {
                if let Some(replacement) = self.transform(grapheme) {
                    out.push_str(replacement);
                    continue;
                }
            }
            for (at, c) in grapheme.char_indices() {
                let part = &grapheme[at..at + c.len_utf8()];
                out.push_str(self.transform(part).unwrap_or(part));
            }
        }
    }

    /// The replacement of the shortest key that prefixes `chunk`, if any.
    fn transform(&self, chunk: &str) -> Option<&str> {
        let start = self.shortest_match(chunk.as_bytes())? as usize;
        let rest = self.replacements.get(start..)?;
        Some(&rest[..rest.find('\0').unwrap_or(rest.len())])
    }

    /// Walks the double array along `key` (up to a NUL byte) and returns the
    /// value of the first key found; an index outside the array is a miss.
    fn shortest_match(&self, key: &[u8]) -> Option<u32> {
        let has_leaf = |unit: u32| (unit >> 8) & 1 == 1;
        let value = |unit: u32| unit & ((1 << 31) - 1);
        let label = |unit: u32| unit & ((1 << 31) | 0xFF);
        let offset = |unit: u32| ((unit >> 10) << ((unit & (1 << 9)) >> 6)) as usize;

        let mut node = offset(*self.trie.first()?);
        for &c in key.iter().take_while(|&&c| c != 0) {
            node ^= usize::from(c);
            let unit = *self.trie.get(node)?;
            if label(unit) != u32::from(c) {
                return None;
            }
            node ^= offset(unit);
            if has_leaf(unit) {
                return Some(value(*self.trie.get(node)?));
            }
        }
        None
    }
}
