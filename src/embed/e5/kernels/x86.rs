//! The x86-64 matmul kernels, AVX-512F and AVX2+FMA: the crate's only
//! unsafe code (SIMD intrinsics on raw pointers). Each public function is
//! safe: it checks the CPU feature and every slice length, so the pointer
//! arithmetic inside stays within the slices.
//!
//! Per panel of 16 outputs and tile of up to `MR` activation rows, a kernel
//! decodes the panel's nibbles of one input pair `(i, i + 16)` into two f32
//! vectors (`d · q - 8d`, exact) and multiplies them into `MR` accumulators,
//! so decoding is paid once per tile rather than per row.

#![allow(unsafe_code)]

use std::arch::x86_64::*;
use std::ops::Range;

use super::super::q4::{
    Activation, Layout, Q4Matrix, BLOCK_LEN, ERF_P, ERF_Q, PANEL, PANEL_BLOCK_BYTES,
};

/// Rows per AVX-512 tile: up to 24 accumulators leave registers for
/// decoding; a last tile that is not full is padded to the next size.
const SIZES_512: [usize; 6] = [4, 8, 12, 16, 20, 24];
/// Rows per AVX2 tile: at most 8 accumulators of 16 registers.
const SIZES_256: [usize; 4] = [1, 2, 3, 4];

pub fn has_avx512() -> bool {
    is_x86_feature_detected!("avx512f")
}

pub fn has_avx2() -> bool {
    is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")
}

/// One tile's operands: `x` points at row 0 (rows `k` apart), `scales` and
/// `nibbles` at the panel's first block, `bias` at its 16 biases, `y` at
/// row 0's 16 outputs (rows `ldy` apart).
#[derive(Clone, Copy)]
struct Tile {
    x: *const f32,
    k: usize,
    scales: *const f32,
    nibbles: *const u8,
    blocks: usize,
    bias: *const f32,
    gelu: bool,
    y: *mut f32,
    ldy: usize,
}

/// Calls `run(rows, tile)` for every tile and panel, each tile of one of
/// `sizes` rows (ascending), after checking (panicking otherwise) that the
/// slices hold everything a kernel reads or writes. A last tile smaller
/// than the size chosen for it runs on zero-padded copies.
#[allow(clippy::too_many_arguments)]
fn for_each_tile(
    x: &[f32],
    m: usize,
    w: &Q4Matrix,
    panels: Range<usize>,
    bias: &[f32],
    activation: Activation,
    y: &mut [f32],
    ldy: usize,
    sizes: &[usize],
    mut run: impl FnMut(usize, Tile),
) {
    let (k, blocks) = (w.cols, w.cols / BLOCK_LEN);
    assert_eq!(w.layout, Layout::F32);
    assert!(x.len() >= m * k);
    check_operands(m, w, &panels, bias, y, ldy);
    let largest = *sizes.last().expect("a tile size");
    let mut row = 0;
    while row < m {
        let rows = (m - row).min(largest);
        let size = *sizes.iter().find(|&&s| s >= rows).unwrap_or(&largest);
        let mut padded = (size > rows).then(|| {
            let mut x_pad = vec![0.0; size * k];
            x_pad[..rows * k].copy_from_slice(&x[row * k..(row + rows) * k]);
            (x_pad, vec![0.0; size * ldy])
        });
        let (xt, yt) = match &mut padded {
            Some((x_pad, y_pad)) => (x_pad.as_ptr(), y_pad.as_mut_ptr()),
            None => (x[row * k..].as_ptr(), y[row * ldy..].as_mut_ptr()),
        };
        for (out, p) in panels.clone().enumerate() {
            let tile = Tile {
                x: xt,
                k,
                scales: w.scales()[p * blocks * PANEL..].as_ptr(),
                nibbles: w.nibbles()[p * blocks * PANEL_BLOCK_BYTES..].as_ptr(),
                blocks,
                bias: bias[p * PANEL..].as_ptr(),
                gelu: activation == Activation::Gelu,
                y: yt.wrapping_add(out * PANEL),
                ldy,
            };
            run(size, tile);
        }
        if let Some((_, y_pad)) = padded {
            for r in 0..rows {
                let width = panels.len() * PANEL;
                y[(row + r) * ldy..][..width].copy_from_slice(&y_pad[r * ldy..][..width]);
            }
        }
        row += rows;
    }
}

/// Checks (panicking otherwise) that the weights, `panels`, the biases and
/// `y` (`m` rows `ldy` apart) hold everything a kernel of either arithmetic
/// reads or writes for them; the caller checks its own activations.
pub(super) fn check_operands(
    m: usize,
    w: &Q4Matrix,
    panels: &Range<usize>,
    bias: &[f32],
    y: &[f32],
    ldy: usize,
) {
    let blocks = w.cols / BLOCK_LEN;
    assert!(panels.start <= panels.end && panels.end <= w.panels());
    assert!(w.scales().len() >= w.panels() * blocks * PANEL);
    assert!(w.nibbles().len() >= w.panels() * blocks * PANEL_BLOCK_BYTES);
    assert!(bias.len() >= w.rows);
    assert!(ldy >= panels.len() * PANEL);
    assert!(m == 0 || y.len() >= (m - 1) * ldy + panels.len() * PANEL);
}

