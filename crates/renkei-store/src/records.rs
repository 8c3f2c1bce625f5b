//! What every feature's records share. The store hands out typed records — states and kinds
//! as the domain's enums, cities as `CityCode`, ids as newtypes — converted once where rows
//! are read, so that nobody parses them again:
//!
//! - [`id_type!`] makes an id newtype (transparent in JSON, usable as a query value);
//! - a row holding a code this version does not know is [`Unreadable`]: a list leaves it out
//!   ([`readable`]), a read by id finds nothing, and a warning is logged — nothing panics and
//!   the row is left as it is;
//! - records serialize (for the audit trail's before and after) with the columns' codes, by
//!   `#[serde(serialize_with = "code")]` on a field whose enum is made [`Coded`] by [`coded!`].

use serde::Serializer;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for sea_orm::Value {
            fn from(id: $name) -> Self {
                id.0.into()
            }
        }
    };
}

#[allow(unused_imports)] // for the features whose records get ids of their own
pub(crate) use id_type;

id_type!(
    /// A referral's id.
    ReferralId
);
id_type!(
    /// A product's id.
    ProductId
);
id_type!(
    /// A company's id.
    CompanyId
);
id_type!(
    /// An account's id.
    UserId
);
id_type!(
    /// A sales-channel target's id.
    TargetId
);

/// A code of a row this version does not know (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub table: &'static str,
    pub id: i64,
    pub field: &'static str,
    pub code: String,
}

impl Unreadable {
    /// Logs it (the row is left out).
    pub fn warn(&self) {
        tracing::warn!(
            table = self.table,
            id = self.id,
            field = self.field,
            code = %self.code,
            "a row holds a code this version does not know: left out"
        );
    }
}

/// The rows that can be read, the others logged and left out.
pub(crate) fn readable<M, R>(rows: Vec<M>) -> Vec<R>
where
    R: TryFrom<M, Error = Unreadable>,
{
    rows.into_iter()
        .filter_map(|m| R::try_from(m).inspect_err(Unreadable::warn).ok())
        .collect()
}

/// The record of a row read by id: none, or one that cannot be read (logged), is not found.
pub(crate) fn found<M, R>(row: Option<M>) -> crate::Result<R>
where
    R: TryFrom<M, Error = Unreadable>,
{
    let row = row.ok_or(crate::StoreError::NotFound)?;
    R::try_from(row).map_err(|e| {
        e.warn();
        crate::StoreError::NotFound
    })
}

pub(crate) fn known<T>(
    table: &'static str,
    id: i64,
    field: &'static str,
    code: &str,
    read: impl FnOnce(&str) -> Option<T>,
) -> Result<T, Unreadable> {
    read(code).ok_or_else(|| Unreadable {
        table,
        id,
        field,
        code: code.to_owned(),
    })
}

/// An enum with a stable code, serialized as it.
pub(crate) trait Coded: Copy {
    fn code(self) -> &'static str;
}

macro_rules! coded {
    ($($t:ty),+ $(,)?) => {
        $(impl $crate::records::Coded for $t {
            fn code(self) -> &'static str {
                <$t>::code(self)
            }
        })+
    };
}
pub(crate) use coded;

pub(crate) fn code<T: Coded, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.code())
}

pub(crate) fn optional_code<T: Coded, S: Serializer>(
    v: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(v.code()),
        None => s.serialize_none(),
    }
}

pub(crate) fn joined_codes<T: Coded, S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
    let codes: Vec<&str> = v.iter().map(|k| k.code()).collect();
    s.serialize_str(&codes.join(","))
}
