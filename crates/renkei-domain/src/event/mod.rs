//! Events (issue 14): the pure rules the event features call — the lottery that decides who
//! gets an event's places (`lottery`) and the scheduler of a business meeting's (商談会)
//! accepted requests on a grid of time slots × tables (`schedule`).

pub mod lottery;
pub mod schedule;
