//! The showcase (products shown to every designated city) as use cases: a showcased product
//! loaded with the access check made ([`load`]: not showcased, or no longer in development,
//! is not found); published, changed and withdrawn by the company's own people only, with
//! their consent to the wording shown ([`publish`], [`withdraw`]); the list other cities
//! browse, filtered in the query by what the caller may see ([`list`]); and another city's
//! request to the home city to refer the product to it ([`request`]), which starts a
//! referral at its first step in the home city. What the showcase shows and its consent's
//! wording are `renkei_domain::showcase`; who may do what, `renkei_domain::access`.

use renkei_domain::access::{self, Action, ListScope, Resource, list_scope};
use renkei_domain::city::CityCode;
use renkei_domain::showcase::{self, ShowcaseDraft};
use renkei_domain::{FieldError, Text};
use renkei_store::{
    AdoptionRecord, CompanyRecord, EvaluationRecord, Page, PageRequest, ProductId, ProductRecord,
    ReferralRecord, Result, SearchQuery, ShowcaseEntry, ShowcaseFilter, ShowcaseRecord, StoreError,
};

use crate::App;
use crate::access::{Caller, Checked, Denied};

/// A showcased product as its page shows it.
#[derive(Debug, Clone)]
pub struct Profile {
    pub showcase: ShowcaseRecord,
    pub product: ProductRecord,
    pub company: CompanyRecord,
    pub evaluations: Vec<EvaluationRecord>,
    pub adoptions: Vec<AdoptionRecord>,
}

/// Why a change or a request was not made.
#[derive(Debug)]
pub enum Refused {
    /// Not the company's own people: the consent is theirs to give.
    NotYours,
    Fields(Vec<FieldError>),
    /// The product may not be introduced to other cities yet, and why.
    Ineligible(Text),
    /// A referral of the product to that city is already under way.
    UnderWay,
}

/// The resource a showcased product is to the policy.
pub fn resource(s: &ShowcaseRecord) -> Resource<'_> {
    Resource::Showcase {
        home_city: &s.home_city,
        company: s.company_id.0,
        public: s.is_public(),
    }
}

/// The showcased product of `id`, once the policy allows the caller `action` on it (read:
/// anyone for a public one, every city's staff and coordinators for the network's).
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: ProductId,
) -> std::result::Result<Checked<Profile>, Denied> {
    let store = app.store();
    let found = match store.showcase(id).await? {
        Some(s) => store.product(id).await?.map(|p| (s, p)),
        None => None,
    };
    let Some((showcase, product)) = found.filter(|(_, p)| !p.is_withdrawn()) else {
        return Err(app.absent(caller, action, format!("Showcase {id}")).await);
    };
    app.require(caller, action, resource(&showcase)).await?;
    let company = match store.company(product.company_id).await? {
        Some((c, _)) => c,
        None => return Err(app.absent(caller, action, format!("Showcase {id}")).await),
    };
    let evaluations = store.product_evaluations(id).await?;
    let adoptions = store.product_adoptions(id).await?;
    Ok(Checked::new(
        Profile {
            showcase,
            product,
            company,
            evaluations,
            adoptions,
        },
        action,
    ))
}

/// Whether the caller may publish or withdraw `p`: one of its company's own people.
pub fn publishes(caller: &Caller, p: &ProductRecord) -> bool {
    let probe = Resource::Showcase {
        home_city: &p.home_city,
        company: p.company_id.0,
        public: false,
    };
    access::decide(&caller.subject, Action::Write, probe) == access::Decision::Allow
}

