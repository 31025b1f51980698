//! The logic of otp_plan, free of any BEAM dependency.
//!
//! Facts about the host project are gathered in Elixir and arrive here as a
//! [`serde_json::Value`]; this crate reads the project's PRD.md and CLAUDE.md
//! model, decides what the plan says ([`plan::decide`]), and renders it from
//! templates ([`render`]).

mod bounds;
mod error;
pub mod plan;
pub mod prd;
pub mod render;

pub use bounds::{on_large_stack, quiet_panics, MAX_DEPTH, STACK_SIZE};
pub use error::Error;

use std::path::PathBuf;

use serde::Serialize;

/// Everything one plan is made from.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The facts map of the facts contract; missing keys are defaults.
    pub facts: serde_json::Value,
    pub prd: Option<prd::Prd>,
    pub claude: Option<prd::ClaudeMd>,
    /// The focus argument as typed, e.g. `"LiveView and clustering"`.
    pub focus: Option<String>,
}

/// A file handed in by the host: its name, for messages, and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub file: &'a str,
    pub bytes: &'a [u8],
}

impl Request {
    /// A request whose PRD is parsed from `prd` (one file, or the parts of
    /// a folder in name order, read as one; none when empty) and CLAUDE.md
    /// from `claude`; a document that cannot be read is an error naming its file.
    pub fn read(
        facts: serde_json::Value,
        focus: Option<String>,
        prd: &[Document],
        claude: Option<Document>,
    ) -> Result<Self, Error> {
        let input_error = |file: &str, error| Error::Input {
            file: file.to_string(),
            error,
        };
        let parts: Vec<(&str, &[u8])> = prd.iter().map(|d| (d.file, d.bytes)).collect();
        let prd = match parts.as_slice() {
            [] => None,
            parts => Some(prd::parse_parts(parts).map_err(|(file, e)| input_error(file, e))?),
        };
        let claude = claude
            .map(|d| prd::parse_claude_named(d.file, d.bytes).map_err(|e| input_error(d.file, e)))
            .transpose()?;
        Ok(Request {
            facts,
            focus,
            prd,
            claude,
        })
    }

    /// What was read from each PRD document, one line each, then any
    /// warning about a document that yielded nothing, then what was read
    /// from CLAUDE.md.
    fn read_notices(&self) -> impl Iterator<Item = String> + '_ {
        self.prd
            .iter()
            .flat_map(|prd| &prd.documents)
            .flat_map(|d| d.notices.iter().cloned())
            .chain(self.claude.iter().map(|c| c.summary.clone()))
    }
}

/// A rendered plan and the messages for the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub markdown: String,
    /// One line each, e.g. that the focus matched no known area.
    pub notices: Vec<String>,
}

/// The complete model, in the key order of its fields: what templates see and
/// what `--format json` prints.
#[derive(Serialize)]
struct Model<'a> {
    facts: plan::facts::Facts,
    prd: Option<&'a prd::Prd>,
    claude: Option<&'a prd::ClaudeMd>,
    plan: plan::Plan,
    /// Focus area key → the title users see, for the templates.
    focus_titles: std::collections::BTreeMap<plan::focus::Area, &'static str>,
}

fn model(request: &Request) -> Result<Model<'_>, Error> {
    if bounds::depth(&request.facts, MAX_DEPTH) > MAX_DEPTH {
        return Err(Error::Facts(format!(
            "nested deeper than {MAX_DEPTH} levels"
        )));
    }
    let facts = plan::facts::Facts::from_value(&request.facts)?;
    let plan = plan::decide(
        &facts,
        request.prd.as_ref(),
        request.claude.as_ref(),
        request.focus.as_deref(),
    );
    Ok(Model {
        facts,
        prd: request.prd.as_ref(),
        claude: request.claude.as_ref(),
        plan,
        focus_titles: plan::focus::Area::ALL
            .iter()
            .map(|a| (*a, a.title()))
            .collect(),
    })
}

/// Renders PLANNING.md, looking up each template in `template_dirs` in order,
/// so that a host's override of any one template wins.
pub fn plan_markdown(request: &Request, template_dirs: &[PathBuf]) -> Result<Rendered, Error> {
    let model = model(request)?;
    let notices = notices(request, &model);
    let markdown = render::tidy(&render::render(render::ENTRY, template_dirs, &model)?);
    Ok(Rendered { markdown, notices })
}

/// The complete model (facts, PRD, CLAUDE.md, focus and decisions) as
/// pretty JSON, and the same notices as [`plan_markdown`].
pub fn plan_json(request: &Request) -> Result<(String, Vec<String>), Error> {
    let model = model(request)?;
    let notices = notices(request, &model);
    let json = serde_json::to_string_pretty(&model).expect("the model is plain data");
    Ok((json, notices))
}

/// What was read from the code, the PRD and CLAUDE.md, then whether the
/// focus matched.
fn notices(request: &Request, model: &Model) -> Vec<String> {
    let focus = model.plan.focus.as_ref().and_then(plan::focus_notice);
    std::iter::once(model.plan.read.clone())
        .chain(request.read_notices())
        .chain(focus)
        .collect()
}
