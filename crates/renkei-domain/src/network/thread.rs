//! Discussion threads between the cities' staff and coordinators (情報交換): what a thread is
//! about ([`Kind`]: a topic of the whole network, a product, a referral), who reads it
//! ([`ThreadFacts`], the facts `access::threads` decides on), the checks of a thread's title
//! and of a post ([`ThreadDraft`], [`post_body`]), the people a post mentions ([`mentions`])
//! and the week a digest mail covers ([`week_of`]).
//!
//! Who reads a thread:
//!
//! - a **topic**: the staff and coordinators of every designated city;
//! - a **product**: while its company consents to show it (the showcase, to the network or to
//!   anyone), the staff and coordinators of every designated city; without that consent (never
//!   given, or withdrawn), only its home city's — the product is then its city's record;
//! - a **referral**: the staff and coordinators of its two cities, the receiving city's once
//!   the dossier was sent (before, it knows nothing of the referral).
//!
//! Companies, targets and the public never read a thread: it is the cities' exchange.
//! Those who read a thread post in it, except read-only staff.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use crate::FieldError;
use crate::Text;
use crate::city::CityCode;
use crate::kernel::{coded_enum, invalid, required};
use crate::text::fold;

coded_enum!(
    /// What a thread is about.
    Kind {
        Topic = "topic" / "テーマ（全指定都市）" / "Topic (every city)",
        Product = "product" / "製品について" / "About a product",
        Referral = "referral" / "紹介について（2市の間）" / "About a referral (its two cities)",
    }
);

/// The longest title.
pub const TITLE_MAX: usize = 100;
/// The longest post.
pub const POST_MAX: usize = 4000;

/// What the policy knows of a thread: its kind, whether every designated city's staff and
/// coordinators read it, and otherwise the cities whose staff and coordinators do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadFacts {
    pub kind: Kind,
    pub network: bool,
    pub cities: Vec<CityCode>,
}

impl ThreadFacts {
    /// A topic: the whole network's.
    pub fn topic() -> ThreadFacts {
        ThreadFacts {
            kind: Kind::Topic,
            network: true,
            cities: Vec::new(),
        }
    }

    /// A product's thread: the network's while the company consents to show the product
    /// (`showcased`), else its home city's only.
    pub fn product(home: CityCode, showcased: bool) -> ThreadFacts {
        ThreadFacts {
            kind: Kind::Product,
            network: showcased,
            cities: vec![home],
        }
    }

    /// A referral's thread: its sending city's, and its receiving city's once `sent`.
    pub fn referral(sending: CityCode, receiving: CityCode, sent: bool) -> ThreadFacts {
        let mut cities = vec![sending];
        if sent && receiving != sending {
            cities.push(receiving);
        }
        ThreadFacts {
            kind: Kind::Referral,
            network: false,
            cities,
        }
    }
}

/// A new thread as the form sends it: its title and its first post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadDraft {
    pub title: String,
    pub body: String,
}

/// A new thread, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewThread {
    pub title: String,
    pub body: String,
}

impl ThreadDraft {
    /// The thread, cleaned, or every problem at its field.
    pub fn validate(&self) -> Result<NewThread, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = required(
            &mut errors,
            "title",
            &self.title.replace(['\n', '\t'], " "),
            TITLE_MAX,
            (
                "件名を入力してください（何について話し合うか）。",
                "Enter a title: what the thread is about.",
            ),
        );
        let body = body(&mut errors, &self.body);
        if errors.is_empty() {
            Ok(NewThread { title, body })
        } else {
            Err(errors)
        }
    }
}

fn body(errors: &mut Vec<FieldError>, value: &str) -> String {
    required(
        errors,
        "body",
        value,
        POST_MAX,
        ("本文を入力してください。", "Enter the message."),
    )
}

/// A post's text, cleaned (`text::clean`: kept as typed, without control or direction
/// characters), or its problem.
pub fn post_body(value: &str) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let body = body(&mut errors, value);
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(errors)
    }
}

/// A kind chosen on a form or in the API, or the error at `kind`.
pub fn kind(code: &str) -> Result<Kind, FieldError> {
    Kind::from_code(fold(code).as_str()).ok_or_else(|| {
        let mut errors = Vec::new();
        invalid::<()>(
            &mut errors,
            "kind",
            "スレッドの種類を一覧から選んでください。",
            "Choose the kind of thread from the list.",
        );
        errors.remove(0)
    })
}

