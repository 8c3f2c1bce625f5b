//! The audit lines of the records a city owns (companies, sales-channel targets, needs and
//! seeds, calls): each line names the record's city and object, and holds the record itself
//! before and after, so that a feature writes the line of a creation or a change in one call.

use renkei_domain::city::CityCode;
use serde::Serialize;

use crate::audit::{AuditedTx, Change};
use crate::kernel::Result;

/// A record a city owns, as its audit lines name it.
pub(crate) trait Audited: Serialize {
    /// The audit trail's object type (`company`, `sales_target` …).
    const OBJECT_TYPE: &'static str;

    fn object_id(&self) -> String;

    /// The city whose trail holds its lines.
    fn city(&self) -> &CityCode;
}

/// Makes a record [`Audited`]: `audited!(Record, "object_type", city_field)`, its
/// `id` (whatever its type) the object's id.
macro_rules! audited {
    ($record:ty, $object_type:literal, $city:ident) => {
        impl $crate::audited::Audited for $record {
            const OBJECT_TYPE: &'static str = $object_type;

            fn object_id(&self) -> String {
                self.id.to_string()
            }

            fn city(&self) -> &renkei_domain::city::CityCode {
                &self.$city
            }
        }
    };
}
pub(crate) use audited;

impl AuditedTx<'_> {
    /// Writes the audit line of a record created (`before` is `None`) or changed, in this
    /// transaction.
    pub(crate) async fn record_change<R: Audited>(
        &self,
        action: &'static str,
        before: Option<&R>,
        after: &R,
    ) -> Result<()> {
        let change = Change {
            action,
            city: Some(after.city()),
            object_type: R::OBJECT_TYPE,
            object_id: after.object_id(),
            before,
            after: Some(after),
        };
        self.record(change).await
    }
}
