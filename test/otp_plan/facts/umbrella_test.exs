Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.UmbrellaTest do
  # An umbrella: the core app owns Repo and PubSub, the web app Telemetry and
  # the Endpoint and depends on core with in_umbrella.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  setup_all do
    %{facts: facts("umbrella")}
  end

  test "the root is an umbrella of two apps, in name order", %{facts: facts} do
    assert facts.project == %{
             app: "umbrella",
             version: "0.1.0",
             elixir: nil,
             umbrella: true,
             mod: nil,
             extra_applications: []
           }

    assert facts.supervision == nil

    assert Enum.map(facts.deps, &{&1.name, &1.locked}) == [
             {"credo", "1.7.8"},
             {"dialyxir", "1.4.4"}
           ]

    assert Enum.map(facts.apps, &{&1.app, &1.path, &1.in_umbrella}) == [
             {"acme", "apps/acme", []},
             {"acme_web", "apps/acme_web", ["acme"]}
           ]
  end

  test "each app has its own tree, with inline supervisor options", %{facts: facts} do
    [core, web] = facts.apps

    assert core.supervision.file == "apps/acme/lib/acme/application.ex"
    assert core.supervision.supervisor.name == "Acme.Supervisor"

    assert children(core.supervision) == [
             {"repo", "Acme.Repo", nil, "always", nil},
             {"dns_cluster", "DNSCluster", nil, "always", nil},
             {"pubsub", "Phoenix.PubSub", "Acme.PubSub", "always", nil},
             {"finch", "Finch", "Acme.Finch", "always", nil}
           ]

    assert children(web.supervision) == [
             {"telemetry", "AcmeWeb.Telemetry", "AcmeWeb.Telemetry", "always", nil},
             {"endpoint", "AcmeWeb.Endpoint", nil, "always", nil}
           ]

    assert [%{module: ":telemetry_poller"}] = child(web.supervision, "AcmeWeb.Telemetry").children
  end

  test "deps are locked from the umbrella's mix.lock; the sibling is not", %{facts: facts} do
    [core, web] = facts.apps
    assert %{"ecto_sql" => "3.12.1", "postgrex" => "0.19.1"} = locked(core)

    assert Enum.find(web.deps, &(&1.name == "acme")) == %{
             name: "acme",
             requirement: nil,
             source: "umbrella",
             only: [],
             runtime: true,
             optional: false,
             targets: [],
             locked: nil,
             requirement_computed: false
           }
  end

  test "each layer is stated once, in its app; the root has none", %{facts: facts} do
    assert {facts.processes, facts.ets, facts.web} == {[], [], nil}
    assert facts.data == %{repos: [], schemas: [], migrations: 0, contexts: []}

    [acme, acme_web] = facts.apps
    assert acme.web == nil
    assert acme_web.web.router == "AcmeWeb.Router"
    assert Enum.map(acme_web.web.routes, & &1.path) == ["/", "/users/:id"]
    assert acme_web.data.repos == []

    assert Enum.map(acme.data.schemas, & &1.module) == [
             "Acme.Accounts.Organization",
             "Acme.Accounts.User"
           ]

    assert acme.data.migrations == 1

    assert acme.data.contexts == [
             %{
               module: "Acme.Accounts",
               schemas: ["Acme.Accounts.Organization", "Acme.Accounts.User"]
             }
           ]

    assert Enum.map(acme_web.processes, &{&1.module, &1.file}) == [
             {"AcmeWeb.DashboardLive", "apps/acme_web/lib/acme_web/live/dashboard_live.ex"},
             {"AcmeWeb.Telemetry", "apps/acme_web/lib/acme_web/telemetry.ex"},
             {"AcmeWeb.UserLive.Show", "apps/acme_web/lib/acme_web/live/user_live/show.ex"}
           ]

    assert facts.warnings == []
  end
end
