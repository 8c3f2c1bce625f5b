//! Keeps every database's copy of the catalog and of the designated cities equal to the
//! compiled catalog (`renkei_domain::catalog`) and the shipped local-government list.
//! Runs after the migrations, in one transaction, and is idempotent: rows are upserted by
//! their stable codes, never deleted, so menu entries that refer to them stay valid.
//! Also the designated cities as the store hands them out ([`City`]), read from that list.

use renkei_domain::catalog::{self, CompanyType, Scope, Stage};
use renkei_domain::city::{CityCode, DESIGNATED_CITIES};
use sea_orm::sea_query::{DynIden, IntoIden, OnConflict, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, TransactionTrait};

use crate::migration::m::{
    Applicability, Cities, CompanyTypes, Measures, MenuRevisions, Stages, TableItems,
};

/// The national local-government list (code4fukui/localgovjp, CC0), shipped in `data/`.
const LOCALGOV_CSV: &str = include_str!("../../../data/localgovjp-utf8.csv");

/// A designated city, as the shipped local-government list (and the `cities` table) has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City {
    pub code: CityCode,
    pub name: String,
    pub kana: String,
    pub prefecture_code: i16,
    pub prefecture_name: String,
    pub url: String,
}

/// The twenty designated cities, read from the shipped list, north to south.
pub fn designated_cities() -> Vec<City> {
    let mut rows: Vec<City> = Vec::new();
    for line in LOCALGOV_CSV.trim_start_matches('\u{feff}').lines().skip(1) {
        // pid,pref,cid,city,citykana,lat,lng,url,phrase,lgcode — no field holds a comma.
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 10 || !DESIGNATED_CITIES.contains(&f[9]) {
            continue;
        }
        let code = CityCode::parse(f[9]).expect("the shipped list has valid codes");
        if rows.iter().any(|r| r.code == code) {
            continue;
        }
        rows.push(City {
            code,
            name: f[3].to_owned(),
            kana: f[4].to_owned(),
            prefecture_code: i16::from(code.prefecture()),
            prefecture_name: f[1].to_owned(),
            url: f[7].to_owned(),
        });
    }
    rows.sort_by_key(|r| {
        DESIGNATED_CITIES
            .iter()
            .position(|c| *c == r.code.to_string())
    });
    rows
}

/// Inserts one row, or updates its other columns when a row with the same key exists.
/// `columns` starts with the key columns (`keys` of them, fewer than all).
async fn upsert<T: IntoIden, const N: usize>(
    txn: &DatabaseTransaction,
    table: T,
    columns: [T; N],
    keys: usize,
    values: [SimpleExpr; N],
) -> Result<(), DbErr> {
    let columns: [DynIden; N] = columns.map(IntoIden::into_iden);
    let mut conflict = OnConflict::columns(columns[..keys].iter().cloned());
    conflict.update_columns(columns[keys..].iter().cloned());
    let stmt = Query::insert()
        .into_table(table)
        .columns(columns)
        .values_panic(values)
        .on_conflict(conflict)
        .to_owned();
    txn.execute(&stmt).await.map(|_| ())
}

