//! Behaviour of the whole pipeline that golden files cannot state on their own:
//! determinism, overrides, template errors, focus handling, Markdown hygiene,
//! the JSON model, and the tailoring rules.

mod plan_support;

use std::fs;
use std::path::PathBuf;

use otp_plan_core::{plan_json, plan_markdown};
use plan_support::{decided, otp_app_prd, plan, render, request, shop_claude, shop_prd, templates};
use serde_json::json;

const PROJECTS: [&str; 4] = ["shop", "umbrella", "otp_nested", "library"];

fn host_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otp_plan_rules_{}_{name}", std::process::id()));
    for (file, body) in files {
        let path = dir.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    }
    dir
}

#[test]
fn same_input_renders_the_same_bytes() {
    for project in PROJECTS {
        let first = render(
            project,
            Some(shop_prd()),
            Some(shop_claude()),
            Some("LiveView and clustering"),
        );
        let second = render(
            project,
            Some(shop_prd()),
            Some(shop_claude()),
            Some("LiveView and clustering"),
        );
        assert_eq!(first, second, "{project}");
    }
    let request = request("shop", Some(shop_prd()), None, Some("OTP supervision tree"));
    assert_eq!(plan_json(&request).unwrap(), plan_json(&request).unwrap());
}

#[test]
fn a_host_partial_overrides_one_section_only() {
    let host = host_dir(
        "override",
        &[(
            "_stack.md.j2",
            "## Required Tools & Technologies\n\nOurs: {{ plan.stack.rows | length }} deps.\n",
        )],
    );
    let ours = render("shop", None, None, None).markdown;
    let overridden = plan_markdown(&request("shop", None, None, None), &[host, templates()])
        .unwrap()
        .markdown;
    assert!(overridden.contains("## Required Tools & Technologies\n\nOurs: 21 deps.\n"));
    assert!(!overridden.contains("| phoenix | ~> 1.7.14 | 1.7.14 |"));
    assert!(ours.contains("| phoenix | ~> 1.7.14 | 1.7.14 | runtime | web framework |"));
    let before = |text: &str| text.split("## Required Tools").next().unwrap().to_string();
    assert_eq!(before(&ours), before(&overridden));
}

#[test]
fn a_typo_in_an_override_names_the_template_and_line() {
    let host = host_dir(
        "typo",
        &[(
            "focus/supervision.md.j2",
            "### Restart design\n\n{{ plan.supervison.origin }}\n",
        )],
    );
    let err = plan_markdown(
        &request("shop", None, None, Some("OTP supervision tree")),
        &[host, templates()],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("focus/supervision.md.j2:3"), "{err}");
}

#[test]
fn several_focus_areas_get_one_section_each() {
    let shop = plan("shop", None, None, Some("LiveView and clustering"));
    assert_eq!(shop["focus"]["areas"], json!(["live_view", "distributed"]));
    // Rendering: one section per decided area, nothing else.
    let text = render("shop", None, None, Some("LiveView and clustering")).markdown;
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("## Focus: "))
        .collect();
    assert_eq!(
        headings,
        [
            "## Focus: Phoenix LiveView architecture",
            "## Focus: distributed system"
        ]
    );
}

#[test]
fn an_unknown_focus_still_plans_and_names_the_closest_areas() {
    let rendered = render("shop", None, None, Some("ectoo queries"));
    assert!(!rendered.markdown.contains("## Focus:"));
    assert!(rendered
        .markdown
        .contains("Focus: **ectoo queries**. It matches no known area; closest: data and Ecto, "));
    assert!(rendered.markdown.contains("## Next Steps"));
    assert_eq!(rendered.notices.len(), 2);
    assert!(rendered.notices[0].starts_with("read the code: "));
    assert!(rendered.notices[1]
        .starts_with("focus \"ectoo queries\" matches no known area; closest: data and Ecto, "));
}

