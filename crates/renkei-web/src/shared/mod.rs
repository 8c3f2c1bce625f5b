//! What the features share: a page request's context, the layout of every page and the
//! helpers of forms, the error page, how values are shown, the city in a path, the cookies,
//! the form that shares a record with another city, the choice of who helped, the moves a
//! workflow's page offers, and the registration of page routes with what each touches. Nothing here knows a feature.

pub(crate) mod city;
pub(crate) mod cookies;
pub(crate) mod error_page;
pub(crate) mod format;
pub(crate) mod forms;
pub(crate) mod helped;
pub(crate) mod layout;
pub(crate) mod moves;
pub(crate) mod page;
pub(crate) mod routing;
pub(crate) mod sharing;
pub(crate) mod stages;
