//! Fusing the dense and lexical channels into one score per entry.
//!
//! The default model is English-only: a Korean paraphrase of an English
//! question scores like unrelated text. So the weight of each channel follows
//! the query's script — the share of Hangul among its letters moves the
//! weights from the English pair to the Korean pair.

use serde::{Deserialize, Serialize};

/// Channel weights for all-English and all-Korean queries; mixed queries
/// interpolate. Calibrated on corpus/eval/dev.jsonl (docs/QUALITY.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FusionWeights {
    pub dense_en: f32,
    pub lexical_en: f32,
    pub dense_ko: f32,
    pub lexical_ko: f32,
}

impl Default for FusionWeights {
    fn default() -> Self {
        Self {
            dense_en: 0.6,
            lexical_en: 0.4,
            dense_ko: 0.1,
            lexical_ko: 0.9,
        }
    }
}

/// The share of Hangul syllables and jamo among the query's letters, in `[0, 1]`.
pub fn hangul_share(query: &str) -> f32 {
    let (mut hangul, mut letters) = (0usize, 0usize);
    for c in query.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
        {
            hangul += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        hangul as f32 / letters as f32
    }
}

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
    fn script_share() {
        assert_eq!(hangul_share("lost my id card"), 0.0);
        assert_eq!(hangul_share("여권 재발급"), 1.0);
        assert_eq!(hangul_share("12345 !!"), 0.0);
        let mixed = hangul_share("need 연금");
        assert!((mixed - 2.0 / 6.0).abs() < 1e-6);
    }

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
