//! Scaled dot-product attention of one head over one text, written so the
//! compiler vectorises every loop (keys transposed, an exp without a libm
//! call); `kernels` compiles it again for AVX2, and has its own AVX-512
//! kernel for the model's heads.

/// Lanes of the register-held partial results below (four independent AVX
/// registers, so additions do not wait on each other); keys are padded to a
/// multiple of it, and a head's width must be one.
pub const LANES: usize = 32;

/// One head: `q` and `v` are `len` × `dh` (row-major, `q` already scaled by
/// 1/√dh); `kt` holds the keys transposed, `dh` rows of `len` rounded up to
/// [`LANES`] (zero-padded). Writes `len` × `dh` into `out`. Both products
/// keep [`LANES`] results in a fixed-size array, which the compiler holds in
/// a register while it runs down the other dimension.
#[inline(always)]
pub fn attend(q: &[f32], kt: &[f32], v: &[f32], len: usize, dh: usize, out: &mut [f32]) {
    let stride = len.next_multiple_of(LANES);
    let mut p = vec![0.0f32; stride];
    for (qi, oi) in q.chunks_exact(dh).zip(out.chunks_exact_mut(dh)).take(len) {
        // Scores: p[j] = Σ_d q[d]·k[j][d], LANES keys at a time.
        for (j, pj) in p.chunks_exact_mut(LANES).enumerate() {
            let mut acc = [0.0f32; LANES];
            for (&qd, kd) in qi.iter().zip(kt.chunks_exact(stride)) {
                let k: &[f32; LANES] = kd[j * LANES..][..LANES].try_into().expect("LANES keys");
                acc.iter_mut().zip(k).for_each(|(a, k)| *a += qd * k);
            }
            pj.copy_from_slice(&acc);
        }
        let p = &mut p[..len];
        let max = p.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        p.iter_mut().for_each(|p| *p = exp(*p - max));
        let total: f32 = p.iter().sum();
        // Output: o[d] = Σ_j p[j]·v[j][d] / total, LANES dimensions at a time.
        for (c, oc) in oi.chunks_exact_mut(LANES).enumerate() {
            let mut acc = [0.0f32; LANES];
            for (&pj, vj) in p.iter().zip(v.chunks_exact(dh)) {
                let v: &[f32; LANES] = vj[c * LANES..][..LANES].try_into().expect("LANES values");
                acc.iter_mut().zip(v).for_each(|(a, v)| *a += pj * v);
            }
            oc.iter_mut().zip(acc).for_each(|(o, a)| *o = a / total);
        }
    }
}

/// The Taylor coefficients of `e^f`, 1/k! for k = 0..=7.
pub const EXP_TAYLOR: [f32; 8] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
];

/// `e^x` for `x ≤ 0` (softmax after subtracting the maximum), relative error
/// under 1e-7·(1 + |x|) (from rounding `x·log2(e)` in f32): `2^n · 2^f` with `n` the nearest integer to `x·log2(e)` and
/// `2^f`, `|f| ≤ 0.5`, by its Taylor series to degree 7 (truncation error
/// under 1e-8). Branch-free, so it vectorises.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    // Adding and subtracting 1.5·2^23 rounds to the nearest integer.
    const ROUND: f32 = 12_582_912.0;
    let t = x.max(-87.0) * std::f32::consts::LOG2_E;
    let n = (t + ROUND) - ROUND;
    let f = (t - n) * std::f32::consts::LN_2;
    let poly = EXP_TAYLOR.iter().rev().fold(0.0f32, |acc, &c| acc * f + c);
    poly * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_accurate_where_softmax_uses_it() {
        for i in 0..=8700 {
            let x = -(i as f32) / 100.0;
            let (got, want) = (exp(x), x.exp());
            assert!(
                (got - want).abs() <= 1e-7 * (1.0 - x) * want,
                "exp({x}) = {got}, not {want}"
            );
        }
    }

    #[test]
    fn attention_weights_values_by_softmax_of_scores() {
        // Two tokens, LANES dimensions of which the first matters: scores
        // q·k = [0, ln 3] for token 0 and [0, 0] for token 1 (q = 0).
        let mut q = vec![0.0; 2 * LANES];
        q[0] = 1.0;
        let mut kt = vec![0.0; LANES * LANES];
        kt[1] = 3f32.ln();
        let v: Vec<f32> = (0..2 * LANES)
            .map(|i| if i < LANES { 10.0 } else { 20.0 })
            .collect();
        let mut out = vec![0.0; 2 * LANES];
        attend(&q, &kt, &v, 2, LANES, &mut out);
        // Weights 1/4 and 3/4 for token 0; equal for token 1.
        assert!(
            out[..LANES].iter().all(|o| (o - 17.5).abs() < 1e-4),
            "{out:?}"
        );
        assert!(
            out[LANES..].iter().all(|o| (o - 15.0).abs() < 1e-4),
            "{out:?}"
        );
    }
}
