//! The BERT encoder of multilingual-e5-small, written for short inputs on
//! the CPU: the texts of a batch are concatenated (no padding), matmuls run
//! on 4-bit weights (in f32, or with 8-bit activations) with bias and GELU
//! fused, attention runs per text in f32, and
//! the result is the mean of the last layer over each text, L2-normalised.

use rayon::prelude::*;

use super::attention::LANES;
use super::file::{Mapped, Shape, WeightsFile};
use super::kernels::Kernels;
use super::q4::{dequantize_row, matmul, Activation, Layout, Q4Matrix, BLOCK_BYTES, BLOCK_LEN};
use crate::embed::EmbedError;

pub struct Encoder {
    shape: Shape,
    /// Word embeddings, still Q4_0 blocks: a row is decoded when looked up.
    words: Mapped,
    /// Position embeddings plus the token-type-0 embedding (BERT adds both).
    positions: Vec<f32>,
    norm: LayerNorm,
    layers: Vec<Layer>,
    kernels: Kernels,
}

struct Layer {
    qkv: Q4Matrix,
    qkv_bias: Vec<f32>,
    attention_out: Q4Matrix,
    attention_out_bias: Vec<f32>,
    attention_norm: LayerNorm,
    up: Q4Matrix,
    up_bias: Vec<f32>,
    down: Q4Matrix,
    down_bias: Vec<f32>,
    output_norm: LayerNorm,
}

struct LayerNorm {
    weight: Vec<f32>,
    bias: Vec<f32>,
    eps: f32,
}

impl Encoder {
    pub fn load(file: &WeightsFile, kernels: Kernels) -> Result<Self, EmbedError> {
        let shape = file.shape;
        let h = shape.hidden;
        let words = file.q4("emb.word", shape.vocab, h)?;
        let mut positions = file.f32s("emb.pos", shape.max_positions * h)?;
        let types = file.f32s("emb.type", shape.type_vocab * h)?;
        for row in positions.chunks_exact_mut(h) {
            row.iter_mut().zip(&types[..h]).for_each(|(p, t)| *p += t);
        }
        let norm = LayerNorm::load(file, "emb.ln", h, shape.layer_norm_eps)?;
        let layers = (0..shape.layers)
            .map(|i| Layer::load(file, &format!("l{i}"), &shape, kernels.layout()))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            shape,
            words,
            positions,
            norm,
            layers,
            kernels,
        })
    }

    pub fn hidden(&self) -> usize {
        self.shape.hidden
    }

    /// One normalised vector per text of token ids. `split` > 1 shares each
    /// matmul among that many threads of the current rayon pool.
    pub fn embed(&self, texts: &[Vec<u32>], split: usize) -> Vec<Vec<f32>> {
        let h = self.shape.hidden;
        let lengths: Vec<usize> = texts.iter().map(Vec::len).collect();
        let tokens: usize = lengths.iter().sum();
        let mut x = vec![0.0; tokens * h];
        for (row, (position, &id)) in x
            .chunks_exact_mut(h)
            .zip(texts.iter().flat_map(|ids| ids.iter().enumerate()))
        {
            let blocks = h / BLOCK_LEN * BLOCK_BYTES;
            let id = (id as usize).min(self.shape.vocab - 1);
            dequantize_row(&self.words[id * blocks..][..blocks], row);
            let position = position.min(self.shape.max_positions - 1);
            row.iter_mut()
                .zip(&self.positions[position * h..][..h])
                .for_each(|(x, p)| *x += p);
            self.norm.apply(row);
        }
        let mut scratch = Scratch::new(tokens, &self.shape);
        for layer in &self.layers {
            layer.forward(
                &mut x,
                &lengths,
                &self.shape,
                self.kernels,
                split,
                &mut scratch,
            );
        }
        let mut start = 0;
        lengths
            .iter()
            .map(|&len| {
                let rows = &x[start * h..(start + len) * h];
                start += len;
                mean_normalized(rows, h)
            })
            .collect()
    }
}

