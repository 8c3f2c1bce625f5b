//! A sign-in through OpenID Connect under way (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oidc_logins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub state_hash: String,
    pub provider_id: i64,
    pub nonce: String,
    pub pkce_verifier: String,
    pub created_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

super::no_relations!();
