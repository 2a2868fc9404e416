//! Kernel selection: the fastest matmul kernel this CPU runs, chosen at run
//! time, with the portable kernels always there. Two kinds of arithmetic:
//! f32 (the reference: weights decoded exactly, AVX-512F, AVX2+FMA or
//! portable) and integer ([`int8`]: activations in 8 bits, AVX-512 VNNI,
//! AVX2 or portable), which is the default where the CPU has AVX2. The release
//! build targets plain x86-64, so nothing here needs `-C target-cpu`.

#[cfg(target_arch = "x86_64")]
mod x86;
#[cfg(target_arch = "x86_64")]
mod x86_attention;
#[cfg(target_arch = "x86_64")]
mod x86_int8;
#[cfg(target_arch = "x86_64")]
mod x86_vnni;

use std::ops::Range;

use super::attention;
use super::int8::{self, Quantized};
use super::q4::{panels_scalar, Activation, Layout, Q4Matrix};
use crate::embed::Arithmetic;

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
    Int8Portable,
    #[cfg(target_arch = "x86_64")]
    Int8Avx2,
    #[cfg(target_arch = "x86_64")]
    Int8Avx512Vnni,
}

/// A matmul's activations as its kernel reads them.
pub enum Input<'a> {
    F32(&'a [f32]),
    Int8(Quantized),
}

impl Kernels {
    /// The fastest kernel this CPU supports: integer where there is a SIMD
    /// integer kernel (a 256-bit `pmaddubsw` does 32 multiply-adds, an
    /// AVX-512 FMA 16), else the fastest f32 one.
    pub fn best() -> Self {
        match Self::best_for(Arithmetic::Int8) {
            k if k.is_portable() => Self::best_for(Arithmetic::F32),
            k => k,
        }
    }

    /// The fastest kernel of one arithmetic.
    pub fn best_for(arithmetic: Arithmetic) -> Self {
        *Self::available()
            .iter()
            .rfind(|k| k.arithmetic() == arithmetic)
            .expect("a portable kernel of each arithmetic")
    }

    /// The portable f32 kernel, which every CPU runs: the reference.
    pub fn portable() -> Self {
        Self(Isa::Portable)
    }

    /// Every kernel this CPU supports: the f32 ones slowest (portable)
    /// first, then the integer ones likewise.
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
        kernels.push(Self(Isa::Int8Portable));
        #[cfg(target_arch = "x86_64")]
        {
            if x86::has_avx2() {
                kernels.push(Self(Isa::Int8Avx2));
            }
            if x86_vnni::has_avx512_vnni() {
                kernels.push(Self(Isa::Int8Avx512Vnni));
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
            Isa::Int8Portable => "int8-portable",
            #[cfg(target_arch = "x86_64")]
            Isa::Int8Avx2 => "int8-avx2",
            #[cfg(target_arch = "x86_64")]
            Isa::Int8Avx512Vnni => "int8-avx512vnni",
        }
    }

    /// Whether the portable (scalar, slow) code runs the matmuls.
    pub fn is_portable(self) -> bool {
        matches!(self.0, Isa::Portable | Isa::Int8Portable)
    }

    pub fn arithmetic(self) -> Arithmetic {
        match self.0 {
            Isa::Int8Portable => Arithmetic::Int8,
            #[cfg(target_arch = "x86_64")]
            Isa::Int8Avx2 | Isa::Int8Avx512Vnni => Arithmetic::Int8,
            _ => Arithmetic::F32,
        }
    }

    /// The weights' layout these kernels read.
    pub fn layout(self) -> Layout {
        match self.arithmetic() {
            Arithmetic::F32 => Layout::F32,
            Arithmetic::Int8 => Layout::Int8,
        }
    }

