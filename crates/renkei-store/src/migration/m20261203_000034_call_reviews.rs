//! Review of calls: each call's rubric (as JSON; none means the lead city's at the time); its
//! panel of reviewers, each with the city they belong to, if any; the conflicts of interest
//! they declare, per company; and their sheets, one per application and reviewer (made when
//! the reviewer is assigned, scored and submitted later), with the rubric each was scored on.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000003_users::Users;
use super::m20261124_000007_companies::{Calls, Companies};
use super::m20261203_000033_calls::CallApplications;
use super::shared::{Columns, index, migration, unique};

migration!(
    call_rubric,
    call_reviewers,
    call_review_conflicts,
    call_reviews
);

#[derive(DeriveIden)]
enum CallsRubric {
    #[sea_orm(iden = "calls")]
    Table,
    /// `{"criteria": [{"name", "weight"}], "scale"}`, or none for the lead city's.
    Rubric,
}

#[derive(DeriveIden)]
enum CallReviewers {
    Table,
    Id,
    CallId,
    UserId,
    /// The designated city the reviewer belongs to; none for an outside expert.
    CityCode,
    ActorLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CallReviewConflicts {
    Table,
    Id,
    CallId,
    UserId,
    CompanyId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CallReviews {
    Table,
    Id,
    CallId,
    ApplicationId,
    UserId,
    AssignedBy,
    /// The scores, a JSON array in the rubric's order, once scored.
    Scores,
    /// The rubric scored on, as JSON.
    Rubric,
    /// The weighted score out of 100.
    Total,
    /// To the panel only.
    PanelComment,
    /// Shown to the applicant with the result.
    ApplicantComment,
    SubmittedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

async fn call_rubric(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(CallsRubric::Table)
            .add_column(text_null(CallsRubric::Rubric))
            .to_owned(),
    )
    .await
}

async fn call_reviewers(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallReviewers as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .id(R::Id)
            .col(big_integer(R::CallId))
            .col(big_integer(R::UserId))
            .col(string_len_null(R::CityCode, 6))
            .col(string(R::ActorLabel))
            .created_at(R::CreatedAt)
            .references(R::CallId, Calls::Table, Calls::Id)
            .references(R::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    unique(m, "call_reviewers_once", R::Table, [R::CallId, R::UserId]).await?;
    index(m, "call_reviewers_user", R::Table, [R::UserId]).await
}

async fn call_review_conflicts(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallReviewConflicts as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .id(C::Id)
            .col(big_integer(C::CallId))
            .col(big_integer(C::UserId))
            .col(big_integer(C::CompanyId))
            .col(text(C::Reason))
            .created_at(C::CreatedAt)
            .references(C::CallId, Calls::Table, Calls::Id)
            .references(C::UserId, Users::Table, Users::Id)
            .references(C::CompanyId, Companies::Table, Companies::Id)
            .to_owned(),
    )
    .await?;
    let once = [C::CallId, C::UserId, C::CompanyId];
    unique(m, "call_review_conflicts_once", C::Table, once).await
}

async fn call_reviews(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallReviews as S;
    m.create_table(
        Table::create()
            .table(S::Table)
            .id(S::Id)
            .col(big_integer(S::CallId))
            .col(big_integer(S::ApplicationId))
            .col(big_integer(S::UserId))
            .col(string(S::AssignedBy))
            .col(text_null(S::Scores))
            .col(text_null(S::Rubric))
            .col(double_null(S::Total))
            .col(text(S::PanelComment).default(""))
            .col(text(S::ApplicantComment).default(""))
            .col(timestamp_with_time_zone_null(S::SubmittedAt))
            .versioned(S::Version, S::CreatedAt, S::UpdatedAt)
            .references(S::CallId, Calls::Table, Calls::Id)
            .references(
                S::ApplicationId,
                CallApplications::Table,
                CallApplications::Id,
            )
            .references(S::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    let once = [S::ApplicationId, S::UserId];
    unique(m, "call_reviews_once", S::Table, once).await?;
    index(
        m,
        "call_reviews_call_user",
        S::Table,
        [S::CallId, S::UserId],
    )
    .await
}