impl Layer {
    fn load(
        file: &WeightsFile,
        prefix: &str,
        shape: &Shape,
        layout: Layout,
    ) -> Result<Self, EmbedError> {
        let (h, ff) = (shape.hidden, shape.intermediate);
        let matrix =
            |name: &str, rows: usize, cols: usize| -> Result<(Q4Matrix, Vec<f32>), EmbedError> {
                let raw = file.q4(&format!("{prefix}.{name}.w"), rows, cols)?;
                let bias = file.f32s(&format!("{prefix}.{name}.b"), rows)?;
                Ok((Q4Matrix::from_blocks(&raw, rows, cols, layout), bias))
            };
        let (q, q_bias) = matrix("q", h, h)?;
        let (k, k_bias) = matrix("k", h, h)?;
        let (v, v_bias) = matrix("v", h, h)?;
        let (attention_out, attention_out_bias) = matrix("ao", h, h)?;
        let (up, up_bias) = matrix("fi", ff, h)?;
        let (down, down_bias) = matrix("fo", h, ff)?;
        let eps = shape.layer_norm_eps;
        Ok(Self {
            qkv: Q4Matrix::stack(&[q, k, v]),
            qkv_bias: [q_bias, k_bias, v_bias].concat(),
            attention_out,
            attention_out_bias,
            attention_norm: LayerNorm::load(file, &format!("{prefix}.aln"), h, eps)?,
            up,
            up_bias,
            down,
            down_bias,
            output_norm: LayerNorm::load(file, &format!("{prefix}.oln"), h, eps)?,
        })
    }

    fn forward(
        &self,
        x: &mut [f32],
        lengths: &[usize],
        shape: &Shape,
        kernels: Kernels,
        split: usize,
        scratch: &mut Scratch,
    ) {
        let m = x.len() / shape.hidden;
        let Scratch {
            qkv,
            context,
            projected,
            inner,
        } = scratch;
        let product = |x: &[f32], w: &Q4Matrix, bias: &[f32], activation, y: &mut [f32]| {
            matmul(kernels, x, m, w, bias, activation, y, split);
        };
        product(x, &self.qkv, &self.qkv_bias, Activation::None, qkv);
        attention(qkv, lengths, shape, kernels, split, context);
        let (w, bias) = (&self.attention_out, &self.attention_out_bias);
        product(context, w, bias, Activation::None, projected);
        add_and_norm(x, projected, &self.attention_norm);
        product(x, &self.up, &self.up_bias, Activation::Gelu, inner);
        let (w, bias) = (&self.down, &self.down_bias);
        product(inner, w, bias, Activation::None, projected);
        add_and_norm(x, projected, &self.output_norm);
    }
}

/// A batch's intermediate results, allocated once and overwritten by every
/// layer (each matmul writes all of its output).
struct Scratch {
    qkv: Vec<f32>,
    context: Vec<f32>,
    projected: Vec<f32>,
    inner: Vec<f32>,
}

impl Scratch {
    fn new(tokens: usize, shape: &Shape) -> Self {
        let h = shape.hidden;
        Self {
            qkv: vec![0.0; tokens * 3 * h],
            context: vec![0.0; tokens * h],
            projected: vec![0.0; tokens * h],
            inner: vec![0.0; tokens * shape.intermediate],
        }
    }
}

impl LayerNorm {
    fn load(file: &WeightsFile, prefix: &str, h: usize, eps: f32) -> Result<Self, EmbedError> {
        Ok(Self {
            weight: file.f32s(&format!("{prefix}.w"), h)?,
            bias: file.f32s(&format!("{prefix}.b"), h)?,
            eps,
        })
    }

    fn apply(&self, row: &mut [f32]) {
        let n = row.len() as f32;
        let mean = sum(row) / n;
        row.iter_mut().for_each(|v| *v -= mean);
        let scale = 1.0 / (dot(row, row) / n + self.eps).sqrt();
        for ((v, w), b) in row.iter_mut().zip(&self.weight).zip(&self.bias) {
            *v = *v * scale * w + b;
        }
    }
}

/// `x = LayerNorm(x + y)`, row by row.
fn add_and_norm(x: &mut [f32], y: &[f32], norm: &LayerNorm) {
    let h = norm.weight.len();
    for (row, add) in x.chunks_exact_mut(h).zip(y.chunks_exact(h)) {
        row.iter_mut().zip(add).for_each(|(a, b)| *a += b);
        norm.apply(row);
    }
}

