//! Chinese for the messages of check.

use super::Entry;

pub(super) const MESSAGES: &[Entry] = &[];
