//! The products feature's records as the store hands them out: typed (stages as the
//! domain's `Stage`, statuses, company types, classes, kinds and providers as the domain's
//! enums, cities as `CityCode`, measures as the catalog's, ids as newtypes), converted once
//! here where rows are read, so that nobody parses them again.
//!
//! A row holding a code this version does not know (a stage number, city, status, type,
//! class, kind, provider, measure or timeline line written by a newer version, or by hand)
//! is [`Unreadable`] (see `crate::records`). Only this feature writes these columns, always
//! from the enums' codes.
//!
//! They serialize (for the audit trail's before and after) with the rows' field names and
//! the codes the columns hold (a stage as its number), so the audit JSON is what it was when
//! these were the ORM's models. The timeline's lines are not audited and do not serialize.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::catalog::{CompanyType, Measure, Stage};
use renkei_domain::city::CityCode;
use renkei_domain::product::{
    AdopterKind, Decision, EvaluationKind, IpStatus, MoveKind, ProductStatus, Provider,
    RegulatoryClass,
};
use serde::{Serialize, Serializer};

pub use crate::records::{CompanyId, ProductId};
use crate::records::{Unreadable, code, known, optional_code};

use crate::entity::{product, product_adoption, product_evaluation, product_event, support_record};

/// A product under development (開発案件), at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductRecord {
    pub id: ProductId,
    pub company_id: CompanyId,
    pub home_city: CityCode,
    pub name: String,
    pub summary: String,
    pub category: String,
    /// Its own type, or its company's when registered (none if neither had one).
    #[serde(serialize_with = "optional_type")]
    pub company_type: Option<CompanyType>,
    #[serde(serialize_with = "stage_number")]
    pub stage: Stage,
    #[serde(serialize_with = "code")]
    pub status: ProductStatus,
    pub target_users: String,
    #[serde(serialize_with = "optional_code")]
    pub regulatory_class: Option<RegulatoryClass>,
    pub regulatory_status: String,
    #[serde(serialize_with = "optional_code")]
    pub ip_status: Option<IpStatus>,
    pub coordinator_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ProductRecord {
    /// Whether a decision withdrew it (its development ended).
    pub fn is_withdrawn(&self) -> bool {
        self.status == ProductStatus::Withdrawn
    }
}

/// What a line of a product's timeline records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductEventKind {
    /// Its registration (at the stage it registered at).
    Created,
    /// A stage move, of this kind.
    Stage(MoveKind),
    /// A continue-or-withdraw decision.
    Decision(Decision),
    /// The coordinator in charge changed (to this account, or to none).
    Coordinator(Option<i64>),
}

impl ProductEventKind {
    /// The row's `kind` column.
    pub(crate) fn code(self) -> &'static str {
        match self {
            ProductEventKind::Created => "created",
            ProductEventKind::Stage(_) => "stage",
            ProductEventKind::Decision(_) => "decision",
            ProductEventKind::Coordinator(_) => "coordinator",
        }
    }

    /// The row's `detail` column.
    pub(crate) fn detail(self) -> String {
        match self {
            ProductEventKind::Created | ProductEventKind::Coordinator(None) => String::new(),
            ProductEventKind::Stage(k) => k.code().to_owned(),
            ProductEventKind::Decision(d) => d.code().to_owned(),
            ProductEventKind::Coordinator(Some(id)) => id.to_string(),
        }
    }

    /// The kind of a row, from its `kind` and `detail` columns.
    fn read(kind: &str, detail: &str) -> Option<Self> {
        Some(match (kind, detail) {
            ("created", _) => ProductEventKind::Created,
            ("stage", d) => ProductEventKind::Stage(MoveKind::from_code(d)?),
            ("decision", d) => ProductEventKind::Decision(Decision::from_code(d)?),
            ("coordinator", "") => ProductEventKind::Coordinator(None),
            ("coordinator", id) => ProductEventKind::Coordinator(Some(id.parse().ok()?)),
            _ => return None,
        })
    }
}

