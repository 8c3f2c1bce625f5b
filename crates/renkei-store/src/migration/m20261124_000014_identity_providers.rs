//! Sign-in through OpenID Connect: the identity providers a city configures (one for its
//! staff, one for its companies' people), versioned and audited, and the logins under way —
//! what a sign-in started on one node needs to be finished on any node, once, within ten
//! minutes.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum IdentityProviders {
    Table,
    Id,
    /// The city whose people it signs in.
    CityCode,
    /// Whom it signs in: `staff` or `companies` (one of each per city).
    Audience,
    Issuer,
    ClientId,
    /// The client's secret (empty for a public client). Never in the audit trail nor on a
    /// page: it is sent only to the provider's token endpoint.
    ClientSecret,
    /// The ID token's claim that holds the e-mail address.
    EmailClaim,
    Enabled,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum OidcLogins {
    Table,
    Id,
    /// SHA-256 of the `state` sent to the provider, hex: the state itself is only in the
    /// browser's redirect and cookie.
    StateHash,
    ProviderId,
    Nonce,
    /// The PKCE code verifier (S256), sent with the code to the token endpoint.
    PkceVerifier,
    CreatedAt,
    /// When the provider's answer came back: a state is taken once.
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(IdentityProviders::Table)
                .col(big_pk_auto(IdentityProviders::Id))
                .col(string_len(IdentityProviders::CityCode, 6))
                .col(string_len(IdentityProviders::Audience, 20))
                .col(string_len(IdentityProviders::Issuer, 300))
                .col(string_len(IdentityProviders::ClientId, 200))
                .col(string_len(IdentityProviders::ClientSecret, 500))
                .col(string_len(IdentityProviders::EmailClaim, 100))
                .col(boolean(IdentityProviders::Enabled))
                .col(big_integer(IdentityProviders::Version))
                .col(timestamp_with_time_zone(IdentityProviders::CreatedAt))
                .col(timestamp_with_time_zone(IdentityProviders::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(IdentityProviders::Table, IdentityProviders::CityCode)
                        .to(Cities::Table, Cities::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("identity_providers_one_per_audience")
                .table(IdentityProviders::Table)
                .col(IdentityProviders::CityCode)
                .col(IdentityProviders::Audience)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OidcLogins::Table)
                .col(big_pk_auto(OidcLogins::Id))
                .col(string_len_uniq(OidcLogins::StateHash, 64))
                .col(big_integer(OidcLogins::ProviderId))
                .col(string_len(OidcLogins::Nonce, 64))
                .col(string_len(OidcLogins::PkceVerifier, 128))
                .col(timestamp_with_time_zone(OidcLogins::CreatedAt))
                .col(timestamp_with_time_zone_null(OidcLogins::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(OidcLogins::Table, OidcLogins::ProviderId)
                        .to(IdentityProviders::Table, IdentityProviders::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("oidc_logins_created")
                .table(OidcLogins::Table)
                .col(OidcLogins::CreatedAt)
                .to_owned(),
        )
        .await
    }
}
