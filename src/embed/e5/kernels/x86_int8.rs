//! The AVX2 integer matmul kernel (see [`super::super::int8`] for the
//! arithmetic). Like the f32 kernels, its one public function is safe: it
//! checks the CPU feature and every slice length before the pointer
//! arithmetic inside.
//!
//! Per half panel (8 outputs) and tile of up to [`ROWS`] activation rows,
//! one 32-byte load of [`Layout::Int8`] nibbles gives two registers of 8
//! outputs × 4 inputs (low and high nibbles); `pmaddubsw` multiplies each by
//! a row's 4 activations (broadcast) into pairs of i16. A block's 8 such
//! products are summed in i16 (at most 8 · 2 · 15 · 127 = 30,480, so no
//! overflow), widened once (`pmaddwd` by 1), corrected by `8·Σq`, converted
//! and scaled into an f32 accumulator: 32 multiply-adds per instruction
//! where an f32 FMA does 8.

#![allow(unsafe_code)]

use std::arch::x86_64::*;
use std::ops::Range;

use super::super::int8::{block_scale, Quantized};
use super::super::q4::{Activation, Layout, Q4Matrix, BLOCK_LEN, PANEL, PANEL_BLOCK_BYTES};
use super::x86::{check_operands, gelu_avx2, has_avx2};

/// Rows per tile. Each row keeps an i16 and an f32 accumulator beside the
/// two weight registers, the broadcast and two constants, so past 5 rows a
/// few values live in L1 instead of the 16 registers; still, of 3 to 8 rows,
/// 6 measured fastest (300 single questions 1.68–1.76 s against 2.20–2.28 s
/// at 4 rows, the same run; a batch ~8 % faster).
const ROWS: usize = 6;

/// One tile's operands (this kernel's and the VNNI kernel's): `q` points at
/// row 0's activations (rows `k` apart), `x_scales` and `x_sums8` at row
/// 0's first block (rows `blocks` apart), `w_scales` and `nibbles` at the
/// first block of the outputs the tile computes (a half panel here, a panel
/// with VNNI), `bias` at their biases, `y` at row 0's outputs (rows `ldy`
/// apart).
#[derive(Clone, Copy)]
pub(super) struct Tile {
    pub q: *const i8,
    pub k: usize,
    pub x_scales: *const f32,
    pub x_sums8: *const i32,
    pub w_scales: *const f32,
    pub nibbles: *const u8,
    pub blocks: usize,
    pub bias: *const f32,
    pub gelu: bool,
    pub y: *mut f32,
    pub ldy: usize,
}

/// `panels` of `x · wᵀ + bias` (then `activation`) into `y`, with AVX2.
#[allow(clippy::too_many_arguments)]
pub fn panels_avx2(
    x: &Quantized,
    m: usize,
    w: &Q4Matrix,
    panels: Range<usize>,
    bias: &[f32],
    activation: Activation,
    y: &mut [f32],
    ldy: usize,
) {
    assert!(has_avx2());
    let (k, blocks) = check_int8_operands(x, m, w, &panels, bias, y, ldy);
    for row in (0..m).step_by(ROWS) {
        let rows = (m - row).min(ROWS);
        for (out, p) in panels.clone().enumerate() {
            for half in 0..2 {
                let tile = Tile {
                    q: x.q[row * k..].as_ptr(),
                    k,
                    x_scales: x.scales[row * blocks..].as_ptr(),
                    x_sums8: x.sums8[row * blocks..].as_ptr(),
                    w_scales: w.scales()[p * blocks * PANEL + half * 8..].as_ptr(),
                    nibbles: w.nibbles()[p * blocks * PANEL_BLOCK_BYTES + half * 32..].as_ptr(),
                    blocks,
                    bias: bias[p * PANEL + half * 8..].as_ptr(),
                    gelu: activation == Activation::Gelu,
                    y: y[row * ldy + out * PANEL + half * 8..].as_mut_ptr(),
                    ldy,
                };
                // SAFETY: the CPU has AVX2 and FMA (asserted above), and the
                // asserts above put the tile's `rows` rows of activations,
                // their block scales and sums, the half panel's scales,
                // nibbles and biases, and its outputs within their slices.
                unsafe {
                    match rows {
                        1 => tile_1(tile),
                        2 => tile_2(tile),
                        3 => tile_3(tile),
                        4 => tile_4(tile),
                        5 => tile_5(tile),
                        6 => tile_6(tile),
                        _ => unreachable!("no {rows}-row tile"),
                    }
                }
            }
        }
    }
}

/// Asserts that an integer kernel's operands fit (the weights in the
/// integer layout, `m` rows of quantised activations, and what
/// [`check_operands`] checks); returns `k` and its blocks per row.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_int8_operands(
    x: &Quantized,
    m: usize,
    w: &Q4Matrix,
    panels: &Range<usize>,
    bias: &[f32],
    y: &[f32],
    ldy: usize,
) -> (usize, usize) {
    let (k, blocks) = (w.cols, w.cols / BLOCK_LEN);
    assert_eq!(w.layout, Layout::Int8);
    assert!(x.q.len() >= m * k && x.scales.len() >= m * blocks && x.sums8.len() >= m * blocks);
    check_operands(m, w, panels, bias, y, ldy);
    (k, blocks)
}

