//! Popularity: how often citizens open each service on the government's
//! portal (the catalogue's 조회수), as a prior for ranking. Among services
//! whose texts fit a question almost equally ("치매 검사": the dementia
//! centre or the dementia call centre), the one people look up a hundred
//! times more is the likelier need. Computed once, at build time.

/// For every entry, `log10(1 + views)` above the median entry's that has a
/// count; 0 for an entry without one (a curated entry with no catalogue
/// twin, a topic minwon does not answer), so it is neither lifted nor
/// lowered.
pub fn above_median(views: &[Option<u64>]) -> Vec<f32> {
    let log = |v: u64| (1.0 + v as f64).log10();
    let mut counted: Vec<f64> = views.iter().flatten().map(|&v| log(v)).collect();
    counted.sort_by(f64::total_cmp);
    let Some(&median) = counted.get(counted.len() / 2) else {
        return vec![0.0; views.len()];
    };
    views
        .iter()
        .map(|v| v.map_or(0.0, |v| (log(v) - median) as f32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_taken_against_the_median_and_missing_ones_are_neutral() {
        let p = above_median(&[Some(9), Some(99), Some(999), None]);
        assert_eq!(p[1], 0.0);
        assert!(
            (p[0] + 1.0).abs() < 1e-6 && (p[2] - 1.0).abs() < 1e-6,
            "{p:?}"
        );
        assert_eq!(p[3], 0.0);
        assert_eq!(above_median(&[None, None]), [0.0, 0.0]);
    }
}
