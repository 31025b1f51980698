//! Shared by the plan tests: fixture loading and hand-built PRD models.
//! (A directory module, so cargo does not run it as a test crate of its own.)

#![allow(dead_code)]

use std::path::PathBuf;

use otp_plan_core::prd::{
    AppType, ClaudeMd, Feature, Metric, Phase, Prd, Risk, Target, Versions, WeekRange,
};
use otp_plan_core::{plan_markdown, Rendered, Request};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Our own templates, as the NIF finds them in priv/.
pub fn templates() -> PathBuf {
    root().join("../../priv/templates/plan.create")
}

pub fn facts(project: &str) -> serde_json::Value {
    let path = root().join(format!("tests/fixtures/facts/{project}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
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

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[allow(clippy::too_many_arguments)]
fn target(
    metric: Metric,
    value: f64,
    unit: &str,
    percentile: Option<u8>,
    comparator: Option<&str>,
    subject: Option<&str>,
    text: &str,
    sentence: &str,
    line: usize,
) -> Target {
    Target {
        metric,
        value,
        unit: unit.into(),
        percentile,
        comparator: comparator.map(str::to_string),
        subject: subject.map(str::to_string),
        text: text.into(),
        sentence: sentence.into(),
        line,
        upper: None,
    }
}

/// examples/shop/PRD.md, as the PRD parser reads it.
pub fn shop_prd() -> Prd {
    let success =
        "No overselling during a drop, checkout p95 under 200ms, and 99.9% uptime over a quarter.";
    let times = "p95 < 200ms for checkout, p99 < 500ms for catalogue pages";
    Prd {
        title: Some("Shop".into()),
        problem: Some("Independent retailers lose sales during flash drops because their storefront cannot keep carts and stock consistent when thousands of shoppers arrive in the same minute.".into()),
        solution: Some("A Phoenix LiveView storefront where every cart is its own supervised process, stock is served from an ETS cache and reconciled with PostgreSQL, and order side effects run as Oban jobs.".into()),
        success_criteria: strings(&["No overselling during a drop", "checkout p95 under 200ms", "99.9% uptime over a quarter"]),
        app_type: AppType {
            framework: Some("Phoenix 1.7 with LiveView".into()),
            concurrency_model: Some("One GenServer per active cart, registered in a Registry and started under a DynamicSupervisor".into()),
            supervision_strategy: Some("one_for_one at the top; carts are temporary children".into()),
            database: Some("PostgreSQL 16 through Ecto".into()),
        },
        features: vec![
            Feature {
                name: "Live catalogue".into(),
                description: Some("Product pages update stock counts in real time.".into()),
                processes: Some("one LiveView process per visitor, subscribed to a stock topic".into()),
                supervision: Some("under the Endpoint".into()),
                concurrency: Some("broadcasts through Phoenix.PubSub".into()),
                error_handling: Some("a crashed LiveView reconnects and re-renders from the cache".into()),
            },
            Feature {
                name: "Cart processes".into(),
                description: Some("Each cart lives in a GenServer that holds reservations for 15 minutes.".into()),
                processes: Some("Shop.Carts.Cart, one per session".into()),
                supervision: Some("DynamicSupervisor Shop.CartSupervisor, restart: :temporary".into()),
                concurrency: Some("Registry lookup by session id".into()),
                error_handling: Some("reservations expire on their own if the cart process dies".into()),
            },
            Feature {
                name: "Checkout".into(),
                description: Some("Payment capture and order confirmation email.".into()),
                processes: Some("Oban jobs in the payments and mailers queues".into()),
                supervision: Some("Oban".into()),
                concurrency: Some("10 payment jobs at once".into()),
                error_handling: Some("retries with backoff, at most 5 attempts".into()),
            },
        ],
        ux_requirements: strings(&["Stock badges change within one second of a sale", "Checkout works without JavaScript except for live stock"]),
        api: strings(&["REST: GET /api/products for partners, JSON, token auth", "WebSocket: LiveView only; no custom channels"]),
        otp_patterns: strings(&["GenServer per cart", "ETS table owned by Shop.Inventory.StockCache for read-heavy stock lookups", "Oban for durable background work"]),
        contexts: strings(&["Catalog", "Inventory", "Orders", "Accounts"]),
        targets: vec![
            target(Metric::Latency, 200.0, "ms", Some(95), Some("<"), Some("checkout"), "checkout p95 under 200ms", success, 6),
            target(Metric::Availability, 99.9, "%", None, Some(">="), None, "99.9% uptime", success, 6),
            target(Metric::ConcurrentUsers, 10000.0, "count", None, None, None, "10,000", "Concurrent Users: 10,000 during a drop", 69),
            target(Metric::Processes, 50000.0, "count", None, Some("<="), Some("cart processes"), "up to 50K cart processes per node", "Process Limits: up to 50K cart processes per node", 70),
            target(Metric::Memory, 2147483648.0, "bytes", None, Some("<"), None, "< 2GB per node", "Memory Usage: < 2GB per node", 71),
            target(Metric::Latency, 200.0, "ms", Some(95), Some("<"), Some("checkout"), "p95 < 200ms for checkout", times, 72),
            target(Metric::Latency, 500.0, "ms", Some(99), Some("<"), Some("catalogue pages"), "p99 < 500ms for catalogue pages", times, 72),
            target(Metric::Latency, 200.0, "ms", Some(95), Some("<"), Some("checkout"), "95th percentile checkout latency under 200ms", "95th percentile checkout latency under 200ms during a drop", 122),
        ],
        scaling: strings(&["Horizontal scaling behind a load balancer, nodes joined with DNSCluster", "Read replicas for the catalogue if the primary passes 70% CPU"]),
        security: strings(&["Rate limiting on checkout: 10 requests per minute per session", "CSRF protection on all forms"]),
        fault_tolerance: strings(&["Circuit breaker around the payment provider", "Stock cache rebuilt from the database on restart"]),
        test_types: strings(&["Unit tests with ExUnit", "LiveView tests with Phoenix.LiveViewTest", "Property-based tests for stock reservation with StreamData", "Load tests of a simulated drop"]),
        versions: Versions { elixir: Some("1.17".into()), otp: Some("27".into()) },
        tools: strings(&["Credo in strict mode", "Dialyzer in CI"]),
        deployment: strings(&["Mix releases in containers, two nodes minimum, rolling deploys"]),
        external_services: strings(&["Stripe for payments", "Postmark for email"]),
        libraries: strings(&["Oban", "Swoosh"]),
        success_metrics: strings(&["95th percentile checkout latency under 200ms during a drop", "Zero oversold items per drop", "Cart abandonment below 60%"]),
        risks: vec![
            Risk { risk: "Stock cache diverges from the database".into(), probability: Some("Medium".into()), impact: Some("High".into()), mitigation: Some("Reconcile every 30 seconds and on each order".into()) },
            Risk { risk: "Payment provider outage".into(), probability: Some("Low".into()), impact: Some("High".into()), mitigation: Some("Circuit breaker and queued retries in Oban".into()) },
            Risk { risk: "Repo pool exhaustion during a drop".into(), probability: Some("Medium".into()), impact: Some("High".into()), mitigation: Some("Size the pool from load tests; keep carts in memory".into()) },
        ],
        phases: vec![
            Phase { name: "Catalogue and stock".into(), weeks: Some(WeekRange { start: 1, end: 3 }), deliverables: strings(&["Product schemas and the Catalog context", "StockCache with ETS and reconciliation", "Live catalogue pages"]) },
            Phase { name: "Carts".into(), weeks: Some(WeekRange { start: 4, end: 6 }), deliverables: strings(&["Cart GenServer with Registry and DynamicSupervisor", "Reservation expiry", "Property tests for reservations"]) },
            Phase { name: "Checkout and launch".into(), weeks: Some(WeekRange { start: 7, end: 10 }), deliverables: strings(&["Oban payment and mailer jobs", "Circuit breaker around Stripe", "Load test of a 10,000-user drop and release to production"]) },
        ],
        ..Prd::default()
    }
}

/// examples/shop/CLAUDE.md, as the parser reads it.
pub fn shop_claude() -> ClaudeMd {
    ClaudeMd {
        title: Some("Shop".into()),
        project_type: Some("Web application".into()),
        primary_language: Some("Elixir".into()),
        framework: Some("Phoenix 1.7 with LiveView".into()),
        architecture: Some("Phoenix contexts over an OTP supervision tree".into()),
        database: Some("PostgreSQL".into()),
        purpose: Some("A storefront for independent retailers that survives flash drops.".into()),
        key_features: strings(&[
            "Live catalogue with real-time stock",
            "Carts as supervised processes",
            "Checkout through Oban jobs",
        ]),
        target_users: Some("Small retailers running limited releases.".into()),
        commands: strings(&[
            "mix setup",
            "mix phx.server",
            "mix test",
            "mix credo --strict",
        ]),
        tools: Vec::new(),
        conventions: strings(&[
            "Keep business logic in contexts; LiveViews only call context functions.",
            "Every process is started under a supervisor; no bare `spawn`.",
        ]),
    }
}

/// A short PRD for the ledger service: targets and risks, no timeline.
pub fn otp_app_prd() -> Prd {
    Prd {
        title: Some("Ledger".into()),
        problem: Some("Balances are recomputed from the journal on every read and reports time out.".into()),
        solution: Some("An OTP service that keeps live balances in memory, journals every posting to disk, and streams ingest through GenStage.".into()),
        success_criteria: strings(&["Balance reads under 5ms at p99"]),
        targets: vec![target(Metric::Latency, 5.0, "ms", Some(99), Some("<"), Some("balance reads"), "under 5ms at p99", "Balance reads under 5ms at p99", 4)],
        fault_tolerance: strings(&["A journal crash replays from the last fsync"]),
        risks: vec![Risk { risk: "Journal disk fills up".into(), probability: Some("Low".into()), impact: Some("High".into()), mitigation: Some("Rotate daily; alert at 80%".into()) }],
        ..Prd::default()
    }
}
