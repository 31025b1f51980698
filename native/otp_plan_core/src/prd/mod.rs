//! PRD.md and CLAUDE.md: from Markdown to the requirements model.

mod model;

pub use model::*;
