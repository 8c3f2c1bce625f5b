//! How referral values are named on pages: a step, the kinds of target sought.

use renkei_domain::Lang;
use renkei_domain::referral::State as Step;
use renkei_domain::target::TargetKind;

pub(super) fn step_label(lang: Lang, s: Step) -> &'static str {
    s.name().get(lang)
}

pub(super) fn kinds_label(lang: Lang, kinds: &[TargetKind]) -> String {
    kinds
        .iter()
        .map(|k| k.name().get(lang))
        .collect::<Vec<_>>()
        .join("、")
}
