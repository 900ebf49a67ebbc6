//! The integration tests: one binary, one module per area.

#[path = "suite/common.rs"]
mod common;

#[path = "suite/ci.rs"]
mod ci;
#[path = "suite/cli.rs"]
mod cli;
#[path = "suite/detection.rs"]
mod detection;
#[path = "suite/devset.rs"]
mod devset;
#[path = "suite/docs.rs"]
mod docs;
#[path = "suite/editors.rs"]
mod editors;
#[path = "suite/examples.rs"]
mod examples;
#[path = "suite/fixtures.rs"]
mod fixtures;
#[path = "suite/lsp.rs"]
mod lsp;
#[path = "suite/mime.rs"]
mod mime;
#[path = "suite/properties.rs"]
mod properties;
#[path = "suite/ranges.rs"]
mod ranges;
