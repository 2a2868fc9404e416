//! 4-bit (Q4_0) weight matrices, re-laid out once at load for the matmul
//! kernels, and the matmul itself: f32 activations times weights decoded on
//! the fly, so every product is exact in f32 and the weights stay 4-bit.
//!
//! A Q4_0 block holds 32 consecutive weights of one row: an f16 scale `d`,
//! then 16 bytes whose low nibbles are weights 0–15 and high nibbles 16–31;
//! a weight is `d * (nibble - 8)`. A [`Q4Matrix`] keeps those bytes but
//! groups the rows (output features) by [`PANEL`]: for each panel and block,
//! 16 f32 scales, then for each `i` in 0..16 the 16 panel rows' byte `i`.
//! A kernel thus decodes one vector of 16 outputs' weights per input pair
//! `(i, i + 16)` and reuses it for every activation row.
//!
//! The integer kernels ([`super::int8`]) read the same nibbles in another
//! order ([`Layout::Int8`]): per panel and block, for each group `g` in
//! 0..4, the 16 rows' 4 bytes `4g..4g + 4`, so one 32-byte load holds 8
//! outputs × 4 consecutive inputs (low nibbles) and the same outputs' inputs
//! 16 further on (high nibbles), the shape an integer dot product takes.

use rayon::prelude::*;

use super::kernels::Kernels;

/// Weights per Q4_0 block.
pub const BLOCK_LEN: usize = 32;
/// Bytes per Q4_0 block: an f16 scale and 16 bytes of nibbles.
pub const BLOCK_BYTES: usize = 18;
/// Output features per panel (one AVX-512 register of f32).
pub const PANEL: usize = 16;
/// Bytes of nibbles per panel and block.
pub const PANEL_BLOCK_BYTES: usize = PANEL * BLOCK_LEN / 2;

/// The order of a panel's nibbles within a block, chosen by the kernels
/// that will read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `[byte i][row in panel]`: the f32 kernels' order.
    F32,
    /// `[group g][row in panel][byte 4g + j]`: the integer kernels' order.
    Int8,
}

impl Layout {
    /// Where byte `i` (0..16) of row `lane`'s block lands in its panel block.
    pub fn offset(self, lane: usize, i: usize) -> usize {
        match self {
            Self::F32 => i * PANEL + lane,
            Self::Int8 => (i / 4) * PANEL * 4 + lane * 4 + i % 4,
        }
    }
}

/// A `rows` × `cols` weight matrix (PyTorch's `Linear` layout: one row per
/// output feature) in 4 bits, grouped in panels of [`PANEL`] rows.
pub struct Q4Matrix {
    pub rows: usize,
    pub cols: usize,
    pub layout: Layout,
    /// `[panel][block][row in panel]`
    scales: Vec<f32>,
    /// `[panel][block]`, then the 16 rows' bytes in `layout`'s order.
    nibbles: Vec<u8>,
}

impl Q4Matrix {
    /// Re-lays out row-major Q4_0 blocks (`rows` × `cols`); `rows` must be a
    /// multiple of [`PANEL`] and `cols` of [`BLOCK_LEN`].
    pub fn from_blocks(raw: &[u8], rows: usize, cols: usize, layout: Layout) -> Self {
        assert!(rows.is_multiple_of(PANEL) && cols.is_multiple_of(BLOCK_LEN));
        let blocks = cols / BLOCK_LEN;
        assert_eq!(raw.len(), rows * blocks * BLOCK_BYTES);
        let mut scales = vec![0.0; rows * blocks];
        let mut nibbles = vec![0u8; rows * blocks * BLOCK_LEN / 2];
        for row in 0..rows {
            let (panel, lane) = (row / PANEL, row % PANEL);
            for b in 0..blocks {
                let block = &raw[(row * blocks + b) * BLOCK_BYTES..][..BLOCK_BYTES];
                let at = panel * blocks + b;
                scales[at * PANEL + lane] = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
                for (i, &byte) in block[2..].iter().enumerate() {
                    nibbles[at * PANEL_BLOCK_BYTES + layout.offset(lane, i)] = byte;
                }
            }
        }
        Self {
            rows,
            cols,
            layout,
            scales,
            nibbles,
        }
    }

