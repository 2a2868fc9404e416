//! The dot product every vector search and graph build spends its time in:
//! with AVX-512 or AVX2 and FMA where the CPU has them (chosen at run time:
//! the release build targets plain x86-64), else in eight lanes the
//! compiler vectorises for any CPU.

#![allow(unsafe_code)]

/// Dot product of two vectors (of their first `min(len)` values).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F.
            return unsafe { x86::dot_avx512(a, b) };
        }
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA.
            return unsafe { x86::dot_avx2(a, b) };
        }
    }
    dot_portable(a, b)
}

/// In eight lanes, so the compiler vectorises it for any CPU.
fn dot_portable(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    /// `a` and `b` of equal length; 16 lanes, two sums, the tail masked.
    ///
    /// # Safety
    /// The CPU must have AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn dot_avx512(a: &[f32], b: &[f32]) -> f32 {
        let (mut s0, mut s1) = (_mm512_setzero_ps(), _mm512_setzero_ps());
        let (pairs_a, pairs_b) = (a.chunks_exact(32), b.chunks_exact(32));
        let (rest_a, rest_b) = (pairs_a.remainder(), pairs_b.remainder());
        for (x, y) in pairs_a.zip(pairs_b) {
            // SAFETY: each chunk holds 32 values: two loads of 16.
            let (x0, y0, x1, y1) = unsafe {
                (
                    _mm512_loadu_ps(x.as_ptr()),
                    _mm512_loadu_ps(y.as_ptr()),
                    _mm512_loadu_ps(x.as_ptr().add(16)),
                    _mm512_loadu_ps(y.as_ptr().add(16)),
                )
            };
            s0 = _mm512_fmadd_ps(x0, y0, s0);
            s1 = _mm512_fmadd_ps(x1, y1, s1);
        }
        for (x, y) in rest_a.chunks(16).zip(rest_b.chunks(16)) {
            let mask: __mmask16 = (1u32 << x.len()).wrapping_sub(1) as u16;
            // SAFETY: the mask reads only the chunk's `x.len()` values.
            let (x, y) = unsafe {
                (
                    _mm512_maskz_loadu_ps(mask, x.as_ptr()),
                    _mm512_maskz_loadu_ps(mask, y.as_ptr()),
                )
            };
            s0 = _mm512_fmadd_ps(x, y, s0);
        }
        _mm512_reduce_add_ps(_mm512_add_ps(s0, s1))
    }

    /// `a` and `b` of equal length; 8 lanes, two sums, the tail in scalars.
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn dot_avx2(a: &[f32], b: &[f32]) -> f32 {
        let (mut s0, mut s1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
        let (pairs_a, pairs_b) = (a.chunks_exact(16), b.chunks_exact(16));
        let tail: f32 = pairs_a
            .remainder()
            .iter()
            .zip(pairs_b.remainder())
            .map(|(x, y)| x * y)
            .sum();
        for (x, y) in pairs_a.zip(pairs_b) {
            // SAFETY: each chunk holds 16 values: two loads of 8.
            let (x0, y0, x1, y1) = unsafe {
                (
                    _mm256_loadu_ps(x.as_ptr()),
                    _mm256_loadu_ps(y.as_ptr()),
                    _mm256_loadu_ps(x.as_ptr().add(8)),
                    _mm256_loadu_ps(y.as_ptr().add(8)),
                )
            };
            s0 = _mm256_fmadd_ps(x0, y0, s0);
            s1 = _mm256_fmadd_ps(x1, y1, s1);
        }
        let s = _mm256_add_ps(s0, s1);
        let s = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps::<1>(s));
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        let s = _mm_add_ss(s, _mm_shuffle_ps::<1>(s, s));
        _mm_cvtss_f32(s) + tail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_gives_the_portable_sum() {
        for n in [0, 1, 7, 15, 16, 17, 31, 32, 33, 384, 390] {
            let a: Vec<f32> = (0..n).map(|i| ((i * 7 % 13) as f32 - 6.0) / 8.0).collect();
            let b: Vec<f32> = (0..n).map(|i| ((i * 5 % 11) as f32 - 5.0) / 4.0).collect();
            let want: f64 = a.iter().zip(&b).map(|(x, y)| f64::from(x * y)).sum();
            let mut got = vec![dot(&a, &b), dot_portable(&a, &b)];
            #[cfg(target_arch = "x86_64")]
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                // SAFETY: the CPU has AVX2 and FMA.
                got.push(unsafe { x86::dot_avx2(&a, &b) });
            }
            for got in got {
                assert!(
                    (f64::from(got) - want).abs() < 1e-4,
                    "n {n}: {got} vs {want}"
                );
            }
        }
        assert_eq!(
            dot(&[1.0, 2.0, 3.0], &[1.0, 1.0]),
            3.0,
            "the shorter length"
        );
    }
}
