//! Popularity: how often citizens open each service on the government's
//! portal (the catalogue's 조회수), as a prior for ranking. Among services
//! whose texts fit a question almost equally (someone who closed their shop
//! and wants work: the national job-seeking programme, opened 755,000
//! times, or a rating of small firms' management, 920), the one people
//! look up far more often is the likelier need. Computed once, at build
//! time.

use crate::corpus::search::Views;

/// For every entry, `log10(1 + views)` above the median counted entry's;
/// an everyday request without a count as the 90th percentile's; 0 for an
/// entry with neither (a topic minwon does not answer), so it is neither
/// lifted nor lowered.
pub fn above_median(views: &[Views]) -> Vec<f32> {
    let log = |v: u64| (1.0 + v as f64).log10();
    let mut counted: Vec<f64> = views
        .iter()
        .filter_map(|v| match v {
            Views::Counted(v) => Some(log(*v)),
            _ => None,
        })
        .collect();
    counted.sort_by(f64::total_cmp);
    let Some(&median) = counted.get(counted.len() / 2) else {
        return vec![0.0; views.len()];
    };
    let everyday = counted[counted.len() * 9 / 10];
    views
        .iter()
        .map(|v| match v {
            Views::Counted(v) => (log(*v) - median) as f32,
            Views::Everyday => (everyday - median) as f32,
            Views::Unknown => 0.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_taken_against_the_median_and_missing_ones_are_neutral() {
        let counted: Vec<Views> = (0..10).map(|i| Views::Counted(10u64.pow(i) - 1)).collect();
        let views = [&counted[..], &[Views::Everyday, Views::Unknown]].concat();
        let p = above_median(&views);
        // log10(1 + views) is 0..=9: the median is 5, the 90th percentile 9.
        assert!(p[5].abs() < 1e-6 && (p[0] + 5.0).abs() < 1e-6, "{p:?}");
        assert!((p[10] - 4.0).abs() < 1e-6, "{p:?}");
        assert_eq!(p[11], 0.0);
        assert_eq!(above_median(&[Views::Unknown, Views::Everyday]), [0.0, 0.0]);
    }
}
