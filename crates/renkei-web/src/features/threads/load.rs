//! What the threads give the other features' pages: the threads about a product or a
//! referral that the viewer reads (title and link), and whether the viewer may start one
//! there, for the "話し合う" section of a showcased product's and a referral's page.

use renkei_app::network::threads;
use renkei_domain::access::{Action, Resource};
use renkei_domain::network::thread::ThreadFacts;
use renkei_store::ThreadFilter;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;

/// The section of a page about what a thread may be about: the threads the viewer reads
/// there (id, title, number of posts) and whether they may start one.
#[derive(Debug, Clone, Default)]
pub struct Discussion {
    pub threads: Vec<(i64, String, usize)>,
    pub starts: bool,
}

impl Discussion {
    /// Whether there is anything to show.
    pub fn shown(&self) -> bool {
        self.starts || !self.threads.is_empty()
    }
}

/// The discussion of a subject whose threads have `facts`, filtered by `filter`.
pub(crate) async fn discussion(
    state: &AppState,
    viewer: &Viewer,
    filter: ThreadFilter,
    facts: &ThreadFacts,
) -> Result<Discussion, AppError> {
    if !viewer.may(Action::Read, Resource::Threads) {
        return Ok(Discussion::default());
    }
    let found = threads::list(&state.app, &viewer.caller(), &filter).await?;
    Ok(Discussion {
        threads: found
            .into_iter()
            .map(|(t, n)| (t.record.id.0, t.record.title, n))
            .collect(),
        starts: viewer.may(Action::Write, Resource::Thread(facts)),
    })
}