    /// Stacks matrices with the same column count and layout (e.g. Q, K and
    /// V into one).
    pub fn stack(parts: &[Q4Matrix]) -> Self {
        assert!(parts
            .windows(2)
            .all(|w| w[0].cols == w[1].cols && w[0].layout == w[1].layout));
        Self {
            rows: parts.iter().map(|p| p.rows).sum(),
            cols: parts[0].cols,
            layout: parts[0].layout,
            scales: parts
                .iter()
                .flat_map(|p| p.scales.iter().copied())
                .collect(),
            nibbles: parts
                .iter()
                .flat_map(|p| p.nibbles.iter().copied())
                .collect(),
        }
    }

    pub fn panels(&self) -> usize {
        self.rows / PANEL
    }

    pub fn scales(&self) -> &[f32] {
        &self.scales
    }

    pub fn nibbles(&self) -> &[u8] {
        &self.nibbles
    }
}

/// What follows the matmul on each output.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Activation {
    None,
    Gelu,
}

/// `y = x · wᵀ + bias`, then `activation`; `x` is `m` × `w.cols` and `y` is
/// `m` × `w.rows`, both row-major. With `split` the output panels are shared
/// among the current rayon pool's threads (worth it for the few rows of
/// one query; a batch instead gives each thread its own texts).
#[allow(clippy::too_many_arguments)]
pub fn matmul(
    kernels: Kernels,
    x: &[f32],
    m: usize,
    w: &Q4Matrix,
    bias: &[f32],
    activation: Activation,
    y: &mut [f32],
    split: usize,
) {
    assert_eq!(x.len(), m * w.cols);
    assert_eq!(y.len(), m * w.rows);
    assert_eq!(bias.len(), w.rows);
    let panels = w.panels();
    let x = kernels.input(x, m, w.cols);
    let x = &x;
    if split <= 1 || m == 0 {
        kernels.panels(x, m, w, 0..panels, bias, activation, y, w.rows);
        return;
    }
    let per = panels.div_ceil(split);
    let parts: Vec<(usize, Vec<f32>)> = (0..panels)
        .step_by(per)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|first| {
            let range = first..(first + per).min(panels);
            let width = range.len() * PANEL;
            let mut part = vec![0.0; m * width];
            kernels.panels(x, m, w, range, bias, activation, &mut part, width);
            (first * PANEL, part)
        })
        .collect();
    for (col, part) in parts {
        let width = part.len() / m;
        for (row, values) in part.chunks_exact(width).enumerate() {
            y[row * w.rows + col..][..width].copy_from_slice(values);
        }
    }
}

/// The portable kernel: the same arithmetic as the SIMD kernels, one
/// output at a time. `y` holds `m` rows of `ldy` values; panel `p` of
/// `panels` lands in columns `(p - panels.start) * PANEL ..`.
#[allow(clippy::too_many_arguments)]
pub fn panels_scalar(
    x: &[f32],
    m: usize,
    w: &Q4Matrix,
    panels: std::ops::Range<usize>,
    bias: &[f32],
    activation: Activation,
    y: &mut [f32],
    ldy: usize,
) {
    assert_eq!(w.layout, Layout::F32);
    let blocks = w.cols / BLOCK_LEN;
    for (out_panel, p) in panels.enumerate() {
        for row in 0..m {
            let xr = &x[row * w.cols..][..w.cols];
            let mut acc = [0.0f32; PANEL];
            for b in 0..blocks {
                let at = p * blocks + b;
                let scales = &w.scales[at * PANEL..][..PANEL];
                let nibbles = &w.nibbles[at * PANEL_BLOCK_BYTES..][..PANEL_BLOCK_BYTES];
                let xb = &xr[b * BLOCK_LEN..][..BLOCK_LEN];
                for i in 0..BLOCK_LEN / 2 {
                    for lane in 0..PANEL {
                        let byte = nibbles[i * PANEL + lane];
                        let d = scales[lane];
                        let lo = f32::from(byte & 15) * d - 8.0 * d;
                        let hi = f32::from(byte >> 4) * d - 8.0 * d;
                        acc[lane] += xb[i] * lo + xb[i + 16] * hi;
                    }
                }
            }
            let out = &mut y[row * ldy + out_panel * PANEL..][..PANEL];
            finish_panel(&acc, &bias[p * PANEL..][..PANEL], activation, out);
        }
    }
}

