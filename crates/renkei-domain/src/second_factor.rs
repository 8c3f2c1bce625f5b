//! The second factor of a sign-in: a time-based one-time password (TOTP, RFC 6238: HMAC-SHA-1,
//! six digits, 30-second steps, one step of clock skew either way, computed by the `totp-rs`
//! crate) and one-time recovery codes. What a code must look like, which step a code is of,
//! that a step is accepted once, and how a recovery code is written are decided here; the
//! secret's bytes and the codes' randomness come from the layer that has a random source.

use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::i18n::Text;
use crate::text::fold;

/// How many bytes a TOTP secret has (160 bits, as RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;
/// How many random bytes a recovery code is made of (80 bits: 16 base32 characters).
pub const RECOVERY_BYTES: usize = 10;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Renkei";
/// How long a sign-in waits for its second factor once the password was right.
pub const PENDING_VALID: chrono::Duration = chrono::Duration::minutes(5);
/// How many wrong codes one waiting sign-in takes before it ends (each also counts as a failed
/// sign-in of the address, towards its lock).
pub const PENDING_ATTEMPTS: i32 = 5;

/// A TOTP secret, as the base32 text (RFC 4648, no padding) people type into an app.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(***)")
    }
}

impl TotpSecret {
    /// A secret of `SECRET_BYTES` random bytes (from the caller's random source).
    pub fn from_bytes(bytes: [u8; SECRET_BYTES]) -> TotpSecret {
        TotpSecret(bytes.to_vec())
    }

    /// A secret as stored (base32); `None` if it is not base32 or too short.
    pub fn from_base32(text: &str) -> Option<TotpSecret> {
        let bytes = Secret::try_from_base32(text).ok()?.as_bytes().to_vec();
        (bytes.len() >= 16).then_some(TotpSecret(bytes))
    }

    /// The secret as base32 text, to store and to show once while enrolling.
    pub fn to_base32(&self) -> String {
        Secret::new(self.0.clone().into_boxed_slice()).to_base32()
    }

    /// The secret in groups of four characters, easier to type.
    pub fn grouped(&self) -> String {
        let text = self.to_base32();
        let chars: Vec<char> = text.chars().collect();
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn totp(&self, account: &str) -> Totp {
        let account = account.replace(':', "_");
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(6)
            .with_skew(1)
            .with_step_duration(30)
            .with_secret(self.0.clone())
            .with_account_name(account)
            .with_issuer(Some(ISSUER))
            .build_noncompliant()
    }

    /// The `otpauth://totp/…` URI an authenticator app reads (typed, or from a QR code).
    pub fn otpauth_uri(&self, account: &str) -> String {
        self.totp(account)
            .to_url()
            .unwrap_or_else(|_| format!("otpauth://totp/{ISSUER}?secret={}", self.to_base32()))
    }

    /// The code of the step `unix_seconds` falls in (what an app shows then).
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp("").generate(unix_seconds).to_string()
    }

    /// The time step a six-digit `code` is of, at `unix_seconds` (the step before, the step,
    /// or the one after), and only if it is later than `last_step`, the last one accepted: a
    /// code is accepted once, and none older than the last one accepted.
    pub fn accept(&self, code: &str, unix_seconds: u64, last_step: Option<i64>) -> Option<i64> {
        let step = self.totp("").check(code, unix_seconds)?;
        let step = i64::try_from(step).ok()?;
        last_step.is_none_or(|last| step > last).then_some(step)
    }
}

/// What a person typed at the second-factor prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Six digits from the app.
    Totp(String),
    /// A recovery code, normalized (16 base32 characters, upper case, no separators).
    Recovery(String),
}

pub const CODE_MISSING: Text = Text::new(
    "確認コードを入力してください。",
    "Enter the verification code.",
);
pub const CODE_MALFORMED: Text = Text::new(
    "確認コードは認証アプリに表示される6桁の数字か、16文字の回復コードを入力してください。",
    "Enter the 6 digits your authenticator app shows, or a 16-character recovery code.",
);
pub const CODE_WRONG: Text = Text::new(
    "確認コードが正しくないか、すでに使われています。認証アプリの新しいコードを入力してください。",
    "The code is not right, or it was used already. Enter a new code from your app.",
);