/// `panels` of `x · wᵀ + bias` (then `activation`) into `y`, with AVX-512F.
#[allow(clippy::too_many_arguments)]
pub fn panels_avx512(
    x: &[f32],
    m: usize,
    w: &Q4Matrix,
    panels: Range<usize>,
    bias: &[f32],
    activation: Activation,
    y: &mut [f32],
    ldy: usize,
) {
    assert!(has_avx512());
    for_each_tile(
        x,
        m,
        w,
        panels,
        bias,
        activation,
        y,
        ldy,
        &SIZES_512,
        |n, t| {
            // SAFETY: the CPU has AVX-512F (asserted above), and `for_each_tile`
            // checked that the tile's `n` rows of `x` (or their padded copy),
            // its panel's scales, nibbles and biases, and its outputs lie
            // within their slices.
            unsafe {
                match n {
                    4 => tile_avx512_4(t),
                    8 => tile_avx512_8(t),
                    12 => tile_avx512_12(t),
                    16 => tile_avx512_16(t),
                    20 => tile_avx512_20(t),
                    24 => tile_avx512_24(t),
                    _ => unreachable!("no {n}-row tile"),
                }
            }
        },
    );
}

/// `panels` of `x · wᵀ + bias` (then `activation`) into `y`, with AVX2 and FMA.
#[allow(clippy::too_many_arguments)]
pub fn panels_avx2(
    x: &[f32],
    m: usize,
    w: &Q4Matrix,
    panels: Range<usize>,
    bias: &[f32],
    activation: Activation,
    y: &mut [f32],
    ldy: usize,
) {
    assert!(has_avx2());
    for_each_tile(
        x,
        m,
        w,
        panels,
        bias,
        activation,
        y,
        ldy,
        &SIZES_256,
        |n, t| {
            // SAFETY: as in `panels_avx512`, with AVX2 and FMA asserted.
            unsafe {
                match n {
                    1 => tile_avx2_1(t),
                    2 => tile_avx2_2(t),
                    3 => tile_avx2_3(t),
                    4 => tile_avx2_4(t),
                    _ => unreachable!("no {n}-row tile"),
                }
            }
        },
    );
}

/// Defines a tile kernel for the listed rows. Each accumulator is only ever
/// indexed by a literal, so the compiler keeps them all in registers (a
/// loop over rows, even in the final stores, left them in memory).
macro_rules! tile_avx512 {
    ($name:ident: $($r:literal)*) => {
        /// One panel of a [`Tile`] for the listed rows, with AVX-512F.
        ///
        /// # Safety
        /// The CPU must have AVX-512F, and every address the tile names
        /// (for its rows and `blocks` blocks) must lie within one live
        /// allocation.
        #[target_feature(enable = "avx512f")]
        unsafe fn $name(t: Tile) {
            let Tile { x, k, scales, nibbles, blocks, bias, gelu, y, ldy } = t;
            let mut acc = [_mm512_setzero_ps(); [$($r),*].len()];
            let low = _mm512_set1_epi32(15);
            for b in 0..blocks {
                let d = _mm512_loadu_ps(scales.add(b * PANEL));
                let minus_8d = _mm512_mul_ps(d, _mm512_set1_ps(-8.0));
                let q = nibbles.add(b * PANEL_BLOCK_BYTES);
                let xb = x.add(b * BLOCK_LEN);
                for i in 0..BLOCK_LEN / 2 {
                    let bytes = _mm512_cvtepu8_epi32(_mm_loadu_si128(q.add(i * PANEL).cast()));
                    let lo = _mm512_cvtepi32_ps(_mm512_and_si512(bytes, low));
                    let hi = _mm512_cvtepi32_ps(_mm512_srli_epi32::<4>(bytes));
                    let lo = _mm512_fmadd_ps(lo, d, minus_8d);
                    let hi = _mm512_fmadd_ps(hi, d, minus_8d);
                    $(
                        acc[$r] = _mm512_fmadd_ps(_mm512_set1_ps(*xb.add($r * k + i)), lo, acc[$r]);
                        acc[$r] = _mm512_fmadd_ps(_mm512_set1_ps(*xb.add($r * k + i + 16)), hi, acc[$r]);
                    )*
                }
            }
            let bias = _mm512_loadu_ps(bias);
            $(
                let v = _mm512_add_ps(acc[$r], bias);
                let v = if gelu { gelu_avx512(v) } else { v };
                _mm512_storeu_ps(y.add($r * ldy), v);
            )*
        }
    };
}

