//! A call's review (審査), as use cases: the panel invited per call, from any city
//! ([`invite_reviewer`]); conflicts of interest declared by each reviewer ([`declare_conflict`],
//! which takes away their unsubmitted sheets of that company); assignment in bulk, each
//! application under review to the call's `k` reviewers with the load balanced
//! ([`assign_all`]), and by hand ([`assign`]), both refusing a barred reviewer
//! (`renkei_domain::call::review::bar`: a conflict, or in a wide-area call the applicant's
//! own city); a reviewer's sheet scored on the call's weighted rubric ([`score`]); and what a
//! sheet's reader may see ([`sheet`]: no other score before one's own is submitted; blind
//! review hides the company). [`figures`] gives the panel its aggregates and ranking.

use std::collections::{HashMap, HashSet};

use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::call::Phase;
use renkei_domain::call::application::State;
use renkei_domain::call::review::{self, Aggregate, Bar, Candidate, Panelist, Plan};
use renkei_domain::city::CityCode;
use renkei_domain::i18n::Text;
use renkei_domain::identity::Invitee;
use renkei_domain::review::Rubric;
use renkei_store::{
    ApplicationId, ApplicationRecord, CallRecord, CompanyId, CompanyRecord, ConflictRecord,
    Invited, OutgoingMail, Result, ReviewerRecord, SheetId, SheetRecord, SheetWrite, StoreError,
    Tx, UserId, UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};

/// The policy's view of a call's review: the panel (`sheet_of` none) or one reviewer's.
pub fn resource(call: &CallRecord, sheet_of: Option<i64>) -> Resource<'_> {
    Resource::CallReview {
        call: call.id,
        cities: &call.cities,
        sheet_of,
    }
}

/// The rubric a call scores on: its own, else its lead city's.
pub async fn rubric(app: &App, call: &CallRecord) -> Result<Rubric> {
    match &call.rubric {
        Some(r) => Ok(r.clone()),
        None => Ok(app.store().rubric_of(&call.city_code).await?.0),
    }
}

/// Why a review step was refused.
#[derive(Debug)]
pub enum Refused {
    /// A form's fields.
    Fields(Vec<FieldError>),
    /// A reviewer barred from an applicant (a conflict, or their own city).
    Barred(Bar),
    /// Not now: the call is not in review, or the sheet was submitted.
    NotNow(Text),
}

/// The call's panel, once the caller may read its review.
pub async fn panel(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
) -> std::result::Result<Vec<ReviewerRecord>, Denied> {
    app.require(caller, Action::Read, resource(call, None))
        .await?;
    Ok(app.store().reviewers(call.id).await?)
}

