//! The form that shares a record a city owns (a company, a product) with another designated
//! city: the city, the purpose and the last day, checked by the domain's grant rules
//! (`renkei_domain::grant`). The features that show a record put the form on its page and
//! make the grant; this knows none of them.

use chrono::{DateTime, Utc};
use renkei_domain::FieldError;
use renkei_domain::city::CityCode;
use renkei_domain::grant::{GrantDraft, until_end_of};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::shared::format::{city_name, show_time};
use crate::shared::forms::Choice;

/// The form as sent (and shown again with its errors).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ShareForm {
    /// The city shared with, by its code.
    pub grantee: String,
    pub purpose: String,
    /// The last day, 西暦 or 和暦.
    pub valid_until: String,
    pub csrf: String,
}

impl ShareForm {
    /// The grant of the record `object_type` `object_id` of `owner` the form asks for, at
    /// `now`: every problem named by its field.
    pub fn draft(
        &self,
        object_type: &'static str,
        object_id: i64,
        owner: CityCode,
        now: DateTime<Utc>,
    ) -> Result<GrantDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let grantee = CityCode::parse(self.grantee.trim())
            .ok()
            .filter(renkei_domain::city::is_designated);
        if grantee.is_none() {
            errors.push(FieldError::new(
                "grantee",
                "共有先の市を選んでください。",
                "Choose the city to share with.",
            ));
        }
        let valid_until = until_end_of(&self.valid_until)
            .map_err(|e| errors.push(e))
            .ok();
        let draft = GrantDraft {
            object_type,
            object_id: object_id.to_string(),
            owner,
            grantee: grantee.unwrap_or(owner),
            purpose: self.purpose.clone(),
            valid_until,
        };
        match draft.validate(now) {
            Ok(draft) if errors.is_empty() => Ok(draft),
            Ok(_) => Err(errors),
            Err(more) => {
                // The grantee is reported once: unchosen, or the owner itself.
                let unchosen = grantee.is_none();
                errors.extend(
                    more.into_iter()
                        .filter(|e| !(unchosen && e.field == "grantee")),
                );
                errors.sort_by_key(|e| {
                    ["grantee", "purpose", "valid_until"]
                        .iter()
                        .position(|f| *f == e.field)
                });
                Err(errors)
            }
        }
    }
}

/// The designated cities a record of `owner` may be shared with (every other one), with
/// `selected` chosen.
pub fn grantee_choices(state: &AppState, owner: &CityCode, selected: &str) -> Vec<Choice> {
    state
        .store
        .cities()
        .iter()
        .filter(|c| c.code != *owner)
        .map(|c| Choice {
            value: c.code.to_string(),
            label: c.name.clone(),
            selected: c.code.to_string() == selected,
        })
        .collect()
}

/// The sharing part of a record's page (`_share_form.html`), shown to those who may share
/// the record: the grants of it in force and the form, with the cities it may be shared with.
pub struct SharePanel {
    pub can_share: bool,
    /// The form as typed (empty at first).
    pub form: ShareForm,
    pub grantees: Vec<Choice>,
    /// Where the form posts.
    pub action: String,
    /// The grants of it in force (looked up only for those who may share it).
    pub shared: Vec<SharedNow>,
    /// The city that owns the record, whose grants page revokes them.
    pub owner_city: String,
}

impl SharePanel {
    /// The panel of the record `object_type` `object_id` of `owner`, whose form posts to
    /// `action`.
    pub async fn of(
        state: &AppState,
        can_share: bool,
        owner: &CityCode,
        (object_type, object_id): (&str, i64),
        action: String,
    ) -> Result<SharePanel, AppError> {
        let shared = if can_share {
            shared_now(state, owner, object_type, object_id).await?
        } else {
            vec![]
        };
        Ok(SharePanel {
            can_share,
            form: ShareForm::default(),
            grantees: grantee_choices(state, owner, ""),
            action,
            shared,
            owner_city: owner.to_string(),
        })
    }

    /// The form shown again with what was typed (the record's owner is `owner`).
    pub fn again(&mut self, state: &AppState, owner: &CityCode, form: ShareForm) {
        self.grantees = grantee_choices(state, owner, &form.grantee);
        self.form = form;
    }
}

/// A grant of the record in force now, as its page lists it.
pub struct SharedNow {
    pub city: String,
    pub purpose: String,
    pub until: String,
}

/// The grants of the record `object_type` `object_id` of `owner` in force now, newest first.
pub async fn shared_now(
    state: &AppState,
    owner: &CityCode,
    object_type: &str,
    object_id: i64,
) -> Result<Vec<SharedNow>, AppError> {
    let now = Utc::now();
    let id = object_id.to_string();
    Ok(state
        .store
        .grants_of_city(owner)
        .await?
        .into_iter()
        .filter(|g| g.owner_city == *owner && g.object_type == object_type && g.object_id == id)
        .filter(|g| g.in_force(now))
        .map(|g| SharedNow {
            city: city_name(state, &g.grantee_city.to_string()),
            purpose: g.purpose,
            until: g.valid_until.map(show_time).unwrap_or_default(),
        })
        .collect())
}
