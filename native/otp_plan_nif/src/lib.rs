//! The NIF edge of otp_plan: converts terms, calls `otp_plan_core`, returns
//! `{:ok, result} | {:error, message}`. No logic lives here.
//!
//! Both NIFs are DirtyCpu: parsing a PRD and rendering take milliseconds, far
//! past the 1 ms a normal scheduler allows.

mod term;

use std::path::PathBuf;

use otp_plan_core::{Document, Request};
use rustler::{Binary, Term};

/// A document as Elixir passes it: `{file_name, bytes}`, or nil when absent.
type Doc<'a> = Option<(String, Binary<'a>)>;

/// The PRD as Elixir passes it: a list of `{file_name, bytes}`, one per
/// part, in reading order; `[]` or nil when there is none.
type Parts<'a> = Option<Vec<(String, Binary<'a>)>>;

/// Renders PLANNING.md: `{:ok, {markdown, notices}}`.
#[rustler::nif(schedule = "DirtyCpu")]
fn render(
    input: Term,
    prd: Parts,
    claude: Doc,
    template_dirs: Vec<String>,
) -> Result<(String, Vec<String>), String> {
    let request = request(input, &prd, &claude)?;
    let dirs: Vec<PathBuf> = template_dirs.into_iter().map(PathBuf::from).collect();
    otp_plan_core::plan_markdown(&request, &dirs)
        .map(|rendered| (rendered.markdown, rendered.notices))
        .map_err(|e| e.to_string())
}

/// The complete model as JSON: `{:ok, {json, notices}}`.
#[rustler::nif(schedule = "DirtyCpu")]
fn json(input: Term, prd: Parts, claude: Doc) -> Result<(String, Vec<String>), String> {
    let request = request(input, &prd, &claude)?;
    otp_plan_core::plan_json(&request).map_err(|e| e.to_string())
}

/// `input` is `%{facts: map, focus: string | nil}`.
fn request(input: Term, prd: &Parts, claude: &Doc) -> Result<Request, String> {
    let mut input = term::to_value(input)?;
    let facts = input.get_mut("facts").map(serde_json::Value::take);
    let focus = input
        .get("focus")
        .and_then(|f| f.as_str())
        .map(str::to_string);
    let parts: Vec<Document> = prd
        .iter()
        .flatten()
        .map(|(file, bytes)| Document {
            file,
            bytes: bytes.as_slice(),
        })
        .collect();
    Request::read(facts.unwrap_or_default(), focus, &parts, document(claude))
        .map_err(|e| e.to_string())
}

fn document<'a>(doc: &'a Doc) -> Option<Document<'a>> {
    doc.as_ref().map(|(file, bytes)| Document {
        file,
        bytes: bytes.as_slice(),
    })
}

/// Panics on purpose, so the test suite can prove a panic in this library
/// raises in the caller instead of killing the VM.
#[rustler::nif(name = "__panic__")]
fn panic_for_test() -> bool {
    panic!("deliberate panic from OtpPlan.Native.__panic__/0")
}

rustler::init!("Elixir.OtpPlan.Native");
