//! An account as the store hands it out: typed (its id as a newtype, its address as the
//! domain's `Email`), converted once here where rows are read, so that nobody parses it
//! again.
//!
//! A row whose address this version cannot read is [`Unreadable`] (see `crate::records`): a
//! list leaves it out, a read finds nothing. Only this store writes the column, always from
//! an `Email`.
//!
//! It serializes (for the audit trail's before and after) with the row's field names, and
//! never with its password hash: the audit JSON is what it was when it was the ORM's model.

use chrono::{DateTime, Utc};
use renkei_domain::identity::Email;
use serde::Serialize;

use crate::entity::user;
pub use crate::records::UserId;
use crate::records::{Unreadable, known};

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRecord {
    pub id: UserId,
    pub email: Email,
    pub display_name: String,
    /// Never serialized: not into the audit trail, not into any answer.
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<user::Model> for UserRecord {
    type Error = Unreadable;

    fn try_from(m: user::Model) -> Result<Self, Unreadable> {
        let email = known("users", m.id, "email", &m.email, |e| Email::parse(e).ok())?;
        Ok(UserRecord {
            id: UserId(m.id),
            email,
            display_name: m.display_name,
            password_hash: m.password_hash,
            active: m.active,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> user::Model {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        user::Model {
            id: 4,
            email: "tanaka@city.chiba.lg.jp".into(),
            display_name: "田中".into(),
            password_hash: Some("$argon2id$secret".into()),
            active: true,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_record_serializes_as_its_row_did_without_its_password_hash() {
        let m = row();
        let typed = UserRecord::try_from(m.clone()).unwrap();
        assert_eq!(typed.email.as_str(), m.email);
        let json = serde_json::to_string(&typed).unwrap();
        assert_eq!(json, serde_json::to_string(&m).unwrap());
        assert!(!json.contains("argon2"));
    }

    #[test]
    fn a_row_with_an_address_it_cannot_read_is_unreadable() {
        let m = user::Model {
            email: "not an address".into(),
            ..row()
        };
        assert!(UserRecord::try_from(m).is_err());
    }
}
