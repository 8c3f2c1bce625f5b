//! Japanese search text: how records and queries are folded so that the forms people type
//! meet (NFKC, full and half width, upper and lower case, katakana as hiragana, small kana as
//! large, long vowels — `ー`, `えい`, `おう` — as the vowel itself), and the character grams
//! both are indexed by: each character, and each pair of neighbouring characters. Words are
//! found inside compounds because a compound holds its words' pairs (`褥瘡予防` holds `褥瘡`).
//! A short list of equivalent terms (`data/search-terms.txt`: a kanji term, its reading, its
//! everyday word) bridges what pairs cannot: `じょくそう` and `褥瘡` share no character.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// A pair of neighbouring characters of folded text (odd), or the one character of a word of
/// one character (even), as a 32-bit hash: a collision costs at most a spurious candidate.
pub type Gram = u32;

/// The vowel row of a hiragana (a, i, u, e, o), for long vowels.
fn vowel_of(c: char) -> Option<char> {
    const ROWS: [(&str, char); 5] = [
        ("あかがさざただなはばぱまやらわぁゃゎ", 'あ'),
        ("いきぎしじちぢにひびぴみりぃ", 'い'),
        ("うくぐすずつづぬふぶぷむゆるぅゅっ", 'う'),
        ("えけげせぜてでねへべぺめれぇ", 'え'),
        ("おこごそぞとどのほぼぽもよろをぉょ", 'お'),
    ];
    ROWS.iter()
        .find(|(row, _)| row.contains(c))
        .map(|(_, v)| *v)
}

fn large(c: char) -> char {
    match c {
        'ぁ' => 'あ',
        'ぃ' => 'い',
        'ぅ' => 'う',
        'ぇ' => 'え',
        'ぉ' => 'お',
        'っ' => 'つ',
        'ゃ' => 'や',
        'ゅ' => 'ゆ',
        'ょ' => 'よ',
        'ゎ' => 'わ',
        'ゕ' => 'か',
        'ゖ' => 'け',
        other => other,
    }
}

/// Whether a character is part of a word (letters, digits, kana, kanji); everything else
/// separates words.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == 'ー' || c == '々'
}

/// Folds text for search. Words are separated by single spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for c in s.nfkc().flat_map(char::to_lowercase) {
        // Katakana as hiragana.
        let c = match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        };
        if !is_word(c) {
            if prev != Some(' ') && prev.is_some() {
                out.push(' ');
                prev = Some(' ');
            }
            continue;
        }
        let mut c = large(c);
        let vowel = prev.and_then(vowel_of);
        if c == 'ー' {
            match vowel {
                Some(v) => c = v,
                None => continue,
            }
        }
        // えい and おう are long e and o: けいさつ and けーさつ meet.
        if (c == 'い' && vowel == Some('え')) || (c == 'う' && vowel == Some('お')) {
            c = vowel.unwrap_or(c);
        }
        out.push(c);
        prev = Some(c);
    }
    out.trim_end().to_owned()
}

fn gram(a: char, b: Option<char>) -> Gram {
    match b {
        Some(b) => {
            ((a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32).wrapping_mul(0x85EB_CA77)) | 1
        }
        None => (a as u32).wrapping_mul(0xC2B2_AE3D) & !1,
    }
}

/// Whether a gram is a pair of characters.
pub fn is_pair(g: Gram) -> bool {
    g & 1 == 1
}