/// [`super::super::int8::quantize`] with AVX2: the same bytes, scales and
/// sums (the largest magnitude is exact, and `cvtps2dq` rounds ties to even).
pub fn quantize_avx2(x: &[f32], m: usize, k: usize) -> Quantized {
    #[target_feature(enable = "avx2,fma")]
    fn run(x: &[f32], out: &mut Quantized) {
        let sign = _mm256_set1_ps(-0.0);
        // packs_epi32/epi16 interleave the two 128-bit lanes; this restores order.
        let order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
        for (b, (values, q)) in x
            .chunks_exact(BLOCK_LEN)
            .zip(out.q.chunks_exact_mut(BLOCK_LEN))
            .enumerate()
        {
            let values: &[f32; BLOCK_LEN] = values.try_into().expect("a block");
            // SAFETY: each load reads 8 of the block's 32 values.
            let v = [0, 8, 16, 24].map(|i| unsafe { _mm256_loadu_ps(values[i..].as_ptr()) });
            let mut largest = _mm256_setzero_ps();
            for v in v {
                largest = _mm256_max_ps(_mm256_andnot_ps(sign, v), largest);
            }
            let Some((scale, inverse)) = block_scale(horizontal_max(largest)) else {
                continue;
            };
            let inverse = _mm256_set1_ps(inverse);
            let n = v.map(|v| _mm256_cvtps_epi32(_mm256_mul_ps(v, inverse)));
            let sum = _mm256_add_epi32(_mm256_add_epi32(n[0], n[1]), _mm256_add_epi32(n[2], n[3]));
            let bytes = _mm256_packs_epi16(
                _mm256_packs_epi32(n[0], n[1]),
                _mm256_packs_epi32(n[2], n[3]),
            );
            let bytes = _mm256_permutevar8x32_epi32(bytes, order);
            let q: &mut [i8; BLOCK_LEN] = q.try_into().expect("a block");
            // SAFETY: the store writes exactly the block's 32 bytes.
            unsafe { _mm256_storeu_si256(q.as_mut_ptr().cast(), bytes) };
            out.scales[b] = scale;
            out.sums8[b] = 8 * horizontal_sum(sum);
        }
    }
    assert!(has_avx2() && x.len() >= m * k);
    let mut out = Quantized::zeros(m, k);
    // SAFETY: the CPU has AVX2 and FMA (asserted above).
    unsafe { run(&x[..m * k], &mut out) };
    out
}

#[target_feature(enable = "avx2")]
fn horizontal_max(v: __m256) -> f32 {
    let v = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
    let v = _mm_max_ps(v, _mm_movehl_ps(v, v));
    let v = _mm_max_ss(v, _mm_shuffle_ps::<1>(v, v));
    _mm_cvtss_f32(v)
}

#[target_feature(enable = "avx2")]
fn horizontal_sum(v: __m256i) -> i32 {
    let v = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
    let v = _mm_add_epi32(v, _mm_shuffle_epi32::<0b01_00_11_10>(v));
    let v = _mm_add_epi32(v, _mm_shuffle_epi32::<0b10_11_00_01>(v));
    _mm_cvtsi128_si32(v)
}

/// Defines a tile kernel for the listed rows; accumulators are indexed only
/// by literals, so they stay in registers (as in the f32 kernels).
macro_rules! tile {
    ($name:ident: $($r:literal)*) => {
        /// One half panel of a [`Tile`] for the listed rows.
        ///
        /// # Safety
        /// The CPU must have AVX2 and FMA, and every address the tile names
        /// (for its rows and `blocks` blocks) must lie within one live
        /// allocation.
        #[target_feature(enable = "avx2,fma")]
        unsafe fn $name(t: Tile) {
            let Tile { q, k, x_scales, x_sums8, w_scales, nibbles, blocks, bias, gelu, y, ldy } = t;
            let mut acc = [_mm256_setzero_ps(); [$($r),*].len()];
            let low = _mm256_set1_epi8(0x0f);
            let ones = _mm256_set1_epi16(1);
            for b in 0..blocks {
                let nibbles = nibbles.add(b * PANEL_BLOCK_BYTES);
                let mut dots = [_mm256_setzero_si256(); [$($r),*].len()];
                for g in 0..4 {
                    let packed = _mm256_loadu_si256(nibbles.add(g * PANEL * 4).cast());
                    let lo = _mm256_and_si256(packed, low);
                    let hi = _mm256_and_si256(_mm256_srli_epi16::<4>(packed), low);
                    $(
                        let x = q.add($r * k + b * BLOCK_LEN + 4 * g);
                        let a = _mm256_set1_epi32(x.cast::<i32>().read_unaligned());
                        dots[$r] = _mm256_add_epi16(dots[$r], _mm256_maddubs_epi16(lo, a));
                        let a = _mm256_set1_epi32(x.add(16).cast::<i32>().read_unaligned());
                        dots[$r] = _mm256_add_epi16(dots[$r], _mm256_maddubs_epi16(hi, a));
                    )*
                }
                let d = _mm256_loadu_ps(w_scales.add(b * PANEL));
                $(
                    let dot = _mm256_madd_epi16(dots[$r], ones);
                    let dot = _mm256_sub_epi32(dot, _mm256_set1_epi32(*x_sums8.add($r * blocks + b)));
                    let scale = _mm256_mul_ps(d, _mm256_set1_ps(*x_scales.add($r * blocks + b)));
                    acc[$r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), scale, acc[$r]);
                )*
            }
            let bias = _mm256_loadu_ps(bias);
            $(
                let v = _mm256_add_ps(acc[$r], bias);
                let v = if gelu { gelu_avx2(v) } else { v };
                _mm256_storeu_ps(y.add($r * ldy), v);
            )*
        }
    };
}

tile!(tile_1: 0);
tile!(tile_2: 0 1);
tile!(tile_3: 0 1 2);
tile!(tile_4: 0 1 2 3);
tile!(tile_5: 0 1 2 3 4);
tile!(tile_6: 0 1 2 3 4 5);
