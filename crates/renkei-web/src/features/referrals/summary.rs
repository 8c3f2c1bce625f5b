//! Views across referrals: the overdue steps the viewer owns, and the summary of referrals
//! between pairs of cities.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use chrono::Utc;
use renkei_domain::referral::State as Step;
use renkei_store::{PageRequest, ReferralId, ReferralQuery, ReferralRecord};

use super::list::{ListRow, rows_of};
use super::view::FeedbackRow;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::lang::UiLang;
use crate::shared::format::{city_name, in_jst};
use crate::shared::layout::{Base, tr};

#[derive(Template, WebTemplate)]
#[template(path = "referrals/referrals_overdue.html")]
pub struct OverduePage {
    base: Base,
    rows: Vec<ListRow>,
}

pub async fn overdue(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<OverduePage, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let overdue = state.store.overdue_referrals(&scope, Utc::now()).await?;
    let items: Vec<ReferralRecord> = overdue.iter().map(|o| o.referral.clone()).collect();
    let mut rows = rows_of(&state, lang, &items).await?;
    for (row, o) in rows.iter_mut().zip(&overdue) {
        row.due = in_jst(o.due).format("%Y-%m-%d").to_string();
    }
    Ok(OverduePage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "期限を過ぎた紹介", "Overdue referrals"),
            "referrals",
        ),
        rows,
    })
}

pub struct PairRow {
    pub from: String,
    pub to: String,
    pub total: usize,
    pub open: usize,
    pub agreed_targets: usize,
    pub closed: usize,
    pub declined: usize,
    pub withdrawn: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "referrals/referrals_summary.html")]
pub struct SummaryPage {
    base: Base,
    rows: Vec<ListRow>,
    pairs: Vec<PairRow>,
    feedback: Vec<(i64, FeedbackRow)>,
}

/// The pilot-style summary (第3章 5): every referral with its step, dates and outcome, the
/// counts per city pair, and the feedback.
pub async fn summary(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<SummaryPage, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let page = state
        .store
        .referrals(
            &scope,
            &ReferralQuery::default(),
            PageRequest::new(1, PageRequest::MAX_PER_PAGE),
        )
        .await?;
    let rows = rows_of(&state, lang, &page.items).await?;
    let ids: Vec<ReferralId> = page.items.iter().map(|r| r.id).collect();
    let agreed = state.store.agreed_targets(&ids).await?;
    let mut pairs: Vec<PairRow> = Vec::new();
    for r in &page.items {
        let (from, to) = (
            city_name(&state, &r.sending_city.to_string()),
            city_name(&state, &r.receiving_city.to_string()),
        );
        let agreed = agreed.get(&r.id).copied().unwrap_or(0);
        let pair = match pairs.iter_mut().position(|p| p.from == from && p.to == to) {
            Some(i) => &mut pairs[i],
            None => {
                pairs.push(PairRow {
                    from,
                    to,
                    total: 0,
                    open: 0,
                    agreed_targets: 0,
                    closed: 0,
                    declined: 0,
                    withdrawn: 0,
                });
                pairs.last_mut().expect("just pushed")
            }
        };
        pair.total += 1;
        pair.agreed_targets += agreed;
        match r.state {
            Step::Closed => pair.closed += 1,
            Step::Declined => pair.declined += 1,
            Step::Withdrawn => pair.withdrawn += 1,
            _ => pair.open += 1,
        }
    }
    let mut feedback = Vec::new();
    for f in state.store.feedback_on(&ids).await? {
        let party = f.party.name().get(lang).to_owned();
        feedback.push((
            f.referral_id.0,
            FeedbackRow {
                party,
                rating: f.rating,
                comment: f.comment,
                at: in_jst(f.created_at).format("%Y-%m-%d").to_string(),
            },
        ));
    }
    Ok(SummaryPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "紹介の実施状況（取りまとめ）", "Referrals: summary"),
            "referrals",
        ),
        rows,
        pairs,
        feedback,
    })
}
