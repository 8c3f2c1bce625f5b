//! The 商談会 scheduler (to come).
