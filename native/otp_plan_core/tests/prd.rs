//! PRD.md → requirements model, on fixtures shaped like real PRDs.

use otp_plan_core::prd::{
    self, ClaudeMd, Feature, InputError, Located, Metric, Phase, Prd, Risk, Target, WeekRange,
    MAX_INPUT_BYTES,
};

fn fixture(name: &str) -> Prd {
    let path = format!("{}/tests/fixtures/prd/{name}", env!("CARGO_MANIFEST_DIR"));
    prd::parse(&std::fs::read(&path).unwrap()).unwrap()
}

/// A target without its sentence: metric, value, upper, unit, percentile, comparator, subject, text, line.
type T = (
    Metric,
    f64,
    Option<f64>,
    &'static str,
    Option<u8>,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    usize,
);

/// The same, owned, as read from a `Prd`.
type Owned = (
    Metric,
    f64,
    Option<f64>,
    String,
    Option<u8>,
    Option<String>,
    Option<String>,
    String,
    usize,
);

fn targets(prd: &Prd) -> Vec<Owned> {
    prd.targets
        .iter()
        .map(|t: &Target| {
            (
                t.metric,
                t.value,
                t.upper,
                t.unit.to_string(),
                t.percentile,
                t.comparator.map(str::to_string),
                t.subject.clone(),
                t.text.clone(),
                t.line,
            )
        })
        .collect()
}

fn expect(expected: &[T]) -> Vec<Owned> {
    expected
        .iter()
        .map(|&(m, v, u, unit, p, c, s, text, line)| {
            (
                m,
                v,
                u,
                unit.to_string(),
                p,
                c.map(str::to_string),
                s.map(str::to_string),
                text.to_string(),
                line,
            )
        })
        .collect()
}

/// The text of a value read with its line.
fn text(located: &Option<Located>) -> Option<&str> {
    located.as_ref().map(|l| l.text.as_str())
}

