//! Kernel selection: the fastest matmul kernel this CPU runs, chosen at run
//! time, with the portable kernel always available.

use std::ops::Range;

use super::q4::{panels_scalar, Activation, Q4Matrix};

/// A matmul kernel that this CPU can run (only constructible when it can).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kernels(Isa);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Isa {
    Portable,
}

impl Kernels {
    /// The fastest kernel this CPU supports.
    pub fn best() -> Self {
        Self(Isa::Portable)
    }

    /// Every kernel this CPU supports, portable first (for tests).
    pub fn available() -> Vec<Self> {
        vec![Self(Isa::Portable)]
    }

    pub fn name(self) -> &'static str {
        match self.0 {
            Isa::Portable => "portable",
        }
    }

    /// Computes `panels` of `x · wᵀ + bias` into `y` (rows of `ldy` values).
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
        match self.0 {
            Isa::Portable => panels_scalar(x, m, w, panels, bias, activation, y, ldy),
        }
    }
}
