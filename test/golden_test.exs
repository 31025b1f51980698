defmodule OtpPlan.GoldenTest do
  # The full PLANNING.md of real project shapes, byte for byte, through the
  # whole pipeline: Mix reads mix.exs, Elixir reads the source, Rust parses
  # the PRD and renders. After an intended change, rewrite the goldens with
  #
  #     UPDATE_GOLDEN=1 mix test test/golden_test.exs
  #
  # review the diff, and run `script/check-plans test/golden` to render every
  # diagram with mermaid-cli and lint the Markdown (CI does both).
  use ExUnit.Case

  alias OtpPlan.Test.Host

  @golden Path.expand("golden", __DIR__)
  @projects Path.expand("fixtures/projects", __DIR__)
  @ledger_prd Path.expand("../native/otp_plan_core/tests/fixtures/prd/ledger.md", __DIR__)

  @focuses [
    supervision: "OTP supervision tree",
    liveview: "Phoenix LiveView architecture",
    distributed: "distributed system"
  ]

  # name => {app, directory, options}
  @cases %{
    "shop" => {:shop, Path.join(Host.root(), "examples/shop"), []},
    "umbrella" => {:umbrella, Path.join(@projects, "umbrella"), []},
    "otp_nested" => {:ledger, Path.join(@projects, "otp_nested"), []},
    "library" => {:csv_stream, Path.join(@projects, "library"), []}
  }

  for {name, _} <- @cases, {focus_key, focus} <- @focuses do
    test "#{name}, #{focus}" do
      {app, dir, opts} = @cases[unquote(name)]

      check!(
        "#{unquote(name)}-#{unquote(focus_key)}",
        plan(app, dir, [focus: unquote(focus)] ++ opts)
      )
    end
  end

  # More shapes, each with the focus it exercises most: conditional and opaque
  # children, clustering with Horde, a Phoenix 1.8 app.
  for {name, app, focus_key} <- [
        {"helpers", :relay, :supervision},
        {"horde", :fleet, :distributed},
        {"phoenix18", :journal, :liveview},
        {"nerves", :greenhouse, :supervision}
      ] do
    test "#{name}, #{focus_key}" do
      dir = Path.join(@projects, unquote(name))
      focus = @focuses[unquote(focus_key)]
      check!("#{unquote(name)}-#{unquote(focus_key)}", plan(unquote(app), dir, focus: focus))
    end
  end

  test "the shop without PRD.md and CLAUDE.md" do
    dir = Host.copy!(Path.join(Host.root(), "examples/shop"), "golden_shop")
    File.rm!(Path.join(dir, "PRD.md"))
    File.rm!(Path.join(dir, "CLAUDE.md"))
    check!("shop-no-prd-supervision", plan(:shop, dir, focus: "OTP supervision tree"))
  end

  test "the OTP app with a PRD that has no timeline" do
    dir = Path.join(@projects, "otp_nested")

    check!(
      "otp_nested-prd-supervision",
      plan(:ledger, dir, focus: "OTP supervision tree", prd: @ledger_prd)
    )
  end

  test "the same project and PRD give the same bytes" do
    {app, dir, _} = @cases["shop"]

    assert plan(app, dir, focus: "LiveView and clustering") ==
             plan(app, dir, focus: "LiveView and clustering")
  end

  defp plan(app, dir, opts) do
    dir = OtpPlan.Test.FixtureProjects.dir(dir)

    Mix.Project.in_project(app, dir, fn _ ->
      {:ok, %{text: text}} = OtpPlan.render(dir, Mix.Project.config(), opts)
      text
    end)
  end

  defp check!(name, actual) do
    path = Path.join(@golden, name <> ".md")

    if System.get_env("UPDATE_GOLDEN") do
      File.mkdir_p!(@golden)
      File.write!(path, actual)
    else
      expected = File.read!(path)

      assert expected == actual,
             "#{name} differs from #{Path.relative_to_cwd(path)}; if intended, rerun with UPDATE_GOLDEN=1 and review the diff"
    end
  end
end
