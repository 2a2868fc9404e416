//! Kernel selection: the fastest matmul kernel this CPU runs, chosen at run
//! time (AVX-512F, then AVX2+FMA), with the portable kernel always there.
//! The release build targets plain x86-64, so nothing here needs
//! `-C target-cpu`.

#[cfg(target_arch = "x86_64")]
mod x86;

use std::ops::Range;

use super::attention;
use super::q4::{panels_scalar, Activation, Q4Matrix};

/// A matmul kernel that this CPU can run (only constructible when it can).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kernels(Isa);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Isa {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Kernels {
    /// The fastest kernel this CPU supports.
    pub fn best() -> Self {
        *Self::available().last().expect("the portable kernel")
    }

    /// The portable kernel, which every CPU runs.
    pub fn portable() -> Self {
        Self(Isa::Portable)
    }

    /// Every kernel this CPU supports, slowest (portable) first.
    pub fn available() -> Vec<Self> {
        let mut kernels = vec![Self::portable()];
        #[cfg(target_arch = "x86_64")]
        {
            if x86::has_avx2() {
                kernels.push(Self(Isa::Avx2));
            }
            if x86::has_avx512() {
                kernels.push(Self(Isa::Avx512));
            }
        }
        kernels
    }

    pub fn name(self) -> &'static str {
        match self.0 {
            Isa::Portable => "portable",
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => "avx2",
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => "avx512",
        }
    }

    /// Computes `panels` of `x · wᵀ + bias` (then `activation`) into `y`,
    /// whose rows are `ldy` apart; panel `p` lands in columns
    /// `(p - panels.start) * PANEL ..`.
    #[allow(clippy::too_many_arguments)]
    pub fn panels(
        self,
        x: &[f32],
        m: usize,
        w: &Q4Matrix,
        panels: Range<usize>,
        bias: &[f32],
        activation: Activation,
        y: &mut [f32],
        ldy: usize,
    ) {
        let kernel = match self.0 {
            Isa::Portable => panels_scalar,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => x86::panels_avx2,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => x86::panels_avx512,
        };
        kernel(x, m, w, panels, bias, activation, y, ldy);
    }

    /// One attention head over one text: see [`attention::attend`].
    pub fn attend(self, q: &[f32], kt: &[f32], v: &[f32], len: usize, dh: usize, out: &mut [f32]) {
        let attend = match self.0 {
            Isa::Portable => attention::attend,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => x86::attend_avx2,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => x86::attend_avx512,
        };
        attend(q, kt, v, len, dh, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::e5::q4::{BLOCK_BYTES, BLOCK_LEN};

    /// Deterministic pseudo-random bytes (xorshift).
    fn noise(n: usize, seed: u64) -> Vec<u8> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                s as u8
            })
            .collect()
    }

    /// A random Q4_0 matrix with small, finite f16 scales.
    fn matrix(rows: usize, cols: usize) -> Q4Matrix {
        let mut raw = noise(rows * cols / BLOCK_LEN * BLOCK_BYTES, 7);
        for block in raw.chunks_exact_mut(BLOCK_BYTES) {
            block[1] = 0x20 | (block[1] & 0x83); // exponent near 2^-7, either sign
        }
        Q4Matrix::from_blocks(&raw, rows, cols)
    }

    #[test]
    fn every_kernel_agrees_with_the_portable_one() {
        let (rows, cols) = (48, 96);
        let w = matrix(rows, cols);
        let bias: Vec<f32> = noise(rows, 3)
            .iter()
            .map(|&b| f32::from(b) / 64.0 - 2.0)
            .collect();
        // Every tile size of every kernel, and a remainder after a row block.
        for m in (1..=30).chain([97, 130]) {
            let x: Vec<f32> = noise(m * cols, m as u64 + 1)
                .iter()
                .map(|&b| f32::from(b) / 32.0 - 4.0)
                .collect();
            for activation in [Activation::None, Activation::Gelu] {
                let mut want = vec![0.0; m * rows];
                Kernels(Isa::Portable).panels(&x, m, &w, 0..3, &bias, activation, &mut want, rows);
                for kernels in Kernels::available() {
                    // Panels 1..3 only, into a narrower output.
                    let mut got = vec![0.0; m * 32];
                    kernels.panels(&x, m, &w, 1..3, &bias, activation, &mut got, 32);
                    for r in 0..m {
                        for (g, e) in got[r * 32..][..32].iter().zip(&want[r * rows + 16..][..32]) {
                            assert!(
                                (g - e).abs() <= 1e-4 * e.abs().max(1.0),
                                "{kernels:?} m {m} {activation:?}: {g} vs {e}"
                            );
                        }
                    }
                }
            }
        }
    }
}
