//! The candle backend: a BERT encoder from a sentence-transformers folder,
//! masked mean (or CLS) pooling and L2 normalisation. The only file that
//! imports candle and tokenizers.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config as BertConfig};
use serde::Deserialize;
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use super::folder::{read_settings, Pooling};
use super::{EmbedError, Embedder, Role};

/// The files of a sentence-transformers folder that decide what a vector means.
pub const MODEL_FILES: &[&str] = &[
    "config.json",
    "tokenizer.json",
    "model.safetensors",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
];

/// A loaded BERT sentence-embedding model, ready to embed on the CPU.
pub struct BertEmbedder {
    model: BertModel,
    tokenizer: Tokenizer,
    pooling: Pooling,
    dimension: usize,
    device: Device,
}

impl BertEmbedder {
    /// Loads `config.json`, `tokenizer.json` and `model.safetensors` (plus the
    /// optional pooling and sentence-bert settings) from `dir`.
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let settings = read_settings(dir)?;
        let config_path = dir.join("config.json");
        let config: BertConfig =
            serde_json::from_str(&settings.config_json).map_err(|err| EmbedError::Invalid {
                file: config_path.clone(),
                problem: format!("not a BERT config: {err}"),
            })?;

        let tokenizer = load_tokenizer(&dir.join("tokenizer.json"), settings.max_seq_length)?;

        let device = Device::Cpu;
        let weights_path = dir.join("model.safetensors");
        let tensors = read_safetensors(&weights_path, &device)?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let model = BertModel::load(vb, &config).map_err(|err| EmbedError::Invalid {
            file: weights_path,
            problem: format!("weights do not fit {}: {err}", config_path.display()),
        })?;
        Ok(Self {
            model,
            tokenizer,
            pooling: settings.pooling,
            dimension: config.hidden_size,
            device,
        })
    }

    fn forward(&self, texts: &[&str]) -> candle_core::Result<Vec<Vec<f32>>> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|err| candle_core::Error::Msg(format!("tokenizer: {err}")))?;
        let width = encodings.first().map_or(0, |e| e.get_ids().len());
        let flat = |f: fn(&tokenizers::Encoding) -> &[u32]| -> Vec<u32> {
            encodings.iter().flat_map(|e| f(e).to_vec()).collect()
        };
        let shape = (encodings.len(), width);
        let ids = Tensor::from_vec(flat(|e| e.get_ids()), shape, &self.device)?;
        let type_ids = Tensor::from_vec(flat(|e| e.get_type_ids()), shape, &self.device)?;
        let mask = Tensor::from_vec(flat(|e| e.get_attention_mask()), shape, &self.device)?;

        let hidden = self.model.forward(&ids, &type_ids, Some(&mask))?;
        let pooled = match self.pooling {
            Pooling::Cls => hidden.narrow(1, 0, 1)?.squeeze(1)?,
            Pooling::Mean => {
                let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
                let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
                let counts = mask.sum(1)?.clamp(1e-9, f32::MAX)?;
                summed.broadcast_div(&counts)?
            }
        };
        let norms = pooled
            .sqr()?
            .sum_keepdim(1)?
            .sqrt()?
            .clamp(1e-12, f32::MAX)?;
        pooled.broadcast_div(&norms)?.to_vec2()
    }
}

impl Embedder for BertEmbedder {
    fn dimension(&self) -> usize {
        self.dimension
    }

    /// Sentence-transformers BERT models embed questions and passages alike.
    fn embed_batch(&self, texts: &[&str], _role: Role) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        self.forward(texts)
            .map_err(|err| EmbedError::Inference(err.to_string()))
    }
}

