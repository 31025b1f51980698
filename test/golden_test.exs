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
  # children, clustering with Horde, a Phoenix 1.8 app, Broadway pipelines, libcluster topologies,
  # Oban queues and workers.
  for {name, app, focus_key} <- [
        {"helpers", :relay, :supervision},
        {"horde", :fleet, :distributed},
        {"phoenix18", :journal, :liveview},
        {"nerves", :greenhouse, :supervision},
        {"umbrella_modes", :umbrella_modes, :supervision},
        {"broadway", :ingest, :supervision},
        {"libcluster", :mesh, :distributed},
        {"oban", :courier, :distributed},
        {"oban", :courier, :jobs},
        {"broadway", :ingest, :jobs}
      ] do
    test "#{name}, #{focus_key}" do
      dir = Path.join(@projects, unquote(name))
      focus = Keyword.fetch!(@focuses ++ [jobs: "background jobs"], unquote(focus_key))
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
    # Inside the project, so the plan names the PRD by the same path everywhere.
    dir = Host.copy!(Path.join(@projects, "otp_nested"), "golden_otp_nested")
    File.mkdir_p!(Path.join(dir, "docs"))
    File.cp!(@ledger_prd, Path.join(dir, "docs/ledger.md"))

    check!(
      "otp_nested-prd-supervision",
      plan(:ledger, dir, focus: "OTP supervision tree", prd: "docs/ledger.md")
    )
  end

  test "a generated 1,000-module app" do
    dir = generate_app!(areas: 20, workers: 5, modules: 1_000)
    check!("generated1000-supervision", plan(:big, dir, focus: "OTP supervision tree"))
  end

  test "the same project and PRD give the same bytes" do
    {app, dir, _} = @cases["shop"]

    assert plan(app, dir, focus: "LiveView and clustering") ==
             plan(app, dir, focus: "LiveView and clustering")
  end

  defp plan(app, dir, opts) do
    dir = OtpPlan.Test.FixtureProjects.dir(dir)

    Mix.Project.in_project(app, dir, fn _ ->
      # The plan as mix plan.create writes it: regions sealed, sources region at the end.
      config = Mix.Project.config()
      facts = OtpPlan.Facts.gather(dir, config)
      {:ok, %{text: text}} = OtpPlan.Update.render(dir, config, facts, opts)
      text
    end)
  end

  # A host of `modules` modules: `areas` supervisors under the application,
  # each with `workers` GenServers, and plain modules with docs for the rest.
  defp generate_app!(opts) do
    dir = Path.join(System.tmp_dir!(), "otp_plan_big_#{System.unique_integer([:positive])}")
    on_exit(fn -> File.rm_rf!(dir) end)

    write = fn path, body ->
      File.mkdir_p!(Path.dirname(Path.join(dir, path))) && File.write!(Path.join(dir, path), body)
    end

    write.("mix.exs", """
    defmodule Big.MixProject do
      use Mix.Project
      def project, do: [app: :big, version: "1.0.0", elixir: "~> 1.14", deps: []]
      def application, do: [mod: {Big.Application, []}, extra_applications: [:logger]]
    end
    """)

    areas = for a <- 1..opts[:areas], do: "Big.Area#{a}"
    sups = Enum.map_join(areas, ",\n      ", &"#{&1}.Supervisor")

    write.("lib/big/application.ex", """
    defmodule Big.Application do
      use Application

      def start(_type, _args) do
        children = [
          #{sups}
        ]

        Supervisor.start_link(children, strategy: :one_for_one, name: Big.Supervisor)
      end
    end
    """)

    for {area, a} <- Enum.with_index(areas, 1) do
      workers = for w <- 1..opts[:workers], do: "#{area}.Worker#{w}"

      write.("lib/big/area#{a}/supervisor.ex", """
      defmodule #{area}.Supervisor do
        use Supervisor
        def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)
        def init(_arg), do: Supervisor.init([#{Enum.join(workers, ", ")}], strategy: :one_for_one)
      end
      """)

      for {worker, w} <- Enum.with_index(workers, 1) do
        write.("lib/big/area#{a}/worker#{w}.ex", """
        defmodule #{worker} do
          use GenServer
          def start_link(arg), do: GenServer.start_link(__MODULE__, arg, name: __MODULE__)
          def init(arg), do: {:ok, arg}
        end
        """)
      end
    end

    generated = 1 + opts[:areas] * (1 + opts[:workers])

    for m <- 1..(opts[:modules] - generated) do
      write.("lib/big/plain/module#{m}.ex", """
      defmodule Big.Plain.Module#{m} do
        @moduledoc "Plain module #{m}."
        @doc "Doubles `x`."
        @spec double(integer) :: integer
        def double(x), do: x * 2
      end
      """)
    end

    dir
  end

  defp check!(name, actual) do
    path = Path.join(@golden, name <> ".md")
    # A template that prints a whole value instead of its text.
    refute actual =~ ~r/\{'\w+': /,
           "#{name} prints a map: #{inspect(Regex.run(~r/.*\{'\w+': .*/, actual))}"

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
