//! The tokenizer's pieces found by their text: a hash table of piece ids,
//! built at every start, and the longest piece's length in characters, so
//! the pieces that start a word are found one length at a time.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::file::Pieces;

pub struct PieceTable {
    ids: HashTable<u32>,
    hasher: DefaultHashBuilder,
    /// The longest piece, in characters.
    longest: usize,
}

impl PieceTable {
    /// Every piece of `pieces`; a piece listed twice is found as its first id.
    pub fn new(pieces: &Pieces) -> Self {
        let hasher = DefaultHashBuilder::default();
        let mut ids = HashTable::with_capacity(pieces.len());
        let mut longest = 0;
        for id in 0..pieces.len() as u32 {
            let piece = pieces.piece(id);
            longest = longest.max(piece.chars().count());
            let hash = hasher.hash_one(piece);
            if ids
                .find(hash, |&other| pieces.piece(other) == piece)
                .is_none()
            {
                ids.insert_unique(hash, id, |&other| hasher.hash_one(pieces.piece(other)));
            }
        }
        Self {
            ids,
            hasher,
            longest,
        }
    }

    /// The id of the piece `text`, if there is one.
    pub fn get(&self, pieces: &Pieces, text: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(text);
        self.ids.find(hash, |&id| pieces.piece(id) == text).copied()
    }

    /// Calls `f(id, byte length)` for every piece that is a prefix of
    /// `text`, shortest first.
    pub fn for_each_prefix(&self, pieces: &Pieces, text: &str, mut f: impl FnMut(u32, usize)) {
        for (at, c) in text.char_indices().take(self.longest) {
            let end = at + c.len_utf8();
            if let Some(id) = self.get(pieces, &text[..end]) {
                f(id, end);
            }
        }
    }
}
