//! Fusing the dense and lexical channels into one score per entry.
//!
//! The weight of each channel follows the query's script — the share of
//! Hangul among its letters moves the weights from the English pair to the
//! Korean pair — because the channels are not equally good in both
//! languages (an English-only model reads Hangul as unknown pieces).

use crate::config::FusionWeights;

/// One fused score per entry from per-entry dense similarities and lexical
/// scores (both in `[0, 1]`, entry order).
pub fn fuse(dense: &[f32], lexical: &[f32], hangul: f32, weights: &FusionWeights) -> Vec<f32> {
    let w_dense = weights.dense_en + (weights.dense_ko - weights.dense_en) * hangul;
    let w_lexical = weights.lexical_en + (weights.lexical_ko - weights.lexical_en) * hangul;
    dense
        .iter()
        .zip(lexical)
        .map(|(&d, &l)| w_dense * d.max(0.0) + w_lexical * l)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_queries_lean_on_the_lexical_channel() {
        let w = FusionWeights::default();
        // Entry 0 wins on dense, entry 1 on lexical.
        let (dense, lexical) = ([0.9, 0.3], [0.1, 0.6]);
        let english = fuse(&dense, &lexical, 0.0, &w);
        let korean = fuse(&dense, &lexical, 1.0, &w);
        assert!(english[0] > english[1]);
        assert!(korean[1] > korean[0]);
    }

    #[test]
    fn negative_similarity_counts_as_zero() {
        let fused = fuse(&[-0.2], &[0.0], 0.0, &FusionWeights::default());
        assert_eq!(fused, [0.0]);
    }
}