/// Loads the tokenizer and replaces the file's fixed padding and truncation
/// (all-MiniLM-L6-v2 ships `Fixed(128)`) with padding to the longest text in
/// the batch and truncation at the model's `max_seq_length`.
fn load_tokenizer(path: &Path, max_seq_length: usize) -> Result<Tokenizer, EmbedError> {
    if !path.is_file() {
        return Err(EmbedError::FileMissing {
            file: path.to_path_buf(),
        });
    }
    let invalid = |problem: String| EmbedError::Invalid {
        file: path.to_path_buf(),
        problem,
    };
    let mut tokenizer =
        Tokenizer::from_file(path).map_err(|err| invalid(format!("not a tokenizer: {err}")))?;
    let padding = PaddingParams {
        strategy: PaddingStrategy::BatchLongest,
        ..tokenizer.get_padding().cloned().unwrap_or_default()
    };
    tokenizer.with_padding(Some(padding));
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: max_seq_length,
            ..Default::default()
        }))
        .map_err(|err| invalid(format!("cannot set truncation: {err}")))?;
    Ok(tokenizer)
}

/// One tensor's entry in a safetensors header.
#[derive(Deserialize)]
struct TensorInfo {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: (u64, u64),
}

/// Reads a safetensors file one tensor at a time, checking the header against
/// the file's size first, so a truncated or corrupt file is a clear error and
/// peak memory stays near the model's own size.
fn read_safetensors(path: &Path, device: &Device) -> Result<HashMap<String, Tensor>, EmbedError> {
    let corrupt = |problem: String| EmbedError::Invalid {
        file: path.to_path_buf(),
        problem,
    };
    let mut file = File::open(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => EmbedError::FileMissing {
            file: path.to_path_buf(),
        },
        _ => corrupt(format!("cannot open: {err}")),
    })?;
    let file_len = file
        .metadata()
        .map_err(|err| corrupt(format!("cannot read: {err}")))?
        .len();

    let mut len_bytes = [0u8; 8];
    file.read_exact(&mut len_bytes)
        .map_err(|_| corrupt("truncated: shorter than a safetensors header".into()))?;
    let header_len = u64::from_le_bytes(len_bytes);
    if header_len > 100_000_000 || 8 + header_len > file_len {
        return Err(corrupt(format!(
            "corrupt or truncated: header claims {header_len} bytes in a {file_len}-byte file"
        )));
    }
    let mut header = vec![0u8; header_len as usize];
    file.read_exact(&mut header)
        .map_err(|err| corrupt(format!("cannot read header: {err}")))?;
    let mut entries: HashMap<String, serde_json::Value> =
        serde_json::from_slice(&header).map_err(|err| corrupt(format!("corrupt header: {err}")))?;
    entries.remove("__metadata__");

    let data_start = 8 + header_len;
    let mut tensors = HashMap::with_capacity(entries.len());
    for (name, entry) in entries {
        let info: TensorInfo = serde_json::from_value(entry)
            .map_err(|err| corrupt(format!("corrupt header entry {name:?}: {err}")))?;
        let tensor = read_tensor(&mut file, data_start, file_len, &info)
            .map_err(|problem| corrupt(format!("tensor {name:?}: {problem}")))?;
        tensors.insert(
            name,
            tensor
                .to_device(device)
                .map_err(|e| corrupt(e.to_string()))?,
        );
    }
    Ok(tensors)
}

fn read_tensor(
    file: &mut File,
    data_start: u64,
    file_len: u64,
    info: &TensorInfo,
) -> Result<Tensor, String> {
    let (dtype, width) = match info.dtype.as_str() {
        "F32" => (DType::F32, 4),
        "F16" => (DType::F16, 2),
        "BF16" => (DType::BF16, 2),
        "I64" => (DType::I64, 8),
        other => return Err(format!("unsupported dtype {other}")),
    };
    let (begin, end) = info.data_offsets;
    let expected = info.shape.iter().product::<usize>() as u64 * width;
    if end < begin || end - begin != expected {
        return Err(format!(
            "shape {:?} needs {expected} bytes, header gives {}",
            info.shape,
            end.saturating_sub(begin)
        ));
    }
    if data_start + end > file_len {
        return Err("truncated: data runs past the end of the file".into());
    }
    let mut bytes = vec![0u8; expected as usize];
    file.seek(SeekFrom::Start(data_start + begin))
        .and_then(|_| file.read_exact(&mut bytes))
        .map_err(|err| format!("cannot read: {err}"))?;
    // Half-precision weights are widened by the VarBuilder when the model asks for them.
    Tensor::from_raw_buffer(&bytes, dtype, &info.shape, &Device::Cpu).map_err(|err| err.to_string())
}
