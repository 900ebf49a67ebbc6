//! Checks of this family are being written; see the issue that introduces them.

use super::Checker;

pub(super) fn check(_checker: &mut Checker<'_>) {}
