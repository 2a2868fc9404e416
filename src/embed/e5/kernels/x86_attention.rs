//! Attention of one head on x86-64: [`attention::attend`] compiled for AVX2,
//! and for AVX-512 an explicit kernel for the model's 32-wide heads.
//!
//! The compiled loop keeps one query's 32 scores in two AVX-512 registers,
//! so every multiply-add waits on the one before it. This kernel takes four
//! queries at a time: eight independent accumulators, each key loaded once
//! for four queries (2× the compiled loop at 12-64 tokens).

#![allow(unsafe_code)]

use std::arch::x86_64::*;

use super::super::attention::{self, LANES};
use super::x86::{has_avx2, has_avx512};

/// Queries taken together.
const ROWS: usize = 4;

/// [`attention::attend`] for AVX-512F: the kernel below for 32-wide heads,
/// the compiled loop otherwise.
pub fn attend_avx512(q: &[f32], kt: &[f32], v: &[f32], len: usize, dh: usize, out: &mut [f32]) {
    #[target_feature(enable = "avx512f")]
    fn compiled(q: &[f32], kt: &[f32], v: &[f32], len: usize, dh: usize, out: &mut [f32]) {
        attention::attend(q, kt, v, len, dh, out);
    }
    assert!(has_avx512());
    if dh != LANES {
        // SAFETY: the CPU has AVX-512F (asserted above); the code is safe Rust.
        return unsafe { compiled(q, kt, v, len, dh, out) };
    }
    let stride = len.next_multiple_of(LANES);
    assert!(q.len() >= len * dh && v.len() >= len * dh && out.len() >= len * dh);
    assert!(kt.len() >= dh * stride);
    let mut p = vec![0.0f32; ROWS * stride];
    for first in (0..len).step_by(ROWS) {
        let rows = (len - first).min(ROWS);
        // SAFETY: AVX-512F is present; the queries read are rows
        // first..first + rows (< len) of `q`, the keys `kt`'s dh × stride,
        // the values `v`'s len rows, the scores `p`'s ROWS × stride and the
        // output rows first..first + rows of `out`, all checked above.
        unsafe {
            scores(
                q[first * dh..].as_ptr(),
                rows,
                kt.as_ptr(),
                stride,
                p.as_mut_ptr(),
            );
            let mut scale = [0.0f32; ROWS];
            for (r, scale) in scale.iter_mut().enumerate().take(rows) {
                *scale = 1.0 / softmax(p[r * stride..].as_mut_ptr(), len, stride);
            }
            let out = out[first * dh..].as_mut_ptr();
            weighted_values(p.as_ptr(), stride, rows, &scale, v.as_ptr(), len, out);
        }
    }
}

/// `p[r][j] = q_r · k_j` for `rows` (≤ 4) queries and all `stride` keys;
/// a missing query repeats the last one, and its scores go unused.
#[target_feature(enable = "avx512f")]
unsafe fn scores(q: *const f32, rows: usize, kt: *const f32, stride: usize, p: *mut f32) {
    let query = |r: usize| q.add(r.min(rows - 1) * LANES);
    let queries = [query(0), query(1), query(2), query(3)];
    for j in (0..stride).step_by(LANES) {
        let mut acc = [[_mm512_setzero_ps(); 2]; ROWS];
        for d in 0..LANES {
            let k = kt.add(d * stride + j);
            let keys = [_mm512_loadu_ps(k), _mm512_loadu_ps(k.add(16))];
            for (acc, q) in acc.iter_mut().zip(queries) {
                let x = _mm512_set1_ps(*q.add(d));
                acc[0] = _mm512_fmadd_ps(x, keys[0], acc[0]);
                acc[1] = _mm512_fmadd_ps(x, keys[1], acc[1]);
            }
        }
        for (r, acc) in acc.iter().enumerate() {
            _mm512_storeu_ps(p.add(r * stride + j), acc[0]);
            _mm512_storeu_ps(p.add(r * stride + j + 16), acc[1]);
        }
    }
}