/// The texts of lines read with their lines.
fn texts(located: &[Located]) -> Vec<String> {
    located.iter().map(|l| l.text.clone()).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A risk's text and fields, without where it was read.
type RiskRow = (String, Option<String>, Option<String>, Option<String>);

fn risk(
    risk: &str,
    probability: Option<&str>,
    impact: Option<&str>,
    mitigation: Option<&str>,
) -> RiskRow {
    let own = |s: Option<&str>| s.map(str::to_string);
    (
        risk.to_string(),
        own(probability),
        own(impact),
        own(mitigation),
    )
}

fn risks(prd: &Prd) -> Vec<RiskRow> {
    prd.risks
        .iter()
        .map(|r: &Risk| {
            (
                r.risk.clone(),
                r.probability.clone(),
                r.impact.clone(),
                r.mitigation.clone(),
            )
        })
        .collect()
}

/// A phase's name, weeks and deliverables, without where it was read.
type PhaseRow = (String, Option<WeekRange>, Vec<String>);

fn phase(name: &str, weeks: Option<(u32, u32)>, deliverables: &[&str]) -> PhaseRow {
    (
        name.to_string(),
        weeks.map(|(start, end)| WeekRange { start, end }),
        strings(deliverables),
    )
}

fn phases(prd: &Prd) -> Vec<PhaseRow> {
    prd.phases
        .iter()
        .map(|p: &Phase| {
            let deliverables = p.deliverables.iter().map(|d| d.text.clone()).collect();
            (p.name.clone(), p.weeks, deliverables)
        })
        .collect()
}

fn goals(prd: &Prd) -> Vec<&str> {
    prd.goals.iter().map(|g| g.text.as_str()).collect()
}

fn names(features: &[Feature]) -> Vec<&str> {
    features.iter().map(|f| f.name.as_str()).collect()
}

fn headings(prd: &Prd) -> Vec<(&str, usize)> {
    prd.other_sections
        .iter()
        .map(|s| (s.heading.as_str(), s.line))
        .collect()
}

use Metric::*;

#[test]
fn example_shop_prd() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/shop/PRD.md");
    let prd = prd::parse(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(prd.title.as_deref(), Some("Shop"));
    assert!(text(&prd.problem)
        .unwrap()
        .starts_with("Independent retailers lose sales during flash drops"));
    assert!(text(&prd.solution)
        .unwrap()
        .starts_with("A Phoenix LiveView storefront where every cart"));
    assert_eq!(
        text(&prd.app_type.framework),
        Some("Phoenix 1.7 with LiveView")
    );
    assert_eq!(
        text(&prd.app_type.database),
        Some("PostgreSQL 16 through Ecto")
    );
    assert_eq!(
        text(&prd.app_type.supervision_strategy),
        Some("one_for_one at the top; carts are temporary children")
    );
    assert_eq!(
        names(&prd.features),
        ["Live catalogue", "Cart processes", "Checkout"]
    );
    assert_eq!(
        prd.features[1],
        Feature {
            name: "Cart processes".into(),
            file: "PRD.md".into(),
            line: 34,
            description: Some(
                "Each cart lives in a GenServer that holds reservations for 15 minutes.".into()
            ),
            processes: Some("Shop.Carts.Cart, one per session".into()),
            supervision: Some("DynamicSupervisor Shop.CartSupervisor, restart: :temporary".into()),
            concurrency: Some("Registry lookup by session id".into()),
            error_handling: Some(
                "reservations expire on their own if the cart process dies".into()
            ),
            ..Feature::default()
        }
    );
    assert_eq!(
        texts(&prd.contexts),
        strings(&["Catalog", "Inventory", "Orders", "Accounts"])
    );
    assert_eq!(text(&prd.versions.elixir), Some("1.17"));
    assert_eq!(text(&prd.versions.otp), Some("27"));
    assert_eq!(
        texts(&prd.tools),
        strings(&["Credo in strict mode", "Dialyzer in CI"])
    );
    assert_eq!(
        texts(&prd.external_services),
        strings(&["Stripe for payments", "Postmark for email"])
    );
    assert_eq!(texts(&prd.libraries), strings(&["Oban", "Swoosh"]));
    assert_eq!(prd.test_types.len(), 4);
    assert_eq!(
        targets(&prd),
        expect(&[
            (
                Latency,
                200.0,
                None,
                "ms",
                Some(95),
                Some("<"),
                None,
                "p95 under 200ms",
                6
            ),
            (
                Availability,
                99.9,
                None,
                "%",
                None,
                None,
                None,
                "99.9% uptime",
                6
            ),
            (
                ConcurrentUsers,
                10000.0,
                None,
                "count",
                None,
                None,
                None,
                "10,000",
                69
            ),
            (
                Processes,
                50000.0,
                None,
                "count",
                None,
                Some("<="),
                None,
                "up to 50K cart processes",
                70
            ),
            (
                Memory,
                2147483648.0,
                None,
                "bytes",
                None,
                Some("<"),
                None,
                "< 2GB",
                71
            ),
            (
                Latency,
                200.0,
                None,
                "ms",
                Some(95),
                Some("<"),
                Some("checkout"),
                "p95 < 200ms",
                72
            ),
            (
                Latency,
                500.0,
                None,
                "ms",
                Some(99),
                Some("<"),
                Some("catalogue pages"),
                "p99 < 500ms",
                72
            ),
            (
                Latency,
                200.0,
                None,
                "ms",
                Some(95),
                Some("<"),
                None,
                "under 200ms",
                122
            ),
            (
                Kpi,
                60.0,
                None,
                "%",
                None,
                Some("<"),
                Some("Cart abandonment"),
                "below 60%",
                126
            ),
        ])
    );
    assert_eq!(
        prd.targets[2].sentence,
        "Concurrent Users: 10,000 during a drop"
    );
    assert_eq!(
        risks(&prd),
        [
            risk(
                "Stock cache diverges from the database",
                Some("Medium"),
                Some("High"),
                Some("Reconcile every 30 seconds and on each order")
            ),
            risk(
                "Payment provider outage",
                Some("Low"),
                Some("High"),
                Some("Circuit breaker and queued retries in Oban")
            ),
            risk(
                "Repo pool exhaustion during a drop",
                Some("Medium"),
                Some("High"),
                Some("Size the pool from load tests; keep carts in memory")
            ),
        ]
    );
    assert_eq!(
        phases(&prd),
        [
            phase(
                "Catalogue and stock",
                Some((1, 3)),
                &[
                    "Product schemas and the Catalog context",
                    "StockCache with ETS and reconciliation",
                    "Live catalogue pages"
                ]
            ),
            phase(
                "Carts",
                Some((4, 6)),
                &[
                    "Cart GenServer with Registry and DynamicSupervisor",
                    "Reservation expiry",
                    "Property tests for reservations"
                ]
            ),
            phase(
                "Checkout and launch",
                Some((7, 10)),
                &[
                    "Oban payment and mailer jobs",
                    "Circuit breaker around Stripe",
                    "Load test of a 10,000-user drop and release to production"
                ]
            ),
        ]
    );
    assert_eq!(
        headings(&prd),
        [("System Architecture", 17), ("Development Environment", 98)]
    );
    let vision = prd.vision.as_ref().unwrap();
    assert!(vision.text.starts_with("A Phoenix LiveView storefront"));
    assert_eq!((vision.file.as_str(), vision.line), ("PRD.md", 5));
    assert_eq!(
        prd.documents[0].notices,
        ["read PRD.md: 3 features, 9 targets, 3 risks, 3 phases; \
          2 sections kept as written: System Architecture, Development Environment"]
    );
    assert!(prd.other_sections[0]
        .text
        .starts_with("graph TD\n    Browser --> LiveView"));
}

#[test]
fn create_prd_shaped() {
    let prd = fixture("create_prd.md");
    assert_eq!(prd.title.as_deref(), Some("Relay Chat"));
    assert_eq!(
        text(&prd.problem),
        Some("Support teams juggle three chat tools and lose messages when one of them goes down.")
    );
    assert_eq!(
        texts(&prd.success_criteria),
        strings(&["10K concurrent users per node and 99.95% uptime."])
    );
    assert_eq!(
        text(&prd.app_type.concurrency_model),
        Some("One GenServer per room")
    );
    assert_eq!(text(&prd.app_type.database), Some("PostgreSQL 15"));
    assert_eq!(names(&prd.features), ["Feature 1", "Agent presence"]);
    assert_eq!(
        prd.features[0].description.as_deref(),
        Some("Rooms that keep the last 500 messages in memory")
    );
    assert_eq!(
        prd.features[0].processes.as_deref(),
        Some("Relay.Room GenServer per room")
    );
    assert_eq!(
        prd.features[1].description.as_deref(),
        Some("Who is online, per team.")
    );
    assert_eq!(
        prd.features[1].error_handling.as_deref(),
        Some("presence diffs resync after a netsplit")
    );
    assert_eq!(
        texts(&prd.ux_requirements),
        strings(&["Messages appear for every participant in under 150ms"])
    );
    assert_eq!(
        texts(&prd.api),
        strings(&[
            "WebSocket: /socket with token auth",
            "REST: POST /api/messages for bots"
        ])
    );
    assert_eq!(
        texts(&prd.otp_patterns),
        strings(&["Registry for room lookup"])
    );
    assert_eq!(texts(&prd.contexts), strings(&["Rooms", "Agents"]));
    assert_eq!(
        texts(&prd.scaling),
        strings(&["libcluster with Kubernetes DNS"])
    );
    assert_eq!(
        texts(&prd.security),
        strings(&["Token-based socket authentication"])
    );
    assert_eq!(
        texts(&prd.fault_tolerance),
        strings(&["Rooms restart with their history"])
    );
    assert_eq!(
        texts(&prd.test_types),
        strings(&["Channel tests", "Property tests for message ordering"])
    );
    assert_eq!(text(&prd.versions.elixir), Some("~> 1.16"));
    assert_eq!(text(&prd.versions.otp), Some("26+"));
    assert_eq!(texts(&prd.tools), strings(&["Credo"]));
    assert_eq!(texts(&prd.deployment), strings(&["Mix releases on Fly.io"]));
    assert_eq!(
        texts(&prd.external_services),
        strings(&["Slack for escalations"])
    );
    assert_eq!(texts(&prd.libraries), strings(&["libcluster"]));
    assert_eq!(
        texts(&prd.success_metrics),
        strings(&[
            "Throughput of 5,000 messages/sec per node",
            "First response time down by 30%"
        ])
    );
    assert_eq!(
        targets(&prd),
        expect(&[
            (
                ConcurrentUsers,
                10000.0,
                None,
                "count",
                None,
                None,
                None,
                "10K concurrent users",
                6
            ),
            (
                Availability,
                99.95,
                None,
                "%",
                None,
                None,
                None,
                "99.95% uptime",
                6
            ),
            (
                ConcurrentUsers,
                10000.0,
                None,
                "count",
                None,
                Some(">="),
                None,
                "10K+",
                60
            ),
            (
                Processes,
                1000000.0,
                None,
                "count",
                None,
                Some(">="),
                None,
                "1M+ lightweight processes",
                61
            ),
            (
                Memory,
                536870912.0,
                None,
                "bytes",
                None,
                Some("<"),
                None,
                "< 512MB",
                62
            ),
            (
                Latency,
                100.0,
                None,
                "ms",
                None,
                Some("<"),
                None,
                "sub-100ms",
                63
            ),
            (
                Throughput,
                5000.0,
                None,
                "per_second",
                None,
                None,
                None,
                "5,000 messages/sec",
                111
            ),
            (
                Kpi,
                30.0,
                None,
                "%",
                None,
                None,
                Some("First response time"),
                "30%",
                114
            ),
            (
                ConcurrentUsers,
                10000.0,
                None,
                "count",
                None,
                None,
                None,
                "10,000 concurrent connections",
                135
            ),
        ])
    );
    assert_eq!(
        risks(&prd),
        [
            risk(
                "Room process mailbox overflow",
                Some("Medium"),
                Some("High"),
                Some("Back-pressure and load shedding")
            ),
            risk(
                "Netsplit duplicates rooms",
                Some("Low"),
                Some("Medium"),
                Some("Horde with delta CRDTs")
            ),
            risk(
                "Hot rooms become bottlenecks",
                None,
                None,
                Some("shard busy rooms")
            ),
        ]
    );
    assert_eq!(
        phases(&prd),
        [
            phase(
                "Rooms",
                Some((1, 4)),
                &["Room GenServer and supervisor", "Message persistence"]
            ),
            phase(
                "Presence and launch",
                Some((5, 12)),
                &[
                    "Presence tracking",
                    "Load test at 10,000 concurrent connections"
                ]
            ),
        ]
    );
    assert_eq!(
        headings(&prd),
        [
            ("System Architecture", 17),
            ("Database Design", 50),
            ("Test Structure", 82),
            ("Development Environment", 91)
        ]
    );
    assert_eq!(
        prd.other_sections[2].text,
        "test \"broadcasts to the room\" do\n  assert_broadcast \"new_msg\", %{body: \"hi\"}\nend"
    );
}

#[test]
fn generic_variant() {
    let prd = fixture("generic.md");
    assert_eq!(prd.title.as_deref(), Some("Invoice Hub"));
    assert_eq!(text(&prd.app_type.framework), Some("Django 5"));
    assert_eq!(text(&prd.app_type.database), Some("MySQL 8"));
    assert_eq!(
        names(&prd.features),
        ["Invoice builder", "Payment reminders"]
    );
    assert_eq!(
        prd.features[0].description.as_deref(),
        Some("Create an invoice from a time sheet in two clicks.")
    );
    assert_eq!(
        prd.features[1].description.as_deref(),
        Some("emails overdue clients on a schedule")
    );
    assert_eq!(texts(&prd.ux_requirements), strings(&["Works on a phone"]));
    assert_eq!(
        texts(&prd.success_metrics),
        strings(&["500 paying agencies within a year"])
    );
    assert_eq!(
        texts(&prd.test_types),
        strings(&["Usability tests with five agencies"])
    );
    assert_eq!(prd.versions.elixir, None);
    assert_eq!(
        targets(&prd),
        expect(&[(
            Latency,
            300.0,
            None,
            "ms",
            Some(99),
            Some("<"),
            None,
            "p99 latency below 300 ms",
            21
        ),])
    );
    assert_eq!(
        risks(&prd),
        [risk(
            "Payment provider fees rise",
            None,
            None,
            Some("support two providers")
        )]
    );
    assert_eq!(
        phases(&prd),
        [
            phase("MVP", Some((1, 6)), &["Invoice builder", "PDF export"]),
            phase("Growth", Some((7, 9)), &["Payment reminders"])
        ]
    );
    assert_eq!(
        headings(&prd),
        [
            ("Market Analysis", 6),
            ("Technical Architecture", 18),
            ("Appendices", 44)
        ]
    );
}

#[test]
fn task_master_style() {
    let prd = fixture("task_master.md");
    // `# Overview` is a section, not the project's name.
    assert_eq!(prd.title, None);
    assert_eq!(
        names(&prd.features),
        ["Inventory tracking", "Shopping list"]
    );
    assert_eq!(
        prd.features[0].description.as_deref(),
        Some("What it does: records items as they are added or used")
    );
    assert_eq!(
        targets(&prd),
        expect(&[(
            Availability,
            99.5,
            None,
            "%",
            None,
            None,
            None,
            "99.5% availability",
            16
        ),])
    );
    assert_eq!(
        risks(&prd),
        [risk(
            "Offline edits conflict",
            None,
            Some("Medium"),
            Some("last write wins, with an undo")
        )]
    );
    assert_eq!(
        phases(&prd),
        [phase(
            "MVP Requirements",
            None,
            &["Add and remove items", "Shared household accounts"]
        ),]
    );
    assert_eq!(
        headings(&prd),
        [
            ("Technical Architecture", 14),
            ("Logical Dependency Chain", 26),
            ("Appendix", 35)
        ]
    );
}

/// A plain-text PRD without Markdown headings: its upper-case label lines
/// are the sections, the marked ones under the label before them.
#[test]
fn plain_text_labels_are_sections() {
    let prd = fixture("plain_labels.md");
    assert_eq!(prd.title.as_deref(), Some("Harbor Ledger"));
    let vision = prd.vision.as_ref().unwrap();
    assert_eq!(vision.line, 3);
    assert!(vision
        .text
        .starts_with("A bookkeeping tool for small marinas"));
    assert_eq!(
        feature_rows(&prd)
            .iter()
            .map(|(name, line, ..)| (*name, *line))
            .collect::<Vec<_>>(),
        [
            ("BERTH BOOKINGS", 8),
            ("FEES & INVOICES", 12),
            ("TIDE ALERTS", 16)
        ]
    );
    // A label with a value after its colon is a line of the feature.
    assert_eq!(
        prd.features[2].description.as_deref(),
        Some("NOTE: alerts need the council's tide feed.")
    );
    assert!(prd.phases.is_empty());
}

#[test]
fn front_matter_tables_emoji_and_pseudo_headings() {
    let prd = fixture("front_matter.md");
    assert_eq!(prd.title.as_deref(), Some("Ledger"));
    assert_eq!(
        prd.front_matter,
        [
            ("title", "Ledger PRD"),
            ("owner", "finance-platform"),
            ("status", "draft"),
            ("tags", "payments, otp")
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    // `**Non-Goals**` is a heading of its own, so Payroll is not a goal.
    assert_eq!(goals(&prd), ["Double-entry bookkeeping", "Multi-currency"]);
    assert_eq!(
        names(&prd.features),
        ["Post journal entries", "Close a period"]
    );
    assert_eq!(
        texts(&prd.performance),
        strings(&[
            "NFR-1 | Posting latency | p99 < 20ms",
            "NFR-2 | Throughput | 2,000 req/s"
        ])
    );
    assert_eq!(
        targets(&prd),
        expect(&[
            (
                Latency,
                20.0,
                None,
                "ms",
                Some(99),
                Some("<"),
                None,
                "p99 < 20ms",
                29
            ),
            (
                Throughput,
                2000.0,
                None,
                "per_second",
                None,
                None,
                None,
                "2,000 req/s",
                30
            ),
        ])
    );
    assert_eq!(
        risks(&prd),
        [risk(
            "Rounding errors",
            Some("Low"),
            Some("High"),
            Some("Integer minor units")
        )]
    );
    assert_eq!(headings(&prd), [("Features", 32)]);
    assert_eq!(
        prd.other_sections[0].text,
        "<details>\n<summary>Design notes</summary>\nLedger entries are immutable.\n</details>"
    );
}

#[test]
fn one_line() {
    let prd = fixture("one_line.md");
    assert_eq!(prd.title, None);
    assert_eq!(
        targets(&prd),
        expect(&[
            (
                ConcurrentUsers,
                1000.0,
                None,
                "count",
                None,
                None,
                None,
                "1,000 concurrent users",
                1
            ),
            (
                Latency,
                50.0,
                None,
                "ms",
                Some(95),
                Some("<"),
                None,
                "p95 latency under 50 ms",
                1
            ),
        ])
    );
    assert!(headings(&prd).is_empty());
    assert_eq!(prd.vision.unwrap().line, 1);
}

/// The model without its summary of what was read.
fn unsummarised(mut prd: Prd) -> Prd {
    prd.documents.clear();
    prd
}

#[test]
fn empty_input_is_an_empty_model() {
    let empty = fixture("empty.md");
    assert_eq!(empty.documents[0].notices, ["read PRD.md: it is empty"]);
    assert_eq!(unsummarised(empty), Prd::default());
    assert_eq!(
        unsummarised(prd::parse(b" \n\n\t\n").unwrap()),
        Prd::default()
    );
    assert_eq!(
        prd::parse_claude(b"").unwrap(),
        ClaudeMd {
            summary: "read CLAUDE.md: it is empty".into(),
            ..ClaudeMd::default()
        }
    );
}

#[test]
fn invalid_utf8_names_the_byte() {
    let err = prd::parse(b"# Shop\n\nCaf\xe9 menu\n").unwrap_err();
    assert_eq!(err, InputError::NotUtf8 { offset: 11 });
    assert_eq!(
        err.to_string(),
        "is not valid UTF-8 at byte 11: save it as UTF-8"
    );
    assert_eq!(
        prd::parse_claude(b"\xff").unwrap_err(),
        InputError::NotUtf8 { offset: 0 }
    );
}

#[test]
fn size_limit() {
    assert_eq!(MAX_INPUT_BYTES, 16 * 1024 * 1024);
    let at_limit = vec![b'a'; MAX_INPUT_BYTES];
    assert!(prd::parse(&at_limit).is_ok());
    let over = vec![b'a'; MAX_INPUT_BYTES + 1];
    let err = prd::parse(&over).unwrap_err();
    assert_eq!(
        err,
        InputError::TooLarge {
            size: 16777217,
            limit: MAX_INPUT_BYTES
        }
    );
    assert_eq!(
        err.to_string(),
        "is 16777217 bytes, over the 16 MiB limit: split it or trim it"
    );
    assert_eq!(prd::parse_claude(&over).unwrap_err(), err);
}

#[test]
fn byte_order_mark_is_ignored() {
    let prd = prd::parse("\u{feff}# Shop PRD\n".as_bytes()).unwrap();
    assert_eq!(prd.title.as_deref(), Some("Shop"));
}

#[test]
fn model_serialises_for_json_output() {
    let json = serde_json::to_value(fixture("one_line.md")).unwrap();
    assert_eq!(json["targets"][1]["metric"], "latency");
    assert_eq!(json["targets"][1]["percentile"], 95);
    assert_eq!(json["targets"][0]["unit"], "count");
}

#[test]
fn percentile_after_the_quantity() {
    // Regression: a percentile written after the number once sliced tokens backwards and panicked.
    let prd = prd::parse(b"Checkout pages answer in 200ms p95 under load.").unwrap();
    assert_eq!(
        targets(&prd),
        expect(&[(
            Latency,
            200.0,
            None,
            "ms",
            Some(95),
            None,
            None,
            "200ms p95",
            1
        )])
    );
}

#[test]
fn inputs_the_fuzzer_crashed_on() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let _ = prd::parse(&bytes);
        let _ = prd::parse_claude(&bytes);
        seen += 1;
    }
    assert_eq!(seen, 1);
}

/// The defects of issue 9, one assertion each, on a fixture of our own.
#[test]
fn defects_read_by_real_prds() {
    let prd = fixture("defects.md");
    // A generic H1 hands the name to the heading after it, small words kept.
    assert_eq!(prd.title.as_deref(), Some("Harbor Sync for Teams"));
    // The Vision section is the vision; a bold label elsewhere is not.
    let vision = prd.vision.as_ref().unwrap();
    assert!(vision.text.starts_with("Harbor Sync keeps"));
    assert_eq!(vision.line, 7);
    assert_eq!(text(&prd.solution), Some("a sync daemon per laptop."));
    // `### Must Have (P0)` groups features; it is not one.
    let features: Vec<(&str, Option<&str>, usize)> = prd
        .features
        .iter()
        .map(|f| (f.name.as_str(), f.priority.as_deref(), f.line))
        .collect();
    assert_eq!(
        features,
        [
            ("Two-way folder sync", Some("Must Have (P0)"), 17),
            (
                "Conflict copies instead of overwrites",
                Some("Must Have (P0)"),
                18
            ),
            ("Bandwidth limits", Some("Nice to Have (P2)"), 22),
        ]
    );
    // Impact / Probability / Mitigation sub-bullets are one risk's fields;
    // `**High Risk**:` / `**Mitigation**:` is a pair.
    assert_eq!(
        risks(&prd),
        [
            risk(
                "Watcher limits on large folders",
                Some("Medium"),
                Some("High"),
                Some("Poll folders over 100k files")
            ),
            risk(
                "Clock skew between laptops",
                None,
                Some("Medium"),
                Some("Compare content hashes, not times")
            ),
            risk(
                "Data loss during a conflict",
                None,
                None,
                Some("Keep both copies for 30 days")
            ),
        ]
    );
    let lines: Vec<usize> = prd.risks.iter().map(|r| r.line).collect();
    assert_eq!(lines, [26, 30, 34]);
    // Phases: the bracket dropped whole, never cut; the PRD's own numbering
    // kept; the problem statement is no deliverable; done marks kept;
    // `Done when:` items one each; the future phase left out.
    let mvp = &prd.phases[0];
    assert_eq!((mvp.name.as_str(), mvp.line), ("MVP: Core Sync Engine", 39));
    // `(2-3 weeks)` says how long, not which weeks of the schedule.
    assert_eq!(mvp.weeks, None);
    assert_eq!(mvp.duration.as_deref(), Some("2-3 weeks"));
    let delivered: Vec<(&str, bool)> = mvp
        .deliverables
        .iter()
        .map(|d| (d.text.as_str(), d.done))
        .collect();
    assert_eq!(delivered, [("File watcher", true), ("Hash index", true)]);
    assert!(mvp.done);
    assert_eq!(mvp.criteria, ["Two laptops converge", "No file is lost"]);
    let second = &prd.phases[1];
    assert_eq!(
        (second.label.as_deref(), second.name.as_str()),
        (Some("Phase 2"), "Features")
    );
    assert_eq!(second.weeks, None);
    assert_eq!(second.duration.as_deref(), Some("1-2 weeks"));
    assert!(!second.done && second.deliverables[1].done);
    assert_eq!(prd.phases.len(), 2);
    assert_eq!(prd.out_of_scope[0].text, "Mobile client");
    // A phase's duration is not a performance requirement.
    assert!(prd.performance.is_empty());
}

#[test]
fn spanish_and_korean_sections_are_recognised() {
    let es = fixture("features_es.md");
    assert_eq!(es.title.as_deref(), Some("Mercado Local"));
    assert_eq!(names(&es.features), ["Catálogo", "Pedidos"]);
    assert_eq!(es.vision.as_ref().unwrap().line, 5);
    assert_eq!(es.out_of_scope[0].text, "Envíos a domicilio");
    let ko = fixture("features_ko.md");
    assert_eq!(ko.title.as_deref(), Some("동네 장터"));
    assert_eq!(names(&ko.features), ["상품 등록", "주문 관리"]);
    assert_eq!(ko.vision.as_ref().unwrap().line, 7);
    assert_eq!(
        risks(&ko),
        [risk("생산자 부족", None, Some("높음"), Some("초기 모집"))]
    );
}

#[test]
fn a_prd_in_parts_is_read_as_one_in_order() {
    let parts: [(&str, &[u8]); 2] = [
        (
            "docs/prd/01-vision.md",
            b"# Harbor\n\n## Vision\n\nSync for teams.\n",
        ),
        (
            "docs/prd/02-features.md",
            b"## Features\n\n- Two-way sync\n\n## Appendix A\n\nNotes.\n",
        ),
    ];
    let prd = prd::parse_parts(&parts).unwrap();
    assert_eq!(prd.title.as_deref(), Some("Harbor"));
    assert_eq!(prd.vision.as_ref().unwrap().file, "docs/prd/01-vision.md");
    let feature = &prd.features[0];
    assert_eq!(
        (feature.file.as_str(), feature.line),
        ("docs/prd/02-features.md", 3)
    );
    let notices: Vec<&str> = prd
        .documents
        .iter()
        .flat_map(|d| d.notices.iter().map(String::as_str))
        .collect();
    assert_eq!(
        notices,
        [
            "read docs/prd/01-vision.md: 0 features, 0 targets, 0 risks, 0 phases",
            "read docs/prd/02-features.md: 1 feature, 0 targets, 0 risks, 0 phases; \
             1 section kept as written: Appendix A",
        ]
    );
    let bad: [(&str, &[u8]); 2] = [("a.md", b"# A\n"), ("b.md", b"\xff")];
    assert_eq!(
        prd::parse_parts(&bad).unwrap_err(),
        ("b.md", InputError::NotUtf8 { offset: 0 })
    );
}

#[test]
fn targets_keep_the_part_they_come_from() {
    let parts: [(&str, &[u8]); 2] = [
        (
            "docs/prd/01-a.md",
            b"# Kettle\n\n## Goals\n\n- Checkout p95 < 150ms\n",
        ),
        (
            "docs/prd/02-b.md",
            b"## Non-Functional Requirements\n\n- Availability: 99.9% uptime\n",
        ),
    ];
    let prd = prd::parse_parts(&parts).unwrap();
    let places: Vec<(&str, usize)> = prd
        .targets
        .iter()
        .map(|t| (t.file.as_str(), t.line))
        .collect();
    assert_eq!(places, [("docs/prd/01-a.md", 5), ("docs/prd/02-b.md", 3)]);
}

#[test]
fn a_document_that_yields_nothing_says_so() {
    let prd = prd::parse(b"# Notes\n\n## Cooking\n\nBake at 200 degrees.\n").unwrap();
    assert_eq!(
        prd.documents[0].notices,
        [
            "read PRD.md: 0 features, 0 targets, 0 risks, 0 phases; 1 section kept as written: Cooking",
            "PRD.md has sections but no vision, features or targets could be read: head them \
             `## Vision`, `## Features` and `## Success Metrics` (or their words in your language)",
        ]
    );
}

/// Features as (name, line, priority, acceptance criteria).
fn feature_rows(prd: &Prd) -> Vec<(&str, usize, Option<&str>, Vec<&str>)> {
    prd.features
        .iter()
        .map(|f| {
            let acceptance = f.acceptance.iter().map(String::as_str).collect();
            (f.name.as_str(), f.line, f.priority.as_deref(), acceptance)
        })
        .collect()
}

/// The feature shapes of issue 9 on a fixture of our own: groups of feature
/// headings, a heading that only mentions another kind, a leaf features
/// heading, a section beside the features, a feature named twice, a
/// requirement table, stories with Gherkin steps, future requirements.
#[test]
fn feature_shapes() {
    let prd = fixture("feature_shapes.md");
    assert_eq!(prd.title.as_deref(), Some("Lantern Notes"));
    // `## Intent` is the purpose section.
    let vision = prd.vision.as_ref().unwrap();
    assert_eq!(vision.line, 7);
    assert_eq!(
        feature_rows(&prd),
        [
            (
                "Offline Editing (P0)",
                17,
                Some("P0"),
                vec!["A note saved offline is there after a restart"]
            ),
            ("Historical Progress Tracking", 25, None, vec![]),
            ("Sharing Features", 29, None, vec![]),
            (
                "Pinned notes",
                40,
                None,
                vec!["Given a pinned note", "Then it is listed first"]
            ),
            ("Plain-text export", 41, None, vec![]),
            ("Night mode", 45, Some("Could"), vec![]),
        ]
    );
    assert_eq!(
        texts(&prd.ux_requirements),
        ["Large buttons for gloved hands"]
    );
    // Use cases stand beside a features section: kept as written.
    assert!(prd.other_sections.iter().any(|s| s.heading == "Use Cases"));
    // Nothing under a future section is a feature, whatever its heading.
    let later: Vec<&str> = prd.out_of_scope.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(later, ["Voice notes"]);
}

/// Without a features section, scope lists (`## MVP`) are the features; a
/// heading that only mentions modules inside another section is not; a
/// lone link under the title is no vision.
#[test]
fn features_of_a_document_without_a_features_section() {
    let prd = fixture("feature_fallbacks.md");
    assert_eq!(prd.title.as_deref(), Some("Tidepool"));
    assert_eq!(
        names(&prd.features),
        ["Tide tables for one harbour", "Alerts before low water"]
    );
    assert_eq!(prd.vision, None);
}

/// German plurals name the sections; a phase in brackets does not make a
/// group of features a phase.
#[test]
fn german_feature_groups() {
    let prd = fixture("features_de.md");
    assert_eq!(
        names(&prd.features),
        ["Auftragsverwaltung", "Kundenverwaltung"]
    );
    assert!(prd.phases.is_empty());
    assert_eq!(texts(&prd.performance), ["Antwort in unter 200 ms"]);
}

/// A vision stated by a bold label that names one, in the preamble or in an
/// overview of labelled lines; other labels are not the vision.
#[test]
fn vision_labels() {
    let preamble = prd::parse(
        b"# Requirements: Skiff\n\n**Defined:** 2026-01-02\n**Core Value:** Two people edit one list offline.\n\n## Features\n\n- Shared lists\n",
    )
    .unwrap();
    let vision = preamble.vision.unwrap();
    assert_eq!(
        (vision.text.as_str(), vision.line),
        ("Two people edit one list offline.", 4)
    );
    let overview = prd::parse(
        b"# Skiff\n\n## Overview\n\n**Goal:** Ship in May.\n**Core Idea:** Lists that merge themselves.\n",
    )
    .unwrap();
    let vision = overview.vision.unwrap();
    assert_eq!(
        (vision.text.as_str(), vision.line),
        ("Lists that merge themselves.", 6)
    );
}

/// `Description` alone heads the product's summary at the top of the
/// document; under a feature it describes the feature.
#[test]
fn a_description_section_describes_the_product_at_the_top_only() {
    let top = prd::parse(
        b"# Skiff\n\n## Description\n\nLists that merge themselves.\n\n## Overview\n\nA list app.\n",
    )
    .unwrap();
    let vision = top.vision.unwrap();
    assert_eq!(
        (vision.text.as_str(), vision.line),
        ("Lists that merge themselves.", 5)
    );
    let nested =
        prd::parse(b"# Skiff\n\n## Features\n\n### Sync\n\n#### Description\n\nMerges edits.\n")
            .unwrap();
    assert_eq!(nested.vision, None);
    assert_eq!(names(&nested.features), ["Sync"]);
    assert_eq!(
        nested.features[0].description.as_deref(),
        Some("Merges edits.")
    );
}

/// An unfilled template yields no vision, features or risks from its
/// placeholders, and says so.
#[test]
fn an_unfilled_template_is_said_to_be_one() {
    let prd = prd::parse(
        b"# Product Requirements Document\n\n## Purpose\n\nBrief description of the product.\n\n## Goals\n\n- Primary goal 1\n- Primary goal 2\n\n## User Stories\n\n- As a [user], I want to [action] so that [benefit].\n\n## Risks\n\n- Risk 1\n",
    )
    .unwrap();
    assert_eq!(prd.vision, None);
    assert!(prd.features.is_empty() && prd.risks.is_empty() && prd.goals.is_empty());
    assert_eq!(
        prd.documents[0].notices[1],
        "PRD.md looks like an unfilled template (4 of 5 lines are placeholders such as \
         \"Primary goal 1\"): nothing was read from it; write the product's own vision, \
         features and risks in it"
    );
}

/// A later schedule that names a phase of the plan among steps without a
/// phase label breaks the plan down: its steps are no phases.
#[test]
fn a_finer_schedule_adds_no_phases() {
    let prd = prd::parse(
        "# Skiff\n\n## Roadmap\n\n### Phase 1 (MVP)\n\n- Shared lists\n\n### Phase 2\n\n- Sync\n\n\
         ## Schedule\n\n| Stage | Duration |\n|---|---|\n| Discovery | 2 weeks |\n\
         | Phase 1 build | 6 weeks |\n| Beta launch | 1 week |\n"
            .as_bytes(),
    )
    .unwrap();
    let labels: Vec<(Option<&str>, usize)> = prd
        .phases
        .iter()
        .map(|p| (p.label.as_deref(), p.line))
        .collect();
    assert_eq!(labels, [(Some("Phase 1"), 5), (Some("Phase 2"), 9)]);
}

#[test]
fn phase_shapes_of_real_plans() {
    let prd = fixture("phase_shapes.md");
    type Row<'p> = (Option<&'p str>, &'p str, usize, bool, Option<&'p str>);
    let phases: Vec<Row> = prd
        .phases
        .iter()
        .map(|p| {
            (
                p.label.as_deref(),
                p.name.as_str(),
                p.line,
                p.done,
                p.duration.as_deref(),
            )
        })
        .collect();
    // Metrics per phase and prose about the plan are no phases; a phase
    // holding finer phases is their group; notes on when and state leave
    // the name; the code timeline restates phases already read, and the
    // future phase stays out.
    assert_eq!(
        phases,
        [
            (Some("Phase 1"), "Booking", 19, true, Some("2-3 weeks")),
            (Some("Phase 2.1"), "Glaze library", 26, false, None),
            (Some("Phase 2.2"), "Payments", 30, false, None),
            (Some("Phase 3"), "Nil fees", 34, false, None),
        ]
    );
    assert!(prd.phases.iter().all(|p| p.weeks.is_none()));
}