tile_avx512!(tile_avx512_4: 0 1 2 3);
tile_avx512!(tile_avx512_8: 0 1 2 3 4 5 6 7);
tile_avx512!(tile_avx512_12: 0 1 2 3 4 5 6 7 8 9 10 11);
tile_avx512!(tile_avx512_16: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
tile_avx512!(tile_avx512_20: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19);
tile_avx512!(tile_avx512_24: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23);

/// As [`tile_avx512!`], the panel's 16 outputs as two halves of 8.
macro_rules! tile_avx2 {
    ($name:ident: $($r:literal)*) => {
        /// One panel of a [`Tile`] for the listed rows, with AVX2 and FMA.
        ///
        /// # Safety
        /// The CPU must have AVX2 and FMA; addresses as for the AVX-512 tiles.
        #[target_feature(enable = "avx2,fma")]
        unsafe fn $name(t: Tile) {
            let Tile { x, k, scales, nibbles, blocks, bias, gelu, y, ldy } = t;
            let mut acc = [[_mm256_setzero_ps(); 2]; [$($r),*].len()];
            let low = _mm256_set1_epi32(15);
            for b in 0..blocks {
                let q = nibbles.add(b * PANEL_BLOCK_BYTES);
                let xb = x.add(b * BLOCK_LEN);
                for half in 0..2 {
                    let d = _mm256_loadu_ps(scales.add(b * PANEL + half * 8));
                    let minus_8d = _mm256_mul_ps(d, _mm256_set1_ps(-8.0));
                    for i in 0..BLOCK_LEN / 2 {
                        let bytes = _mm256_cvtepu8_epi32(_mm_loadl_epi64(q.add(i * PANEL + half * 8).cast()));
                        let lo = _mm256_cvtepi32_ps(_mm256_and_si256(bytes, low));
                        let hi = _mm256_cvtepi32_ps(_mm256_srli_epi32::<4>(bytes));
                        let lo = _mm256_fmadd_ps(lo, d, minus_8d);
                        let hi = _mm256_fmadd_ps(hi, d, minus_8d);
                        $(
                            acc[$r][half] = _mm256_fmadd_ps(_mm256_set1_ps(*xb.add($r * k + i)), lo, acc[$r][half]);
                            acc[$r][half] = _mm256_fmadd_ps(_mm256_set1_ps(*xb.add($r * k + i + 16)), hi, acc[$r][half]);
                        )*
                    }
                }
            }
            for half in 0..2 {
                let bias = _mm256_loadu_ps(bias.add(half * 8));
                $(
                    let v = _mm256_add_ps(acc[$r][half], bias);
                    let v = if gelu { gelu_avx2(v) } else { v };
                    _mm256_storeu_ps(y.add($r * ldy + half * 8), v);
                )*
            }
        }
    };
}

tile_avx2!(tile_avx2_1: 0);
tile_avx2!(tile_avx2_2: 0 1);
tile_avx2!(tile_avx2_3: 0 1 2);
tile_avx2!(tile_avx2_4: 0 1 2 3);

/// GELU on 16 lanes: `0.5 x (1 + erf(x / √2))` with the rational erf of `q4`.
#[target_feature(enable = "avx512f")]
pub(super) fn gelu_avx512(x: __m512) -> __m512 {
    let z = _mm512_mul_ps(x, _mm512_set1_ps(std::f32::consts::FRAC_1_SQRT_2));
    let z = _mm512_min_ps(_mm512_max_ps(z, _mm512_set1_ps(-4.0)), _mm512_set1_ps(4.0));
    let t = _mm512_mul_ps(z, z);
    let horner = |c: &[f32; 6]| {
        c.iter().rev().fold(_mm512_setzero_ps(), |acc, &c| {
            _mm512_fmadd_ps(acc, t, _mm512_set1_ps(c))
        })
    };
    let erf = _mm512_div_ps(_mm512_mul_ps(z, horner(&ERF_P)), horner(&ERF_Q));
    let half_x = _mm512_mul_ps(x, _mm512_set1_ps(0.5));
    _mm512_fmadd_ps(half_x, erf, half_x)
}

/// GELU on 8 lanes, as [`gelu_avx512`].
#[target_feature(enable = "avx2,fma")]
pub(super) fn gelu_avx2(x: __m256) -> __m256 {
    let z = _mm256_mul_ps(x, _mm256_set1_ps(std::f32::consts::FRAC_1_SQRT_2));
    let z = _mm256_min_ps(_mm256_max_ps(z, _mm256_set1_ps(-4.0)), _mm256_set1_ps(4.0));
    let t = _mm256_mul_ps(z, z);
    let horner = |c: &[f32; 6]| {
        c.iter().rev().fold(_mm256_setzero_ps(), |acc, &c| {
            _mm256_fmadd_ps(acc, t, _mm256_set1_ps(c))
        })
    };
    let erf = _mm256_div_ps(_mm256_mul_ps(z, horner(&ERF_P)), horner(&ERF_Q));
    let half_x = _mm256_mul_ps(x, _mm256_set1_ps(0.5));
    _mm256_fmadd_ps(half_x, erf, half_x)
}
