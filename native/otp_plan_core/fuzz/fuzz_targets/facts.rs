#![no_main]

//! Facts JSON → plan: any JSON the facts contract might receive gives a plan
//! or an error, never a panic, on the same large stack the NIF uses.

use libfuzzer_sys::fuzz_target;
use otp_plan_core::{on_large_stack, plan_json, plan_markdown, Request};

fuzz_target!(|data: &[u8]| {
    let Ok(facts) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let request = Request {
        facts,
        ..Request::default()
    };
    let dirs = [std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../priv/templates/plan.create"
    ))];
    on_large_stack(|| {
        let _ = plan_json(&request);
        let _ = plan_markdown(&request, &dirs);
    })
    .expect("no panic");
});