/// Invites a person to the call's panel, by the call's office: a new account with an
/// invitation link (`invite` writes the mail around the token), or an existing one given the
/// call's reviewer role (`added` tells them); then the panel's line with the city they
/// belong to (none: an outside expert). One already on the panel stays as they are.
pub async fn invite_reviewer(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
    (invitee, city): (&Invitee, Option<&CityCode>),
    invite: impl FnOnce(&UserRecord, &str) -> OutgoingMail,
    added: impl FnOnce(&UserRecord) -> OutgoingMail,
) -> std::result::Result<std::result::Result<UserRecord, Refused>, Denied> {
    app.require(caller, Action::Write, resource(call, None))
        .await?;
    let store = app.store();
    let role = [Role::Reviewer { call: call.id }];
    let user = match store
        .invite_or_add(
            &invitee.email,
            &invitee.name,
            &role,
            &caller.actor,
            invite,
            added,
        )
        .await?
    {
        Invited::New(u) | Invited::Added(u) | Invited::AlreadyHeld(u) => u,
        Invited::Inactive(_) => {
            return Ok(Err(Refused::Fields(vec![FieldError::new(
                "email",
                "このメールアドレスの利用者は無効になっています。",
                "The account of this address was deactivated.",
            )])));
        }
    };
    let tx = store.begin().await?;
    match store
        .add_reviewer(&tx, call.id, user.id, city, &caller.actor)
        .await
    {
        Ok(()) | Err(StoreError::Duplicate(_)) => {}
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(Ok(user))
}

/// Sets the call's rubric, by its office, at the version seen, until the first sheet is
/// submitted (scores already given are never read on another rubric).
pub async fn set_rubric(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
    rubric: &Rubric,
    seen_version: i64,
) -> std::result::Result<std::result::Result<(), Refused>, Denied> {
    app.require(caller, Action::Write, resource(call, None))
        .await?;
    let store = app.store();
    let sheets = store.sheets_of_call(None, call.id).await?;
    if sheets.iter().any(|s| s.submitted_at.is_some()) {
        return Ok(Err(Refused::NotNow(Text::new(
            "評価が提出された後は、評価基準を変更できません。",
            "The rubric stays as it is once a sheet was submitted.",
        ))));
    }
    store
        .set_call_rubric(call.id, seen_version, rubric, &caller.actor)
        .await?;
    Ok(Ok(()))
}

/// Everything assignment weighs, read in one transaction.
struct Board {
    candidates: Vec<Candidate>,
    panel: Vec<Panelist>,
    conflicts: HashSet<(i64, i64)>,
    existing: Vec<(i64, i64)>,
}

async fn board(app: &App, tx: &Tx, call: &CallRecord) -> Result<Board> {
    let store = app.store();
    let applications = store
        .applications_in_state(tx, call.id, State::InReview)
        .await?;
    let mut homes: HashMap<i64, CityCode> = HashMap::new();
    for a in &applications {
        if let Some((c, _)) = store.company(a.company_id).await? {
            homes.insert(a.company_id.0, c.home_city);
        }
    }
    let candidates = applications
        .iter()
        .filter_map(|a| {
            Some(Candidate {
                application: a.id.0,
                company: a.company_id.0,
                home_city: *homes.get(&a.company_id.0)?,
            })
        })
        .collect();
    let panel = store
        .reviewers(call.id)
        .await?
        .into_iter()
        .map(|r| Panelist {
            person: r.user_id.0,
            city: r.city,
        })
        .collect();
    let conflicts = store
        .conflicts(Some(tx), call.id)
        .await?
        .into_iter()
        .map(|c| (c.user_id.0, c.company_id.0))
        .collect();
    let existing = store
        .sheets_of_call(Some(tx), call.id)
        .await?
        .into_iter()
        .map(|s| (s.application_id.0, s.user_id.0))
        .collect();
    Ok(Board {
        candidates,
        panel,
        conflicts,
        existing,
    })
}

fn not_in_review() -> Refused {
    Refused::NotNow(Text::new(
        "審査中の公募でのみ割り当てと採点ができます。",
        "Reviewers are assigned and score only while the call is in review.",
    ))
}

/// Gives every application under review the call's number of reviewers, the least loaded
/// first, never a barred one; says which it could not fill.
pub async fn assign_all(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
) -> std::result::Result<std::result::Result<Plan, Refused>, Denied> {
    app.require(caller, Action::Write, resource(call, None))
        .await?;
    if call.phase != Phase::Review {
        return Ok(Err(not_in_review()));
    }
    let store = app.store();
    let tx = store.begin().await?;
    let b = board(app, &tx, call).await?;
    let k = usize::try_from(call.reviewers_per_application).unwrap_or(1);
    let wide = call.kind.is_wide_area();
    let plan = review::plan(k, wide, &b.candidates, &b.panel, &b.conflicts, &b.existing);
    let pairs: Vec<(ApplicationId, UserId)> = plan
        .assignments
        .iter()
        .map(|(a, p)| (ApplicationId(*a), UserId(*p)))
        .collect();
    if !pairs.is_empty() {
        store
            .assign_reviewers(&tx, call.id, &pairs, &caller.actor)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(plan))
}

/// Assigns one reviewer of the panel to one application under review, by hand.
pub async fn assign(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
    application: ApplicationId,
    user: UserId,
) -> std::result::Result<std::result::Result<(), Refused>, Denied> {
    app.require(caller, Action::Write, resource(call, None))
        .await?;
    if call.phase != Phase::Review {
        return Ok(Err(not_in_review()));
    }
    let store = app.store();
    let tx = store.begin().await?;
    let b = board(app, &tx, call).await?;
    let field = |key: &'static str, ja: &'static str, en: &'static str| {
        Ok(Err(Refused::Fields(vec![FieldError::new(key, ja, en)])))
    };
    let Some(candidate) = b.candidates.iter().find(|c| c.application == application.0) else {
        return field(
            "application",
            "審査中の申請を選んでください。",
            "Choose an application under review.",
        );
    };
    let Some(panelist) = b.panel.iter().find(|p| p.person == user.0) else {
        return field(
            "reviewer",
            "この公募の審査員を選んでください。",
            "Choose a reviewer of this call.",
        );
    };
    if let Some(bar) = review::bar(call.kind.is_wide_area(), panelist, candidate, &b.conflicts) {
        return Ok(Err(Refused::Barred(bar)));
    }
    match store
        .assign_reviewers(&tx, call.id, &[(application, user)], &caller.actor)
        .await
    {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            return field(
                "reviewer",
                "この審査員はこの申請にすでに割り当てられています。",
                "This reviewer is assigned to this application already.",
            );
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// A reviewer declares a conflict of interest with an applicant's company: they are never
/// assigned its applications, and those not yet scored are taken from them.
pub async fn declare_conflict(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
    company: CompanyId,
    reason: &str,
) -> std::result::Result<std::result::Result<u64, Refused>, Denied> {
    signed_in(caller)?;
    let me = caller.subject.person.unwrap_or_default();
    app.require(caller, Action::Write, resource(call, Some(me)))
        .await?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > review::COMMENT_MAX {
        return Ok(Err(Refused::Fields(vec![FieldError::new(
            "reason",
            "利益相反の内容を4,000文字以内で書いてください。",
            "Say what the conflict is (at most 4,000 characters).",
        )])));
    }
    let store = app.store();
    let applications: Vec<ApplicationId> = store
        .applications_of_call(call.id)
        .await?
        .into_iter()
        .filter(|a| a.company_id == company)
        .map(|a| a.id)
        .collect();
    if applications.is_empty() {
        return Ok(Err(Refused::Fields(vec![FieldError::new(
            "company",
            "この公募の申請者を選んでください。",
            "Choose an applicant of this call.",
        )])));
    }
    let tx = store.begin().await?;
    let removed = match store
        .declare_conflict(
            &tx,
            call.id,
            UserId(me),
            (company, &applications),
            reason,
            &caller.actor,
        )
        .await
    {
        Ok(n) => n,
        Err(StoreError::Duplicate(_)) => 0,
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    Ok(Ok(removed))
}

/// The caller's own sheets of a call (a reviewer's list), with the conflicts they declared.
pub async fn my_sheets(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
) -> std::result::Result<(Vec<SheetRecord>, Vec<ConflictRecord>), Denied> {
    signed_in(caller)?;
    let me = caller.subject.person.unwrap_or_default();
    app.require(caller, Action::Read, resource(call, Some(me)))
        .await?;
    let store = app.store();
    let mine = |u: &UserId| u.0 == me;
    let sheets = store.sheets_of_call(None, call.id).await?;
    let conflicts = store.conflicts(None, call.id).await?;
    Ok((
        sheets.into_iter().filter(|s| mine(&s.user_id)).collect(),
        conflicts.into_iter().filter(|c| mine(&c.user_id)).collect(),
    ))
}

/// A sheet as its reader may see it: the application (its company none in blind review,
/// unless the reader is of the call's office), and the other sheets only once the reader's
/// own is submitted (the office sees them all).
pub struct SheetView {
    pub sheet: SheetRecord,
    pub call: CallRecord,
    pub application: ApplicationRecord,
    pub company: Option<CompanyRecord>,
    pub rubric: Rubric,
    pub others: Option<Vec<SheetRecord>>,
    /// Whether the reader is the sheet's reviewer (who may write it).
    pub own: bool,
}

/// A sheet, once the caller may read it (its reviewer, the call's office).
pub async fn sheet(
    app: &App,
    caller: &Caller,
    id: SheetId,
) -> std::result::Result<SheetView, Denied> {
    signed_in(caller)?;
    let store = app.store();
    let s = match store.sheet(id).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => {
            return Err(app
                .absent(caller, Action::Read, format!("sheet {id}"))
                .await);
        }
        Err(e) => return Err(e.into()),
    };
    let call = store.call(s.call_id).await?;
    app.require(caller, Action::Read, resource(&call, Some(s.user_id.0)))
        .await?;
    let own = caller.subject.person == Some(s.user_id.0)
        && caller
            .subject
            .roles
            .contains(&Role::Reviewer { call: call.id });
    let office = super::is_office(caller, &call);
    let application = store.application(s.application_id).await?;
    let company = if call.blind && !office {
        None
    } else {
        store.company(application.company_id).await?.map(|c| c.0)
    };
    let others = if office || review::sees_others(s.submitted_at.is_some()) {
        let all = store.sheets_of_application(s.application_id).await?;
        Some(all.into_iter().filter(|o| o.id != s.id).collect())
    } else {
        None
    };
    let rubric = match &s.rubric {
        Some(r) => r.clone(),
        None => rubric(app, &call).await?,
    };
    Ok(SheetView {
        sheet: s,
        call,
        application,
        company,
        rubric,
        others,
        own,
    })
}

/// What a reviewer writes on their sheet, as typed.
#[derive(Debug, Clone, Default)]
pub struct ScoreDraft {
    pub scores: Vec<String>,
    pub panel_comment: String,
    pub applicant_comment: String,
    pub submit: bool,
}

/// Saves or submits a reviewer's sheet at the version they saw, while the call is in review
/// and the sheet not submitted: every criterion scored on the rubric's scale to submit.
pub async fn score(
    app: &App,
    caller: &Caller,
    view: &SheetView,
    draft: &ScoreDraft,
    seen_version: i64,
) -> std::result::Result<std::result::Result<SheetRecord, Refused>, Denied> {
    app.require(
        caller,
        Action::Write,
        resource(&view.call, Some(view.sheet.user_id.0)),
    )
    .await?;
    if view.call.phase != Phase::Review || view.application.state != State::InReview {
        return Ok(Err(not_in_review()));
    }
    if view.sheet.submitted_at.is_some() {
        return Ok(Err(Refused::NotNow(Text::new(
            "提出済みの評価は変更できません。",
            "A submitted sheet is not changed.",
        ))));
    }
    let mut errors = Vec::new();
    let (scores, total) = match view.rubric.score(&draft.scores) {
        Ok(s) => s,
        Err(e) if draft.submit => {
            errors.extend(e);
            (Vec::new(), 0.0)
        }
        Err(_) => (Vec::new(), 0.0),
    };
    for (key, text) in [
        ("panel_comment", &draft.panel_comment),
        ("applicant_comment", &draft.applicant_comment),
    ] {
        if text.chars().count() > review::COMMENT_MAX {
            errors.push(FieldError::new(
                key,
                "コメントは4,000文字以内で書いてください。",
                "A comment is at most 4,000 characters.",
            ));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(Refused::Fields(errors)));
    }
    if seen_version != view.sheet.version {
        return Err(StoreError::Conflict.into());
    }
    let write = SheetWrite {
        scores,
        rubric: view.rubric.clone(),
        total,
        panel_comment: draft.panel_comment.trim().to_owned(),
        applicant_comment: draft.applicant_comment.trim().to_owned(),
        submit: draft.submit,
    };
    let store = app.store();
    let tx = store.begin().await?;
    let after = store
        .write_sheet(&tx, &view.sheet, &write, &caller.actor)
        .await?;
    tx.commit().await?;
    Ok(Ok(after))
}

/// An application's line in the panel's table.
pub struct Figure {
    pub application: ApplicationRecord,
    pub sheets: Vec<SheetRecord>,
    pub aggregate: Option<Aggregate>,
}

/// The panel's figures: each application under review or decided, with its sheets and the
/// aggregate of the submitted ones, in the panel's ranking. The call's office only.
pub async fn figures(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
) -> std::result::Result<Vec<Figure>, Denied> {
    if !super::is_office(caller, call) {
        return Err(Denied::Forbidden);
    }
    let store = app.store();
    let mut sheets: HashMap<i64, Vec<SheetRecord>> = HashMap::new();
    for s in store.sheets_of_call(None, call.id).await? {
        sheets.entry(s.application_id.0).or_default().push(s);
    }
    let reviewed = [
        State::InReview,
        State::Decided,
        State::Awarded,
        State::NotAwarded,
        State::Reported,
        State::Settled,
    ];
    let mut lines: HashMap<i64, Figure> = store
        .applications_of_call(call.id)
        .await?
        .into_iter()
        .filter(|a| reviewed.contains(&a.state))
        .map(|a| {
            let own = sheets.remove(&a.id.0).unwrap_or_default();
            let totals: Vec<f64> = own
                .iter()
                .filter(|s| s.submitted_at.is_some())
                .filter_map(|s| s.total)
                .collect();
            let figure = Figure {
                aggregate: review::aggregate(&totals),
                sheets: own,
                application: a,
            };
            (figure.application.id.0, figure)
        })
        .collect();
    let order = review::ranking(
        &lines
            .values()
            .map(|f| (f.application.id.0, f.aggregate.clone()))
            .collect::<Vec<_>>(),
    );
    Ok(order
        .into_iter()
        .filter_map(|id| lines.remove(&id))
        .collect())
}
