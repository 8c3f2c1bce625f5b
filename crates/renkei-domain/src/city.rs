//! Cities: the 6-digit local-government code (全国地方公共団体コード) and the twenty
//! designated cities (指定都市) that run Renkei.

use std::fmt;

use serde::{Serialize, Serializer};

/// A 6-digit local-government code: 2 digits of prefecture, 3 of municipality, 1 check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CityCode([u8; 6]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CityCodeError {
    #[error("地方公共団体コードは6桁の数字で入力してください（例: 121002）。")]
    Format,
    #[error("地方公共団体コードの検査数字が正しくありません。")]
    CheckDigit,
}

impl CityCode {
    pub fn parse(s: &str) -> Result<Self, CityCodeError> {
        let s = s.trim();
        let bytes = s.as_bytes();
        if bytes.len() != 6 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(CityCodeError::Format);
        }
        let mut digits = [0u8; 6];
        for (d, b) in digits.iter_mut().zip(bytes) {
            *d = b - b'0';
        }
        if Self::check_digit(&digits[..5]) != digits[5] {
            return Err(CityCodeError::CheckDigit);
        }
        Ok(CityCode(digits))
    }

    /// The check digit of a 5-digit code: weights 6,5,4,3,2, modulus 11, last digit of the
    /// complement (verified against every code of the national list).
    fn check_digit(first5: &[u8]) -> u8 {
        let sum: u32 = first5
            .iter()
            .zip([6u32, 5, 4, 3, 2])
            .map(|(&d, w)| u32::from(d) * w)
            .sum();
        ((11 - sum % 11) % 10) as u8
    }

    pub fn as_string(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// The prefecture part (01–47).
    pub fn prefecture(&self) -> u8 {
        self.0[0] * 10 + self.0[1]
    }
}

impl fmt::Display for CityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl Serialize for CityCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}

/// The twenty designated cities, north to south, by local-government code.
pub const DESIGNATED_CITIES: [&str; 20] = [
    "011002", // 札幌市
    "041009", // 仙台市
    "111007", // さいたま市
    "121002", // 千葉市
    "141003", // 横浜市
    "141305", // 川崎市
    "141500", // 相模原市
    "151009", // 新潟市
    "221007", // 静岡市
    "221309", // 浜松市
    "231002", // 名古屋市
    "261009", // 京都市
    "271004", // 大阪市
    "271403", // 堺市
    "281000", // 神戸市
    "331007", // 岡山市
    "341002", // 広島市
    "401005", // 北九州市
    "401307", // 福岡市
    "431001", // 熊本市
];

/// The four cities of the report's pilot (千葉市, さいたま市, 熊本市, 広島市).
pub const PILOT_CITIES: [&str; 4] = ["121002", "111007", "431001", "341002"];

pub fn is_designated(code: &CityCode) -> bool {
    DESIGNATED_CITIES.contains(&code.as_string().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_checks() {
        assert_eq!(CityCode::parse("121002").unwrap().to_string(), "121002");
        assert_eq!(CityCode::parse("121003"), Err(CityCodeError::CheckDigit));
        assert_eq!(CityCode::parse("12100"), Err(CityCodeError::Format));
        assert_eq!(CityCode::parse("12100a"), Err(CityCodeError::Format));
        assert_eq!(CityCode::parse("１２１００２"), Err(CityCodeError::Format));
        assert_eq!(CityCode::parse("431001").unwrap().prefecture(), 43);
    }

    #[test]
    fn every_designated_city_code_is_valid() {
        for c in DESIGNATED_CITIES {
            assert!(is_designated(&CityCode::parse(c).unwrap()));
        }
        for c in PILOT_CITIES {
            assert!(DESIGNATED_CITIES.contains(&c));
        }
    }
}