#[test]
fn no_output_uses_retired_otp_invalid_mermaid_or_nested_fences() {
    let focuses = [
        "OTP supervision tree",
        "Phoenix LiveView architecture",
        "distributed system",
        "data jobs channels api nerves performance",
        "nothing known",
    ];
    for project in PROJECTS {
        for focus in focuses {
            for prd in [None, Some(shop_prd()), Some(otp_app_prd())] {
                let plan = render(project, prd, Some(shop_claude()), Some(focus)).markdown;
                assert!(!plan.contains("simple_one_for_one"), "{project}/{focus}");
                assert!(!plan.contains("pyramid"), "{project}/{focus}");
                let mut open: Option<&str> = None;
                for line in plan.lines() {
                    match (open, line.strip_prefix("```")) {
                        (None, Some(info)) => {
                            assert!(
                                !info.is_empty(),
                                "{project}/{focus}: fence without a language"
                            );
                            open = Some(info);
                        }
                        (Some(_), Some(rest)) => {
                            assert!(
                                rest.is_empty(),
                                "{project}/{focus}: a fence inside a fence: {line}"
                            );
                            open = None;
                        }
                        _ => {}
                    }
                }
                assert!(open.is_none(), "{project}/{focus}: unclosed fence");
                let levels: Vec<usize> = plan
                    .lines()
                    .filter(|l| l.starts_with('#'))
                    .map(|l| l.chars().take_while(|c| *c == '#').count())
                    .collect();
                assert_eq!(levels[0], 1);
                assert!(
                    levels.windows(2).all(|w| w[1] <= w[0] + 1),
                    "{project}/{focus}: heading skips a level"
                );
            }
        }
    }
}

#[test]
fn json_model_has_every_part_in_a_stable_order() {
    let json = plan_json(&request(
        "shop",
        Some(shop_prd()),
        Some(shop_claude()),
        Some("OTP supervision tree"),
    ))
    .unwrap()
    .0;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["facts", "prd", "claude", "plan", "focus_titles"] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    let order: Vec<usize> = ["\"facts\":", "\"prd\":", "\"claude\":", "\"plan\":"]
        .iter()
        .map(|k| json.find(k).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(
        value["plan"]["focus"]["areas"],
        serde_json::json!(["supervision"])
    );
    assert_eq!(value["plan"]["supervision"]["origin"], "real");
}

#[test]
fn facts_of_the_wrong_shape_are_one_clear_error() {
    let mut request = request("library", None, None, None);
    request.facts["deps"] = serde_json::json!("phoenix");
    let err = plan_markdown(&request, &[templates()])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("the project facts have an unexpected shape (invalid type"),
        "{err}"
    );
}

// Tailoring rules, one test each, on the rendered text.

#[test]
fn the_supervision_tree_is_the_real_tree_or_a_labelled_proposal() {
    let relay = plan("helpers", None, None, None);
    let tree = &relay["supervision"];
    assert_eq!(tree["origin"], "real");
    assert_eq!(
        tree["conditional"][0],
        json!({"children": ["Relay.Ingest.Webhook"], "condition": "match?(:webhook, ingest_mode())", "form": "runtime", "instead_of": null})
    );
    assert_eq!(
        tree["opaque"],
        json!(["Application.get_env(:relay, :extra_children, [])"])
    );

    let mut bare = request("shop", None, None, None);
    bare.facts["supervision"] = serde_json::Value::Null;
    let proposed = decided(&bare);
    assert_eq!(proposed["supervision"]["origin"], "proposed");

    let library = plan("library", None, None, None);
    assert_eq!(library["kind"], "library");
    assert_eq!(library["supervision"]["origin"], "none");
    assert_eq!(library["supervision"]["diagram"], serde_json::Value::Null);
}

#[test]
fn without_phoenix_there_is_no_invented_web_section() {
    let ledger = plan(
        "otp_nested",
        None,
        None,
        Some("Phoenix LiveView architecture"),
    );
    assert_eq!(ledger["kind"], "otp_app");
    assert_eq!(ledger["web"], serde_json::Value::Null);
    let umbrella = plan("umbrella", None, None, None);
    assert_eq!(umbrella["web"]["router"], "AcmeWeb.Router");
    assert_eq!(umbrella["web"]["app"], "acme_web");
}

#[test]
fn the_stack_shows_locked_versions_and_marks_recommendations() {
    let shop = plan("shop", Some(shop_prd()), None, None);
    let oban = shop["stack"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "oban")
        .unwrap();
    assert_eq!(
        (
            &oban["requirement"],
            &oban["locked"],
            &oban["scope"],
            &oban["category"]
        ),
        (
            &json!("~> 2.18"),
            &json!("2.18.3"),
            &json!("runtime"),
            &json!("jobs")
        )
    );
    let recommended = shop["stack"]["recommended"].as_array().unwrap();
    let names: Vec<_> = recommended.iter().map(|r| r["name"].clone()).collect();
    // Each from a PRD line; credo is in mix.exs already, so not recommended.
    assert_eq!(
        names,
        [json!("stream_data"), json!("dialyxir"), json!("fuse")]
    );
    assert_eq!(
        recommended[0]["evidence"],
        json!({"text": "Property-based tests for stock reservation with StreamData",
               "file": "PRD.md", "line": 93})
    );
    let without_prd = plan("shop", None, None, None);
    assert_eq!(without_prd["stack"]["recommended"], json!([]));
}

