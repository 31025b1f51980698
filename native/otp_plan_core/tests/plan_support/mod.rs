//! Shared by the plan tests: facts fixtures and the PRDs they are planned with.
//! (A directory module, so cargo does not run it as a test crate of its own.)

#![allow(dead_code)]

use std::path::PathBuf;

use otp_plan_core::prd::{ClaudeMd, Prd};
use otp_plan_core::{plan_markdown, Rendered, Request};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Our own templates, as the NIF finds them in priv/.
pub fn templates() -> PathBuf {
    root().join("../../priv/templates/plan.create")
}

/// A facts fixture (generated from a fixture project by
/// test/facts_fixtures_test.exs), checked against the facts types.
pub fn facts(project: &str) -> serde_json::Value {
    let path = root().join(format!("tests/fixtures/facts/{project}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value = serde_json::from_str(&text).unwrap();
    otp_plan_core::plan::facts::Facts::checked(&value)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    value
}

/// The decided plan of `request`, as `--format json` shows it: what tests assert on.
pub fn decided(request: &Request) -> serde_json::Value {
    let (json, _notices) = otp_plan_core::plan_json(request).unwrap();
    let mut model: serde_json::Value = serde_json::from_str(&json).unwrap();
    model["plan"].take()
}

pub fn plan(
    project: &str,
    prd: Option<Prd>,
    claude: Option<ClaudeMd>,
    focus: Option<&str>,
) -> serde_json::Value {
    decided(&request(project, prd, claude, focus))
}

pub fn request(
    project: &str,
    prd: Option<Prd>,
    claude: Option<ClaudeMd>,
    focus: Option<&str>,
) -> Request {
    Request {
        facts: facts(project),
        prd,
        claude,
        focus: focus.map(str::to_string),
    }
}

pub fn render(
    project: &str,
    prd: Option<Prd>,
    claude: Option<ClaudeMd>,
    focus: Option<&str>,
) -> Rendered {
    plan_markdown(&request(project, prd, claude, focus), &[templates()])
        .unwrap_or_else(|e| panic!("{project}: {e}"))
}

fn parse_file(path: PathBuf) -> Prd {
    otp_plan_core::prd::parse(&std::fs::read(&path).unwrap()).unwrap()
}

/// The example app's PRD.md, as the parser reads it.
pub fn shop_prd() -> Prd {
    parse_file(root().join("../../examples/shop/PRD.md"))
}

/// The example app's CLAUDE.md, as the parser reads it.
pub fn shop_claude() -> ClaudeMd {
    let path = root().join("../../examples/shop/CLAUDE.md");
    otp_plan_core::prd::parse_claude(&std::fs::read(path).unwrap()).unwrap()
}

/// A short PRD for the ledger service: targets and risks, no timeline.
pub fn otp_app_prd() -> Prd {
    parse_file(root().join("tests/fixtures/prd/ledger.md"))
}
