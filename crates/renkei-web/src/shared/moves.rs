//! The moves a page offers on a workflow's record: of every move of the workflow, those the
//! viewer may make now as any of their parties, each once, with its code and its name.

use renkei_domain::Lang;
use renkei_domain::workflow::{Workflow, moves_for};

/// A move the viewer may make: its code and name.
pub struct MoveButton {
    pub code: &'static str,
    pub name: &'static str,
}

/// The moves of `all` that any of `parties` may make in `state`, in the order of `all`'s
/// first party that may, each once.
pub fn buttons<W: Workflow>(
    lang: Lang,
    state: W::State,
    parties: &[W::Party],
    all: &[W::Move],
) -> Vec<MoveButton> {
    let mut out: Vec<MoveButton> = Vec::new();
    for p in parties {
        for m in moves_for::<W>(state, *p, all) {
            let code = W::move_code(&m);
            if !out.iter().any(|b| b.code == code) {
                out.push(MoveButton {
                    code,
                    name: W::move_name(&m).get(lang),
                });
            }
        }
    }
    out
}