/// A portable kernel's last step for one panel of one row: `out =
/// activation(acc + bias)`.
pub fn finish_panel(acc: &[f32; PANEL], bias: &[f32], activation: Activation, out: &mut [f32]) {
    for ((out, acc), bias) in out.iter_mut().zip(acc).zip(bias) {
        let v = acc + bias;
        *out = match activation {
            Activation::None => v,
            Activation::Gelu => gelu(v),
        };
    }
}

/// GELU with the exact (erf) form, as BERT uses.
pub fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// `erf(x) ≈ x·P(x²)/Q(x²)` on [-4, 4] (clamped beyond, where erf is ±1 in
/// f32): a rational fit with maximum error 3.4e-7 in f32 arithmetic.
pub const ERF_P: [f32; 6] = [
    std::f32::consts::FRAC_2_SQRT_PI,
    0.193_040_16,
    0.053_053_718,
    0.003_869_26,
    0.000_285_544_93,
    2.005_978_8e-6,
];
pub const ERF_Q: [f32; 6] = [
    1.0,
    0.504_409_4,
    0.115_159_41,
    0.015_174_655,
    0.001_184_778_6,
    3.767_416e-5,
];

pub fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let t = x * x;
    let p = ERF_P.iter().rev().fold(0.0, |acc, &c| acc * t + c);
    let q = ERF_Q.iter().rev().fold(0.0, |acc, &c| acc * t + c);
    x * p / q
}

/// IEEE half to single precision (exact).
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h >> 15) << 31;
    let exponent = u32::from((h >> 10) & 0x1f);
    let mantissa = u32::from(h & 0x3ff);
    let bits = match (exponent, mantissa) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: renormalise.
            let shift = mantissa.leading_zeros() - 21;
            sign | ((113 - shift) << 23) | (((mantissa << shift) & 0x3ff) << 13)
        }
        (0x1f, _) => sign | 0x7f80_0000 | (mantissa << 13),
        _ => sign | ((exponent + 112) << 23) | (mantissa << 13),
    };
    f32::from_bits(bits)
}

/// Decodes Q4_0 blocks (one embedding row) into f32.
pub fn dequantize_row(blocks: &[u8], out: &mut [f32]) {
    for (block, out) in blocks
        .chunks_exact(BLOCK_BYTES)
        .zip(out.chunks_exact_mut(BLOCK_LEN))
    {
        let d = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
        for (i, &byte) in block[2..].iter().enumerate() {
            out[i] = (f32::from(byte & 15) - 8.0) * d;
            out[i + 16] = (f32::from(byte >> 4) - 8.0) * d;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_precision_converts_exactly() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x03ff), 1023.0 * 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert!(f16_to_f32(0x7c00).is_infinite());
    }

    #[test]
    fn erf_is_within_its_stated_error() {
        // Reference values of erf at a few points.
        for (x, want) in [
            (0.0, 0.0),
            (0.1, 0.112_462_916),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (2.0, 0.995_322_3),
            (3.0, 0.999_977_9),
            (-1.5, -0.966_105_15),
            (10.0, 1.0),
        ] {
            assert!((erf(x) - want).abs() < 5e-7, "erf({x}) = {}", erf(x));
        }
    }
}
