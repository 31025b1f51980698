defmodule OtpPlan.Facts.DeliveryTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.Delivery

  import OtpPlan.Test.FixtureProjects, only: [write_tree: 2]

  # Runtime config is read from config/releases.exs or a provider as well as
  # config/runtime.exs; a release built by Distillery is not a Mix release.
  @tag :tmp_dir
  test "a Mix release with config/releases.exs and a config provider", %{tmp_dir: root} do
    write_tree(root, %{"config/releases.exs" => "import Config\n"})

    config = [
      releases: [tern: [config_providers: [{Tern.Provider, "/etc/tern.exs"}]], tern_cli: []]
    ]

    release = Delivery.release(root, config)
    assert {release.tool, release.releases} == {"mix", ["tern", "tern_cli"]}

    assert release.runtime_config == [
             "config/releases.exs",
             "config provider Tern.Provider (mix.exs)"
           ]
  end

  @tag :tmp_dir
  test "a Distillery release, its providers and rel/config/*.exs", %{tmp_dir: root} do
    write_tree(root, %{
      "rel/config.exs" =>
        "use Distillery.Releases.Config\n\nrelease :tern do\n  set config_providers: []\nend\n",
      "rel/config/config.exs" => "use Mix.Config\n"
    })

    release = Delivery.release(root, deps: [{:distillery, "~> 2.0", runtime: false}])
    assert {release.tool, release.releases, release.rel_dir} == {"distillery", [], true}

    assert release.runtime_config == [
             "rel/config/config.exs",
             "config providers (rel/config.exs)"
           ]
  end

  @tag :tmp_dir
  test "no release", %{tmp_dir: root} do
    assert Delivery.release(root, []) |> Map.take([:tool, :runtime_config]) ==
             %{tool: nil, runtime_config: []}
  end

  # CI that runs the tests through an alias or a wrapper runs the tests.
  @tag :tmp_dir
  test "tests run through a mix alias, coveralls or ex_check count, and say how", %{
    tmp_dir: root
  } do
    write_tree(root, %{
      ".github/workflows/a.yml" => "steps:\n  - run: mix verify\n",
      ".github/workflows/b.yml" => "steps:\n  - run: mix coveralls.json\n",
      ".github/workflows/c.yml" => "steps:\n  - run: mix check\n",
      ".github/workflows/d.yml" => "steps:\n  - run: mix lint\n",
      ".github/workflows/e.yml" => "steps:\n  - run: mix test --cover\n"
    })

    config = [
      aliases: [
        verify: ["format --check-formatted", "suite"],
        suite: ["ecto.create --quiet", "test"],
        lint: ["credo --strict"]
      ]
    ]

    assert Enum.map(Delivery.ci(root, config), &{&1.file, "test" in &1.steps, &1.test_via}) == [
             {".github/workflows/a.yml", true, "mix verify (alias in mix.exs)"},
             {".github/workflows/b.yml", true, "mix coveralls.json"},
             {".github/workflows/c.yml", true, "mix check"},
             {".github/workflows/d.yml", false, nil},
             {".github/workflows/e.yml", true, nil}
           ]
  end
end
