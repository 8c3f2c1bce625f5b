//! Japanese text as people type it: full- and half-width forms folded by NFKC.

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalizes and trims: `ｈｔｔｐｓ：／／` becomes `https://`, `ﾄﾚｰﾆﾝｸﾞ` becomes
/// `トレーニング`, `２０２６` becomes `2026`. Use it on codes, URLs, dates and numbers; names
/// are kept as typed (NFKC would turn ① into 1).
pub fn fold(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_owned()
}

/// Trims, and removes control characters other than newlines and tabs.
pub fn clean(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
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
    }
}