#[test]
fn data_and_caching_follow_the_code() {
    let shop = plan("shop", None, None, None);
    let variant = shop["data"]["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["module"] == "Shop.Catalog.Variant")
        .unwrap();
    assert_eq!(variant["source"], "variants");
    assert_eq!(
        variant["assocs"][0],
        "belongs_to product → Shop.Catalog.Product"
    );
    assert_eq!(shop["data"]["ets"][0]["table"], "stock_cache");
    let mut no_ets = request("shop", Some(shop_prd()), None, None);
    no_ets.facts["ets"] = json!([]);
    assert_eq!(
        decided(&no_ets)["data"]["planned_cache"],
        json!({"text": "ETS table owned by Shop.Inventory.StockCache for read-heavy stock lookups",
               "file": "PRD.md", "line": 57})
    );
}

/// `(phase, [step])` of the phases proposed without a PRD timeline.
fn proposed(plan: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    plan["phases"]["proposed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let steps = p["steps"].as_array().unwrap().iter();
            let steps = steps.map(|s| {
                let mark = if s["default"] == true {
                    " (default)"
                } else {
                    ""
                };
                format!("{}{mark}", s["step"].as_str().unwrap())
            });
            (p["phase"].as_str().unwrap().to_string(), steps.collect())
        })
        .collect()
}

#[test]
fn phases_come_from_the_prd_else_from_what_the_code_lacks() {
    let with_prd = plan("shop", Some(shop_prd()), None, None);
    let carts = &with_prd["phases"]["items"][1];
    assert_eq!(
        (
            &carts["label"],
            &carts["name"],
            &carts["weeks"],
            &carts["source"]
        ),
        (
            &json!("Phase 2"),
            &json!("Carts"),
            &json!("Weeks 4-6"),
            &json!("PRD.md line 144")
        )
    );
    assert_eq!(
        carts["deliverables"][0]["text"],
        "Cart GenServer with Registry and DynamicSupervisor"
    );
    assert_eq!(with_prd["phases"]["proposed"], json!([]));

    // The shop has its tree, Repo, Telemetry and metrics: only what it lacks.
    let shop = plan("shop", None, None, None);
    let steps: Vec<String> = proposed(&shop).into_iter().flat_map(|p| p.1).collect();
    for absent in ["application", "repo", "telemetry"] {
        assert!(!steps.contains(&absent.to_string()), "{steps:?}");
    }
    assert!(steps.contains(&"dashboards".to_string()), "{steps:?}");
    assert!(steps.contains(&"load_test_defaults (default)".to_string()));

    let service_with_db = {
        let mut prd = otp_app_prd();
        prd.app_type.database = Some(otp_plan_core::prd::Located {
            text: "PostgreSQL".into(),
            file: "PRD.md".into(),
            line: 3,
        });
        plan("otp_nested", Some(prd), None, None)
    };
    assert_eq!(proposed(&service_with_db)[0].1[0], "repo");
}

#[test]
fn risks_merge_prd_rows_with_derived_ones_and_name_sources() {
    let shop = plan("shop", Some(shop_prd()), None, None);
    let risks = shop["risks"].as_array().unwrap();
    let pool = risks
        .iter()
        .find(|r| r["risk"] == "Repo pool exhaustion during a drop")
        .unwrap();
    assert_eq!(
        (
            &pool["origin"],
            &pool["probability"],
            &pool["impact"],
            &pool["source"]
        ),
        (
            &json!("prd"),
            &json!("Medium"),
            &json!("High"),
            &json!("PRD.md line 135")
        )
    );
    assert_eq!(
        pool["mitigation"],
        "Size the pool from load tests; keep carts in memory"
    );
    let kinds: Vec<&str> = risks.iter().filter_map(|r| r["kind"].as_str()).collect();
    // The PRD's own pool risk replaces the derived one.
    assert!(!kinds.contains(&"repo_pool"), "{kinds:?}");
    let cluster = risks
        .iter()
        .find(|r| r["kind"] == "cluster_without_netsplit_plan")
        .unwrap();
    assert_eq!(
        (
            &cluster["subject"],
            &cluster["probability"],
            &cluster["impact"]
        ),
        // Nothing the project states rates it: it is shown "not rated".
        (&json!("DNSCluster"), &json!(null), &json!(null))
    );
    let fleet = plan("horde", None, None, None);
    let kinds: Vec<&str> = fleet["risks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"cluster_without_netsplit_plan"),
        "{kinds:?}"
    );
}