/// A line of a product's timeline: its registration, a stage move, a decision, a change of
/// coordinator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductEventRecord {
    pub id: i64,
    pub product_id: ProductId,
    pub at: DateTime<Utc>,
    pub kind: ProductEventKind,
    /// The stage before (a move or a decision).
    pub from_stage: Option<Stage>,
    /// The stage after (a registration, a move or a decision).
    pub to_stage: Option<Stage>,
    pub reason: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
}

/// An evaluation of a product in a city (第3章 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvaluationRecord {
    pub id: i64,
    pub product_id: ProductId,
    #[serde(serialize_with = "code")]
    pub kind: EvaluationKind,
    pub title: String,
    pub city_code: CityCode,
    pub awarded_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// A local adoption of a product (地元展開).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdoptionRecord {
    pub id: i64,
    pub product_id: ProductId,
    pub adopter: String,
    #[serde(serialize_with = "code")]
    pub adopter_kind: AdopterKind,
    pub adopted_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// Support a product received: a measure of the model, whose, at which stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportRecord {
    pub id: i64,
    pub product_id: ProductId,
    #[serde(rename = "measure_code", serialize_with = "measure_code")]
    pub measure: &'static Measure,
    #[serde(serialize_with = "code")]
    pub provider: Provider,
    /// The home city for its own measures, the partner city for a partner's.
    pub provider_city: Option<CityCode>,
    pub menu_entry_id: Option<i64>,
    pub supported_on: Option<NaiveDate>,
    /// The stage the product was at.
    #[serde(serialize_with = "stage_number")]
    pub stage: Stage,
    pub coordinator_id: Option<i64>,
    pub outcome: String,
    pub notes: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
    /// The support organisation of the home city that helped, if one was named.
    pub organization_id: Option<i64>,
}

/// A stage as its column holds it: its number.
pub(crate) fn stage_column(s: Stage) -> i16 {
    i16::from(s.number())
}

/// A stage serialized as its column holds it (its number).
pub(crate) fn stage_number<S: Serializer>(s: &Stage, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_i16(stage_column(*s))
}

/// A company type as its column holds it. (`CompanyType` is not made `Coded` here: the
/// companies' records share it.)
fn optional_type<S: Serializer>(t: &Option<CompanyType>, ser: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser.serialize_some(t.code()),
        None => ser.serialize_none(),
    }
}

fn measure_code<S: Serializer>(m: &&'static Measure, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(m.code)
}

/// A stage column's number, read.
pub(crate) fn stage(
    table: &'static str,
    id: i64,
    field: &'static str,
    n: i16,
) -> Result<Stage, Unreadable> {
    known(table, id, field, &n.to_string(), |_| {
        u8::try_from(n).ok().and_then(Stage::from_number)
    })
}

/// A city column's code, read.
pub(crate) fn city(
    table: &'static str,
    id: i64,
    field: &'static str,
    code: &str,
) -> Result<CityCode, Unreadable> {
    known(table, id, field, code, |c| CityCode::parse(c).ok())
}

