//! The logic of otp_plan, free of any BEAM dependency.
//!
//! Facts about the host project are gathered in Elixir and arrive here as a
//! [`serde_json::Value`]; this crate parses the project's PRD.md and CLAUDE.md,
//! decides what the plan says, and renders it from templates.

mod error;
pub mod prd;
pub mod render;

pub use error::Error;

use std::path::PathBuf;

/// Renders PLANNING.md for `input` (`{"focus": …, "facts": …}`), looking up each
/// template in `template_dirs` in order, so that a host's override wins.
pub fn plan_markdown(
    input: &serde_json::Value,
    template_dirs: &[PathBuf],
) -> Result<String, Error> {
    render::render(render::ENTRY, template_dirs, input)
}