/// Scaled dot-product attention within each text, into `context`; `qkv`
/// rows hold a token's queries, keys and values (`3 × hidden`). With
/// `split` > 1 the heads are shared among the current rayon pool's threads.
fn attention(
    qkv: &[f32],
    lengths: &[usize],
    shape: &Shape,
    kernels: Kernels,
    split: usize,
    context: &mut [f32],
) {
    let (h, heads) = (shape.hidden, shape.heads);
    let dh = h / heads;
    let mut one = Head::default();
    let mut start = 0;
    for &len in lengths {
        let rows = &qkv[start * 3 * h..(start + len) * 3 * h];
        let out = &mut context[start * h..(start + len) * h];
        let mut place = |head: usize, values: &[f32]| {
            for (row, values) in out.chunks_exact_mut(h).zip(values.chunks_exact(dh)) {
                row[head * dh..][..dh].copy_from_slice(values);
            }
        };
        if split > 1 {
            let outputs: Vec<Vec<f32>> = (0..heads)
                .into_par_iter()
                .map_init(Head::default, |buffers, head| {
                    buffers.attend(rows, head, len, h, dh, kernels).to_vec()
                })
                .collect();
            for (head, values) in outputs.iter().enumerate() {
                place(head, values);
            }
        } else {
            for head in 0..heads {
                place(head, one.attend(rows, head, len, h, dh, kernels));
            }
        }
        start += len;
    }
}

/// One head's queries (scaled), keys (transposed, zero-padded to
/// [`LANES`]), values and output, reused from text to text.
#[derive(Default)]
struct Head {
    q: Vec<f32>,
    kt: Vec<f32>,
    v: Vec<f32>,
    out: Vec<f32>,
}

impl Head {
    /// Gathers head `head` of one text's `rows` and attends; returns the
    /// text's `len` × `dh` outputs.
    fn attend(
        &mut self,
        rows: &[f32],
        head: usize,
        len: usize,
        h: usize,
        dh: usize,
        kernels: Kernels,
    ) -> &[f32] {
        let stride = len.next_multiple_of(LANES);
        let scale = 1.0 / (dh as f32).sqrt();
        for buffer in [&mut self.q, &mut self.v, &mut self.out] {
            buffer.resize(len * dh, 0.0);
        }
        self.kt.clear();
        self.kt.resize(dh * stride, 0.0);
        let at = head * dh;
        for (i, row) in rows.chunks_exact(3 * h).enumerate() {
            self.q[i * dh..][..dh]
                .iter_mut()
                .zip(&row[at..at + dh])
                .for_each(|(q, r)| *q = r * scale);
            for (d, &k) in row[h + at..h + at + dh].iter().enumerate() {
                self.kt[d * stride + i] = k;
            }
            self.v[i * dh..][..dh].copy_from_slice(&row[2 * h + at..2 * h + at + dh]);
        }
        let out = &mut self.out[..len * dh];
        kernels.attend(
            &self.q[..len * dh],
            &self.kt,
            &self.v[..len * dh],
            len,
            dh,
            out,
        );
        out
    }
}

/// The sum, as eight partial sums: unlike a sequential sum, this vectorises.
fn sum(a: &[f32]) -> f32 {
    let chunks = a.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().sum();
    let partial = chunks.fold([0.0f32; 8], |mut acc, c| {
        acc.iter_mut().zip(c).for_each(|(acc, c)| *acc += c);
        acc
    });
    partial.iter().sum::<f32>() + tail
}

/// The dot product, as eight partial sums, like [`sum`].
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let (a, b) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a
        .remainder()
        .iter()
        .zip(b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    let partial = a.zip(b).fold([0.0f32; 8], |mut acc, (a, b)| {
        acc.iter_mut()
            .zip(a.iter().zip(b))
            .for_each(|(acc, (a, b))| *acc += a * b);
        acc
    });
    partial.iter().sum::<f32>() + tail
}

/// The mean of `rows` (each `h` wide), scaled to unit length.
fn mean_normalized(rows: &[f32], h: usize) -> Vec<f32> {
    let mut mean = vec![0.0f32; h];
    for row in rows.chunks_exact(h) {
        mean.iter_mut().zip(row).for_each(|(m, v)| *m += v);
    }
    let norm = mean.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
    mean.iter_mut().for_each(|v| *v /= norm);
    mean
}