/// A name as mentions compare it: NFKC-folded (full-width letters, half-width kana), lower
/// case, without spaces.
fn key(s: &str) -> String {
    fold(s)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The people `text` mentions: `@` followed by a person's display name or login (their
/// e-mail address's part before `@`) as the directory shows it, compared NFKC-folded and
/// without spaces, so `＠山田 太郎さん` mentions 山田太郎. `people` are the candidates
/// (account, display name, login): the caller passes only those who may read the thread, so
/// nobody else is ever told. A name that is another's start (山田 and 山田太郎) goes to the
/// longest that matches; several people of one name are each mentioned. In account order,
/// each once.
pub fn mentions(text: &str, people: &[(i64, &str, &str)]) -> Vec<i64> {
    let folded = key(&text.replace('＠', "@"));
    let keys: Vec<(i64, String, String)> = people
        .iter()
        .map(|(id, name, login)| (*id, key(name), key(login)))
        .collect();
    let mut found = Vec::new();
    for (i, _) in folded.match_indices('@') {
        let after = &folded[i + 1..];
        // The longest name or login that starts here.
        let longest = keys
            .iter()
            .flat_map(|(_, n, l)| [n, l])
            .filter(|k| !k.is_empty() && after.starts_with(k.as_str()))
            .map(|k| k.len())
            .max();
        let Some(len) = longest else { continue };
        for (id, n, l) in &keys {
            let named = |k: &String| k.len() == len && after.starts_with(k.as_str());
            if (named(n) || named(l)) && !found.contains(id) {
                found.push(*id);
            }
        }
    }
    found.sort_unstable();
    found
}

/// The week a digest mail covers is named by its Monday (in Japan's time): the digest of
/// the week of `now` goes out at the first tick on or after that Monday's 0:00 JST.
pub fn week_of(now: DateTime<Utc>) -> NaiveDate {
    let day = now.with_timezone(&crate::event::jst()).date_naive();
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_needs_a_title_and_a_message() {
        let errors = ThreadDraft::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "body"]);
        assert!(errors[0].message.ja.contains("件名"));
        let long = ThreadDraft {
            title: "あ".repeat(TITLE_MAX + 1),
            body: "本文".into(),
        };
        assert_eq!(long.validate().unwrap_err()[0].field, "title");
        let ok = ThreadDraft {
            title: "  褥瘡予防の\n導入事例  ".into(),
            body: " 病院での評価\u{202E}を共有します\r\n以上 ".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.title, "褥瘡予防の 導入事例");
        assert_eq!(ok.body, "病院での評価を共有します\n以上");
        assert_eq!(
            post_body(&"x".repeat(POST_MAX + 1)).unwrap_err()[0].field,
            "body"
        );
        assert_eq!(kind("ｔｏｐｉｃ").unwrap(), Kind::Topic);
        assert_eq!(kind("x").unwrap_err().field, "kind");
    }

    #[test]
    fn mentions_find_names_and_logins_of_those_given() {
        let people = [
            (1, "山田 太郎", "yamada"),
            (2, "山田", "yamada2"),
            (3, "Sato Hanako", "hsato"),
            (4, "鈴木", "suzuki"),
        ];
        assert_eq!(mentions("＠山田太郎さん、ご意見を", &people), [1]);
        assert_eq!(mentions("@山田 さんと @ｈｓａｔｏ へ", &people), [2, 3]);
        assert_eq!(mentions("@sato hanako and @SUZUKI", &people), [3, 4]);
        assert_eq!(
            mentions("メール a@example.jp 宛", &people),
            Vec::<i64>::new()
        );
        assert_eq!(mentions("@田中さん", &people), Vec::<i64>::new());
        // Someone not among the candidates is never mentioned.
        assert_eq!(mentions("@鈴木さん", &people[..3]), Vec::<i64>::new());
    }

    #[test]
    fn a_week_is_named_by_its_monday_in_japan() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        // Sunday 23:59 JST is the week before; Monday 0:00 JST (Sunday 15:00 UTC) this one.
        assert_eq!(week_of(at("2026-12-06T14:59:00Z")), monday - Days::new(7));
        assert_eq!(week_of(at("2026-12-06T15:00:00Z")), monday);
        assert_eq!(week_of(at("2026-12-13T14:00:00Z")), monday);
    }

    #[test]
    fn who_reads_a_thread() {
        let chiba = CityCode::parse("121002").unwrap();
        let hiroshima = CityCode::parse("341002").unwrap();
        assert!(ThreadFacts::topic().network);
        assert!(ThreadFacts::product(chiba, true).network);
        assert_eq!(ThreadFacts::product(chiba, false).cities, [chiba]);
        assert_eq!(
            ThreadFacts::referral(chiba, hiroshima, true).cities,
            [chiba, hiroshima]
        );
        assert_eq!(
            ThreadFacts::referral(chiba, hiroshima, false).cities,
            [chiba]
        );
    }
}
