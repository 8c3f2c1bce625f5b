//! An identity provider of a city (see the migration that creates it). Its secret is read
//! only by the store's typed record, which never serializes it.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "identity_providers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub audience: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub email_claim: String,
    pub enabled: bool,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Without the secret.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("identity_provider::Model")
            .field("id", &self.id)
            .field("city_code", &self.city_code)
            .field("audience", &self.audience)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

super::no_relations!();