/// The grams of folded text: every pair of neighbouring characters within a word, and each
/// word of one character; sorted, once each. This is also what a query must find.
pub fn grams(folded: &str) -> Vec<Gram> {
    let mut out = Vec::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() == 1 {
            out.push(gram(chars[0], None));
        }
        for pair in chars.windows(2) {
            out.push(gram(pair[0], Some(pair[1])));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The grams a query must find (see [`grams`]); a word of one character is found inside
/// longer words by the caller, which looks for the character itself.
pub fn query_grams(folded: &str) -> Vec<Gram> {
    grams(folded)
}

/// The groups of equivalent terms, folded.
static TERMS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    include_str!("../data/search-terms.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().map(fold).collect())
        .collect()
});

/// The equivalents of the terms folded text holds (not those it holds already), to be
/// indexed with it.
pub fn equivalents(folded: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    for group in TERMS.iter() {
        if group.iter().any(|t| folded.contains(t.as_str())) {
            for t in group {
                if !folded.contains(t.as_str()) && seen.insert(t.as_str()) {
                    out.push(t);
                }
            }
        }
    }
    out.join(" ")
}

/// How much of `query` (its grams) `grams` holds, from 0 to 1; both sorted.
pub fn coverage(query: &[Gram], grams: &[Gram]) -> f64 {
    if query.is_empty() {
        return 0.0;
    }
    let found = query
        .iter()
        .filter(|g| grams.binary_search(g).is_ok())
        .count();
    found as f64 / query.len() as f64
}

/// The similarity of two texts by their pairs (Dice's coefficient), from 0 to 1; both sorted.
pub fn similarity(a: &[Gram], b: &[Gram]) -> f64 {
    let pairs = |g: &[Gram]| g.iter().filter(|g| is_pair(**g)).count();
    dice(common_pairs(a, b), pairs(a), pairs(b))
}

/// Dice's coefficient from the pairs two texts share and the pairs each has.
pub fn dice(common: usize, na: usize, nb: usize) -> f64 {
    if na == 0 || nb == 0 {
        0.0
    } else {
        2.0 * common as f64 / (na + nb) as f64
    }
}

/// How many pairs two sorted gram lists share.
pub fn common_pairs(a: &[Gram], b: &[Gram]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if is_pair(a[i]) {
                    common += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_people_type_meet() {
        assert_eq!(fold("ﾄﾚｰﾆﾝｸﾞ"), fold("トレーニング"));
        assert_eq!(fold("トレーニング"), "とれえにんぐ");
        assert_eq!(fold("パーテーション"), fold("パーティション"));
        assert_eq!(fold("ジョクソウ"), fold("じょくそう"));
        assert_eq!(fold("ＣＴスキャン"), fold("ctすきゃん"));
        assert_eq!(fold("けいさつ"), fold("ケーサツ"));
        assert_eq!(fold("東京、大阪・名古屋"), "東京 大阪 名古屋");
    }

    #[test]
    fn compounds_hold_their_words_and_terms_bridge_readings() {
        let record = fold("床擦れ（褥瘡）予防管理システム");
        let mut text = record.clone();
        text.push(' ');
        text.push_str(&equivalents(&record));
        let g = grams(&text);
        for q in ["褥瘡", "予防", "じょくそう", "とこずれ", "管理システム"] {
            assert_eq!(coverage(&query_grams(&fold(q)), &g), 1.0, "{q}");
        }
        assert!(coverage(&query_grams(&fold("注射")), &g) < 0.5);
        assert_eq!(query_grams(&fold("腸")).len(), 1, "one character: itself");
        let a = grams(&fold("注射トレーニング器"));
        let b = grams(&fold("注射の練習に使うトレーニング用具"));
        let c = grams(&fold("脳梗塞リスク評価"));
        assert!(similarity(&a, &b) > similarity(&a, &c));
        assert!((similarity(&a, &a) - 1.0).abs() < 1e-9);
    }
}

/// A need (ニーズ) or a seed (シーズ) as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NeedSeedDraft {
    /// `need` or `seed`.
    pub kind: String,
    pub title: String,
    pub description: String,
    /// Fields, departments or technologies, one per line (or separated by 、).
    pub fields: String,
    /// Who it comes from: a hospital's department, a company.
    pub source: String,
}

/// A valid need or seed: its kind, title, description, fields and source.
pub type NeedSeed = (&'static str, String, String, Vec<String>, String);

impl NeedSeedDraft {
    pub fn validate(&self) -> Result<NeedSeed, Vec<crate::FieldError>> {
        use crate::FieldError;
        use crate::text::clean;
        let mut errors = Vec::new();
        let kind = match self.kind.as_str() {
            "need" => Some("need"),
            "seed" => Some("seed"),
            _ => {
                errors.push(FieldError::new(
                    "kind",
                    "ニーズかシーズかを選んでください。",
                    "Choose need or seed.",
                ));
                None
            }
        };
        let title = clean(&self.title);
        if title.is_empty() {
            errors.push(FieldError::new(
                "title",
                "件名を入力してください（例: 夜間の転倒を早く知りたい）。",
                "Enter a title.",
            ));
        }
        crate::kernel::too_long(&mut errors, "title", &title, 200);
        let description = clean(&self.description);
        crate::kernel::too_long(&mut errors, "description", &description, 4000);
        let fields = crate::target::list(&self.fields);
        crate::kernel::too_long(&mut errors, "fields", &fields.join("\n"), 4000);
        let source = clean(&self.source);
        crate::kernel::too_long(&mut errors, "source", &source, 200);
        match kind {
            Some(k) if errors.is_empty() => Ok((k, title, description, fields, source)),
            _ => Err(errors),
        }
    }
}
