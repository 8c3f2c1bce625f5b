//! `renkei admin …`: accounts and API tokens made, listed, deactivated and revoked from the
//! command line (the first administrator of an install is made here), and the roles the
//! commands give (`--role`, `--city`, `--read-only`, `--scope`).

use anyhow::Context;
use clap::{Subcommand, ValueEnum};

use crate::{Database, open_store};

#[derive(Subcommand, Debug)]
pub(crate) enum AdminCommand {
    /// Create an account. The password is read from RENKEI_NEW_PASSWORD, or else from the
    /// first line of standard input, and must meet the password policy.
    CreateUser {
        /// The person's e-mail address (their sign-in name).
        #[arg(long)]
        email: String,
        /// The name shown for the person.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        grant: RoleArgs,
    },
    /// List the accounts and their roles.
    ListUsers,
    /// Make an API token for a machine client, acting for an existing account with one role.
    /// The token is printed once and cannot be shown again.
    CreateToken {
        /// The account the token acts for and answers to.
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. the name of the client system.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        grant: RoleArgs,
    },
    /// Deactivate an account: it can no longer sign in, and its sessions end at once.
    DeactivateUser {
        #[arg(long)]
        email: String,
    },
    /// Revoke an API token for good.
    RevokeToken {
        /// The token's number, as `create-token` printed it.
        #[arg(long)]
        id: i64,
    },
}

/// The role an account or a token is given.
#[derive(clap::Args, Debug)]
pub(crate) struct RoleArgs {
    /// The role to grant.
    #[arg(long, value_enum)]
    role: RoleArg,
    /// For city staff and coordinators: the city's local-government code, e.g. 121002.
    #[arg(long)]
    city: Option<String>,
    /// For city staff: read-only.
    #[arg(long)]
    read_only: bool,
    /// For company users and managers: the company's number; for target contacts: the
    /// sales-channel target's; for reviewers: the call's (as the pages show them).
    #[arg(long)]
    scope: Option<i64>,
}

/// A role from the command line's `--role`, `--city`, `--read-only` and `--scope`.
fn parse_role(args: RoleArgs) -> anyhow::Result<renkei_domain::access::Role> {
    use renkei_domain::access::Role;
    use renkei_domain::city::{CityCode, is_designated};
    let RoleArgs {
        role,
        city,
        read_only,
        scope,
    } = args;
    let scoped = matches!(
        role,
        RoleArg::CompanyUser | RoleArg::CompanyManager | RoleArg::TargetContact | RoleArg::Reviewer
    );
    if scoped {
        if city.is_some() {
            anyhow::bail!("--city: this role is scoped by --scope, not by a city");
        }
        let Some(id) = scope else {
            anyhow::bail!("--scope: give the number of the company, the target or the call");
        };
        return Ok(match role {
            RoleArg::CompanyUser => Role::CompanyUser { company: id },
            RoleArg::CompanyManager => Role::CompanyManager { company: id },
            RoleArg::TargetContact => Role::TargetContact { organization: id },
            _ => Role::Reviewer { call: id },
        });
    }
    if scope.is_some() {
        anyhow::bail!(
            "--scope: only company users, managers, target contacts and reviewers have one"
        );
    }
    let city = match (role, city) {
        (RoleArg::PlatformAdmin, None) => return Ok(Role::PlatformAdmin),
        (RoleArg::PlatformAdmin, Some(_)) => {
            anyhow::bail!("--city: a platform administrator has no city")
        }
        (_, None) => anyhow::bail!("--city: city staff and coordinators belong to a city"),
        (_, Some(c)) => CityCode::parse(&c)
            .ok()
            .filter(is_designated)
            .ok_or_else(|| anyhow::anyhow!("--city: {c} is not a designated city's code"))?,
    };
    Ok(match role {
        RoleArg::CityStaff => Role::CityStaff { city, read_only },
        _ => Role::Coordinator { city },
    })
}

