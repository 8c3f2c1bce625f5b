//! Keeps every database's copy of the catalog and of the designated cities equal to the
//! compiled catalog (`renkei_domain::catalog`) and the shipped local-government list.
//! Runs after the migrations, in one transaction, and is idempotent: rows are upserted by
//! their stable codes, never deleted, so menu entries that refer to them stay valid.

use renkei_domain::catalog::{self, Column, CompanyType, Scope, Stage};
use renkei_domain::city::{CityCode, DESIGNATED_CITIES};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};

use crate::migration::m::{Applicability, Cities, CompanyTypes, Measures, Stages, TableItems};

/// The national local-government list (code4fukui/localgovjp, CC0), shipped in `data/`.
const LOCALGOV_CSV: &str = include_str!("../../../data/localgovjp-utf8.csv");

/// A designated city as the shipped list describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityRow {
    pub code: String,
    pub name: String,
    pub kana: String,
    pub prefecture_code: i16,
    pub prefecture_name: String,
    pub url: String,
}

/// The twenty designated cities, read from the shipped list.
pub fn designated_cities() -> Vec<CityRow> {
    let mut rows: Vec<CityRow> = Vec::new();
    for line in LOCALGOV_CSV.trim_start_matches('\u{feff}').lines().skip(1) {
        // pid,pref,cid,city,citykana,lat,lng,url,phrase,lgcode — no field holds a comma.
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 10
            || !DESIGNATED_CITIES.contains(&f[9])
            || rows.iter().any(|r| r.code == f[9])
        {
            continue;
        }
        let code = CityCode::parse(f[9]).expect("the shipped list has valid codes");
        rows.push(CityRow {
            code: code.to_string(),
            name: f[3].to_owned(),
            kana: f[4].to_owned(),
            prefecture_code: i16::from(code.prefecture()),
            prefecture_name: f[1].to_owned(),
            url: f[7].to_owned(),
        });
    }
    rows.sort_by_key(|r| DESIGNATED_CITIES.iter().position(|c| *c == r.code));
    rows
}

pub async fn run(db: &sea_orm::DatabaseConnection) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    for t in CompanyType::ALL {
        let name = t.name();
        let stmt = Query::insert()
            .into_table(CompanyTypes::Table)
            .columns([
                CompanyTypes::Code,
                CompanyTypes::Number,
                CompanyTypes::NameJa,
                CompanyTypes::NameEn,
            ])
            .values_panic([
                t.code().into(),
                i16::from(t.number()).into(),
                name.ja.into(),
                name.en.into(),
            ])
            .on_conflict(
                OnConflict::column(CompanyTypes::Code)
                    .update_columns([
                        CompanyTypes::Number,
                        CompanyTypes::NameJa,
                        CompanyTypes::NameEn,
                    ])
                    .to_owned(),
            )
            .to_owned();
        txn.execute(&stmt).await?;
    }
    for s in Stage::ALL {
        let (name, alt) = (s.name(), s.alt_name());
        let stmt = Query::insert()
            .into_table(Stages::Table)
            .columns([
                Stages::Code,
                Stages::Number,
                Stages::NameJa,
                Stages::NameEn,
                Stages::AltNameJa,
                Stages::AltNameEn,
            ])
            .values_panic([
                s.code().into(),
                i16::from(s.number()).into(),
                name.ja.into(),
                name.en.into(),
                alt.map(|a| a.ja).into(),
                alt.map(|a| a.en).into(),
            ])
            .on_conflict(
                OnConflict::column(Stages::Code)
                    .update_columns([
                        Stages::Number,
                        Stages::NameJa,
                        Stages::NameEn,
                        Stages::AltNameJa,
                        Stages::AltNameEn,
                    ])
                    .to_owned(),
            )
            .to_owned();
        txn.execute(&stmt).await?;
    }
    for (position, m) in catalog::MEASURES.iter().enumerate() {
        let stmt = Query::insert()
            .into_table(Measures::Table)
            .columns([
                Measures::Code,
                Measures::StageCode,
                Measures::Position,
                Measures::Kind,
                Measures::Novelty,
                Measures::Provider,
                Measures::NameJa,
                Measures::NameEn,
                Measures::FigureLabel,
            ])
            .values_panic([
                m.code.into(),
                m.scope.stage().map(Stage::code).into(),
                (position as i32).into(),
                m.kind.code().into(),
                m.novelty.code().into(),
                m.provider.code().into(),
                m.name.ja.into(),
                m.name.en.into(),
                m.figure_label.into(),
            ])
            .on_conflict(
                OnConflict::column(Measures::Code)
                    .update_columns([
                        Measures::StageCode,
                        Measures::Position,
                        Measures::Kind,
                        Measures::Novelty,
                        Measures::Provider,
                        Measures::NameJa,
                        Measures::NameEn,
                        Measures::FigureLabel,
                    ])
                    .to_owned(),
            )
            .to_owned();
        txn.execute(&stmt).await?;
        for t in CompanyType::ALL {
            let stmt = Query::insert()
                .into_table(Applicability::Table)
                .columns([
                    Applicability::CompanyTypeCode,
                    Applicability::MeasureCode,
                    Applicability::Level,
                ])
                .values_panic([
                    t.code().into(),
                    m.code.into(),
                    catalog::applicability(t, m).code().into(),
                ])
                .on_conflict(
                    OnConflict::columns([
                        Applicability::CompanyTypeCode,
                        Applicability::MeasureCode,
                    ])
                    .update_column(Applicability::Level)
                    .to_owned(),
                )
                .to_owned();
            txn.execute(&stmt).await?;
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
        let column: Column = item.column;
        insert.values_panic([
            stage.into(),
            column.code().into(),
            (position as i32).into(),
            item.text.ja.into(),
            item.text.en.into(),
            item.measure.into(),
        ]);
    }
    txn.execute(&insert).await?;
    for c in designated_cities() {
        let stmt = Query::insert()
            .into_table(Cities::Table)
            .columns([
                Cities::Code,
                Cities::Name,
                Cities::Kana,
                Cities::PrefectureCode,
                Cities::PrefectureName,
                Cities::Url,
            ])
            .values_panic([
                c.code.into(),
                c.name.into(),
                c.kana.into(),
                c.prefecture_code.into(),
                c.prefecture_name.into(),
                c.url.into(),
            ])
            .on_conflict(
                OnConflict::column(Cities::Code)
                    .update_columns([
                        Cities::Name,
                        Cities::Kana,
                        Cities::PrefectureCode,
                        Cities::PrefectureName,
                        Cities::Url,
                    ])
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
        let chiba = cities.iter().find(|c| c.code == "121002").unwrap();
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