/// An optional coded column, read.
fn optional<T>(
    table: &'static str,
    id: i64,
    field: &'static str,
    code: Option<&str>,
    read: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, Unreadable> {
    code.map(|c| known(table, id, field, c, read)).transpose()
}

impl TryFrom<product::Model> for ProductRecord {
    type Error = Unreadable;

    fn try_from(m: product::Model) -> Result<Self, Unreadable> {
        const T: &str = "products";
        Ok(ProductRecord {
            id: ProductId(m.id),
            company_id: CompanyId(m.company_id),
            home_city: city(T, m.id, "home_city", &m.home_city)?,
            company_type: optional(
                T,
                m.id,
                "company_type",
                m.company_type.as_deref(),
                CompanyType::from_code,
            )?,
            stage: stage(T, m.id, "stage", m.stage)?,
            status: known(T, m.id, "status", &m.status, ProductStatus::from_code)?,
            regulatory_class: optional(
                T,
                m.id,
                "regulatory_class",
                m.regulatory_class.as_deref(),
                RegulatoryClass::from_code,
            )?,
            ip_status: optional(
                T,
                m.id,
                "ip_status",
                m.ip_status.as_deref(),
                IpStatus::from_code,
            )?,
            name: m.name,
            summary: m.summary,
            category: m.category,
            target_users: m.target_users,
            regulatory_status: m.regulatory_status,
            coordinator_id: m.coordinator_id,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

impl TryFrom<product_event::Model> for ProductEventRecord {
    type Error = Unreadable;

    fn try_from(m: product_event::Model) -> Result<Self, Unreadable> {
        const T: &str = "product_events";
        let stage_of = |field, n: Option<i16>| n.map(|n| stage(T, m.id, field, n)).transpose();
        Ok(ProductEventRecord {
            id: m.id,
            product_id: ProductId(m.product_id),
            at: m.at,
            kind: ProductEventKind::read(&m.kind, &m.detail).ok_or_else(|| Unreadable {
                table: T,
                id: m.id,
                field: "kind",
                code: format!("{}:{}", m.kind, m.detail),
            })?,
            from_stage: stage_of("from_stage", m.from_stage)?,
            to_stage: stage_of("to_stage", m.to_stage)?,
            reason: m.reason,
            actor_id: m.actor_id,
            actor_label: m.actor_label,
        })
    }
}

impl TryFrom<product_evaluation::Model> for EvaluationRecord {
    type Error = Unreadable;

    fn try_from(m: product_evaluation::Model) -> Result<Self, Unreadable> {
        const T: &str = "product_evaluations";
        Ok(EvaluationRecord {
            id: m.id,
            product_id: ProductId(m.product_id),
            kind: known(T, m.id, "kind", &m.kind, EvaluationKind::from_code)?,
            title: m.title,
            city_code: city(T, m.id, "city_code", &m.city_code)?,
            awarded_on: m.awarded_on,
            created_at: m.created_at,
        })
    }
}

impl TryFrom<product_adoption::Model> for AdoptionRecord {
    type Error = Unreadable;

    fn try_from(m: product_adoption::Model) -> Result<Self, Unreadable> {
        let adopter_kind = known(
            "product_adoptions",
            m.id,
            "adopter_kind",
            &m.adopter_kind,
            AdopterKind::from_code,
        )?;
        Ok(AdoptionRecord {
            id: m.id,
            product_id: ProductId(m.product_id),
            adopter: m.adopter,
            adopter_kind,
            adopted_on: m.adopted_on,
            created_at: m.created_at,
        })
    }
}

impl TryFrom<support_record::Model> for SupportRecord {
    type Error = Unreadable;

    fn try_from(m: support_record::Model) -> Result<Self, Unreadable> {
        const T: &str = "support_records";
        let provider_city = m
            .provider_city
            .as_deref()
            .map(|c| city(T, m.id, "provider_city", c))
            .transpose()?;
        Ok(SupportRecord {
            id: m.id,
            product_id: ProductId(m.product_id),
            measure: known(
                T,
                m.id,
                "measure_code",
                &m.measure_code,
                renkei_domain::catalog::measure,
            )?,
            provider: known(T, m.id, "provider", &m.provider, Provider::from_code)?,
            provider_city,
            menu_entry_id: m.menu_entry_id,
            supported_on: m.supported_on,
            stage: stage(T, m.id, "stage", m.stage)?,
            coordinator_id: m.coordinator_id,
            outcome: m.outcome,
            notes: m.notes,
            actor_id: m.actor_id,
            actor_label: m.actor_label,
            created_at: m.created_at,
            organization_id: m.organization_id,
        })
    }
}

crate::records::coded!(
    ProductStatus,
    RegulatoryClass,
    IpStatus,
    EvaluationKind,
    AdopterKind,
    Provider
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::readable;

    fn at() -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap()
    }

    fn row() -> product::Model {
        product::Model {
            id: 3,
            company_id: 2,
            home_city: "121002".into(),
            name: "注射トレーニング器".into(),
            summary: "s".into(),
            category: "c".into(),
            company_type: Some("manufacturer-entry".into()),
            stage: 5,
            status: "withdrawn".into(),
            target_users: "t".into(),
            regulatory_class: Some("class-2".into()),
            regulatory_status: "r".into(),
            ip_status: None,
            coordinator_id: Some(9),
            version: 4,
            created_at: at(),
            updated_at: at(),
        }
    }

    fn support() -> support_record::Model {
        support_record::Model {
            id: 8,
            product_id: 3,
            measure_code: "development.grants-loans".into(),
            provider: "partner-city".into(),
            provider_city: Some("111007".into()),
            menu_entry_id: None,
            supported_on: NaiveDate::from_ymd_opt(2026, 4, 1),
            stage: 5,
            coordinator_id: None,
            outcome: "o".into(),
            notes: String::new(),
            actor_id: Some(1),
            actor_label: "a".into(),
            created_at: at(),
            organization_id: Some(5),
        }
    }

    #[test]
    fn records_serialize_as_their_rows_did() {
        let m = row();
        let typed = ProductRecord::try_from(m.clone()).unwrap();
        assert_eq!(
            (typed.stage, typed.status, typed.company_type),
            (
                Stage::Development,
                ProductStatus::Withdrawn,
                Some(CompanyType::ManufacturerEntry)
            )
        );
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
        let bare = product::Model {
            company_type: None,
            regulatory_class: None,
            status: "active".into(),
            ..m
        };
        assert_eq!(
            serde_json::to_string(&ProductRecord::try_from(bare.clone()).unwrap()).unwrap(),
            serde_json::to_string(&bare).unwrap()
        );
        let s = support();
        let typed = SupportRecord::try_from(s.clone()).unwrap();
        assert_eq!(typed.measure.code, "development.grants-loans");
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&s).unwrap()
        );
        let e = product_evaluation::Model {
            id: 1,
            product_id: 3,
            kind: "award".into(),
            title: "t".into(),
            city_code: "121002".into(),
            awarded_on: None,
            created_at: at(),
        };
        assert_eq!(
            serde_json::to_string(&EvaluationRecord::try_from(e.clone()).unwrap()).unwrap(),
            serde_json::to_string(&e).unwrap()
        );
        let a = product_adoption::Model {
            id: 1,
            product_id: 3,
            adopter: "病院".into(),
            adopter_kind: "hospital".into(),
            adopted_on: None,
            created_at: at(),
        };
        assert_eq!(
            serde_json::to_string(&AdoptionRecord::try_from(a.clone()).unwrap()).unwrap(),
            serde_json::to_string(&a).unwrap()
        );
    }

    #[test]
    fn timeline_lines_read_their_kind_and_detail() {
        let line = |kind: &str, detail: &str| product_event::Model {
            id: 1,
            product_id: 3,
            at: at(),
            kind: kind.into(),
            from_stage: Some(6),
            to_stage: Some(5),
            detail: detail.into(),
            reason: String::new(),
            actor_id: None,
            actor_label: "a".into(),
        };
        for kind in [
            ProductEventKind::Created,
            ProductEventKind::Stage(MoveKind::Back),
            ProductEventKind::Decision(Decision::Withdraw),
            ProductEventKind::Coordinator(Some(7)),
            ProductEventKind::Coordinator(None),
        ] {
            let typed = ProductEventRecord::try_from(line(kind.code(), &kind.detail())).unwrap();
            assert_eq!(typed.kind, kind);
            assert_eq!(
                (typed.from_stage, typed.to_stage),
                (Some(Stage::Clinical), Some(Stage::Development))
            );
        }
        for (kind, detail) in [("stage", "sideways"), ("merged", ""), ("coordinator", "x")] {
            assert!(ProductEventRecord::try_from(line(kind, detail)).is_err());
        }
    }

    #[test]
    fn a_row_with_an_unknown_code_is_unreadable() {
        for m in [
            product::Model { stage: 9, ..row() },
            product::Model {
                home_city: "999999".into(),
                ..row()
            },
            product::Model {
                status: "paused".into(),
                ..row()
            },
            product::Model {
                company_type: Some("other".into()),
                ..row()
            },
        ] {
            assert!(ProductRecord::try_from(m).is_err());
        }
        let rows = vec![row(), product::Model { stage: 0, ..row() }];
        assert_eq!(readable::<_, ProductRecord>(rows).len(), 1);
        for s in [
            support_record::Model {
                measure_code: "gone".into(),
                ..support()
            },
            support_record::Model {
                provider: "moon".into(),
                ..support()
            },
        ] {
            assert!(SupportRecord::try_from(s).is_err());
        }
    }
}
