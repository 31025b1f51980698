//! The NIF edge of otp_plan: converts terms, calls `otp_plan_core`, returns
//! `{:ok, text} | {:error, message}`. No logic lives here.

mod term;

use std::path::PathBuf;

use rustler::Term;
use serde_json::Value;

/// Renders PLANNING.md from plain Elixir data. DirtyCpu: PRD parsing and
/// rendering take milliseconds, far past the 1 ms a normal scheduler allows.
#[rustler::nif(schedule = "DirtyCpu")]
fn render(input: Term, template_dirs: Vec<String>) -> Result<String, String> {
    let mut input = term::to_value(input)?;
    let request = otp_plan_core::Request {
        facts: input.get_mut("facts").map(Value::take).unwrap_or_default(),
        focus: input
            .get("focus")
            .and_then(Value::as_str)
            .map(str::to_string),
        prd: None,
        claude: None,
    };
    let dirs: Vec<PathBuf> = template_dirs.into_iter().map(PathBuf::from).collect();
    otp_plan_core::plan_markdown(&request, &dirs)
        .map(|rendered| rendered.markdown)
        .map_err(|e| e.to_string())
}

/// Panics on purpose, so the test suite can prove a panic in this library
/// raises in the caller instead of killing the VM.
#[rustler::nif(name = "__panic__")]
fn panic_for_test() -> bool {
    panic!("deliberate panic from OtpPlan.Native.__panic__/0")
}

rustler::init!("Elixir.OtpPlan.Native");
