//! Discussion threads between the cities' staff and coordinators (情報交換): a thread of a
//! kind (`topic`, `product`, `referral`) with its title, the product or referral it is about
//! and the cities kept with it so that lists filter without reading them (a product's home
//! city; a referral's sending and receiving cities), who started it and when it last had a
//! post; its posts (append-only, each with its author); and each person's weekly digest:
//! the week last claimed (by its Monday) and the last post it told of.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::m20261124_000008_products::Products;
use super::m20261124_000011_referrals::Referrals;
use super::shared::{Columns, index, migration};

migration!(threads, thread_posts, thread_digests);

#[derive(DeriveIden)]
enum Threads {
    Table,
    Id,
    /// `topic`, `product`, `referral` (`renkei_domain::network::thread::Kind`).
    Kind,
    Title,
    ProductId,
    ReferralId,
    /// A product's home city, a referral's sending city; none for a topic.
    CityCode,
    /// A referral's receiving city.
    OtherCity,
    AuthorId,
    AuthorLabel,
    LastPostAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ThreadPosts {
    Table,
    Id,
    ThreadId,
    Body,
    AuthorId,
    AuthorLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ThreadDigests {
    Table,
    UserId,
    /// The Monday of the last week whose digest was claimed for the person.
    WeekOf,
    /// The last post the person's digests told of.
    SentUpTo,
    SentAt,
}

async fn threads(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Threads as T;
    m.create_table(
        Table::create()
            .table(T::Table)
            .id(T::Id)
            .col(string_len(T::Kind, 16))
            .col(text(T::Title))
            .col(big_integer_null(T::ProductId))
            .col(big_integer_null(T::ReferralId))
            .col(string_len_null(T::CityCode, 6))
            .col(string_len_null(T::OtherCity, 6))
            .actor(T::AuthorId, T::AuthorLabel)
            .col(timestamp_with_time_zone(T::LastPostAt))
            .created_at(T::CreatedAt)
            .references(T::ProductId, Products::Table, Products::Id)
            .references(T::ReferralId, Referrals::Table, Referrals::Id)
            .references(T::CityCode, Cities::Table, Cities::Code)
            .references(T::OtherCity, Cities::Table, Cities::Code)
            .references(T::AuthorId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    index(m, "threads_last_post", T::Table, [T::LastPostAt]).await?;
    index(m, "threads_product", T::Table, [T::ProductId]).await?;
    index(m, "threads_referral", T::Table, [T::ReferralId]).await
}

async fn thread_posts(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ThreadPosts as P;
    m.create_table(
        Table::create()
            .table(P::Table)
            .id(P::Id)
            .col(big_integer(P::ThreadId))
            .col(text(P::Body))
            .actor(P::AuthorId, P::AuthorLabel)
            .created_at(P::CreatedAt)
            .references(P::ThreadId, Threads::Table, Threads::Id)
            .references(P::AuthorId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    index(m, "thread_posts_thread", P::Table, [P::ThreadId, P::Id]).await?;
    index(m, "thread_posts_created", P::Table, [P::CreatedAt]).await
}

async fn thread_digests(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ThreadDigests as D;
    m.create_table(
        Table::create()
            .table(D::Table)
            .col(big_integer(D::UserId).primary_key())
            .col(date(D::WeekOf))
            .col(big_integer(D::SentUpTo))
            .col(timestamp_with_time_zone_null(D::SentAt))
            .references(D::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await
}
