//! The regional health bureaus' list of medical institutions, read as sales-channel targets
//! of the designated cities.

use super::fields::RowError;
use super::targets::targets_from_rows;
use crate::city::CityCode;
use crate::text::fold;

/// The regional health bureaus' list of medical institutions (no header row: the 9-digit
/// institution code, the 7-digit code, the name, the postal code, the address without its
/// prefecture): the rows in the designated cities `cities` (code and name), as targets of
/// those cities — hospitals, dental clinics and clinics by name. Rows elsewhere are skipped,
/// not errors.
pub fn medical_institutions(
    rows: &[(u64, Vec<String>)],
    cities: &[(CityCode, String)],
    known: &std::collections::HashSet<(CityCode, String)>,
) -> Result<Vec<(CityCode, crate::target::Target)>, Vec<RowError>> {
    let headers: Vec<String> = ["機関コード", "コード", "名称", "郵便番号", "所在地"]
        .map(String::from)
        .to_vec();
    let mapping = [
        Some("source_code"),
        None,
        Some("name"),
        Some("postal_code"),
        Some("address"),
        Some("kind"),
        Some("city"),
    ];
    let mut picked = Vec::new();
    for (line, cells) in rows {
        let [code, _, name, _, address, ..] = cells.as_slice() else {
            continue;
        };
        let address = fold(address);
        let Some((city, _)) = cities.iter().find(|(c, n)| {
            address.starts_with(n.as_str()) && code.get(..2) == c.as_string().get(..2)
        }) else {
            continue;
        };
        let mut cells = cells.clone();
        cells.truncate(5);
        cells.push(
            crate::target::TargetKind::of_medical_institution(name)
                .code()
                .to_owned(),
        );
        cells.push(city.as_string());
        picked.push((*line, cells));
    }
    targets_from_rows(
        &headers,
        &picked,
        &mapping,
        &Default::default(),
        None,
        |c| CityCode::parse(c).ok(),
        known,
    )
}
