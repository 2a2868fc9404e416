//! Fusing the dense and lexical channels into one score per entry.
//!
//! The weight of each channel follows the query's script — the share of
//! Hangul among its letters moves the weights from the English pair to the
//! Korean pair — because the channels are not equally good in both
//! languages (an English-only model reads Hangul as unknown pieces).

use super::Channels;
use crate::config::FusionWeights;

/// One fused score per entry (entry order): the dense similarity less the
/// entry's hubness times `hub_penalty`, and the lexical score, each
/// weighted by the query's script.
pub fn fuse(channels: &Channels, weights: &FusionWeights) -> Vec<f32> {
    let hangul = channels.hangul;
    let w_dense = weights.dense_en + (weights.dense_ko - weights.dense_en) * hangul;
    let w_lexical = weights.lexical_en + (weights.lexical_ko - weights.lexical_en) * hangul;
    channels
        .dense
        .iter()
        .zip(&channels.lexical)
        .zip(channels.hubness.iter().chain(std::iter::repeat(&0.0)))
        .map(|((&d, &l), &hub)| {
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
            lexical: lexical.to_vec(),
            hangul,
            hubness: hubness.into(),
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
        };
        // Entry 0 wins on dense, entry 1 on lexical.
        let (dense, lexical) = ([0.9, 0.3], [0.1, 0.6]);
        let english = fuse(&channels(&dense, &lexical, 0.0, &[0.0, 0.0]), &w);
        let korean = fuse(&channels(&dense, &lexical, 1.0, &[0.0, 0.0]), &w);
        assert!(english[0] > english[1]);
        assert!(korean[1] > korean[0]);
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
