//! Hubness: an entry with many texts (a curated service with two dozen
//! sample questions) is near *some* question of every kind, so its best
//! cosine runs high even for questions about something else, and it crowds
//! out entries described by one or two texts (a catalogue service). Each
//! entry's typical best cosine to questions about other entries is measured
//! once, at build time, so retrieval can take it off.

use rayon::prelude::*;

use super::vector::dot;

/// Most reference questions used: enough for a stable mean, few enough to
/// keep the build quick (references × vectors dot products).
const MAX_REFERENCES: usize = 600;

/// References per task when they are shared among threads.
const CHUNK: usize = 25;

/// For every entry, its mean best cosine to the `references` (vector
/// positions of sample questions) that belong to other entries, minus the
/// mean of that over all entries: positive for hubs, negative for loners.
pub fn excess(
    data: &[f32],
    dimension: usize,
    vector_entries: &[u32],
    entries: usize,
    references: &[usize],
) -> Vec<f32> {
    let step = references.len().div_ceil(MAX_REFERENCES).max(1);
    let picked: Vec<usize> = references.iter().step_by(step).copied().collect();
    // Fixed chunks summed in order: the same sums on any number of threads.
    let parts: Vec<(Vec<f64>, Vec<u32>)> = picked
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut sums = vec![0.0f64; entries];
            let mut counts = vec![0u32; entries];
            let mut best = vec![f32::NEG_INFINITY; entries];
            for &r in chunk {
                let query = &data[r * dimension..(r + 1) * dimension];
                best.fill(f32::NEG_INFINITY);
                for (v, vector) in data.chunks_exact(dimension).enumerate() {
                    let e = vector_entries[v] as usize;
                    best[e] = best[e].max(dot(query, vector));
                }
                let own = vector_entries[r] as usize;
                for (e, &b) in best.iter().enumerate() {
                    if e != own && b.is_finite() {
                        sums[e] += f64::from(b);
                        counts[e] += 1;
                    }
                }
            }
            (sums, counts)
        })
        .collect();
    let mut sums = vec![0.0f64; entries];
    let mut counts = vec![0u32; entries];
    for (part_sums, part_counts) in parts {
        sums.iter_mut().zip(part_sums).for_each(|(s, p)| *s += p);
        counts
            .iter_mut()
            .zip(part_counts)
            .for_each(|(c, p)| *c += p);
    }
    let means: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(&s, &c)| if c == 0 { 0.0 } else { s / f64::from(c) })
        .collect();
    let overall = means.iter().sum::<f64>() / means.len().max(1) as f64;
    means.iter().map(|m| (m - overall) as f32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: [f32; 3]) -> Vec<f32> {
        let n = dot(&v, &v).sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn an_entry_with_many_spread_texts_is_a_hub() {
        // Entry 0 has texts pointing everywhere; entry 1 one text; entry 2
        // the reference questions.
        let vectors = [
            unit([1.0, 0.0, 0.0]),
            unit([0.0, 1.0, 0.0]),
            unit([0.0, 0.0, 1.0]),
            unit([1.0, 1.0, 0.0]),
            unit([0.2, 0.3, 1.0]),
            unit([0.9, 0.1, 0.3]),
        ];
        let data: Vec<f32> = vectors.concat();
        let entries = [0, 0, 0, 1, 2, 2];
        let hub = excess(&data, 3, &entries, 3, &[4, 5]);
        assert!(hub[0] > 0.0 && hub[0] > hub[1], "{hub:?}");
        assert!((hub.iter().sum::<f32>()).abs() < 1e-5);
    }
}
