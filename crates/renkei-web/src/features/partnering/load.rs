//! What the partner requests give the other features: the case page's part (the case's
//! requests, and the forms that open one for those who work it).

use renkei_app::partnering;
use renkei_domain::Lang;
use renkei_domain::partnering::Party;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::shared::layout::tr;

/// What the case page shows of its requests: (id, what, standing), and whether the viewer
/// may open one (with the kinds of each purpose and the city's trial-funding calls).
pub struct CaseRequests {
    pub requests: Vec<(i64, String, &'static str)>,
    pub opens: bool,
    pub brokering_kinds: Vec<(&'static str, &'static str)>,
    pub site_kinds: Vec<(&'static str, &'static str)>,
    pub calls: Vec<(i64, String)>,
}

/// The case's requests for its page.
pub async fn of_case(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    case: &renkei_store::ConsultationRecord,
) -> Result<CaseRequests, AppError> {
    use renkei_domain::partnering::Purpose;
    let requests = state
        .store
        .partner_requests_of_case(case.id)
        .await?
        .into_iter()
        .map(|r| {
            let what = format!(
                "{}（{}）",
                r.purpose.name().get(lang),
                r.purpose.kind_name(&r.kind).get(lang)
            );
            let standing = match r.outcome {
                Some(o) => o.name().get(lang),
                None => tr(lang, "進行中", "Open"),
            };
            (r.id.0, what, standing)
        })
        .collect();
    let opens =
        partnering::parties(&viewer.caller(), case).contains(&Party::Desk) && !case.state.is_end();
    let kinds = |p: Purpose| -> Vec<(&'static str, &'static str)> {
        p.kinds()
            .into_iter()
            .map(|(c, n)| (c, n.get(lang)))
            .collect()
    };
    let calls = if opens {
        partnering::trial_calls(&state.app, &case.city)
            .await?
            .into_iter()
            .map(|c| (c.id, c.title))
            .collect()
    } else {
        Vec::new()
    };
    Ok(CaseRequests {
        requests,
        opens,
        brokering_kinds: kinds(Purpose::Brokering),
        site_kinds: kinds(Purpose::Sites),
        calls,
    })
}
