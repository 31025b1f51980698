defmodule OtpPlan.Facts.Delivery do
  @moduledoc """
  How the project is checked and shipped, from files at its root: the CI
  steps its workflows run (`.github/workflows/*.yml`, `.gitlab-ci.yml`), its
  release setup (`releases:` in mix.exs or Distillery's `rel/config.exs`,
  where runtime config is read, a Dockerfile, `fly.toml`) and its code-quality config (`.credo.exs`,
  `dialyzer:` in mix.exs, ExDoc and Hex package metadata, benchmarks under
  `bench/`). CI files are read as text, never run.
  """

  # step => the command text that shows a CI file runs it
  @steps [
    format: "mix format --check-formatted",
    compile_warnings: "--warnings-as-errors",
    credo: "mix credo",
    dialyzer: "mix dialyzer",
    sobelow: "mix sobelow",
    deps_audit: "mix deps.audit",
    test: "mix test",
    coverage: "mix coveralls",
    docs: "mix docs"
  ]

  @doc """
  The CI facts of the project at `root`, whose Mix config is `config`. A file
  that runs the tests through something else than `mix test` (a mix alias
  that calls `test`, `mix coveralls*`, ex_check's `mix check`) runs the `test`
  step all the same; `test_via` names that command.
  """
  @spec ci(Path.t(), keyword) :: [map]
  def ci(root, config) do
    files =
      Path.wildcard(Path.join(root, ".github/workflows/*.{yml,yaml}")) ++
        Enum.filter([Path.join(root, ".gitlab-ci.yml")], &File.regular?/1)

    aliases = aliases(config)

    for file <- Enum.sort(files) do
      text = File.read!(file)
      steps = for {step, command} <- @steps, String.contains?(text, command), do: to_string(step)
      via = if "test" not in steps, do: test_via(text, aliases)

      %{
        file: Path.relative_to(file, root),
        steps: if(via, do: steps ++ ["test"], else: steps),
        test_via: via
      }
    end
  end

  # The first `mix <task>` in `text` that runs the tests: an alias whose
  # commands do, else a known wrapper (an alias of the same name wins).
  defp test_via(text, aliases) do
    ~r/\bmix\s+([a-z][\w.]*)/
    |> Regex.scan(text)
    |> Enum.map(&Enum.at(&1, 1))
    |> Enum.find_value(fn task ->
      cond do
        Map.has_key?(aliases, task) ->
          if runs_tests?(task, aliases, 3), do: "mix #{task} (alias in mix.exs)"

        String.starts_with?(task, "coveralls") or task == "check" ->
          "mix #{task}"

        true ->
          nil
      end
    end)
  end

  # Whether the alias `task` runs `test`, following aliases it calls a few levels.
  defp runs_tests?(_task, _aliases, 0), do: false

  defp runs_tests?(task, aliases, depth) do
    Enum.any?(Map.get(aliases, task, []), fn command ->
      called = command |> String.split() |> List.first()

      called == "test" or String.starts_with?(called || "", "coveralls") or
        command =~ ~r/\bmix\s+test\b/ or
        (called != task and runs_tests?(called, aliases, depth - 1))
    end)
  end

  # `aliases:` of mix.exs as name => its string commands (functions are not read).
  defp aliases(config) do
    for {name, commands} <- List.wrap(config[:aliases]), is_atom(name), into: %{} do
      {Atom.to_string(name), commands |> List.wrap() |> Enum.filter(&is_binary/1)}
    end
  end

  @doc """
  The release facts of the project at `root`, whose Mix config is `config`:
  `tool` is what builds the release ("mix", "distillery" or nil), and
  `runtime_config` where configuration is read when the release boots.
  """
  @spec release(Path.t(), keyword) :: map
  def release(root, config) do
    releases = config |> Keyword.get(:releases, []) |> List.wrap()
    distillery = File.regular?(Path.join(root, "rel/config.exs")) or distillery_dep?(config)

    %{
      releases: releases |> Keyword.keys() |> Enum.map(&to_string/1),
      tool:
        cond do
          releases != [] -> "mix"
          distillery -> "distillery"
          true -> nil
        end,
      rel_dir: File.dir?(Path.join(root, "rel")),
      runtime_config: runtime_config(root, releases),
      dockerfile: File.regular?(Path.join(root, "Dockerfile")),
      fly: File.regular?(Path.join(root, "fly.toml"))
    }
  end

  defp distillery_dep?(config),
    do: Enum.any?(List.wrap(config[:deps]), &(is_tuple(&1) and elem(&1, 0) == :distillery))

  # config/runtime.exs, the older config/releases.exs, config providers named
  # in mix.exs releases, and Distillery's rel/config/*.exs and providers.
  defp runtime_config(root, releases) do
    files =
      Enum.filter(~w(config/runtime.exs config/releases.exs), &File.regular?(Path.join(root, &1)))

    providers =
      for {_name, opts} <- releases,
          Keyword.keyword?(opts),
          provider <- List.wrap(opts[:config_providers]),
          module = provider_module(provider),
          uniq: true,
          do: "config provider #{module} (mix.exs)"

    distillery =
      root
      |> Path.join("rel/config/*.exs")
      |> Path.wildcard()
      |> Enum.sort()
      |> Enum.map(&Path.relative_to(&1, root))

    rel_config = Path.join(root, "rel/config.exs")

    distillery_providers =
      if File.regular?(rel_config) and File.read!(rel_config) =~ ~r/^\s*set\s+config_providers:/m,
        do: ["config providers (rel/config.exs)"],
        else: []

    files ++ providers ++ distillery ++ distillery_providers
  end

  defp provider_module({module, _arg}) when is_atom(module), do: inspect(module)

  defp provider_module(module) when is_atom(module) and module not in [nil, true, false],
    do: inspect(module)

  defp provider_module(_), do: nil

  @doc "The code-quality config of the project at `root`, whose Mix config is `config`."
  @spec tooling(Path.t(), keyword) :: map
  def tooling(root, config) do
    dialyzer = config[:dialyzer]

    %{
      credo_config: File.regular?(Path.join(root, ".credo.exs")),
      dialyzer_config: is_list(dialyzer),
      dialyzer_flags:
        if(is_list(dialyzer), do: Enum.map(List.wrap(dialyzer[:flags]), &to_string/1), else: []),
      formatter: File.regular?(Path.join(root, ".formatter.exs")),
      benchmarks:
        root
        |> Path.join("bench/**/*.exs")
        |> Path.wildcard()
        |> Enum.sort()
        |> Enum.map(&Path.relative_to(&1, root)),
      package: package(config),
      docs: docs(config)
    }
  end

  # Hex package metadata as written in mix.exs: nothing when there is none.
  defp package(config) do
    package = config[:package]

    if is_list(package) or is_binary(config[:description]) do
      package = if is_list(package), do: package, else: []

      %{
        description: if(is_binary(config[:description]), do: config[:description]),
        licenses: Enum.filter(List.wrap(package[:licenses]), &is_binary/1),
        links:
          if(is_map(package[:links]),
            do: package[:links] |> Map.keys() |> Enum.map(&to_string/1) |> Enum.sort(),
            else: []
          )
      }
    end
  end

  # ExDoc config from `docs:` in mix.exs: its main page and extra pages.
  defp docs(config) do
    docs = config[:docs]

    if is_list(docs) do
      %{
        main: if(is_binary(docs[:main]), do: docs[:main]),
        extras: docs |> Keyword.get(:extras, []) |> List.wrap() |> Enum.flat_map(&extra/1)
      }
    end
  end

  defp extra({path, _opts}), do: extra(path)
  defp extra(path) when is_binary(path) or is_atom(path), do: [to_string(path)]
  defp extra(_), do: []
end
