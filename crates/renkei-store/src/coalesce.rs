//! Coalesced revision reads. Under load, many requests ask for the same city's menu revision
//! at once; instead of one database round trip each, the requests that are waiting when a
//! read starts all take its answer.
//!
//! Freshness is kept exactly: a request only ever takes the answer of a read that *started
//! after the request arrived*, so it sees every change committed before it arrived — the same
//! guarantee as reading on its own. A request that arrives while a read is running waits for
//! the next one.
//!
//! The reads run in a task of their own, not in any request, so a request that is cancelled
//! (its client went away) never strands the others.
//!
//! Each read waits [`LINGER`] before it takes its batch: a read takes about as long as the
//! gap between two requests under load, so without the wait most batches would hold one
//! request and every request would still cost a round trip. The wait bounds what a request
//! may add to its time; it changes nothing of the freshness above.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

/// A revision (`None` when there is no such key), or why it could not be read.
type Answer = Result<Option<i64>, String>;

/// How long a read waits for more callers before it starts.
pub(crate) const LINGER: std::time::Duration = std::time::Duration::from_millis(1);

#[derive(Default)]
struct Slot {
    running: bool,
    waiting: Vec<oneshot::Sender<Answer>>,
}

#[derive(Default, Debug)]
pub(crate) struct Coalescer {
    slots: Mutex<HashMap<String, Slot>>,
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot")
            .field("running", &self.running)
            .field("waiting", &self.waiting.len())
            .finish()
    }
}

impl Coalescer {
    /// Answers `read(key)` for this caller, sharing a read with the callers that arrived
    /// before it started. `read` is called from a spawned task.
    pub(crate) async fn read<F, Fut>(self: &Arc<Self>, key: String, read: F) -> Answer
    where
        F: Fn(String) -> Fut + Send + 'static,
        Fut: Future<Output = Answer> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let lead = {
            let mut slots = self.slots.lock().expect("coalescer lock");
            let slot = slots.entry(key.clone()).or_default();
            slot.waiting.push(tx);
            !std::mem::replace(&mut slot.running, true)
        };
        if lead {
            let this = Arc::clone(self);
            tokio::spawn(async move { this.run(key, read).await });
        }
        rx.await
            .unwrap_or_else(|_| Err("the revision read was interrupted".to_owned()))
    }

    /// Serves batch after batch until nobody waits: each batch is taken before its read
    /// starts, so every caller in it arrived before the read.
    async fn run<F, Fut>(&self, key: String, read: F)
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Answer>,
    {
        loop {
            {
                let mut slots = self.slots.lock().expect("coalescer lock");
                let slot = slots.get_mut(&key).expect("slot of a running read");
                if slot.waiting.is_empty() {
                    slot.running = false;
                    return;
                }
            }
            tokio::time::sleep(LINGER).await;
            let batch = {
                let mut slots = self.slots.lock().expect("coalescer lock");
                let slot = slots.get_mut(&key).expect("slot of a running read");
                std::mem::take(&mut slot.waiting)
            };
            let answer = read(key.clone()).await;
            for tx in batch {
                let _ = tx.send(answer.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_callers_share_reads_and_none_sees_a_value_older_than_its_arrival() {
        let value = Arc::new(AtomicI64::new(0));
        let reads = Arc::new(AtomicI64::new(0));
        let c = Arc::new(Coalescer::default());
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..200 {
            if i % 50 == 0 {
                value.fetch_add(1, Ordering::SeqCst);
            }
            let seen_at_arrival = value.load(Ordering::SeqCst);
            let (c, value, reads) = (c.clone(), value.clone(), reads.clone());
            tasks.spawn(async move {
                let got = c
                    .read("city".into(), move |_| {
                        let (value, reads) = (value.clone(), reads.clone());
                        async move {
                            reads.fetch_add(1, Ordering::SeqCst);
                            let v = value.load(Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(2)).await;
                            Ok(Some(v))
                        }
                    })
                    .await
                    .unwrap()
                    .unwrap();
                assert!(
                    got >= seen_at_arrival,
                    "read {got}, but {seen_at_arrival} was there on arrival"
                );
            });
        }
        while let Some(r) = tasks.join_next().await {
            r.unwrap();
        }
        assert!(reads.load(Ordering::SeqCst) < 200, "reads were shared");
        assert!(
            !c.slots.lock().unwrap()["city"].running,
            "the reader stops when nobody waits"
        );
    }

    #[tokio::test]
    async fn an_error_reaches_every_caller_of_the_batch() {
        let c = Arc::new(Coalescer::default());
        let answer = c
            .read("x".into(), |_| async { Err("down".to_owned()) })
            .await;
        assert_eq!(answer, Err("down".to_owned()));
        let answer = c.read("x".into(), |_| async { Ok(Some(7)) }).await;
        assert_eq!(answer, Ok(Some(7)), "a failed read does not stick");
    }
}
