//! The CSR challenge certification (CSRチャレンジ企業認証, the report's 参考: さいたま市's
//! scheme) that any city may run, and giving back (地域貢献): a city's versioned
//! [`checklist`] with its thresholds and its answers' evaluation; a company's
//! [`certification`] as a workflow (self-assessment, application, evidence checked,
//! interview, the committee's decision, publication, lapse, withdrawal; its number and its
//! term to the end of a fiscal year, with renewal reminders); the [`contribution`]s of
//! supported companies, and the certified community's business-matching requests.

pub mod certification;
pub mod checklist;
pub mod contribution;