    /// `m` rows of `k` activations made ready for [`Self::panels`]: as they
    /// are, or quantised to 8 bits (once per matmul, whatever its split).
    pub fn input(self, x: &[f32], m: usize, k: usize) -> Input<'_> {
        match self.0 {
            #[cfg(target_arch = "x86_64")]
            Isa::Int8Avx2 | Isa::Int8Avx512Vnni => Input::Int8(x86_int8::quantize_avx2(x, m, k)),
            Isa::Int8Portable => Input::Int8(int8::quantize(x, m, k)),
            _ => Input::F32(x),
        }
    }

    /// Computes `panels` of `x · wᵀ + bias` (then `activation`) into `y`,
    /// whose rows are `ldy` apart; panel `p` lands in columns
    /// `(p - panels.start) * PANEL ..`. `x` must come from [`Self::input`].
    #[allow(clippy::too_many_arguments)]
    pub fn panels(
        self,
        x: &Input,
        m: usize,
        w: &Q4Matrix,
        panels: Range<usize>,
        bias: &[f32],
        activation: Activation,
        y: &mut [f32],
        ldy: usize,
    ) {
        match x {
            Input::F32(x) => {
                let kernel = match self.0 {
                    #[cfg(target_arch = "x86_64")]
                    Isa::Avx2 => x86::panels_avx2,
                    #[cfg(target_arch = "x86_64")]
                    Isa::Avx512 => x86::panels_avx512,
                    _ => panels_scalar,
                };
                kernel(x, m, w, panels, bias, activation, y, ldy);
            }
            Input::Int8(x) => {
                let kernel = match self.0 {
                    #[cfg(target_arch = "x86_64")]
                    Isa::Int8Avx2 => x86_int8::panels_avx2,
                    #[cfg(target_arch = "x86_64")]
                    Isa::Int8Avx512Vnni => x86_vnni::panels_avx512_vnni,
                    _ => int8::panels_scalar,
                };
                kernel(x, m, w, panels, bias, activation, y, ldy);
            }
        }
    }

    /// One attention head over one text: see [`attention::attend`]. Always
    /// in f32: its scores decide which tokens a token reads, and cost little.
    pub fn attend(self, q: &[f32], kt: &[f32], v: &[f32], len: usize, dh: usize, out: &mut [f32]) {
        let attend = match self.0 {
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 | Isa::Int8Avx2 => x86_attention::attend_avx2,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 | Isa::Int8Avx512Vnni => x86_attention::attend_avx512,
            _ => attention::attend,
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

    /// A random Q4_0 matrix with small, finite f16 scales, in `layout`.
    fn matrix(rows: usize, cols: usize, layout: Layout) -> Q4Matrix {
        let mut raw = noise(rows * cols / BLOCK_LEN * BLOCK_BYTES, 7);
        for block in raw.chunks_exact_mut(BLOCK_BYTES) {
            block[1] = 0x20 | (block[1] & 0x83); // exponent near 2^-7, either sign
        }
        Q4Matrix::from_blocks(&raw, rows, cols, layout)
    }

    /// Panels 1..3 of `x · wᵀ + bias` (`m` rows, 48 × 96 weights) with
    /// `kernels`, into an output narrower than the matrix.
    fn product(kernels: Kernels, x: &[f32], m: usize, activation: Activation) -> Vec<f32> {
        let (rows, cols) = (48, 96);
        let w = matrix(rows, cols, kernels.layout());
        let bias: Vec<f32> = noise(rows, 3)
            .iter()
            .map(|&b| f32::from(b) / 64.0 - 2.0)
            .collect();
        let mut y = vec![0.0; m * 32];
        let input = kernels.input(x, m, cols);
        kernels.panels(&input, m, &w, 1..3, &bias, activation, &mut y, 32);
        y
    }

    #[test]
    fn every_kernel_agrees_with_the_portable_one_of_its_arithmetic() {
        // Every tile size of every kernel, and a remainder after a row block.
        for m in (1..=30).chain([97, 130]) {
            let x: Vec<f32> = noise(m * 96, m as u64 + 1)
                .iter()
                .map(|&b| f32::from(b) / 32.0 - 4.0)
                .collect();
            for activation in [Activation::None, Activation::Gelu] {
                for kernels in Kernels::available() {
                    let reference = match kernels.arithmetic() {
                        Arithmetic::F32 => Kernels::portable(),
                        Arithmetic::Int8 => Kernels(Isa::Int8Portable),
                    };
                    let want = product(reference, &x, m, activation);
                    let got = product(kernels, &x, m, activation);
                    for (g, e) in got.iter().zip(&want) {
                        assert!(
                            (g - e).abs() <= 1e-4 * e.abs().max(1.0),
                            "{kernels:?} m {m} {activation:?}: {g} vs {e}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_attention_kernel_agrees_with_the_portable_one() {
        // Texts of 1 to 70 tokens: fewer queries than a kernel takes at
        // once, padded keys, and more than one block of keys; heads of the
        // model's width and of twice it.
        let signed = |n: usize, seed: u64| -> Vec<f32> {
            noise(n, seed)
                .iter()
                .map(|&b| f32::from(b) / 64.0 - 2.0)
                .collect()
        };
        for dh in [attention::LANES, 2 * attention::LANES] {
            for len in 1..=70usize {
                let stride = len.next_multiple_of(attention::LANES);
                let (q, v) = (signed(len * dh, 1), signed(len * dh, 2));
                let mut kt = signed(dh * stride, 3);
                for row in kt.chunks_exact_mut(stride) {
                    row[len..].fill(0.0);
                }
                let mut want = vec![0.0; len * dh];
                attention::attend(&q, &kt, &v, len, dh, &mut want);
                for kernels in Kernels::available() {
                    let mut got = vec![0.0; len * dh];
                    kernels.attend(&q, &kt, &v, len, dh, &mut got);
                    for (g, e) in got.iter().zip(&want) {
                        assert!(
                            (g - e).abs() <= 1e-5,
                            "{kernels:?} len {len} dh {dh}: {g} vs {e}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_quantiser_gives_the_portable_bytes_scales_and_sums() {
        let (m, k) = (5, 96);
        let mut x: Vec<f32> = noise(m * k, 5)
            .iter()
            .map(|&b| (f32::from(b) - 128.0) / 7.0)
            .collect();
        // Ties: with a largest magnitude of 127 every x.5 is halfway.
        x[..32].copy_from_slice(&std::array::from_fn::<f32, 32, _>(|i| i as f32 - 16.5));
        x[31] = 127.0;
        x[32..64].fill(0.0);
        x[64..96].fill(-0.0);
        let want = int8::quantize(&x, m, k);
        for kernels in Kernels::available() {
            if let Input::Int8(got) = kernels.input(&x, m, k) {
                assert_eq!(got.q, want.q, "{kernels:?}");
                assert_eq!(got.scales, want.scales, "{kernels:?}");
                assert_eq!(got.sums8, want.sums8, "{kernels:?}");
            }
        }
        assert_eq!(&want.q[..3], &[-16, -16, -14], "ties to even");
    }

    #[test]
    fn integer_arithmetic_stays_close_to_f32() {
        let m = 7;
        let x: Vec<f32> = noise(m * 96, 11)
            .iter()
            .map(|&b| f32::from(b) / 32.0 - 4.0)
            .collect();
        let exact = product(Kernels::portable(), &x, m, Activation::None);
        let int8 = product(Kernels(Isa::Int8Portable), &x, m, Activation::None);
        let cosine = crate::embed::cosine(&exact, &int8);
        assert!(cosine >= 0.9995, "cosine {cosine}");
        assert_ne!(exact, int8, "the integer path is not the f32 one");
    }

    #[test]
    fn the_default_is_integer_where_the_cpu_has_a_simd_integer_kernel() {
        let best = Kernels::best();
        assert!(Kernels::available().contains(&best));
        #[cfg(target_arch = "x86_64")]
        if x86_vnni::has_avx512_vnni() {
            assert_eq!(best, Kernels(Isa::Int8Avx512Vnni));
        } else if x86::has_avx2() {
            assert_eq!(best, Kernels(Isa::Int8Avx2));
        }
        assert_eq!(
            Kernels::best_for(Arithmetic::Int8).arithmetic(),
            Arithmetic::Int8
        );
        assert_eq!(
            Kernels::best_for(Arithmetic::F32).arithmetic(),
            Arithmetic::F32
        );
    }
}
