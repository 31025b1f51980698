//! The NIF edge of otp_plan: converts terms, calls `otp_plan_core`, returns
//! `{:ok, result} | {:error, message}`. No logic lives here.
//!
//! Both NIFs are DirtyCpu: parsing a PRD and rendering take milliseconds, far
//! past the 1 ms a normal scheduler allows. Terms are converted without
//! recursion on the scheduler thread; the core then runs on a thread with a
//! large stack (see `otp_plan_core::on_large_stack`).

mod term;

use std::path::PathBuf;

use otp_plan_core::{Document, Request};
use rustler::{Binary, Term};

/// A document as Elixir passes it: `{file_name, bytes}`, or nil when absent.
type Doc<'a> = Option<(String, Binary<'a>)>;

/// Renders PLANNING.md: `{:ok, {markdown, notices}}`.
#[rustler::nif(schedule = "DirtyCpu")]
fn render(
    input: Term,
    prd: Term,
    claude: Doc,
    template_dirs: Term,
) -> Result<(String, Vec<String>), String> {
    let input = term::to_value(input)?;
    let dirs = paths(template_dirs)?;
    let prd = parts(prd)?;
    let (prd, claude) = (documents(&prd), document(&claude));
    on_large_stack(move || {
        let request = request(input, &prd, claude)?;
        otp_plan_core::plan_markdown(&request, &dirs)
            .map(|rendered| (rendered.markdown, rendered.notices))
            .map_err(|e| e.to_string())
    })
}

/// The complete model as JSON: `{:ok, {json, notices}}`.
#[rustler::nif(schedule = "DirtyCpu")]
fn json(input: Term, prd: Term, claude: Doc) -> Result<(String, Vec<String>), String> {
    let input = term::to_value(input)?;
    let prd = parts(prd)?;
    let (prd, claude) = (documents(&prd), document(&claude));
    on_large_stack(move || {
        let request = request(input, &prd, claude)?;
        otp_plan_core::plan_json(&request).map_err(|e| e.to_string())
    })
}

/// Runs the core on a thread of its own: the dirty scheduler's stack is too
/// small for the core's recursion, even within `MAX_DEPTH`. A panic is an
/// error naming it, without the default hook's backtrace on standard error.
fn on_large_stack<T: Send>(work: impl FnOnce() -> Result<T, String> + Send) -> Result<T, String> {
    otp_plan_core::on_large_stack(work).unwrap_or_else(|panic| {
        Err(format!(
            "otp_plan hit an internal error ({panic}); please report it with the command you ran"
        ))
    })
}

/// `input` is `%{facts: map, focus: string | nil}`, already converted.
fn request(
    mut input: serde_json::Value,
    prd: &[Document],
    claude: Option<Document>,
) -> Result<Request, String> {
    let facts = input.get_mut("facts").map(serde_json::Value::take);
    let focus = input
        .get("focus")
        .and_then(|f| f.as_str())
        .map(str::to_string);
    Request::read(facts.unwrap_or_default(), focus, prd, claude).map_err(|e| e.to_string())
}

/// The PRD's parts: a list of `{file_name, bytes}`, in reading order, or nil.
/// The length is taken first: rustler's list decoding panics on an improper list.
fn parts(term: Term) -> Result<Vec<(String, Binary)>, String> {
    let refused = || "the PRD must be a list of {file_name, bytes}".to_string();
    if term.atom_to_string().is_ok_and(|name| name == "nil") {
        return Ok(Vec::new());
    }
    term.list_length().map_err(|_| refused())?;
    term.decode().map_err(|_| refused())
}

fn documents<'a>(parts: &'a [(String, Binary)]) -> Vec<Document<'a>> {
    parts
        .iter()
        .map(|(file, bytes)| Document {
            file,
            bytes: bytes.as_slice(),
        })
        .collect()
}

fn document<'a>(doc: &'a Doc) -> Option<Document<'a>> {
    doc.as_ref().map(|(file, bytes)| Document {
        file,
        bytes: bytes.as_slice(),
    })
}

/// A list of strings, e.g. the template directories.
fn paths(term: Term) -> Result<Vec<PathBuf>, String> {
    match term::to_value(term)? {
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                serde_json::Value::String(path) => Ok(PathBuf::from(path)),
                _ => Err("template directories must be a list of strings".to_string()),
            })
            .collect(),
        _ => Err("template directories must be a list of strings".to_string()),
    }
}

/// Panics on purpose, so the test suite can prove a panic in this library
/// raises in the caller instead of killing the VM.
#[rustler::nif(name = "__panic__")]
fn panic_for_test() -> bool {
    panic!("deliberate panic from OtpPlan.Native.__panic__/0")
}

fn load(_env: rustler::Env, _info: Term) -> bool {
    otp_plan_core::quiet_panics();
    true
}

rustler::init!("Elixir.OtpPlan.Native", load = load);
