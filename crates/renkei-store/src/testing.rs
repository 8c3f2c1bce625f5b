//! Fresh databases for tests: an SQLite file of its own, and, when `RENKEI_TEST_POSTGRES`
//! holds a connection URL, a PostgreSQL schema of its own on that server. Tests run the same
//! code on every database [`test_databases`] returns.

use sea_orm::{ConnectionTrait, Database};

/// The variable that holds the PostgreSQL URL tests may use.
pub const POSTGRES_VAR: &str = "RENKEI_TEST_POSTGRES";

/// A database made for one test. SQLite files are removed when it is dropped; PostgreSQL
/// schemas are left for inspection and named `renkei_test_<uuid>`.
#[derive(Debug)]
pub struct TestDatabase {
    pub url: String,
    pub backend: &'static str,
    file: Option<std::path::PathBuf>,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(f) = &self.file {
            for suffix in ["", "-wal", "-shm"] {
                let mut p = f.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

impl TestDatabase {
    pub fn sqlite() -> TestDatabase {
        let dir = std::env::temp_dir().join("renkei-tests");
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join(format!("{}.sqlite", uuid::Uuid::new_v4().simple()));
        TestDatabase {
            url: format!("sqlite://{}?mode=rwc", file.display()),
            backend: "sqlite",
            file: Some(file),
        }
    }

    /// A fresh schema on the server at `base_url`, reached through `search_path`.
    pub async fn postgres(base_url: &str) -> TestDatabase {
        let schema = format!("renkei_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(base_url)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_VAR}: {e}"));
        admin
            .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
            .await
            .expect("create test schema");
        admin.close().await.ok();
        let sep = if base_url.contains('?') { '&' } else { '?' };
        TestDatabase {
            url: format!("{base_url}{sep}options[search_path]={schema}"),
            backend: "postgresql",
            file: None,
        }
    }
}

/// A fresh SQLite database, and a fresh PostgreSQL schema when `RENKEI_TEST_POSTGRES` is set.
pub async fn test_databases() -> Vec<TestDatabase> {
    let mut dbs = vec![TestDatabase::sqlite()];
    if let Ok(url) = std::env::var(POSTGRES_VAR)
        && !url.trim().is_empty()
    {
        dbs.push(TestDatabase::postgres(url.trim()).await);
    }
    dbs
}

/// Counts the rows of a table, for tests that check what a migration or sync left behind.
pub async fn count_rows(store: &crate::handle::Store, table: &str) -> i64 {
    assert!(
        table.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
        "table name"
    );
    let db = store.connection();
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .expect("count query")
        .expect("one row");
    row.try_get::<i64>("", "n").expect("a count")
}

/// Runs raw SQL, for tests that check what the database itself refuses.
pub async fn execute_raw(store: &crate::handle::Store, sql: &str) -> Result<(), String> {
    store
        .connection()
        .execute_unprepared(sql)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Moves a session's clock back by `idle` and `age`, for tests of the timeouts without waiting.
pub async fn age_session(
    store: &crate::handle::Store,
    token: &str,
    idle: chrono::Duration,
    age: chrono::Duration,
) {
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
    let s = crate::entity::session::Entity::find_by_id(crate::sessions::digest(token))
        .one(store.connection())
        .await
        .expect("session query")
        .expect("a session");
    let (last_seen, created) = (s.last_seen_at - idle, s.created_at - age);
    let mut m = s.into_active_model();
    m.last_seen_at = Set(last_seen);
    m.created_at = Set(created);
    m.update(store.connection()).await.expect("session update");
}

/// Moves the clock of every sign-in under way (OpenID Connect) back by `by`, for tests of
/// their expiry without waiting.
pub async fn age_oidc_logins(store: &crate::handle::Store, by: chrono::Duration) {
    use sea_orm::sea_query::Expr;
    use sea_orm::{EntityTrait, QueryFilter};
    let rows = crate::entity::oidc_login::Entity::find()
        .all(store.connection())
        .await
        .expect("sign-ins under way");
    for r in rows {
        crate::entity::oidc_login::Entity::update_many()
            .col_expr(
                crate::entity::oidc_login::Column::CreatedAt,
                Expr::value(r.created_at - by),
            )
            .filter(sea_orm::ColumnTrait::eq(
                &crate::entity::oidc_login::Column::Id,
                r.id,
            ))
            .exec(store.connection())
            .await
            .expect("age a sign-in");
    }
}
