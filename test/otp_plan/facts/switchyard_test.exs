Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.SwitchyardTest do
  # One regression per defect of the tree, web, data and deps readers met in
  # the wild, on a fixture written for them.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  setup_all do
    %{facts: facts("switchyard")}
  end

  test "both Supervisor.start_link calls of start/2, each under its branch", %{facts: facts} do
    worker_only = ~s{System.get_env("SWITCHYARD_WORKER_ONLY")}
    default = "!" <> worker_only

    assert Enum.map(facts.supervision.children, &{&1.module || &1.label, &1.condition}) == [
             {"Switchyard.Worker", worker_only},
             {"one of Switchyard.MyRepo, Switchyard.LiteRepo, Switchyard.Repo", default},
             {"Switchyard.Pool", default},
             {"Switchyard.Clock", default},
             {"Switchyard.Wrapped", default},
             {"SwitchyardWeb.Endpoint", default},
             {"SwitchyardWeb.Check.Endpoint", default},
             {"Switchyard.Reporter", "#{default} and @reporting? (compile time)"}
           ]
  end

  test "a repo chosen by a case is one child", %{facts: facts} do
    repo = Enum.at(facts.supervision.children, 1)
    assert {repo.module, repo.kind, repo.presence} == {nil, "repo", "conditional"}
    assert repo.call =~ "one per branch of case Application.get_env(:switchyard, :database)"
  end

  test "defdelegate child_spec and a child_spec/1 wrapper lead to their supervisors",
       %{facts: facts} do
    pool = child(facts.supervision, "Switchyard.Pool")
    assert {pool.kind, pool.strategy} == {"supervisor", "one_for_all"}

    assert Enum.map(pool.children, & &1.module) ==
             ["Switchyard.Pool.Member", "Switchyard.Pool.Member.Spare"]

    wrapped = child(facts.supervision, "Switchyard.Wrapped")
    assert {wrapped.kind, wrapped.strategy} == {"supervisor", "rest_for_one"}
    assert Enum.map(wrapped.children, & &1.module) == ["Switchyard.Wrapped.Worker"]
  end

  test "@name __MODULE__ is resolved to the module", %{facts: facts} do
    assert child(facts.supervision, "Switchyard.Clock").name == "Switchyard.Clock"
  end

  test "every endpoint and router, the main one first; on_mount: @a ++ @b", %{facts: facts} do
    web = facts.web
    assert {web.endpoint, web.router} == {"SwitchyardWeb.Endpoint", "SwitchyardWeb.Router"}
    assert web.endpoints == ["SwitchyardWeb.Endpoint", "SwitchyardWeb.Check.Endpoint"]
    assert web.routers == ["SwitchyardWeb.Router", "SwitchyardWeb.Check.Router"]

    assert web.live_sessions == [
             %{
               name: "admin",
               on_mount: ["SwitchyardWeb.Hooks.Locale", "SwitchyardWeb.Hooks.Auth"]
             }
           ]
  end

  test "schemas by schema @source and embedded_schema, nested modules included",
       %{facts: facts} do
    assert Enum.map(facts.data.schemas, &{&1.module, &1.source, &1.embedded}) == [
             {"Switchyard.Signals.Aspect", nil, true},
             {"Switchyard.Track", "tracks", false},
             {"Switchyard.Track.Sleeper", nil, true}
           ]
  end

  test "repos defined in a comprehension (a literal list, or an attribute of pairs), one per element",
       %{facts: facts} do
    assert Enum.map(facts.data.repos, & &1.module) == [
             "Switchyard.LiteRepo",
             "Switchyard.MyRepo",
             "Switchyard.Regions.Coast",
             "Switchyard.Regions.Valley",
             "Switchyard.Repo",
             "Switchyard.Shard.East",
             "Switchyard.Shard.North",
             "Switchyard.Shard.West"
           ]
  end

  test "deps from helpers of deps(Mix.env()); a computed requirement is flagged",
       %{facts: facts} do
    assert Enum.map(facts.deps, &{&1.name, &1.requirement, &1.requirement_computed}) == [
             {"phoenix", "~> 1.7.0", false},
             {"phoenix_live_view", "~> 0.20.0", false},
             {"ecto_sql", "== 3.10.2", true},
             {"credo", "~> 1.7", false}
           ]
  end

  test "the plan renders from these facts" do
    dir = OtpPlan.Test.Host.copy!(path("switchyard"), "switchyard")

    {:ok, result} =
      Mix.Project.in_project(:switchyard, dir, fn _ ->
        OtpPlan.render(dir, Mix.Project.config(), focus: "OTP supervision tree")
      end)

    assert result.text =~ "Switchyard.Pool"
    refute result.text =~ "@name"
  end
end
