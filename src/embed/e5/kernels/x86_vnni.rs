//! The AVX-512 VNNI integer matmul kernel: the arithmetic of
//! [`super::x86_int8`] with `vpdpbusd`, which multiplies 64 unsigned nibbles
//! by 64 signed activations and adds each four products into an i32 lane in
//! one instruction (64 multiply-adds, where AVX2's `pmaddubsw` does 32 and
//! needs an add and a widening beside it). Its one public function is safe:
//! it checks the CPU features and every slice length before the pointer
//! arithmetic inside.
//!
//! Per panel (16 outputs) and tile of up to [`ROWS`] activation rows, one
//! 64-byte load of [`super::super::q4::Layout::Int8`] nibbles gives two
//! registers of 16 outputs × 4 inputs (low and high nibbles), each
//! multiplied by a row's 4 activations (broadcast) into sums that start at
//! `−8·Σq`, then converted and scaled into an f32 accumulator once per
//! block.

#![allow(unsafe_code)]

use std::arch::x86_64::*;
use std::ops::Range;

use super::super::int8::Quantized;
use super::super::q4::{Activation, Q4Matrix, BLOCK_LEN, PANEL, PANEL_BLOCK_BYTES};
use super::x86::{gelu_avx512, has_avx2, has_avx512};
use super::x86_int8::{check_int8_operands, Tile};

/// Rows per tile: each row keeps an i32 and an f32 accumulator, so 8 rows
/// use 16 of the 32 registers and leave the rest to the weights, the
/// broadcasts and the scales.
const ROWS: usize = 8;

/// AVX-512 with VNNI, and AVX2 for the quantiser it shares with the AVX2 kernel.
pub fn has_avx512_vnni() -> bool {
    has_avx512()
        && has_avx2()
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512vnni")
}

/// `panels` of `x · wᵀ + bias` (then `activation`) into `y`, with AVX-512 VNNI.
#[allow(clippy::too_many_arguments)]
pub fn panels_avx512_vnni(
    x: &Quantized,
    m: usize,
    w: &Q4Matrix,
    panels: Range<usize>,
    bias: &[f32],
    activation: Activation,
    y: &mut [f32],
    ldy: usize,
) {
    assert!(has_avx512_vnni());
    let (k, blocks) = check_int8_operands(x, m, w, &panels, bias, y, ldy);
    for row in (0..m).step_by(ROWS) {
        let rows = (m - row).min(ROWS);
        for (out, p) in panels.clone().enumerate() {
            let tile = Tile {
                q: x.q[row * k..].as_ptr(),
                k,
                x_scales: x.scales[row * blocks..].as_ptr(),
                x_sums8: x.sums8[row * blocks..].as_ptr(),
                w_scales: w.scales()[p * blocks * PANEL..].as_ptr(),
                nibbles: w.nibbles()[p * blocks * PANEL_BLOCK_BYTES..].as_ptr(),
                blocks,
                bias: bias[p * PANEL..].as_ptr(),
                gelu: activation == Activation::Gelu,
                y: y[row * ldy + out * PANEL..].as_mut_ptr(),
                ldy,
            };
            // SAFETY: the CPU has AVX-512F/BW/VNNI (asserted above), and the
            // asserts above put the tile's `rows` rows of activations, their
            // block scales and sums, the panel's scales, nibbles and biases,
            // and its outputs within their slices.
            unsafe {
                match rows {
                    1 => tile_1(tile),
                    2 => tile_2(tile),
                    3 => tile_3(tile),
                    4 => tile_4(tile),
                    5 => tile_5(tile),
                    6 => tile_6(tile),
                    7 => tile_7(tile),
                    8 => tile_8(tile),
                    _ => unreachable!("no {rows}-row tile"),
                }
            }
        }
    }
}

/// Defines a tile kernel for the listed rows; accumulators are indexed only
/// by literals, so they stay in registers.
macro_rules! tile {
    ($name:ident: $($r:literal)*) => {
        /// One panel of a [`Tile`] for the listed rows.
        ///
        /// # Safety
        /// The CPU must have AVX-512F, BW and VNNI, and every address the
        /// tile names (for its rows and `blocks` blocks) must lie within one
        /// live allocation.
        #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
        unsafe fn $name(t: Tile) {
            let Tile { q, k, x_scales, x_sums8, w_scales, nibbles, blocks, bias, gelu, y, ldy } = t;
            let mut acc = [_mm512_setzero_ps(); [$($r),*].len()];
            let low = _mm512_set1_epi8(0x0f);
            for b in 0..blocks {
                let nibbles = nibbles.add(b * PANEL_BLOCK_BYTES);
                // Each sum starts at −8·Σq, the nibbles' offset (see `int8`).
                let mut dots = [$(_mm512_set1_epi32(-*x_sums8.add($r * blocks + b))),*];
                for g in 0..4 {
                    let packed = _mm512_loadu_si512(nibbles.add(g * PANEL * 4).cast());
                    let lo = _mm512_and_si512(packed, low);
                    let hi = _mm512_and_si512(_mm512_srli_epi16::<4>(packed), low);
                    $(
                        let x = q.add($r * k + b * BLOCK_LEN + 4 * g);
                        let a = _mm512_set1_epi32(x.cast::<i32>().read_unaligned());
                        dots[$r] = _mm512_dpbusd_epi32(dots[$r], lo, a);
                        let a = _mm512_set1_epi32(x.add(16).cast::<i32>().read_unaligned());
                        dots[$r] = _mm512_dpbusd_epi32(dots[$r], hi, a);
                    )*
                }
                let d = _mm512_loadu_ps(w_scales.add(b * PANEL));
                $(
                    let scale = _mm512_mul_ps(d, _mm512_set1_ps(*x_scales.add($r * blocks + b)));
                    acc[$r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dots[$r]), scale, acc[$r]);
                )*
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

tile!(tile_1: 0);
tile!(tile_2: 0 1);
tile!(tile_3: 0 1 2);
tile!(tile_4: 0 1 2 3);
tile!(tile_5: 0 1 2 3 4);
tile!(tile_6: 0 1 2 3 4 5);
tile!(tile_7: 0 1 2 3 4 5 6);
tile!(tile_8: 0 1 2 3 4 5 6 7);
