//! Research groups' part of the walk: the slot city's group (made once), the slot's company
//! among its members; each request that changes a member or a meeting gets a fresh one, so
//! that every allowed request finds what it needs.

use chrono::NaiveDate;
use renkei_domain::research_group::{Field, MemberKind, NewGroup, NewMeeting, NewMember};
use renkei_store::{Actor, ResearchGroupId, ResearchGroupRecord};

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

fn actor() -> Actor {
    Actor::system("authorization-test")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

/// The slot city's group, its company a member (made the first time).
async fn group(world: &World, slot: Slot) -> ResearchGroupRecord {
    let facts = world.of(slot);
    let groups = world.store.research_groups_of(&facts.code).await.unwrap();
    if let Some(g) = groups
        .into_iter()
        .find(|g| g.name.starts_with("権限確認の研究会"))
    {
        return world.store.research_group(g.id).await.unwrap();
    }
    let g = NewGroup {
        name: format!("権限確認の研究会{}", facts.code),
        field: Field::MedicalDevice,
        description: String::new(),
        partners: vec![],
        founded_on: None,
        active: true,
    };
    let g = world
        .store
        .insert_research_group(&facts.code, &g, &actor())
        .await
        .unwrap();
    let m = NewMember {
        kind: MemberKind::Company,
        company: Some(facts.company.id.0),
        name: String::new(),
        note: String::new(),
        joined_on: day(),
    };
    world
        .store
        .add_research_group_member(&g, &m, &actor())
        .await
        .unwrap();
    g
}

/// A fresh member of the group (a university): its id.
async fn member(world: &World, g: &ResearchGroupRecord) -> i64 {
    let m = NewMember {
        kind: MemberKind::University,
        company: None,
        name: format!("権限確認の大学{}", world.next()),
        note: String::new(),
        joined_on: day(),
    };
    let m = world
        .store
        .add_research_group_member(g, &m, &actor())
        .await
        .unwrap();
    m.id.0
}

/// A fresh meeting of the group (at version 1): its id.
async fn meeting(world: &World, g: &ResearchGroupRecord) -> i64 {
    let m = NewMeeting {
        held_on: day(),
        title: format!("権限確認の例会{}", world.next()),
        place: String::new(),
        event: None,
        minutes: String::new(),
        attendees: vec![],
    };
    let tx = world.store.begin().await.unwrap();
    let id = world
        .store
        .insert_research_group_meeting(&tx, g, &m, &actor())
        .await
        .unwrap()
        .id
        .0;
    tx.commit().await.unwrap();
    id
}

/// The request of a research-group route, or none for another route.
pub async fn request(
    world: &World,
    _who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    if !path.contains("research-groups") {
        return None;
    }
    let code = world.of(slot).code.to_string();
    let g = group(world, slot).await;
    let url = path
        .replace("{city}", &code)
        .replace("{id}", &g.id.to_string());
    let at = |url: String, body: Body| Some(Request { url, body });
    match (path, method) {
        ("/cities/{city}/research-groups", "POST") => {
            let name = format!("権限確認で登録した研究会{}", world.next());
            at(url, form(&[("name", &name), ("field", "welfare")]))
        }
        ("/research-groups/{id}", "POST") => {
            let version = world
                .store
                .research_group(ResearchGroupId(g.id.0))
                .await
                .unwrap()
                .version
                .to_string();
            let fields = [
                ("name", g.name.as_str()),
                ("field", "medical-device"),
                ("version", version.as_str()),
            ];
            at(url, form(&fields))
        }
        ("/research-groups/{id}/members", "POST") => {
            let name = format!("権限確認で加えた大学{}", world.next());
            at(url, form(&[("kind", "university"), ("member_name", &name)]))
        }
        ("/research-groups/{id}/members/{member}/leave", "POST") => {
            let m = member(world, &g).await.to_string();
            at(url.replace("{member}", &m), form(&[]))
        }
        ("/research-groups/{id}/meetings", "POST") => {
            let fields = [("held_on", "2026-11-20"), ("title", "権限確認の例会")];
            at(url, form(&fields))
        }
        ("/research-groups/{id}/meetings/{meeting}", "GET") => {
            let m = meeting(world, &g).await.to_string();
            at(url.replace("{meeting}", &m), Body::None)
        }
        ("/research-groups/{id}/meetings/{meeting}", "POST") => {
            let m = meeting(world, &g).await.to_string();
            let fields = [
                ("held_on", "2026-11-20"),
                ("title", "権限確認の例会（変更）"),
                ("version", "1"),
            ];
            at(url.replace("{meeting}", &m), form(&fields))
        }
        ("/research-groups/{id}/documents", "POST") => at(url, Body::Upload),
        ("/research-groups/{id}/documents/{document}", "GET") => {
            let d = world
                .store
                .insert_research_group_document(
                    &g,
                    None,
                    ("資料.txt", "text/plain; charset=utf-8", b"memo".to_vec()),
                    &actor(),
                )
                .await
                .unwrap();
            at(url.replace("{document}", &d.id.to_string()), Body::None)
        }
        (_, _) => at(url, Body::None),
    }
}
