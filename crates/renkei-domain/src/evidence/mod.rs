//! Evidence (第3章 5, 第4章): the rules of the dashboards and reports, apart from where the
//! figures come from. What a filter may say (`filter`: 年度, city, company type, stage, with
//! an error in Japanese for anything else), the statistics of times (`stats`: median and
//! 90th percentile), how long a record stayed at each step of its history (`stays`), and
//! which figures a viewer may see of other cities' records (`disclosure`: no cell built from
//! fewer than 3 records of another city).

pub mod disclosure;
pub mod filter;
pub mod stats;
pub mod stays;

pub use disclosure::{Audience, Cell, MIN_OTHERS, row};
pub use filter::{Filter, FilterInput, quarter};
pub use stats::{Times, median, percentile};
pub use stays::{Stay, stays, time_per_step};
