//! The people of a company and of a sales-channel target: who they are, inviting one (a new
//! account with its invitation link, or the role added to an existing account), and removing
//! one. A company's people are seen by its home city's staff and coordinators and by its own
//! people, and managed by the city's staff and by its managers (`Resource::CompanyPeople`); a
//! target's contacts are a record of its city, managed by its staff.

use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::city::CityCode;
use renkei_domain::identity::Email;
use renkei_store::{
    CompanyId, CompanyRecord, Invited, SalesTargetRecord, TargetId, UserId, UserRecord,
};

use crate::access::{Caller, Checked, Denied, signed_in};
use crate::{App, mail};

/// Whose people: a company's or a sales-channel target's.
#[derive(Debug, Clone)]
pub enum Team {
    Company(CompanyRecord),
    Target(SalesTargetRecord),
}

/// A person of a team.
#[derive(Debug, Clone)]
pub struct Member {
    pub user: UserRecord,
    /// Manages the company's people (a company's only).
    pub manager: bool,
}

impl Team {
    pub fn name(&self) -> &str {
        match self {
            Team::Company(c) => &c.name,
            Team::Target(t) => &t.name,
        }
    }

    /// The city whose record the team is.
    pub fn city(&self) -> CityCode {
        match self {
            Team::Company(c) => c.home_city,
            Team::Target(t) => t.city_code,
        }
    }

    /// The roles a member holds; `manager` counts for a company only.
    pub fn roles(&self, manager: bool) -> Vec<Role> {
        match self {
            Team::Company(c) if manager => vec![
                Role::CompanyUser { company: c.id.0 },
                Role::CompanyManager { company: c.id.0 },
            ],
            Team::Company(c) => vec![Role::CompanyUser { company: c.id.0 }],
            Team::Target(t) => vec![Role::TargetContact {
                organization: t.id.0,
            }],
        }
    }
}

impl App {
    /// A company's people, once the policy allows `action` on them.
    pub async fn company_people(
        &self,
        caller: &Caller,
        action: Action,
        id: CompanyId,
    ) -> Result<Checked<Team>, Denied> {
        signed_in(caller)?;
        let Some((company, _)) = self.store().company(id).await? else {
            return Err(self
                .absent(caller, action, format!("CompanyPeople {id}"))
                .await);
        };
        let resource = Resource::CompanyPeople {
            id: id.0,
            home_city: &company.home_city,
        };
        self.require(caller, action, resource).await?;
        Ok(Checked::new(Team::Company(company), action))
    }

    /// A sales-channel target's contacts, once the policy allows `action` on the target.
    pub async fn target_people(
        &self,
        caller: &Caller,
        action: Action,
        id: TargetId,
    ) -> Result<Checked<Team>, Denied> {
        Ok(self
            .sales_target(caller, action, id)
            .await?
            .map(Team::Target))
    }
}

/// The people of a team, oldest first.
pub async fn members(app: &App, team: &Checked<Team>) -> Result<Vec<Member>, Denied> {
    let roles = team.roles(true);
    let manager = roles.get(1).cloned();
    Ok(app
        .store()
        .people_holding(&roles)
        .await?
        .into_iter()
        .map(|(user, held)| Member {
            manager: manager.as_ref().is_some_and(|m| held.contains(m)),
            user,
        })
        .collect())
}

/// Invites a person to a team loaded for writing: a new account gets an invitation link by
/// mail, an existing one the team's roles and a message saying so. `invited_by` is the name
/// the message gives.
pub async fn invite(
    app: &App,
    team: &Checked<Team>,
    caller: &Caller,
    invited_by: &str,
    email: &Email,
    name: &str,
    manager: bool,
) -> Result<Invited, Denied> {
    if team.action() != Action::Write {
        return Err(Denied::Forbidden);
    }
    let team_name = team.name().to_owned();
    let invited = app
        .store()
        .invite_or_add(
            email,
            name,
            &team.roles(manager),
            &caller.actor,
            |user, token| {
                let link = app.link(&format!("/account/link?token={token}"));
                mail::invitation(user, invited_by, &link)
            },
            |user| mail::role_added(user, invited_by, &team_name, &app.link("/sign-in")),
        )
        .await?;
    Ok(invited)
}

/// Removes a person from a team loaded for writing (their account stays, with its other
/// roles). Not found when the person is not one of the team's.
pub async fn remove(
    app: &App,
    team: &Checked<Team>,
    caller: &Caller,
    user: UserId,
) -> Result<(), Denied> {
    if team.action() != Action::Write {
        return Err(Denied::Forbidden);
    }
    match app
        .store()
        .remove_roles(user, &team.roles(true), &caller.actor)
        .await
    {
        Err(renkei_store::StoreError::NotFound) => Err(Denied::NotFound),
        other => Ok(other?),
    }
}
