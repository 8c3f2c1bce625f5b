//! Accounts' rules: e-mail addresses as people type them, the password policy, and password
//! hashing with Argon2id. Sessions, sign-in and throttling live in the layers that need a
//! database and HTTP; what a password or an address must be is decided here.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::i18n::Text;
use crate::kernel::FieldError;
use crate::text::fold;

/// A normalized e-mail address: NFKC-folded (full-width `＠` becomes `@`), trimmed and
/// lower-cased, so that one person has one address however it was typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

pub const EMAIL_MAX: usize = 254;

impl Email {
    pub fn parse(input: &str) -> Result<Email, Text> {
        let s = fold(input).to_lowercase();
        let invalid = Text::new(
            "メールアドレスの形式が正しくありません（例: tanaka@city.example.lg.jp）。",
            "Enter a valid e-mail address, such as tanaka@city.example.lg.jp.",
        );
        if s.is_empty() {
            return Err(Text::new(
                "メールアドレスを入力してください。",
                "Enter an e-mail address.",
            ));
        }
        if s.len() > EMAIL_MAX {
            return Err(Text::new(
                "メールアドレスが長すぎます（254文字まで）。",
                "The e-mail address is too long (254 characters at most).",
            ));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(invalid);
        };
        let ok_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(ok_char);
        if local_ok && domain_ok {
            Ok(Email(s))
        } else {
            Err(invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for Email {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A session ends after this long without a request …
pub const SESSION_IDLE: chrono::Duration = chrono::Duration::minutes(30);
/// … and after this long in any case.
pub const SESSION_MAX: chrono::Duration = chrono::Duration::hours(8);
/// Failed sign-ins for one address within [`LOCK_FOR`] that lock it (whether or not an
/// account has that address, so that the lock reveals nothing) …
pub const LOCK_AFTER_FAILURES: u64 = 5;
/// … for this long.
pub const LOCK_FOR: chrono::Duration = chrono::Duration::minutes(15);
/// Sign-in failures from one client address within [`LOCK_FOR`] after which that address is
/// refused for a while, whatever account it tries (guessing across many accounts).
pub const THROTTLE_CLIENT_AFTER: u64 = 30;
/// How long an invitation link stays valid.
pub const INVITATION_VALID: chrono::Duration = chrono::Duration::hours(72);
/// How long a password-reset link stays valid.
pub const RESET_VALID: chrono::Duration = chrono::Duration::hours(1);
/// Password-reset requests per address within an hour; more are answered the same way and
/// send nothing, so nobody's inbox can be flooded.
pub const RESET_REQUESTS_PER_HOUR: u64 = 3;
/// Password-reset requests per client address within an hour (a city office shares one
/// address among many people, so this is wider).
pub const RESET_REQUESTS_PER_CLIENT_PER_HOUR: u64 = 30;

pub const PASSWORD_MIN: usize = 8;
/// Long enough for any passphrase, short enough that hashing cannot be used to exhaust a node.
pub const PASSWORD_MAX: usize = 128;

/// The 17,950 passwords of 8 characters or more among the ~49,000 most common ones of
/// published breach lists, as `@zxcvbn-ts/language-common` 4.1.3 (MIT) ranks them; see
/// `data/common-passwords.LICENSE.txt`.
const BREACHED: &str = include_str!("../data/common-passwords.txt");

fn breached() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| BREACHED.lines().filter(|l| !l.is_empty()).collect())
}

/// The obvious passwords of this service, on top of the breach lists.
const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "password1",
    "password12",
    "password123",
    "password1234",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "12345678",
    "123456789",
    "1234567890",
    "12341234",
    "11111111",
    "00000000",
    "87654321",
    "11223344",
    "12121212",
    "123123123",
    "1q2w3e4r",
    "1qaz2wsx",
    "qwertyui",
    "qwerty123",
    "qwertyuiop",
    "asdfghjk",
    "asdf1234",
    "zxcvbnm1",
    "abcd1234",
    "abc12345",
    "abcdefgh",
    "iloveyou",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "welcome1",
    "letmein1",
    "trustno1",
    "dragon12",
    "monkey12",
    "master12",
    "starwars",
    "changeme",
    "whatever",
    "computer",
    "internet",
    "administrator",
    "admin123",
    "admin1234",
    "root1234",
    "test1234",
    "testtest",
    "guest123",
    "user1234",
    "default1",
    "secret12",
    "renkei123",
    "renkei1234",
    "renkeirenkei",
    "shiteitoshi",
    "iryokaigo",
    "kenkou123",
];

/// A password that meets the policy, ready to be hashed. It is never stored or logged.
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    /// Checks the policy: 8 to 128 characters, not one of the ~18,000 common passwords of the
    /// breach lists (or this service's obvious ones), and not the account's own address or its
    /// name part.
    pub fn parse(password: &str, email: &Email) -> Result<NewPassword, Text> {
        let n = password.chars().count();
        if n < PASSWORD_MIN {
            return Err(Text::new(
                "パスワードは8文字以上にしてください。",
                "The password must be at least 8 characters.",
            ));
        }
        if n > PASSWORD_MAX {
            return Err(Text::new(
                "パスワードは128文字以内にしてください。",
                "The password must be at most 128 characters.",
            ));
        }
        let lower = fold(password).to_lowercase();
        let local = email.as_str().split('@').next().unwrap_or_default();
        if COMMON_PASSWORDS.contains(&lower.as_str())
            || breached().contains(lower.as_str())
            || lower == email.as_str()
            || lower == local
        {
            return Err(Text::new(
                "推測されやすいパスワードは使えません。ほかのパスワードにしてください。",
                "This password is too easy to guess. Choose another.",
            ));
        }
        Ok(NewPassword(password.to_owned()))
    }

    /// Hashes with Argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane) and a random
    /// salt, as a PHC string that carries its own parameters.
    pub fn hash(&self) -> String {
        Argon2::default()
            .hash_password(self.0.as_bytes())
            .expect("Argon2id hashing with default parameters")
            .to_string()
    }
}

/// Whether `candidate` is the password of the PHC string `hash`. A malformed hash never
/// verifies.
pub fn verify_password(candidate: &str, hash: &str) -> bool {
    candidate.len() <= PASSWORD_MAX * 4
        && Argon2::default()
            .verify_password(candidate.as_bytes(), hash)
            .is_ok()
}

/// A person to invite: an address and a name, as a form gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    pub email: Email,
    /// Cleaned (`text::clean`), 1 to 200 characters.
    pub name: String,
}

