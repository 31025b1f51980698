Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.HelpersTest do
  # Children built by helper functions: `++` chains, a multi-clause helper,
  # `if`, `case`, `&&` + Enum.filter, `if(…, do:)` + Enum.reject, a
  # compile-time `if Mix.env()` switch, a comprehension and an opaque call.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  setup_all do
    %{facts: facts("helpers")}
  end

  test "every idiom, in order, with its condition", %{facts: facts} do
    not_test = "!(Mix.env() == :test) (compile time)"

    assert children(facts.supervision) == [
             {"registry", "Registry", "Relay.Subscriptions", "always", nil},
             {"task_supervisor", "Task.Supervisor", "Relay.TaskSupervisor", "always", nil},
             {"genserver", "Relay.Broker", "Relay.Broker", "always", nil},
             {"genserver", "Relay.Ingest.Webhook", "Relay.Ingest.Webhook", "conditional",
              "match?(:webhook, ingest_mode())"},
             {"genserver", "Relay.Ingest.Poller", "Relay.Ingest.Poller", "conditional",
              "match?(:poll, ingest_mode())"},
             {"genserver", "Relay.Ingest.Decoder", "Relay.Ingest.Decoder", "conditional",
              "match?(:poll, ingest_mode())"},
             {"agent", "Relay.Metrics", "Relay.Metrics", "conditional", "metrics_enabled?()"},
             {"genserver", "Relay.Cache.Ets", "Relay.Cache.Ets", "always", nil},
             {"unknown", "Relay.Cache.Redis", nil, "conditional",
              "match?(:redis, Application.get_env(:relay, :cache, :ets))"},
             {"genserver", "Relay.Archiver", "Relay.Archiver", "conditional",
              ~s{System.get_env("RELAY_ARCHIVE")}},
             {"genserver", "Relay.Dedupe", "Relay.Dedupe", "conditional",
              "Application.get_env(:relay, :dedupe?)"},
             {"agent", "Relay.Sandbox", "Relay.Sandbox", "conditional",
              "Mix.env() == :test (compile time)"},
             {"genserver", "Relay.ErrorReporter", "Relay.ErrorReporter", "conditional",
              ~s{#{not_test} and System.get_env("RELAY_SENTRY_DSN")}},
             {"task", "Relay.Heartbeat", nil, "conditional", not_test},
             {"unknown", "Application.get_env(:relay, :extra_children, [])", nil, "opaque", nil},
             {"genserver", "Relay.Shard", nil, "conditional", "for shard <- 1..4"}
           ]
  end

  test "an opaque child names the call; a module not in the source is a named leaf",
       %{facts: facts} do
    opaque = Enum.find(facts.supervision.children, &(&1.presence == "opaque"))

    assert opaque == %{
             module: nil,
             label: "Application.get_env(:relay, :extra_children, [])",
             kind: "unknown",
             name: nil,
             presence: "opaque",
             condition: nil,
             call: "Application.get_env(:relay, :extra_children, [])",
             strategy: nil,
             defined_in_project: false,
             children: []
           }

    redis = child(facts.supervision, "Relay.Cache.Redis")
    assert {redis.defined_in_project, redis.children} == {false, []}
  end

  test "deps: optional and only options, locked versions", %{facts: facts} do
    assert Enum.map(facts.deps, &{&1.name, &1.locked, &1.optional, &1.only}) == [
             {"jason", "1.4.4", false, []},
             {"telemetry", "1.3.0", false, []},
             {"redix", "1.5.2", true, []},
             {"stream_data", "1.1.2", false, ["test"]}
           ]

    assert facts.project.extra_applications == ["logger", "inets", "ssl"]
  end

  test "ETS tables named by atom and by __MODULE__", %{facts: facts} do
    assert Enum.map(facts.ets, &{&1.table, &1.options}) == [
             {"Relay.Cache.Ets",
              ["named_table", "public", "write_concurrency", "read_concurrency"]},
             {"relay_seen", ["set", "private"]}
           ]
  end
end
