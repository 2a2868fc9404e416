//! Reads `e5-small-q4.bin`: the header, the SentencePiece pieces and scores,
//! and the tensor table, checking every length and offset against the file
//! before anything is allocated or read. Tensors are read from a memory map
//! of the file ([`map`]): the 54 MB word table is only ever read a row per
//! token, so it is never read whole, nor held in memory.
//!
//! Layout (little-endian): magic `E5S1`; u32 version; i32 hidden, layers,
//! heads, FF, vocab, max positions, type vocab; f32 eps; i32 block size;
//! i32 piece count and bos, eos, pad, unk ids; u64 blob length; (pieces + 1)
//! u32 offsets; pieces f32 scores; the UTF-8 blob; i32 count and u32 byte
//! length of a normaliser section (skipped: the tokenizer normalises with
//! tokenizer.json's charsmap); i32 tensor count; per tensor u16 name length,
//! name, u8 dtype (0 f32, 1 Q4_0), u32 element count, u64 absolute offset,
//! u64 byte length.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::ops::{Deref, Range};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::super::EmbedError;
use super::attention::LANES;
use super::q4::{BLOCK_BYTES, BLOCK_LEN};

/// The name of the weights file; its presence makes a folder an e5 model.
pub const WEIGHTS_FILE: &str = "e5-small-q4.bin";

/// The encoder's shape, from the header.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub layer_norm_eps: f32,
}

/// The SentencePiece vocabulary stored in the file.
pub struct Pieces {
    /// Every piece's UTF-8 bytes, one after another.
    pub blob: String,
    /// Piece `i` is `blob[offsets[i]..offsets[i + 1]]`.
    pub offsets: Vec<u32>,
    pub scores: Vec<f32>,
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
}

impl Pieces {
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    pub fn piece(&self, id: u32) -> &str {
        let i = id as usize;
        &self.blob[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DType {
    F32,
    Q4,
}

#[derive(Clone, Copy)]
struct TensorEntry {
    dtype: DType,
    elements: u64,
    offset: u64,
}

/// A tensor's bytes in the mapped weights file.
pub struct Mapped {
    map: Arc<crate::mapped::Mmap>,
    range: Range<usize>,
}

impl Deref for Mapped {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.map[self.range.clone()]
    }
}

/// An open weights file whose header has been checked.
pub struct WeightsFile {
    path: PathBuf,
    file: BufReader<File>,
    map: Arc<crate::mapped::Mmap>,
    len: u64,
    pos: u64,
    pub shape: Shape,
    tensors: HashMap<String, TensorEntry>,
}

impl WeightsFile {
    /// Opens `path` and reads the header and pieces; tensors are read later,
    /// one at a time, with [`Self::f32s`] and [`Self::q4`].
    pub fn open(path: &Path) -> Result<(Self, Pieces), EmbedError> {
        let file = File::open(path).map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => EmbedError::FileMissing {
                file: path.to_path_buf(),
            },
            _ => corrupt(path, format!("cannot open: {err}")),
        })?;
        let len = file
            .metadata()
            .map_err(|err| corrupt(path, format!("cannot read: {err}")))?
            .len();
        let map =
            crate::mapped::map(&file).map_err(|err| corrupt(path, format!("cannot map: {err}")))?;
        let mut reader = Self {
            path: path.to_path_buf(),
            file: BufReader::with_capacity(1 << 16, file),
            map: Arc::new(map),
            len,
            pos: 0,
            shape: Shape {
                hidden: 0,
                layers: 0,
                heads: 0,
                intermediate: 0,
                vocab: 0,
                max_positions: 0,
                type_vocab: 0,
                layer_norm_eps: 0.0,
            },
            tensors: HashMap::new(),
        };
        if reader.bytes(4, "magic")? != b"E5S1" {
            return Err(reader.corrupt("not an e5 weights file (bad magic)".into()));
        }
        let version = reader.u32("version")?;
        if version != 1 {
            return Err(reader.corrupt(format!("unsupported version {version}")));
        }
        reader.shape = reader.read_shape()?;
        let pieces = reader.read_pieces()?;
        // The normaliser section: a count, then its byte length.
        reader.count("normaliser entries", u32::MAX as usize)?;
        let skip = u64::from(reader.u32("normaliser length")?);
        reader.skip(skip, "normaliser")?;
        reader.read_tensor_table()?;
        Ok((reader, pieces))
    }

