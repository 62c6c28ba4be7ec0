//! `python/src/borrow.rs` compiled without PyO3 and numpy, so that its tests run under Miri
//! (`scripts/test.sh`): the layout and pointer logic under the extension's `unsafe` blocks.

#![allow(dead_code)] // The extension uses every item; this crate only tests them.

#[path = "../src/borrow.rs"]
pub mod borrow;