/// One row of scores becomes `e^(s - max)` in place (0 past `len`, where
/// the keys are padding); returns their sum.
#[target_feature(enable = "avx512f")]
unsafe fn softmax(p: *mut f32, len: usize, stride: usize) -> f32 {
    let real =
        |j: usize| -> __mmask16 { ((1u32 << len.saturating_sub(j).min(16)) - 1) as __mmask16 };
    let low = _mm512_set1_ps(f32::NEG_INFINITY);
    let mut max = low;
    for j in (0..stride).step_by(16) {
        max = _mm512_max_ps(max, _mm512_mask_loadu_ps(low, real(j), p.add(j)));
    }
    let max = _mm512_set1_ps(_mm512_reduce_max_ps(max));
    let mut total = _mm512_setzero_ps();
    for j in (0..stride).step_by(16) {
        let e = _mm512_maskz_mov_ps(real(j), exp(_mm512_sub_ps(_mm512_loadu_ps(p.add(j)), max)));
        _mm512_storeu_ps(p.add(j), e);
        total = _mm512_add_ps(total, e);
    }
    _mm512_reduce_add_ps(total)
}

/// `out_r = scale_r · Σ_j p[r][j] · v_j` for `rows` (≤ 4) queries.
#[target_feature(enable = "avx512f")]
unsafe fn weighted_values(
    p: *const f32,
    stride: usize,
    rows: usize,
    scale: &[f32; ROWS],
    v: *const f32,
    len: usize,
    out: *mut f32,
) {
    let mut acc = [[_mm512_setzero_ps(); 2]; ROWS];
    for j in 0..len {
        let vj = v.add(j * LANES);
        let values = [_mm512_loadu_ps(vj), _mm512_loadu_ps(vj.add(16))];
        for (r, acc) in acc.iter_mut().enumerate() {
            let x = _mm512_set1_ps(*p.add(r * stride + j));
            acc[0] = _mm512_fmadd_ps(x, values[0], acc[0]);
            acc[1] = _mm512_fmadd_ps(x, values[1], acc[1]);
        }
    }
    for (r, acc) in acc.iter().enumerate().take(rows) {
        let s = _mm512_set1_ps(scale[r]);
        _mm512_storeu_ps(out.add(r * LANES), _mm512_mul_ps(acc[0], s));
        _mm512_storeu_ps(out.add(r * LANES + 16), _mm512_mul_ps(acc[1], s));
    }
}

/// [`attention::exp`] on 16 lanes, the same steps.
#[target_feature(enable = "avx512f")]
unsafe fn exp(x: __m512) -> __m512 {
    let round = _mm512_set1_ps(12_582_912.0);
    let t = _mm512_max_ps(x, _mm512_set1_ps(-87.0));
    let t = _mm512_mul_ps(t, _mm512_set1_ps(std::f32::consts::LOG2_E));
    let n = _mm512_sub_ps(_mm512_add_ps(t, round), round);
    let f = _mm512_mul_ps(_mm512_sub_ps(t, n), _mm512_set1_ps(std::f32::consts::LN_2));
    let poly = attention::EXP_TAYLOR
        .iter()
        .rev()
        .fold(_mm512_setzero_ps(), |acc, &c| {
            _mm512_add_ps(_mm512_mul_ps(acc, f), _mm512_set1_ps(c))
        });
    let two_n = _mm512_slli_epi32::<23>(_mm512_add_epi32(
        _mm512_cvtps_epi32(n),
        _mm512_set1_epi32(127),
    ));
    _mm512_mul_ps(poly, _mm512_castsi512_ps(two_n))
}

/// [`attention::attend`] compiled for AVX2 and FMA.
pub fn attend_avx2(q: &[f32], kt: &[f32], v: &[f32], len: usize, dh: usize, out: &mut [f32]) {
    #[target_feature(enable = "avx2,fma")]
    fn compiled(q: &[f32], kt: &[f32], v: &[f32], len: usize, dh: usize, out: &mut [f32]) {
        attention::attend(q, kt, v, len, dh, out);
    }
    assert!(has_avx2());
    // SAFETY: the CPU has AVX2 and FMA (asserted above); the code is safe Rust.
    unsafe { compiled(q, kt, v, len, dh, out) }
}
