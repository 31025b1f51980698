defmodule OtpPlan.FactsFixturesTest do
  # The Rust tests plan from facts fixtures (native/otp_plan_core/tests/fixtures/facts);
  # they are what Elixir gathers from our fixture projects, never written by hand.
  # This test fails when one is stale; after a change to a gatherer or a fixture
  # project, regenerate them with
  #
  #     UPDATE_FACTS=1 mix test test/facts_fixtures_test.exs
  #
  # and `cargo test -p otp_plan_core --test facts_contract` checks each against
  # the Rust facts types: an unknown, missing or mistyped key fails there.
  # Not async: Mix.Project.in_project changes the working directory.
  use ExUnit.Case

  alias OtpPlan.Test.{FactsJson, FixtureProjects, Host}

  @fixtures Path.expand("../native/otp_plan_core/tests/fixtures/facts", __DIR__)
  @projects Path.expand("fixtures/projects", __DIR__)

  # fixture name => {app, directory}
  @cases %{
    "shop" => {:shop, Path.join(Host.root(), "examples/shop")},
    "umbrella" => {:umbrella, Path.join(@projects, "umbrella")},
    "otp_nested" => {:ledger, Path.join(@projects, "otp_nested")},
    "library" => {:csv_stream, Path.join(@projects, "library")},
    "helpers" => {:relay, Path.join(@projects, "helpers")},
    "horde" => {:fleet, Path.join(@projects, "horde")},
    "phoenix18" => {:journal, Path.join(@projects, "phoenix18")},
    "nerves" => {:greenhouse, Path.join(@projects, "nerves")},
    "umbrella_modes" => {:umbrella_modes, Path.join(@projects, "umbrella_modes")},
    "oban" => {:courier, Path.join(@projects, "oban")},
    "broadway" => {:ingest, Path.join(@projects, "broadway")},
    "libcluster" => {:mesh, Path.join(@projects, "libcluster")}
  }

  def cases, do: @cases

  for {name, _} <- @cases do
    test "#{name}.json is what Elixir gathers" do
      {app, dir} = @cases[unquote(name)]
      check!(unquote(name), gather(app, FixtureProjects.dir(dir)))
    end
  end

  test "no fixture is left over from a removed case" do
    names =
      @fixtures |> Path.join("*.json") |> Path.wildcard() |> Enum.map(&Path.basename(&1, ".json"))

    assert Enum.sort(names) == Enum.sort(Map.keys(@cases))
  end

  defp gather(app, dir) do
    Mix.Project.in_project(app, dir, fn _ ->
      dir |> OtpPlan.Facts.gather(Mix.Project.config()) |> FactsJson.encode()
    end)
  end

  defp check!(name, actual) do
    path = Path.join(@fixtures, name <> ".json")

    if System.get_env("UPDATE_FACTS") do
      File.write!(path, actual)
    else
      assert File.read!(path) == actual,
             "#{Path.relative_to_cwd(path)} is stale; rerun with UPDATE_FACTS=1 and review the diff"
    end
  end
end
