//! Fusing the dense and lexical channels into one score per entry.
//!
//! The weight of each channel follows the query's script — the share of
//! Hangul among its letters moves the weights from the English pair to the
//! Korean pair — because the channels are not equally good in both
//! languages (an English-only model reads Hangul as unknown pieces).

use super::Channels;
use crate::config::FusionWeights;

/// One fused score per entry (entry order): the dense similarity (its best
/// vector's, blended with its second best's by `second_vector`) less the
/// entry's hubness times `hub_penalty`, and the lexical score, each weighted
/// by the query's script.
pub fn fuse(channels: &Channels, weights: &FusionWeights) -> Vec<f32> {
    let hangul = channels.hangul;
    let w_dense = weights.dense_en + (weights.dense_ko - weights.dense_en) * hangul;
    let w_lexical = weights.lexical_en + (weights.lexical_ko - weights.lexical_en) * hangul;
    channels
        .dense
        .iter()
        .zip(&channels.dense_second)
        .zip(&channels.lexical)
        .zip(channels.hubness.iter().chain(std::iter::repeat(&0.0)))
        .map(|(((&best, &second), &l), &hub)| {
            let d = if second > 0.0 {
                best + weights.second_vector * (second - best)
            } else {
                best
            };
            let d = if d > 0.0 {
                d - weights.hub_penalty * hub
            } else {
                0.0
            };
            w_dense * d + w_lexical * l
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retrieve::Scope;

    fn channels(dense: &[f32], lexical: &[f32], hangul: f32, hubness: &[f32]) -> Channels {
        Channels {
            dense: dense.to_vec(),
            dense_second: vec![0.0; dense.len()],
            lexical: lexical.to_vec(),
            hangul,
            hubness: hubness.into(),
            popularity: vec![0.0; dense.len()].into(),
            scope: Scope::all(dense.len()),
        }
    }

    #[test]
    fn each_script_has_its_own_weights() {
        let w = FusionWeights {
            dense_en: 0.9,
            lexical_en: 0.1,
            dense_ko: 0.1,
            lexical_ko: 0.9,
            hub_penalty: 0.0,
            second_vector: 0.0,
            popularity: 0.0,
        };
        // Entry 0 wins on dense, entry 1 on lexical.
        let (dense, lexical) = ([0.9, 0.3], [0.1, 0.6]);
        let english = fuse(&channels(&dense, &lexical, 0.0, &[0.0, 0.0]), &w);
        let korean = fuse(&channels(&dense, &lexical, 1.0, &[0.0, 0.0]), &w);
        assert!(english[0] > english[1]);
        assert!(korean[1] > korean[0]);
    }

    #[test]
    fn a_second_fitting_vector_outweighs_a_slightly_better_single_one() {
        let w = FusionWeights {
            dense_en: 1.0,
            lexical_en: 0.0,
            second_vector: 0.25,
            ..FusionWeights::default()
        };
        // Entry 0: one vector at 0.84 and the next far off; entry 1: two at
        // 0.83; entry 2: a single vector, kept as it is.
        let mut c = channels(&[0.84, 0.83, 0.80], &[0.0; 3], 0.0, &[0.0; 3]);
        c.dense_second = vec![0.70, 0.83, 0.0];
        let fused = fuse(&c, &w);
        assert!(fused[1] > fused[0], "{fused:?}");
        assert!((fused[0] - 0.805).abs() < 1e-6, "{fused:?}");
        assert_eq!(fused[2], 0.80);
        let only_best = fuse(
            &c,
            &FusionWeights {
                second_vector: 0.0,
                ..w
            },
        );
        assert!(only_best[0] > only_best[1], "{only_best:?}");
    }

    #[test]
    fn a_hub_loses_its_excess_and_negative_similarity_counts_as_zero() {
        let w = FusionWeights {
            dense_en: 1.0,
            lexical_en: 0.0,
            hub_penalty: 1.0,
            ..FusionWeights::default()
        };
        let fused = fuse(
            &channels(&[0.8, 0.78, -0.2], &[0.0; 3], 0.0, &[0.05, -0.01, 0.0]),
            &w,
        );
        assert!(fused[1] > fused[0], "{fused:?}");
        assert_eq!(fused[2], 0.0);
    }
}