/// `(metric, text, lines)` of each decided performance target (every
/// fixture's PRD is one file).
fn targets(plan: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    plan["performance"]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["metric"].as_str().unwrap().to_string(),
                t["text"].as_str().unwrap().to_string(),
                t["places"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["line"].clone())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn performance_requirements_quote_the_prd_or_say_default() {
    let shop = plan("shop", Some(shop_prd()), None, None);
    assert!(targets(&shop).contains(&("latency".into(), "p99 < 500ms".into(), json!([72]))));
    assert_eq!(shop["performance"]["defaults"], json!([]));
    let ledger = plan("otp_nested", Some(otp_app_prd()), None, None);
    assert_eq!(
        targets(&ledger)[0],
        ("latency".into(), "under 5ms".into(), json!([6]))
    );
    // A service without a web layer: no request or user defaults.
    assert_eq!(
        ledger["performance"]["defaults"],
        json!(["availability", "memory"])
    );
}

#[test]
fn the_checklist_ticks_only_with_evidence() {
    let shop = plan("shop", Some(shop_prd()), None, None);
    let concurrency = shop["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "concurrency_targets")
        .unwrap();
    assert_eq!(
        (&concurrency["done"], &concurrency["evidence"]),
        (&json!(true), &json!("PRD.md:69"))
    );
    let library = plan("library", None, None, None);
    let ids: Vec<&str> = library["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "moduledocs",
            "docs_and_specs",
            "doctests",
            "package_metadata",
            "ci_tests",
            "risks_assessed"
        ]
    );
}

#[test]
fn an_endpoint_without_a_router_is_named_as_such() {
    let request = otp_plan_core::Request {
        facts: serde_json::json!({"project": {"app": "hook"}, "web": {"endpoint": "HookWeb.Endpoint"}}),
        ..otp_plan_core::Request::default()
    };
    let hook = decided(&request);
    assert_eq!(hook["web"]["endpoint"], "HookWeb.Endpoint");
    assert_eq!(hook["web"]["router"], serde_json::Value::Null);
    assert_eq!(hook["web"]["route_count"], 0);
    assert!(ids_done(&hook).contains(&("web_from_router".into(), false)));
    let text = plan_markdown(&request, &[templates()]).unwrap().markdown;
    assert!(text.contains(
        "From the endpoint (no router found): 0 routes, 0 of them live, through 0 pipelines."
    ));
}

#[test]
fn a_library_api_focus_gives_no_controller_advice() {
    let library = plan("library", None, None, Some("APIs"));
    assert_eq!(library["focus"]["areas"], json!(["api"]));
    assert_eq!(library["web"], serde_json::Value::Null);
    // The API focus words a library by its public modules, not controllers.
    let text = render("library", None, None, Some("APIs")).markdown;
    assert!(text.contains("No router: the API is the public modules"));
    assert!(!text.contains("fallback controller"));
}

// Regressions of issue 10: each defect the issue names about the plan's words.

fn ids_done(plan: &serde_json::Value) -> Vec<(String, bool)> {
    plan["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_string(), i["done"] == true))
        .collect()
}

#[test]
fn a_library_gets_a_library_plan() {
    let library = plan("library", None, None, Some("OTP supervision tree"));
    assert_eq!(library["kind"], "library");
    assert_eq!(library["architecture"][0], "api");
    assert!(!library["sections"]
        .as_array()
        .unwrap()
        .contains(&json!("monitoring")));
    assert_eq!(library["performance"]["defaults"], json!([]));
    assert_eq!(library["quality"]["ships_as"], "hex");
    // It has docs, specs, doctests, property tests, benchmarks and a package: nothing to add.
    assert_eq!(library["api"]["open"], json!([]));
    assert_eq!(
        library["api"]["protocols"][0]["implementations"],
        json!(["BitString", "Integer"])
    );
    // No application phases, service targets or per-user processes.
    assert_eq!(library["phases"]["proposed"], json!([]));
    assert_eq!(library["supervision"]["dynamic_supervisors"], json!([]));
    assert!(!ids_done(&library)
        .iter()
        .any(|(id, _)| id == "concurrency_targets" || id == "releases"));

    let mut bare = request("library", None, None, None);
    bare.facts["tests"]["doctest"] = json!(0);
    bare.facts["api"]["modules"][0]["specced"] = json!(0);
    let items: Vec<_> = decided(&bare)["api"]["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["item"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(items, ["specs", "doctests"]);
}

#[test]
fn the_checklist_sees_releases_and_tests_the_project_has() {
    let journal = plan("phoenix18", None, None, None);
    let done = ids_done(&journal);
    assert!(done.contains(&("releases".into(), true)), "{done:?}");
    assert!(
        done.contains(&("process_or_live_view_tests".into(), true)),
        "{done:?}"
    );
    assert!(done.contains(&("ci_tests".into(), true)), "{done:?}");
}

#[test]
fn ci_that_runs_credo_is_told_so() {
    let journal = plan("phoenix18", None, None, None);
    let credo = journal["quality"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["step"] == "credo")
        .unwrap();
    assert_eq!(credo["runs_in"], ".github/workflows/ci.yml");
}

#[test]
fn monitoring_names_the_prometheus_exporter() {
    let journal = plan("phoenix18", None, None, None);
    assert_eq!(
        journal["monitoring"]["reporters"],
        json!(["TelemetryMetricsPrometheus (in JournalWeb.Telemetry)"])
    );
    assert_eq!(
        journal["monitoring"]["telemetry_module"],
        "JournalWeb.Telemetry"
    );
    assert!(!journal["monitoring"]["metrics"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn contexts_are_only_named_where_they_exist_and_without_an_invented_web_layer() {
    let ledger = plan("otp_nested", None, None, None);
    assert_eq!(ledger["data"]["contexts"], json!([]));
    let mut no_web = request("shop", None, None, None);
    no_web.facts["web"] = serde_json::Value::Null;
    let text = plan_markdown(&no_web, &[templates()]).unwrap().markdown;
    assert!(!text.contains("web modules call these"));
}

#[test]
fn public_ets_tables_are_one_risk() {
    let mut many = request("otp_nested", None, None, None);
    let table = |n: &str| json!({"table": n, "options": ["public"], "module": "A", "file": "lib/a.ex", "line": 1});
    many.facts["ets"] = json!((1..=7).map(|i| table(&format!("t{i}"))).collect::<Vec<_>>());
    let risks = decided(&many)["risks"].clone();
    let ets: Vec<_> = risks
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "public_ets")
        .collect();
    assert_eq!(ets.len(), 1);
    assert_eq!(ets[0]["subject"], "t1, t2, t3, t4, t5, t6, t7");
}

#[test]
fn a_compile_time_switch_is_not_a_runtime_branch() {
    let relay = plan("helpers", None, None, None);
    let forms: Vec<(String, String)> = relay["supervision"]["conditional"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["children"][0].as_str().unwrap().to_string(),
                c["form"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(forms.contains(&("Relay.Sandbox".into(), "compile_time".into())));
    assert!(forms.contains(&("Relay.Archiver".into(), "runtime".into())));
    assert!(forms.contains(&("Relay.Shard".into(), "comprehension".into())));
    let mut attr = request("otp_nested", None, None, None);
    attr.facts["supervision"]["children"][0]["presence"] = json!("conditional");
    attr.facts["supervision"]["children"][0]["condition"] = json!("@app?");
    let switch = &decided(&attr)["supervision"]["conditional"][0];
    assert_eq!(
        (&switch["condition"], &switch["form"]),
        (&json!("@app?"), &json!("compile_time"))
    );
}

#[test]
fn a_firmware_plan_has_targets_and_no_service_defaults() {
    let greenhouse = plan("nerves", None, None, None);
    assert_eq!(greenhouse["kind"], "nerves");
    assert_eq!(greenhouse["firmware"]["targets"], json!(["rpi0", "rpi4"]));
    assert_eq!(greenhouse["performance"]["defaults"], json!([]));
    assert_eq!(greenhouse["quality"]["ships_as"], "firmware");
    // Its phases come from the firmware's facts: no release, no Telemetry,
    // no load test against targets nobody set.
    assert_eq!(
        proposed(&greenhouse),
        [
            ("foundation".to_string(), vec!["restart_tests".to_string()]),
            ("interfaces".into(), vec!["specs".into()]),
            (
                "firmware".into(),
                vec!["firmware".into(), "upload".into(), "host_tests".into()]
            ),
        ]
    );
    let display = &greenhouse["supervision"]["conditional"][0];
    assert_eq!(
        (&display["children"][0], &display["form"]),
        (&json!("Greenhouse.Display"), &json!("device"))
    );
    let firmware = &greenhouse["phases"]["proposed"][2]["steps"];
    assert_eq!(firmware[0]["subject"], "rpi0, rpi4");
    assert_eq!(firmware[2]["subject"], "Greenhouse.Display");
}

#[test]
fn defaults_that_remain_are_marked() {
    let relay = plan("helpers", None, None, None);
    let defaults: Vec<String> = proposed(&relay)
        .into_iter()
        .flat_map(|p| p.1)
        .filter(|s| s.ends_with("(default)"))
        .collect();
    // No web layer: no load test against request targets nobody set.
    assert_eq!(defaults, ["hot_path_property_tests (default)"]);
    assert_eq!(relay["phases"]["proposed_defaults"], true);
    let text = render("helpers", None, None, None).markdown;
    assert!(text.contains("- [ ] Property tests for the hottest path *(default)*\n"));
}

#[test]
fn each_branch_of_start_shows_its_own_supervisor_and_children() {
    let modes = plan("umbrella_modes", None, None, None);
    let rows: Vec<_> = modes["supervision"]["supervisors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["children"].as_u64().unwrap(),
                s["default"] == true,
                s["condition"].as_str().map(str::to_string),
            )
        })
        .collect();
    let standalone = "Application.get_env(:depot, :mode) == :standalone_worker";
    assert_eq!(
        rows,
        [
            (
                "Depot.Supervisor".into(),
                3,
                true,
                Some(format!("!({standalone})"))
            ),
            (
                "Depot.WorkerSupervisor".into(),
                1,
                false,
                Some(standalone.into())
            ),
            ("DepotWeb.Supervisor".into(), 1, false, None),
        ]
    );
    let branch = &modes["supervision"]["conditional"][0];
    assert_eq!(branch["form"], "branch");
    assert_eq!(branch["children"], json!(["Depot.WorkerSupervisor"]));
    assert_eq!(branch["instead_of"], "Depot.Supervisor");
    // The default branch's children are not conditions of their own.
    let children: Vec<_> = modes["supervision"]["conditional"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["children"][0].as_str().unwrap())
        .collect();
    assert_eq!(children, ["Depot.WorkerSupervisor", "DepotWeb.Presenter"]);
    let diagram = modes["supervision"]["diagram"].as_str().unwrap();
    assert!(diagram.contains("n1 -.->|\"default\"| n2"), "{diagram}");
}

#[test]
fn supervisor_options_not_read_are_not_called_the_defaults() {
    let mut unread = request("otp_nested", None, None, None);
    unread.facts["supervision"]["supervisor"] = json!({
        "name": null, "strategy": null, "max_restarts": null, "max_seconds": null,
        "options_read": false
    });
    let top = &decided(&unread)["supervision"]["supervisors"][0];
    assert_eq!(top["name"], "supervisor of Ledger.Application");
    assert_eq!(top["options_read"], false);
    let text = plan_markdown(&unread, &[templates()]).unwrap().markdown;
    assert!(!text.contains("(the default)"), "{text}");
    assert!(text.contains("| supervisor of Ledger.Application | not read | not read |"));
    assert!(text.contains("is given options built where they were not read"));
}

#[test]
fn a_distillery_release_is_moved_to_mix_release_not_given_runtime_exs() {
    let mut distillery = request("otp_nested", None, None, None);
    distillery.facts["release"] = json!({
        "releases": [], "tool": "distillery", "rel_dir": true, "runtime_config": [],
        "dockerfile": false, "fly": false
    });
    let steps: Vec<String> = proposed(&decided(&distillery))
        .into_iter()
        .flat_map(|p| p.1)
        .collect();
    assert!(steps.contains(&"mix_release".to_string()), "{steps:?}");
    assert!(!steps
        .iter()
        .any(|s| s == "runtime_config" || s == "release"));
    let text = plan_markdown(&distillery, &[templates()]).unwrap().markdown;
    assert!(text.contains("Move the Distillery release (rel/config.exs) to `mix release`"));
    assert!(text
        .contains("- [x] Deployment uses Distillery releases (not Mix releases) (rel/config.exs)"));
}
