//! The statistics of times the dashboards show: the median (the mean of the two middle values
//! of an even count) and percentiles by nearest rank (the smallest value with at least p% of
//! the values at or below it: of ten values, the 90th percentile is the ninth), in days.

/// Seconds in a day.
const DAY: f64 = 86_400.0;

/// The median of some values; none of none.
pub fn median(values: &[f64]) -> Option<f64> {
    let v = sorted(values);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// The `p`th percentile (0 < p ≤ 100) by nearest rank; none of none.
pub fn percentile(values: &[f64], p: u32) -> Option<f64> {
    let v = sorted(values);
    if v.is_empty() {
        return None;
    }
    let rank = (f64::from(p.clamp(1, 100)) / 100.0 * v.len() as f64).ceil() as usize;
    v.get(rank.saturating_sub(1)).copied()
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// How long something took, over a group: how many, the median and the 90th percentile, in
/// days (to a tenth).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Times {
    pub count: usize,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
}

impl Times {
    /// Of durations in seconds.
    pub fn of_seconds(seconds: &[i64]) -> Times {
        let days: Vec<f64> = seconds.iter().map(|s| *s as f64 / DAY).collect();
        Times {
            count: days.len(),
            median_days: median(&days).map(tenth),
            p90_days: percentile(&days, 90).map(tenth),
        }
    }
}

fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_nearest_rank() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&ten, 90), Some(9.0));
        assert_eq!(percentile(&ten, 100), Some(10.0));
        assert_eq!(percentile(&[5.0, 1.0], 90), Some(5.0));
        assert_eq!(percentile(&[7.0], 90), Some(7.0));
        assert_eq!(percentile(&[], 90), None);
    }

    #[test]
    fn times_are_in_days_to_a_tenth() {
        let t = Times::of_seconds(&[86_400, 3 * 86_400, 10 * 86_400 + 3_600]);
        assert_eq!(t.count, 3);
        assert_eq!(t.median_days, Some(3.0));
        assert_eq!(t.p90_days, Some(10.0));
        assert_eq!(Times::of_seconds(&[]).median_days, None);
    }
}
