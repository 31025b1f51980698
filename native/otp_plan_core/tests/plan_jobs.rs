//! Oban, Broadway and libcluster in the decided plan: each from our fixture
//! projects' facts, in the part of the architecture it belongs to, and
//! nothing where the project has none.

mod plan_support;

use plan_support::plan;
use serde_json::{json, Value};

fn parts(plan: &Value) -> Vec<&str> {
    plan["architecture"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

fn after(plan: &Value, part: &str, earlier: &str) -> bool {
    let parts = parts(plan);
    let at = |p| parts.iter().position(|x| *x == p);
    matches!((at(earlier), at(part)), (Some(e), Some(p)) if e < p)
}

#[test]
fn oban_queues_cron_and_workers_come_from_config_and_source() {
    let plan = plan("oban", None, None, None);
    assert!(after(&plan, "jobs", "otp_structure"), "{:?}", parts(&plan));
    assert!(!parts(&plan).contains(&"cluster"));
    let jobs = &plan["jobs"];
    // config.exs and runtime.exs; test.exs (testing: :manual) is left out.
    let locations: Vec<&str> = jobs["oban"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["location"].as_str().unwrap())
        .collect();
    assert_eq!(locations, ["config/config.exs:5", "config/runtime.exs:6"]);
    let config = &jobs["oban"][0];
    assert_eq!(config["repo"], "Courier.Repo");
    assert_eq!(
        config["queues"],
        json!([
            {"queue": "deliveries", "limit": "20", "paused": null},
            {"queue": "receipts", "limit": "5", "paused": "true"},
            {"queue": "default", "limit": "10", "paused": null}
        ])
    );
    assert_eq!(
        config["plugins"],
        json!(["Oban.Plugins.Pruner", "Oban.Plugins.Cron"])
    );
    let runtime = &jobs["oban"][1];
    assert_eq!(runtime["condition"], "config_env() == :prod");
    assert!(runtime["queues"][0]["limit"]
        .as_str()
        .unwrap()
        .starts_with("built by `String.to_integer("));

    let cron: Vec<(&str, &str, bool)> = jobs["cron"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["schedule"].as_str().unwrap(),
                c["location"].as_str().unwrap(),
                c["worker_in_project"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cron,
        [
            ("*/15 * * * *", "config/config.exs:12", true),
            ("0 3 * * *", "config/config.exs:13", true),
            ("@weekly", "config/config.exs:14", false)
        ]
    );

    let workers: Vec<(&str, &Value, &Value, bool)> = jobs["workers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["module"].as_str().unwrap(),
                &w["queue"],
                &w["max_attempts"],
                w["queue_unlisted"].as_bool().unwrap(),
            )
        })
        .collect();
    let built = json!("built by `Courier.Limits.archive_attempts()`");
    assert_eq!(
        workers,
        [
            ("Courier.Workers.Archive", &json!("archive"), &built, true),
            (
                "Courier.Workers.Deliver",
                &json!("deliveries"),
                &json!("8"),
                false
            ),
            // Through Courier.Workers.Base, which sets max_attempts itself.
            (
                "Courier.Workers.Notify",
                &json!("receipts"),
                &Value::Null,
                false
            ),
            (
                "Courier.Workers.PurgeReceipts",
                &json!("receipts"),
                &json!("3"),
                false
            ),
            // `queue: @queue` is followed to the attribute; no max_attempts is set.
            (
                "Courier.Workers.RetryStuck",
                &json!("deliveries"),
                &Value::Null,
                false
            )
        ]
    );
    assert_eq!(jobs["workers"][1]["unique"], true);
    assert_eq!(jobs["workers"][2]["via"], "Courier.Workers.Base");
    assert_eq!(
        jobs["workers"][4]["location"],
        "lib/courier/workers/retry_stuck.ex:4"
    );
}

#[test]
fn broadway_pipelines_keep_their_concurrency_or_say_what_builds_it() {
    let plan = plan("broadway", None, None, None);
    assert!(after(&plan, "jobs", "otp_structure"), "{:?}", parts(&plan));
    let pipelines = plan["jobs"]["pipelines"].as_array().unwrap();
    let modules: Vec<&str> = pipelines
        .iter()
        .map(|p| p["module"].as_str().unwrap())
        .collect();
    assert_eq!(modules, ["Ingest.Events", "Ingest.Orders", "Ingest.Replay"]);

    // Options returned by a local function, the producer from an attribute.
    let events = &pipelines[0];
    assert_eq!(events["producer"], "Ingest.StreamProducer");
    assert_eq!(
        events["processors"][0]["concurrency"],
        "built by `Application.fetch_env!(:ingest, :event_workers)`"
    );

    let orders = &pipelines[1];
    assert_eq!(orders["location"], "lib/ingest/orders.ex:8");
    assert_eq!(orders["producer"], "BroadwaySQS.Producer");
    assert_eq!(orders["producer_concurrency"], "2");
    assert_eq!(
        orders["processors"],
        json!([{"name": "default", "concurrency": "16", "batch_size": null}])
    );
    assert_eq!(
        orders["batchers"],
        json!([
            {"name": "store", "concurrency": "4", "batch_size": "50"},
            {"name": "notify", "concurrency": "1", "batch_size": null}
        ])
    );

    let replay = &pipelines[2];
    assert_eq!(
        replay["built_by"],
        "built by `Ingest.ReplayConfig.build(opts)`"
    );
    assert_eq!(replay["producer"], Value::Null);
    assert!(replay["processors"].as_array().unwrap().is_empty());
}

#[test]
fn libcluster_topologies_are_told_with_fault_tolerance() {
    let plan = plan("libcluster", None, None, None);
    assert!(
        after(&plan, "cluster", "fault_tolerance"),
        "{:?}",
        parts(&plan)
    );
    assert!(!parts(&plan).contains(&"jobs"));
    assert_eq!(
        plan["jobs"]["topologies"],
        json!([
            {"name": "local", "strategy": "Cluster.Strategy.Gossip", "condition": null,
             "location": "config/config.exs:5", "only_in": null},
            {"name": "k8s", "strategy": "Cluster.Strategy.Kubernetes.DNS",
             "condition": "System.get_env(\"K8S_NAMESPACE\")", "location": "config/prod.exs:6", "only_in": null},
            {"name": "peers", "strategy": "Cluster.Strategy.Epmd", "condition": null,
             "location": "lib/mesh/peers.ex:9", "only_in": null}
        ])
    );
}

#[test]
fn a_project_without_them_gets_no_such_part() {
    // The horde fixture starts Cluster.Supervisor from config it does not have.
    for project in ["horde", "library", "umbrella", "otp_nested"] {
        let plan = plan(project, None, None, None);
        let parts = parts(&plan);
        assert!(
            !parts.contains(&"jobs") && !parts.contains(&"cluster"),
            "{project}: {parts:?}"
        );
    }
}
