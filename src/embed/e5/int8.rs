//! Integer matmuls: activations quantised to 8 bits per block of 32 (one f32
//! scale each, as the weights have), multiplied against the 4-bit weights
//! with integer dot products summed in i16/i32 and scaled once per block.
//!
//! A weight is `d_w · (n − 8)` with its nibble `n` in 0..16 and an
//! activation `d_x · q` with `q` in −127..=127, so a block contributes
//! `d_w · d_x · (Σ n·q − 8·Σ q)`. The integer kernels multiply the unsigned
//! nibbles by the signed activations (the operand order of x86's
//! `pmaddubsw`) and subtract `8·Σ q`, kept per block beside the scale. The
//! portable kernel here is the reference the SIMD kernels must equal.

use std::ops::Range;

use super::q4::{finish_panel, Activation, Layout, Q4Matrix, BLOCK_LEN, PANEL, PANEL_BLOCK_BYTES};

/// `m` rows of activations in 8 bits: `q` row-major like the f32 rows, and
/// per row and block of [`BLOCK_LEN`] its scale and `8·Σ q`.
pub struct Quantized {
    pub q: Vec<i8>,
    pub scales: Vec<f32>,
    pub sums8: Vec<i32>,
}

impl Quantized {
    /// Room for `m` rows of `k` values, all zero.
    pub fn zeros(m: usize, k: usize) -> Self {
        assert!(k.is_multiple_of(BLOCK_LEN));
        let blocks = m * k / BLOCK_LEN;
        Self {
            q: vec![0; m * k],
            scales: vec![0.0; blocks],
            sums8: vec![0; blocks],
        }
    }
}

/// Quantises `m` rows of `k` values, each block of 32 by its largest
/// magnitude (which maps to ±127; an all-zero or non-finite block stays 0),
/// rounding to the nearest integer, ties to even (as x86's `cvtps2dq`, so
/// the SIMD quantisers give the same bytes).
pub fn quantize(x: &[f32], m: usize, k: usize) -> Quantized {
    assert!(x.len() >= m * k);
    let mut out = Quantized::zeros(m, k);
    for (b, (values, q)) in x[..m * k]
        .chunks_exact(BLOCK_LEN)
        .zip(out.q.chunks_exact_mut(BLOCK_LEN))
        .enumerate()
    {
        let largest = values.iter().fold(0.0f32, |a, v| a.max(v.abs()));
        let Some((scale, inverse)) = block_scale(largest) else {
            continue;
        };
        let mut sum = 0;
        for (q, v) in q.iter_mut().zip(values) {
            *q = (v * inverse).round_ties_even() as i8;
            sum += i32::from(*q);
        }
        out.scales[b] = scale;
        out.sums8[b] = 8 * sum;
    }
    out
}

/// A block's scale and its inverse, from its largest magnitude; `None`
/// when the block is all zero or not finite (it then stays all zero).
pub fn block_scale(largest: f32) -> Option<(f32, f32)> {
    (largest > 0.0 && largest.is_finite()).then(|| (largest / 127.0, 127.0 / largest))
}

/// The portable integer kernel: `panels` of `x · wᵀ + bias` (then
/// `activation`) into `y` (rows `ldy` apart, panel `p` at columns
/// `(p − panels.start) · PANEL ..`), one output at a time.
#[allow(clippy::too_many_arguments)]
pub fn panels_scalar(
    x: &Quantized,
    m: usize,
    w: &Q4Matrix,
    panels: Range<usize>,
    bias: &[f32],
    activation: Activation,
    y: &mut [f32],
    ldy: usize,
) {
    assert_eq!(w.layout, Layout::Int8);
    let blocks = w.cols / BLOCK_LEN;
    for (out_panel, p) in panels.enumerate() {
        for row in 0..m {
            let mut acc = [0.0f32; PANEL];
            for b in 0..blocks {
                let at = p * blocks + b;
                let scales = &w.scales()[at * PANEL..][..PANEL];
                let nibbles = &w.nibbles()[at * PANEL_BLOCK_BYTES..][..PANEL_BLOCK_BYTES];
                let q = &x.q[row * w.cols + b * BLOCK_LEN..][..BLOCK_LEN];
                let (d_x, sum8) = (x.scales[row * blocks + b], x.sums8[row * blocks + b]);
                for (lane, acc) in acc.iter_mut().enumerate() {
                    let mut dot = -sum8;
                    for i in 0..BLOCK_LEN / 2 {
                        let byte = nibbles[Layout::Int8.offset(lane, i)];
                        dot += i32::from(byte & 15) * i32::from(q[i]);
                        dot += i32::from(byte >> 4) * i32::from(q[i + 16]);
                    }
                    *acc += dot as f32 * (scales[lane] * d_x);
                }
            }
            let out = &mut y[row * ldy + out_panel * PANEL..][..PANEL];
            finish_panel(&acc, &bias[p * PANEL..][..PANEL], activation, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantising_keeps_each_value_within_half_a_step() {
        let x: Vec<f32> = (0..128)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) * 0.013)
            .chain([0.0; 32])
            .collect();
        let quantized = quantize(&x, 1, 160);
        for (b, values) in x.chunks_exact(BLOCK_LEN).enumerate() {
            let scale = quantized.scales[b];
            let q = &quantized.q[b * BLOCK_LEN..][..BLOCK_LEN];
            for (v, &q) in values.iter().zip(q) {
                assert!((v - scale * f32::from(q)).abs() <= scale / 2.0 + 1e-7);
            }
            let sum: i32 = q.iter().map(|&q| i32::from(q)).sum();
            assert_eq!(quantized.sums8[b], 8 * sum);
        }
        assert_eq!(quantized.scales[4], 0.0, "an all-zero block");
        assert!(quantized.q[4 * 32..].iter().all(|&q| q == 0));
        assert!(quantized.q.iter().any(|&q| q == 127 || q == -127));
    }
}