/// The roles a role scoped to a company also takes (a manager is one of its people), once the
/// record it is scoped to is known to exist.
async fn scoped_roles(
    store: &renkei_store::Store,
    role: renkei_domain::access::Role,
) -> anyhow::Result<Vec<renkei_domain::access::Role>> {
    use renkei_domain::access::Role;
    match role {
        Role::CompanyUser { company } | Role::CompanyManager { company } => {
            store
                .company(renkei_store::CompanyId(company))
                .await?
                .ok_or_else(|| anyhow::anyhow!("--scope: no company has the number {company}"))?;
            let user = Role::CompanyUser { company };
            Ok(if role == user {
                vec![user]
            } else {
                vec![user, role]
            })
        }
        Role::TargetContact { organization } => {
            store
                .sales_target(renkei_store::TargetId(organization))
                .await?
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "--scope: no sales-channel target has the number {organization}"
                    )
                })?;
            Ok(vec![role])
        }
        other => Ok(vec![other]),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum RoleArg {
    PlatformAdmin,
    CityStaff,
    Coordinator,
    CompanyUser,
    CompanyManager,
    TargetContact,
    Reviewer,
}

pub(crate) async fn admin(command: AdminCommand, db: Database) -> anyhow::Result<()> {
    use renkei_domain::identity::{Email, NewPassword};

    let store = open_store(&db).await?;
    store.migrate().await?;
    match command {
        AdminCommand::CreateUser { email, name, grant } => {
            let email = Email::parse(&email).map_err(|m| anyhow::anyhow!("--email: {}", m.ja))?;
            if name.trim().is_empty() {
                anyhow::bail!("--name: 名前を入力してください。");
            }
            let roles = scoped_roles(&store, parse_role(grant)?).await?;
            let password = match std::env::var("RENKEI_NEW_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .context("reading the password from standard input")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let password = NewPassword::parse(&password, &email)
                .map_err(|m| anyhow::anyhow!("password: {}", m.ja))?;
            let actor = renkei_store::Actor::system("admin-cli");
            let user = match store
                .create_user(&email, &name, Some(password.hash()), &roles, &actor)
                .await
            {
                Err(renkei_store::StoreError::Duplicate(_)) => {
                    anyhow::bail!("--email: {email} already has an account")
                }
                other => other?,
            };
            println!("created user #{} {}", user.id, user.email);
        }
        AdminCommand::CreateToken { email, name, grant } => {
            let email = Email::parse(&email).map_err(|m| anyhow::anyhow!("--email: {}", m.ja))?;
            if name.trim().is_empty() {
                anyhow::bail!("--name: トークンの用途を入力してください。");
            }
            let role = parse_role(grant)?;
            let (user, _) = store
                .user_by_email(&email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("--email: no account has the address {email}"))?;
            let (record, token) = store
                .create_api_token(
                    user.id,
                    &name,
                    &role,
                    &renkei_store::Actor::system("admin-cli"),
                )
                .await?;
            println!(
                "created API token #{} for {} as {:?}",
                record.id, user.email, role
            );
            println!("{token}");
            println!("(shown once: keep it in the client's secret store)");
        }
        AdminCommand::DeactivateUser { email } => {
            let email = Email::parse(&email).map_err(|m| anyhow::anyhow!("--email: {}", m.ja))?;
            let (user, _) = store
                .user_by_email(&email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("--email: no account has the address {email}"))?;
            store
                .deactivate_user(user.id, &renkei_store::Actor::system("admin-cli"))
                .await?;
            println!(
                "deactivated user #{} {}; its sessions have ended",
                user.id, user.email
            );
        }
        AdminCommand::RevokeToken { id } => {
            match store
                .revoke_api_token(
                    renkei_store::ApiTokenId(id),
                    &renkei_store::Actor::system("admin-cli"),
                )
                .await
            {
                Err(renkei_store::StoreError::NotFound) => {
                    anyhow::bail!("--id: there is no API token #{id}")
                }
                other => other?,
            }
            println!("revoked API token #{id}");
        }
        AdminCommand::ListUsers => {
            for u in store.users().await? {
                let roles = store.roles_of(u.id).await?;
                println!(
                    "#{} {} {} {:?}{}",
                    u.id,
                    u.email,
                    u.display_name,
                    roles,
                    if u.active { "" } else { " (inactive)" }
                );
            }
        }
    }
    Ok(())
}