pub async fn run(db: &sea_orm::DatabaseConnection) -> Result<(), DbErr> {
    use Applicability as A;
    use Cities as C;
    use CompanyTypes as T;
    use Measures as M;
    use Stages as S;

    let txn = db.begin().await?;
    for t in CompanyType::ALL {
        let name = t.name();
        let values = [
            t.code().into(),
            i16::from(t.number()).into(),
            name.ja.into(),
            name.en.into(),
        ];
        upsert(
            &txn,
            T::Table,
            [T::Code, T::Number, T::NameJa, T::NameEn],
            1,
            values,
        )
        .await?;
    }
    for s in Stage::ALL {
        let (name, alt) = (s.name(), s.alt_name());
        let columns = [
            S::Code,
            S::Number,
            S::NameJa,
            S::NameEn,
            S::AltNameJa,
            S::AltNameEn,
        ];
        let values = [
            s.code().into(),
            i16::from(s.number()).into(),
            name.ja.into(),
            name.en.into(),
            alt.map(|a| a.ja).into(),
            alt.map(|a| a.en).into(),
        ];
        upsert(&txn, S::Table, columns, 1, values).await?;
    }
    for (position, m) in catalog::MEASURES.iter().enumerate() {
        let columns = [
            M::Code,
            M::StageCode,
            M::Position,
            M::Kind,
            M::Novelty,
            M::Provider,
            M::NameJa,
            M::NameEn,
            M::FigureLabel,
        ];
        let values = [
            m.code.into(),
            m.scope.stage().map(Stage::code).into(),
            (position as i32).into(),
            m.kind.code().into(),
            m.novelty.code().into(),
            m.provider.code().into(),
            m.name.ja.into(),
            m.name.en.into(),
            m.figure_label.into(),
        ];
        upsert(&txn, M::Table, columns, 1, values).await?;
        for t in CompanyType::ALL {
            let values = [
                t.code().into(),
                m.code.into(),
                catalog::applicability(t, m).code().into(),
            ];
            upsert(
                &txn,
                A::Table,
                [A::CompanyTypeCode, A::MeasureCode, A::Level],
                2,
                values,
            )
            .await?;
        }
    }
    // Table lines have no stable code and nothing refers to them: replace them whole.
    txn.execute(&Query::delete().from_table(TableItems::Table).to_owned())
        .await?;
    let mut insert = Query::insert()
        .into_table(TableItems::Table)
        .columns([
            TableItems::StageCode,
            TableItems::ColumnCode,
            TableItems::Position,
            TableItems::TextJa,
            TableItems::TextEn,
            TableItems::MeasureCode,
        ])
        .to_owned();
    for (position, item) in catalog::TABLE_ITEMS.iter().enumerate() {
        let stage = match item.scope {
            Scope::Stage(s) => Some(s.code()),
            Scope::AllStages => None,
        };
        insert.values_panic([
            stage.into(),
            item.column.code().into(),
            (position as i32).into(),
            item.text.ja.into(),
            item.text.en.into(),
            item.measure.into(),
        ]);
    }
    txn.execute(&insert).await?;
    for c in designated_cities() {
        let code = c.code.to_string();
        let columns = [
            C::Code,
            C::Name,
            C::Kana,
            C::PrefectureCode,
            C::PrefectureName,
            C::Url,
        ];
        let values = [
            code.clone().into(),
            c.name.into(),
            c.kana.into(),
            c.prefecture_code.into(),
            c.prefecture_name.into(),
            c.url.into(),
        ];
        upsert(&txn, C::Table, columns, 1, values).await?;
        // A city's menu revision starts at 0 and is never reset.
        let stmt = Query::insert()
            .into_table(MenuRevisions::Table)
            .columns([MenuRevisions::CityCode, MenuRevisions::Revision])
            .values_panic([code.into(), 0i64.into()])
            .on_conflict(
                OnConflict::column(MenuRevisions::CityCode)
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        txn.execute(&stmt).await?;
    }
    txn.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_all_twenty_designated_cities() {
        let cities = designated_cities();
        assert_eq!(cities.len(), 20);
        let chiba = cities
            .iter()
            .find(|c| c.code.to_string() == "121002")
            .unwrap();
        assert_eq!(
            (chiba.name.as_str(), chiba.kana.as_str()),
            ("千葉市", "ちばし")
        );
        assert_eq!(chiba.prefecture_name, "千葉県");
        assert_eq!(cities[0].name, "札幌市");
        assert_eq!(cities[19].name, "熊本市");
    }

    #[test]
    fn every_code_of_the_national_list_passes_the_check_digit() {
        let mut n = 0;
        for line in LOCALGOV_CSV.trim_start_matches('\u{feff}').lines().skip(1) {
            let code = line.rsplit(',').next().unwrap();
            CityCode::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            n += 1;
        }
        assert_eq!(n, 1916);
    }
}
