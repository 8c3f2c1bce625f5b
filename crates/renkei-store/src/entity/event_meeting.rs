//! The 商談会's matchmaking tables (see the migration that creates them): the set-up, the
//! participants, the requests with their history, the meetings and their outcomes.

/// An event's matchmaking set-up.
pub mod setup {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "event_meeting_setups")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub event_id: i64,
        pub slots: i32,
        pub slot_minutes: i32,
        pub first_slot_at: DateTimeUtc,
        pub tables: i32,
        pub mode: String,
        pub follow_up_months: i32,
        pub final_agenda: bool,
        pub scheduled_at: Option<DateTimeUtc>,
        pub version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    super::super::no_relations!();
}

/// A buyer or a seller of an event.
pub mod participant {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "event_meeting_participants")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub event_id: i64,
        pub side: String,
        pub company_id: Option<i64>,
        pub sales_target_id: Option<i64>,
        pub registration_id: Option<i64>,
        pub name: String,
        pub profile: String,
        pub max_meetings: i32,
        pub available: String,
        pub products: String,
        pub version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    super::super::no_relations!();
}

/// A meeting request between a buyer and a seller.
pub mod request {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "event_meeting_requests")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub event_id: i64,
        pub buyer_id: i64,
        pub seller_id: i64,
        pub requested_by: String,
        pub priority: i32,
        pub state: String,
        pub state_since: DateTimeUtc,
        pub version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub reminded_at: Option<DateTimeUtc>,
    }

    super::super::no_relations!();
}

/// One step of a request's history.
pub mod request_event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "event_meeting_request_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub request_id: i64,
        pub at: DateTimeUtc,
        pub party: String,
        #[sea_orm(column_name = "move")]
        pub move_code: String,
        pub from_state: String,
        pub to_state: String,
        pub actor_id: Option<i64>,
        pub actor_label: String,
    }

    super::super::no_relations!();
}

/// A request's meeting: its slot and table.
pub mod meeting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "event_meetings")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub event_id: i64,
        pub request_id: i64,
        pub slot: i32,
        pub table_no: i32,
        pub locked: bool,
        pub asked_at: Option<DateTimeUtc>,
        pub followed_up_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
    }

    super::super::no_relations!();
}

/// A meeting's outcome as it was given.
pub mod outcome {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "event_meeting_outcomes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub request_id: i64,
        pub asked: String,
        pub outcome: String,
        pub given_by: String,
        pub note: String,
        pub at: DateTimeUtc,
        pub actor_id: Option<i64>,
        pub actor_label: String,
    }

    super::super::no_relations!();
}
