//! The limits that keep any input inside a known stack.
//!
//! Facts, templates and the plan are walked recursively, so the depth of the
//! input sets the depth of the stack. The input's nesting is capped at
//! [`MAX_DEPTH`], and [`on_large_stack`] runs the work on a thread whose stack
//! holds that depth many times over: a BEAM dirty scheduler thread has ~320 KB,
//! far too little to rely on.

use std::panic::{self, AssertUnwindSafe};

/// How deeply the facts may nest (every map or list is a level). A supervisor
/// costs two levels, so this is room for about 250 nested supervisors; real
/// trees are under 10.
pub const MAX_DEPTH: usize = 512;

/// The stack [`on_large_stack`] gives the work. Only the pages touched are
/// ever committed; input at [`MAX_DEPTH`] uses a few megabytes.
pub const STACK_SIZE: usize = 256 << 20;

/// How deeply templates may nest includes, macro calls and loops. minijinja's
/// own maximum; far past what a dirty scheduler's stack holds (a macro
/// recursing 70 times overflowed it), well inside [`STACK_SIZE`].
pub const TEMPLATE_DEPTH: usize = 500;

/// Runs `work` on a thread with a [`STACK_SIZE`] stack and waits for it. A
/// panic comes back as `Err` with its message, for the caller to report; the
/// default hook's backtrace is the caller's to silence.
pub fn on_large_stack<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, String> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("otp_plan".to_string())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, AssertUnwindSafe(work))
            .map_err(|e| format!("cannot start a thread: {e}"))?;
        thread.join().map_err(|payload| panic_message(&*payload))
    })
}

/// The text of a panic's payload (`panic!` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Replaces the default panic hook, which prints a backtrace on standard
/// error, with one that prints nothing: a panic is reported as an error value.
pub fn quiet_panics() {
    panic::set_hook(Box::new(|_| {}));
}

/// The deepest nesting in `value`, counted without recursion; stops counting
/// past `limit`.
pub fn depth(value: &serde_json::Value, limit: usize) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(value, 1)];
    while let Some((value, level)) = pending.pop() {
        let children: Box<dyn Iterator<Item = &serde_json::Value>> = match value {
            serde_json::Value::Array(items) => Box::new(items.iter()),
            serde_json::Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        deepest = deepest.max(level);
        if deepest > limit {
            break;
        }
        pending.extend(children.map(|child| (child, level + 1)));
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn depth_counts_maps_and_lists() {
        assert_eq!(depth(&json!(1), 10), 0);
        assert_eq!(depth(&json!([]), 10), 1);
        assert_eq!(depth(&json!({"a": [1, {"b": []}]}), 10), 4);
    }

    #[test]
    fn a_panic_on_the_large_stack_is_an_error() {
        let err = on_large_stack(|| -> u8 { panic!("boom") }).unwrap_err();
        assert_eq!(err, "boom");
        assert_eq!(on_large_stack(|| 7), Ok(7));
    }
}
