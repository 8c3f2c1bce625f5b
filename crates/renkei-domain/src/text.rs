//! Japanese text as people type it: full- and half-width forms folded by NFKC.

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalizes and trims: `ｈｔｔｐｓ：／／` becomes `https://`, `ﾄﾚｰﾆﾝｸﾞ` becomes
/// `トレーニング`, `２０２６` becomes `2026`. Use it on codes, URLs, dates and numbers; names
/// are kept as typed (NFKC would turn ① into 1).
pub fn fold(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_owned()
}

/// Whether `c` changes the direction text is shown in (U+061C, U+200E, U+200F, U+202A to
/// U+202E, U+2066 to U+2069): invisible, never needed in Japanese, and able to make a name
/// or a file name in an export read backwards.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Trims, and removes control characters other than newlines and tabs, and the invisible
/// characters that change the direction of text.
pub fn clean(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| (!c.is_control() || *c == '\n' || *c == '\t') && !is_bidi_control(*c))
        .collect::<String>()
        .replace("\r\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_widths() {
        assert_eq!(
            fold(" ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｊｐ "),
            "https://example.jp"
        );
        assert_eq!(fold("ﾄﾚｰﾆﾝｸﾞ"), "トレーニング");
        assert_eq!(fold("２０２６年４月１日"), "2026年4月1日");
        assert_eq!(clean(" a\u{0007}b\r\nc "), "ab\nc");
        assert_eq!(
            clean("請求書\u{202E}fdp.exe\u{2066}"),
            "請求書fdp.exe",
            "no right-to-left override stays in a name"
        );
    }
}
