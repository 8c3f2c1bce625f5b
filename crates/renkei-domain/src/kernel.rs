//! The domain's shared kernel: what every feature's rules use — the error of one field in
//! both languages, enums with a stable code and a name in both languages, the length rule of
//! free-text fields, and the reading of a draft's fields (free text, required text, a choice
//! from a list).

use serde::Serialize;

use crate::Text;
use crate::text::{clean, fold};

/// What is wrong with one field, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: Text,
}

impl FieldError {
    pub fn new(field: &'static str, ja: &'static str, en: &'static str) -> Self {
        FieldError {
            field,
            message: Text::new(ja, en),
        }
    }
}

/// An enum with a stable code (what the database and forms hold) and a name in both
/// languages: `ALL`, `code`, `from_code` and `name`.
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal / $ja:literal / $en:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }

            pub fn name(self) -> Text {
                match self { $($name::$variant => $crate::Text::new($ja, $en)),+ }
            }
        }
    };
}
pub(crate) use coded_enum;

/// A field longer than `max` characters (100, 200, 300 or 4,000): its error.
pub fn too_long(errors: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.push(FieldError {
            field,
            message: match max {
                200 => Text::new(
                    "200文字以内で入力してください。",
                    "Use at most 200 characters.",
                ),
                300 => Text::new(
                    "300文字以内で入力してください。",
                    "Use at most 300 characters.",
                ),
                100 => Text::new(
                    "100文字以内で入力してください。",
                    "Use at most 100 characters.",
                ),
                _ => Text::new(
                    "4000文字以内で入力してください。",
                    "Use at most 4,000 characters.",
                ),
            },
        });
    }
}

/// A field that cannot be read: its error, in both languages, noted; no value.
pub(crate) fn invalid<T>(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    ja: &'static str,
    en: &'static str,
) -> Option<T> {
    errors.push(FieldError::new(field, ja, en));
    None
}

/// A free-text field, cleaned (`text::clean`), at most `max` characters.
pub(crate) fn text(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    max: usize,
) -> String {
    let value = clean(value);
    too_long(errors, field, &value, max);
    value
}

/// A free-text field that must be given: empty, its error in the words given; at most `max`
/// characters.
pub(crate) fn required(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    max: usize,
    (ja, en): (&'static str, &'static str),
) -> String {
    let value = clean(value);
    if value.is_empty() {
        errors.push(FieldError::new(field, ja, en));
    }
    too_long(errors, field, &value, max);
    value
}

/// A choice from a list by its code (`text::fold`ed; empty: none); a code `parse` does not
/// know is an error in the words given.
pub(crate) fn choice<T>(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    (ja, en): (&'static str, &'static str),
) -> Option<T> {
    match fold(value).as_str() {
        "" => None,
        code => parse(code).or_else(|| invalid(errors, field, ja, en)),
    }
}

/// The reason given with a decline, told to whoever asked (required, at most `max`
/// characters), cleaned.
pub(crate) fn decline_reason(reason: &str, max: usize) -> Result<String, Vec<FieldError>> {
    let reason = clean(reason);
    let mut errors = Vec::new();
    if reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "お断りの理由を入力してください（申込者にメールで伝えます）。",
            "Enter the reason (the applicant is told it by e-mail).",
        ));
    }
    too_long(&mut errors, "reason", &reason, max);
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(errors)
    }
}
