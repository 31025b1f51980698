#![no_main]

//! Rendering with hostile strings: every free-text string of a real facts
//! fixture (names, modules, files, routes, labels), the focus and the PRD come
//! from the input. The plan must render and no input may open or close a
//! code fence (an odd fence count misreads every later block).

use libfuzzer_sys::fuzz_target;
use otp_plan_core::{on_large_stack, plan_markdown, Document, Request};
use serde_json::Value;

/// Keys whose values are the host's own text; the others are enums.
const FREE_TEXT: &[&str] = &[
    "app", "name", "module", "locked", "requirement", "label", "file", "path", "behaviour",
    "scope", "related", "version", "elixir", "mod", "live_session", "alias", "table", "router",
    "otp_app", "endpoint", "adapter", "topic", "condition", "call", "action",
];

const SHOP: &str = include_str!("../../tests/fixtures/facts/shop.json");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut pieces = text.split('\u{0}').cycle();
    let focus = pieces.next().map(str::to_string);
    let mut facts: Value = serde_json::from_str(SHOP).expect("fixture is JSON");
    replace(&mut facts, &mut || pieces.next().unwrap_or_default().to_string());
    let prd = Document {
        file: "PRD.md",
        bytes: data,
    };
    let Ok(request) = Request::read(facts, focus, &[prd], None) else {
        return;
    };
    let dirs = [std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../priv/templates/plan.create"
    ))];
    let markdown = on_large_stack(|| plan_markdown(&request, &dirs))
        .expect("no panic")
        .expect("hostile strings still render")
        .markdown;
    let fences = markdown.lines().filter(|l| l.starts_with("```")).count();
    assert!(fences % 2 == 0, "odd fence count {fences}:\n{markdown}");
});

fn replace(value: &mut Value, next: &mut impl FnMut() -> String) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(s) if FREE_TEXT.contains(&key.as_str()) => *s = next(),
                    _ => replace(value, next),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace(v, next)),
        _ => {}
    }
}