/// Shows the product (or changes what it shows, or to whom), with the company's consent to
/// the wording shown.
pub async fn publish(
    app: &App,
    caller: &Caller,
    product: &Checked<ProductRecord>,
    company: &str,
    draft: &ShowcaseDraft,
) -> Result<std::result::Result<ShowcaseRecord, Refused>> {
    let p: &ProductRecord = product;
    if !publishes(caller, p) {
        return Ok(Err(Refused::NotYours));
    }
    if p.is_withdrawn() {
        return Ok(Err(Refused::Fields(vec![FieldError::new(
            "summary",
            "開発を終了した製品は公開できません。",
            "A product whose development ended cannot be showcased.",
        )])));
    }
    let s = match draft.validate() {
        Ok(s) => s,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let wording = showcase::wording(company, &p.name, s.audience);
    let r = app
        .store()
        .set_showcase(
            p,
            (&s.summary, &s.channels, s.audience),
            (&wording, showcase::WORDING_VERSION),
            &caller.actor,
        )
        .await?;
    Ok(Ok(r))
}

/// Withdraws the product from the showcase.
pub async fn withdraw(
    app: &App,
    caller: &Caller,
    product: &Checked<ProductRecord>,
) -> Result<std::result::Result<(), Refused>> {
    if !publishes(caller, product) {
        return Ok(Err(Refused::NotYours));
    }
    app.store().remove_showcase(product, &caller.actor).await?;
    Ok(Ok(()))
}

/// What the caller narrows the showcase to.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    /// Words, searched as the search page searches (readings and widths alike).
    pub q: String,
    pub city: Option<CityCode>,
    pub stage: Option<renkei_domain::catalog::Stage>,
    pub channel: Option<renkei_domain::target::TargetKind>,
}

/// One page of the showcased products the caller may see, narrowed: the network's to every
/// city's staff and coordinators, the public's to anyone, a company's own to its people.
pub async fn list(
    app: &App,
    caller: &Caller,
    narrowing: &Narrowing,
    page: PageRequest,
) -> Result<Page<ShowcaseEntry>> {
    let scope = list_scope(&caller.subject);
    let mut filter = ShowcaseFilter {
        network: scope.all || access::in_network(&caller.subject),
        companies: scope.companies.clone(),
        city: narrowing.city,
        stage: narrowing.stage,
        channel: narrowing.channel,
        products: None,
    };
    let words = narrowing.q.trim();
    if !words.is_empty() {
        // The index finds the words among every showcased product (the 200 that match them
        // best); who may see which is the filter's, in the query.
        let everything = ListScope {
            all: true,
            ..ListScope::default()
        };
        let q = SearchQuery {
            text: words.to_owned(),
            kind: Some(renkei_store::DocKind::Showcase),
            page: 1,
            per_page: 200,
            ..SearchQuery::default()
        };
        let found = app.store().search(&everything, &q).await?;
        filter.products = Some(found.hits.iter().map(|h| h.id).collect());
    }
    app.store().showcases(&filter, page).await
}

/// The cities the caller may ask a showcased product's home city for: its cities' staff who
/// may write, other than the home city.
pub fn asking_cities(caller: &Caller, p: &Profile) -> Vec<CityCode> {
    access::asking_cities(&caller.subject, &p.showcase.home_city)
}

/// Asks the home city to refer the product to `city` (one of the caller's, see
/// [`asking_cities`]), saying why: a referral starts at ① in the home city, which is told;
/// the company is asked for its consent as on any selection. Refused, with why, if the
/// product may not be introduced yet or a referral to that city is under way.
pub async fn request(
    app: &App,
    caller: &Caller,
    p: &Checked<Profile>,
    city: Option<CityCode>,
    why: &str,
) -> std::result::Result<std::result::Result<ReferralRecord, Refused>, Denied> {
    let home = p.showcase.home_city;
    app.require(
        caller,
        Action::Write,
        Resource::ShowcaseRequest { home_city: &home },
    )
    .await?;
    let cities = asking_cities(caller, p);
    let mut errors = Vec::new();
    let city = match city {
        Some(c) if cities.contains(&c) => Some(c),
        None if cities.len() == 1 => Some(cities[0]),
        _ => {
            errors.push(FieldError::new(
                "city",
                "紹介を受ける市を選んでください。",
                "Choose the city the product is to be referred to.",
            ));
            None
        }
    };
    let why = match showcase::check_request(why) {
        Ok(w) => w,
        Err(e) => {
            errors.extend(e);
            String::new()
        }
    };
    let Some(city) = city.filter(|_| errors.is_empty()) else {
        return Ok(Err(Refused::Fields(errors)));
    };
    if let Err(why) = crate::referrals::eligibility(app, &p.product).await? {
        return Ok(Err(Refused::Ineligible(why)));
    }
    let name = app.store().city_name(&city.to_string());
    let reason = showcase::request_reason(&name, &why);
    match crate::referrals::select_requested(app, p.product.id, &city, &reason, &caller.actor).await
    {
        Ok(r) => Ok(Ok(r)),
        Err(StoreError::Duplicate(_)) => Ok(Err(Refused::UnderWay)),
        Err(e) => Err(e.into()),
    }
}