impl Invitee {
    /// Checks the address and the name; every problem, each with its field.
    pub fn parse(email: &str, name: &str) -> Result<Invitee, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = Email::parse(email)
            .map_err(|message| {
                errors.push(FieldError {
                    field: "email",
                    message,
                })
            })
            .ok();
        let name = crate::text::clean(name);
        if name.is_empty() {
            errors.push(FieldError::new(
                "name",
                "氏名を入力してください。",
                "Enter the person's name.",
            ));
        } else if name.chars().count() > 200 {
            errors.push(FieldError::new(
                "name",
                "氏名は200文字以内で入力してください。",
                "Keep the name within 200 characters.",
            ));
        }
        match email {
            Some(email) if errors.is_empty() => Ok(Invitee { email, name }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(s: &str) -> Email {
        Email::parse(s).unwrap()
    }

    #[test]
    fn addresses_are_normalized_and_checked() {
        assert_eq!(
            email(" Tanaka@City.Chiba.LG.JP ").as_str(),
            "tanaka@city.chiba.lg.jp"
        );
        assert_eq!(
            email("ｔａｎａｋａ＠ｃｉｔｙ．ｃｈｉｂａ．ｌｇ．ｊｐ").as_str(),
            "tanaka@city.chiba.lg.jp"
        );
        for bad in [
            "",
            "tanaka",
            "tanaka@",
            "@city.jp",
            "tanaka@city",
            "a b@city.jp",
            "tanaka@@city.jp",
            "tanaka@city..jp",
            ".a@city.jp",
            "田中@city.jp",
            "x@<script>.jp",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Email::parse(&format!("{}@city.jp", "a".repeat(65))).is_err());
    }

    #[test]
    fn password_policy() {
        let e = email("tanaka@city.chiba.lg.jp");
        assert!(NewPassword::parse("short", &e).is_err());
        assert!(
            NewPassword::parse("あいうえおかきく", &e).is_ok(),
            "characters, not bytes"
        );
        assert!(
            NewPassword::parse("Password123", &e).is_err(),
            "common, whatever the case"
        );
        assert!(
            NewPassword::parse("ｐａｓｓｗｏｒｄ１", &e).is_err(),
            "common, whatever the width"
        );
        for breached in ["jennifer", "Michelle1", "zaq12wsx", "1qazxsw2", "corvette"] {
            assert!(
                NewPassword::parse(breached, &e).is_err(),
                "{breached}: in the breach lists"
            );
        }
        assert!(breached().len() > 17_000, "the whole list is compiled in");
        assert!(NewPassword::parse("tanaka@city.chiba.lg.jp", &e).is_err());
        assert!(NewPassword::parse(&"x".repeat(129), &e).is_err());
        let passphrase = "指定都市の医工連携で地域の病院と企業をつなぐ合言葉".repeat(3);
        assert!(passphrase.chars().count() > 64 && passphrase.chars().count() <= 128);
        assert!(
            NewPassword::parse(&passphrase, &e).is_ok(),
            "64+ characters"
        );
        assert!(
            NewPassword::parse(&passphrase.repeat(2), &e).is_err(),
            "over 128"
        );
        assert!(
            NewPassword::parse(&"長い合言葉".repeat(20), &e).is_ok(),
            "100 characters: long passphrases are welcome"
        );
        assert!(NewPassword::parse("千葉の医工連携2026", &e).is_ok());
        assert_eq!(
            format!(
                "{:?}",
                NewPassword::parse("千葉の医工連携2026", &e).unwrap()
            ),
            "NewPassword(***)"
        );
    }

    #[test]
    fn hashes_with_argon2id_and_verifies() {
        let e = email("tanaka@city.chiba.lg.jp");
        let p = NewPassword::parse("千葉の医工連携2026", &e).unwrap();
        let h = p.hash();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert_ne!(h, p.hash(), "a fresh salt each time");
        assert!(verify_password("千葉の医工連携2026", &h));
        assert!(!verify_password("千葉の医工連携2027", &h));
        assert!(!verify_password("千葉の医工連携2026", "not a hash"));
    }
}