    /// Reads the f32 tensor `name`, which must hold `elements` values.
    pub fn f32s(&self, name: &str, elements: usize) -> Result<Vec<f32>, EmbedError> {
        let bytes = self.tensor(name, DType::F32, elements)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    /// The Q4_0 tensor `name` (`rows` × `cols`, row-major) as raw blocks.
    pub fn q4(&self, name: &str, rows: usize, cols: usize) -> Result<Mapped, EmbedError> {
        if !cols.is_multiple_of(BLOCK_LEN) {
            return Err(self.corrupt(format!(
                "tensor {name}: {cols} columns is not a whole number of 4-bit blocks"
            )));
        }
        self.tensor(name, DType::Q4, rows * cols)
    }

    fn tensor(&self, name: &str, dtype: DType, elements: usize) -> Result<Mapped, EmbedError> {
        let Some(&TensorEntry {
            dtype: found,
            elements: count,
            offset,
        }) = self.tensors.get(name)
        else {
            return Err(self.corrupt(format!("tensor {name} is missing")));
        };
        if found != dtype || count != elements as u64 {
            return Err(self.corrupt(format!(
                "tensor {name}: {found:?} × {count} where {dtype:?} × {elements} was expected"
            )));
        }
        // The tensor table was checked against the file's length.
        let start = offset as usize;
        let end = start + byte_len(dtype, count) as usize;
        if end > self.map.len() {
            return Err(self.corrupt(format!(
                "truncated: tensor {name} runs past the end of the file"
            )));
        }
        Ok(Mapped {
            map: self.map.clone(),
            range: start..end,
        })
    }

    fn read_shape(&mut self) -> Result<Shape, EmbedError> {
        let hidden = self.count("hidden size", 4096)?;
        let layers = self.count("layer count", 64)?;
        let heads = self.count("head count", 64)?;
        let intermediate = self.count("intermediate size", 16384)?;
        let vocab = self.count("vocabulary size", 1 << 21)?;
        let max_positions = self.count("maximum positions", 1 << 16)?;
        let type_vocab = self.count("token type count", 16)?;
        let layer_norm_eps = f32::from_le_bytes(self.array("layer-norm epsilon")?);
        let block = self.count("block size", 1024)?;
        let shape = Shape {
            hidden,
            layers,
            heads,
            intermediate,
            vocab,
            max_positions,
            type_vocab,
            layer_norm_eps,
        };
        let fits = block == BLOCK_LEN
            && heads > 0
            && hidden % heads == 0
            && (hidden / heads).is_multiple_of(LANES)
            && hidden % BLOCK_LEN == 0
            && intermediate % BLOCK_LEN == 0
            && max_positions > 2
            && type_vocab > 0
            && layer_norm_eps.is_finite();
        if fits {
            Ok(shape)
        } else {
            Err(self.corrupt(format!(
                "unsupported shape {shape:?} with {block}-weight blocks"
            )))
        }
    }

    fn read_pieces(&mut self) -> Result<Pieces, EmbedError> {
        let count = self.count("piece count", self.shape.vocab)?;
        let mut special = [0u32; 4];
        for (id, what) in special.iter_mut().zip(["bos", "eos", "pad", "unk"]) {
            *id = self.count(what, count.saturating_sub(1))? as u32;
        }
        let [bos, eos, pad, unk] = special;
        let blob_len = self.u64("piece blob length")?;
        let offsets: Vec<u32> = self
            .bytes(4 * (count as u64 + 1), "piece offsets")?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let scores: Vec<f32> = self
            .bytes(4 * count as u64, "piece scores")?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let blob = String::from_utf8(self.bytes(blob_len, "piece blob")?)
            .map_err(|_| self.corrupt("the pieces are not UTF-8".into()))?;
        let in_order = offsets.first() == Some(&0)
            && offsets.windows(2).all(|w| w[0] <= w[1])
            && offsets.last().is_some_and(|&end| end as u64 == blob_len)
            && offsets.iter().all(|&o| blob.is_char_boundary(o as usize));
        if !in_order || scores.iter().any(|s| !s.is_finite()) {
            return Err(self.corrupt("corrupt piece table".into()));
        }
        Ok(Pieces {
            blob,
            offsets,
            scores,
            bos,
            eos,
            pad,
            unk,
        })
    }

    fn read_tensor_table(&mut self) -> Result<(), EmbedError> {
        let count = self.count("tensor count", 4096)?;
        for _ in 0..count {
            let name_len = u16::from_le_bytes(self.array("tensor name length")?);
            let name = String::from_utf8(self.bytes(u64::from(name_len), "tensor name")?)
                .map_err(|_| self.corrupt("a tensor name is not UTF-8".into()))?;
            let dtype = match self.array::<1>("tensor type")?[0] {
                0 => DType::F32,
                1 => DType::Q4,
                other => return Err(self.corrupt(format!("tensor {name}: unknown type {other}"))),
            };
            let elements = u64::from(self.u32("tensor size")?);
            let offset = self.u64("tensor offset")?;
            let length = self.u64("tensor length")?;
            let expected = byte_len(dtype, elements);
            if length != expected || (dtype == DType::Q4 && elements % BLOCK_LEN as u64 != 0) {
                return Err(self.corrupt(format!(
                    "tensor {name}: {length} bytes for {elements} {dtype:?} values"
                )));
            }
            if offset.checked_add(length).is_none_or(|end| end > self.len) {
                return Err(self.corrupt(format!(
                    "truncated: tensor {name} runs past the end of the file"
                )));
            }
            self.tensors.insert(
                name,
                TensorEntry {
                    dtype,
                    elements,
                    offset,
                },
            );
        }
        Ok(())
    }

    fn corrupt(&self, problem: String) -> EmbedError {
        corrupt(&self.path, problem)
    }

    /// Reads `n` bytes, refusing first if they would run past the end.
    fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, EmbedError> {
        if self.pos.checked_add(n).is_none_or(|end| end > self.len) {
            return Err(self.corrupt(format!("truncated: {what} runs past the end of the file")));
        }
        let mut buf = vec![0u8; n as usize];
        self.file
            .read_exact(&mut buf)
            .map_err(|err| self.corrupt(format!("cannot read {what}: {err}")))?;
        self.pos += n;
        Ok(buf)
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], EmbedError> {
        let bytes = self.bytes(N as u64, what)?;
        Ok(bytes.try_into().expect("N bytes were read"))
    }

    fn u32(&mut self, what: &str) -> Result<u32, EmbedError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    fn u64(&mut self, what: &str) -> Result<u64, EmbedError> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    /// An i32 that must lie in `0..=max`.
    fn count(&mut self, what: &str, max: usize) -> Result<usize, EmbedError> {
        let value = i32::from_le_bytes(self.array(what)?);
        match usize::try_from(value) {
            Ok(n) if n <= max => Ok(n),
            _ => Err(self.corrupt(format!("{what} {value} is out of range"))),
        }
    }

    fn skip(&mut self, n: u64, what: &str) -> Result<(), EmbedError> {
        match self.pos.checked_add(n) {
            Some(end) if end <= self.len => self.seek(end),
            _ => Err(self.corrupt(format!("truncated: {what} runs past the end of the file"))),
        }
    }

    fn seek(&mut self, to: u64) -> Result<(), EmbedError> {
        self.file
            .seek(SeekFrom::Start(to))
            .map_err(|err| self.corrupt(format!("cannot read: {err}")))?;
        self.pos = to;
        Ok(())
    }
}

fn byte_len(dtype: DType, elements: u64) -> u64 {
    match dtype {
        DType::F32 => elements * 4,
        DType::Q4 => elements / BLOCK_LEN as u64 * BLOCK_BYTES as u64,
    }
}

fn corrupt(path: &Path, problem: String) -> EmbedError {
    EmbedError::Corrupt {
        file: path.to_path_buf(),
        problem,
    }
}
