defmodule OtpPlan.Facts do
  @moduledoc """
  Facts about the host project, read from its Mix configuration and its
  source without running or compiling any of its code.

  Mix reads mix.exs (as it does for every task); everything else is parsed
  with `Code.string_to_quoted/2` and walked: mix.lock as data, the source
  for the supervision tree, processes, ETS tables, web and data layers. The
  shape of the result is the facts contract the renderer reads; paths in it
  are relative to the project root.
  """

  alias OtpPlan.Facts.{Api, Data, Delivery, Deps, Files, Jobs, Lock, Processes, Project, Source}
  alias OtpPlan.Facts.{Supervision, Telemetry, Tests, Web}

  @doc """
  Gathers the facts of the project at `root`, whose Mix config is `config`.

  For an umbrella, each app under `apps_path` is read with its own config
  (as Mix reads it) into `apps`. The root holds no code, so its own
  supervision, processes, tables, web and data layers are empty: each fact
  is stated once, in the app it belongs to, and readers combine the root's
  with its apps'. Its deps are the root's mix.exs deps.
  """
  @spec gather(Path.t(), keyword) :: map
  def gather(root, config) do
    if config[:apps_path] do
      umbrella(root, config)
    else
      root
      |> app(config, "")
      |> supervise(%{})
      |> Map.put(:apps, [])
      |> Map.merge(project_files(root, config, [""]))
    end
  end

  # Facts read from files at the project root (and, in an umbrella, each app's
  # test/): stated once for the whole project.
  defp project_files(root, config, dirs) do
    %{
      tests: Tests.gather(root, dirs),
      ci: Delivery.ci(root, config),
      release: Delivery.release(root, config),
      tooling: Delivery.tooling(root, config)
    }
  end

  defp app(root, config, prefix) do
    project = Project.gather(config)
    lockfile = config[:lockfile] || "mix.lock"
    {locked, lock_warnings} = Lock.read(Path.expand(lockfile, root), Path.join(prefix, lockfile))
    source = Source.read(root, config, prefix)
    {jobs, jobs_warnings} = Jobs.gather(root, prefix, source.modules)

    facts = %{
      project: project,
      deps: Deps.gather(config, locked, mix_exs(root)),
      supervision: nil,
      processes: Processes.processes(source.modules),
      ets: Processes.ets(source.modules),
      web: Web.gather(source.modules),
      data: Data.gather(root, project.app, source.modules),
      api: Api.gather(source.modules),
      telemetry: Telemetry.gather(source.modules),
      jobs: jobs,
      warnings: lock_warnings ++ source.warnings ++ jobs_warnings
    }

    {facts, source.modules}
  end

  # The tree is read once every app's source is: in an umbrella, a start/2
  # calling into a sibling app (a shared helper adding telemetry children)
  # is followed there; the app's own modules come first.
  defp supervise({facts, modules}, siblings) do
    {supervision, warnings} = Supervision.gather(facts.project.mod, Map.merge(siblings, modules))
    %{facts | supervision: supervision, warnings: facts.warnings ++ warnings}
  end

  defp mix_exs(root) do
    case Files.read(root, "mix.exs", "mix.exs") do
      {:ok, text} -> text
      _ -> nil
    end
  end

  defp umbrella(root, config) do
    apps_path = config[:apps_path]

    apps =
      for mix_exs <- Enum.sort(Path.wildcard(Path.join([root, apps_path, "*", "mix.exs"]))) do
        dir = Path.dirname(mix_exs)
        name = Path.basename(dir)
        path = Path.join(apps_path, name)

        Mix.Project.in_project(String.to_atom(name), dir, fn _ ->
          config = Mix.Project.config()
          {facts, modules} = app(dir, config, path)

          in_umbrella =
            for {dep, opts} <- config[:deps] || [],
                is_list(opts),
                opts[:in_umbrella],
                do: Atom.to_string(dep)

          {Map.merge(%{app: facts.project.app, path: path, in_umbrella: in_umbrella}, facts),
           modules}
        end)
      end

    siblings = apps |> Enum.map(&elem(&1, 1)) |> Enum.reduce(%{}, &Map.merge(&2, &1))

    {apps, app_warnings} =
      Enum.unzip(
        for app <- apps do
          {warnings, app} = app |> supervise(siblings) |> Map.pop!(:warnings)
          {app, warnings}
        end
      )

    {locked, lock_warnings} =
      Lock.read(Path.expand(config[:lockfile] || "mix.lock", root), "mix.lock")

    # The root's config/ is the apps' config: read once, here.
    {jobs, jobs_warnings} = Jobs.gather(root, "", %{})

    %{
      # An umbrella root has no app of its own (Mix.Project.in_project even
      # lends it the name it was entered with): it is called by its directory.
      project: %{Project.gather(config) | app: Path.basename(Path.expand(root))},
      apps: apps,
      deps: Deps.gather(config, locked, mix_exs(root)),
      supervision: nil,
      processes: [],
      ets: [],
      web: nil,
      data: %{repos: [], schemas: [], migrations: 0, contexts: []},
      api: %{modules: [], behaviours: [], protocols: [], child_specs: []},
      telemetry: %{metrics: [], reporters: []},
      jobs: jobs,
      warnings: lock_warnings ++ jobs_warnings ++ List.flatten(app_warnings)
    }
    |> Map.merge(project_files(root, config, Enum.map(apps, & &1.path)))
  end
end
