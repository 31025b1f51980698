//! PRDs of a chosen size: generated dense ones, shaped like `create-prd`
//! output with a number on nearly every line (close to the parser's worst
//! case), and the real-world shapes of the test fixtures, repeated.

use std::fmt::Write;

/// A PRD of at least `bytes` bytes: one title, then numbered chapters of
/// features, targets, a risk table and phases, repeated with fresh numbers.
pub fn prd(bytes: usize) -> String {
    let mut out = String::from("# Product Requirements Document: Bench\n\n");
    let mut n = 0;
    while out.len() < bytes {
        n += 1;
        write!(
            out,
            "## {n}. Functional Requirements\n\n### Core Features\n\
             - **Feature {n}: Catalogue {n}**: Product pages update stock counts in real time.\n\
             \x20 - **Processes**: one LiveView process per visitor\n\
             \x20 - **Supervision**: DynamicSupervisor Shop.Sup{n}, restart: :temporary\n\
             \x20 - **Error Handling**: retries with backoff, at most {n} attempts\n\n\
             ### Concurrency Targets\n\
             - **Concurrent Users**: {n},000 during a drop\n\
             - **Response Times**: p95 < {n}ms for checkout, p99 < 500ms for catalogue pages\n\
             - **Memory Usage**: < 2GB per node\n\n\
             Checkout must answer within 95th percentile latency under 200ms. Read replicas help when the primary passes 70% CPU.\n\n\
             | Risk | Probability | Impact | Mitigation Strategy |\n|------|------|------|------|\n\
             | Stock cache {n} diverges | Medium | High | Reconcile every 30 seconds |\n\n\
             ### Phase {n}: Carts (Weeks {n}-{m})\n- Cart GenServer with `Registry`\n- [ ] Reservation expiry\n\n\
             ```elixir\nchildren = [Shop.Repo, {{Phoenix.PubSub, name: Shop.PubSub}}]\n```\n\n",
            m = n + 2
        )
        .unwrap();
    }
    out
}

/// The PRDs the tests use (create-prd, its generic variant, task-master,
/// front matter with tables, the example app's), repeated to at least `bytes`.
pub fn corpus(bytes: usize) -> String {
    const DOCUMENTS: [&str; 5] = [
        include_str!("../../native/otp_plan_core/tests/fixtures/prd/create_prd.md"),
        include_str!("../../native/otp_plan_core/tests/fixtures/prd/generic.md"),
        include_str!("../../native/otp_plan_core/tests/fixtures/prd/task_master.md"),
        include_str!("../../native/otp_plan_core/tests/fixtures/prd/front_matter.md"),
        include_str!("../../examples/shop/PRD.md"),
    ];
    let mut out = String::new();
    for document in DOCUMENTS.iter().cycle() {
        if out.len() >= bytes {
            break;
        }
        out.push_str(document);
        out.push('\n');
    }
    out
}