/// Reads what was typed: full-width digits and letters are folded, spaces and hyphens
/// dropped; six digits are a TOTP code, 16 base32 characters a recovery code.
pub fn parse_answer(input: &str) -> Result<Answer, Text> {
    let s: String = fold(input)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if s.is_empty() {
        return Err(CODE_MISSING);
    }
    if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) {
        return Ok(Answer::Totp(s));
    }
    if s.len() == 16
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
    {
        return Ok(Answer::Recovery(s));
    }
    Err(CODE_MALFORMED)
}

/// A recovery code from `RECOVERY_BYTES` random bytes: 16 base32 characters, shown in four
/// groups (`ABCD-EFGH-JKLM-NPQR`). Returns (shown, normalized): only a hash of the
/// normalized one is kept.
pub fn recovery_code(bytes: [u8; RECOVERY_BYTES]) -> (String, String) {
    let normalized = Secret::new(bytes.to_vec().into_boxed_slice()).to_base32();
    let chars: Vec<char> = normalized.chars().collect();
    let shown = chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-");
    (shown, normalized)
}

/// Whether the staff of a city that requires a second factor must still enrol: they hold a
/// staff role in a city that requires it and have no confirmed second factor.
pub fn must_enrol(staff_of_requiring_city: bool, confirmed: bool) -> bool {
    staff_of_requiring_city && !confirmed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> TotpSecret {
        TotpSecret::from_bytes(*b"12345678901234567890")
    }

    #[test]
    fn codes_follow_rfc_6238() {
        // RFC 6238, appendix B (SHA-1), to six digits.
        assert_eq!(secret().code_at(59), "287082");
        assert_eq!(secret().code_at(1_111_111_109), "081804");
        assert_eq!(secret().code_at(2_000_000_000), "279037");
    }

    #[test]
    fn a_step_is_accepted_once_and_never_an_older_one() {
        let s = secret();
        let now = 1_111_111_109;
        let code = s.code_at(now);
        let step = s.accept(&code, now, None).unwrap();
        assert_eq!(step, 1_111_111_109 / 30);
        assert_eq!(s.accept(&code, now, Some(step)), None);
        // The previous step's code still works within the skew, but not after a later one.
        let before = s.code_at(now - 30);
        assert_eq!(s.accept(&before, now, None), Some(step - 1));
        assert_eq!(s.accept(&before, now, Some(step)), None);
        // Two steps away is too far.
        assert_eq!(s.accept(&s.code_at(now - 90), now, None), None);
        assert_eq!(s.accept("000000x", now, None), None);
    }

    #[test]
    fn secrets_round_trip_as_base32_and_are_never_printed() {
        let s = secret();
        let text = s.to_base32();
        assert_eq!(text, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(TotpSecret::from_base32(&text), Some(s.clone()));
        assert_eq!(TotpSecret::from_base32("not base32!"), None);
        assert_eq!(s.grouped().split(' ').count(), 8);
        assert_eq!(format!("{s:?}"), "TotpSecret(***)");
        let uri = s.otpauth_uri("tanaka@city.chiba.lg.jp");
        assert!(uri.starts_with("otpauth://totp/Renkei:tanaka"), "{uri}");
        assert!(uri.contains(&format!("secret={text}")), "{uri}");
        assert!(uri.contains("issuer=Renkei"), "{uri}");
    }

    #[test]
    fn answers_are_read_as_people_type_them() {
        assert_eq!(parse_answer(" 123 456 "), Ok(Answer::Totp("123456".into())));
        assert_eq!(
            parse_answer("１２３４５６"),
            Ok(Answer::Totp("123456".into()))
        );
        assert_eq!(
            parse_answer("abcd-efgh-ijkl-mnop"),
            Ok(Answer::Recovery("ABCDEFGHIJKLMNOP".into()))
        );
        assert_eq!(parse_answer(""), Err(CODE_MISSING));
        assert_eq!(parse_answer("12345"), Err(CODE_MALFORMED));
        assert_eq!(parse_answer("ABCD-EFGH-IJKL-MNO1"), Err(CODE_MALFORMED));
    }

    #[test]
    fn recovery_codes_are_shown_in_groups_and_read_back() {
        let (shown, normalized) = recovery_code([7; RECOVERY_BYTES]);
        assert_eq!(shown.len(), 19);
        assert_eq!(normalized.len(), 16);
        assert_eq!(parse_answer(&shown), Ok(Answer::Recovery(normalized)));
    }

    #[test]
    fn staff_of_a_requiring_city_enrol_first() {
        assert!(must_enrol(true, false));
        assert!(!must_enrol(true, true));
        assert!(!must_enrol(false, false));
    }
}
