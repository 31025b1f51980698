defmodule Mix.Tasks.Plan.Check do
  @shortdoc "Fails when PLANNING.md is behind the project's code, deps or PRD"

  @moduledoc """
  Checks that every generated section of `PLANNING.md` is what
  `mix plan.create` would generate now, and exits 1 when one is not, with
  what changed in the project's terms and the command that fixes it:

      $ mix plan.check
      PLANNING.md is behind the project:
        children: + Shop.Inventory.Reconciler
        deps: oban ~> 2.18, locked 2.18.3 → ~> 2.19, locked 2.19.1
        PRD: - Latency: p99 < 500ms (PRD.md line 72); + Latency: p99 < 400ms (PRD.md line 72)
        sections: architecture, stack, sources
      Run `mix plan.create` to update them.

  It reads what `mix plan.create` reads, with the focus the plan was made
  with, and writes nothing, so it fits a `precommit` alias and CI:

      # mix.exs
      defp aliases do
        [precommit: ["format --check-formatted", "plan.check", "test"]]
      end

  Sections you dropped (`<!-- otp_plan:dropped NAME -->`) are not checked.
  A section you edited is checked against the digest of the text otp_plan
  generated for it, so an edit alone does not fail the check; a change in
  the project under an edited section does, and is fixed by
  `mix plan.create --force` or by dropping that section.

  ## Options

    * `--output PATH` (`-o`) - check `PATH` instead of `PLANNING.md`.

          $ mix plan.check -o docs/PLANNING.md

    * `--prd PATH`, `--claude PATH`, `--templates DIR` - as for
      `mix plan.create`; by default those the plan was made with.

          $ mix plan.check --prd docs/requirements.md

    * `--quiet` (`-q`) - print nothing when the plan is up to date.

          $ mix plan.check --quiet
  """
  use Mix.Task

  alias OtpPlan.{Drift, Facts, Regions, Update}

  @switches [output: :string, prd: :string, claude: :string, templates: :string, quiet: :boolean]
  @aliases [o: :output, q: :quiet]

  @impl true
  def run(args) do
    {opts, argv} = OtpPlan.Switches.parse!("plan.check", args, @switches, @aliases)

    if argv != [] do
      Mix.raise("mix plan.check takes no focus; it checks with the focus the plan was made with")
    end

    Mix.Project.get() ||
      Mix.raise("mix plan.check must run inside a Mix project (a directory with mix.exs)")

    root = File.cwd!()
    config = Mix.Project.config()
    path = Path.expand(opts[:output] || "PLANNING.md", root)
    relative = Path.relative_to(path, root)
    old = segments!(path, relative)
    old_terms = recorded_terms(old)

    plan_opts =
      Keyword.merge(Drift.options(old_terms), Keyword.take(opts, [:prd, :claude, :templates]))

    facts = Facts.gather(root, config)

    new =
      with {:ok, result} <- Update.render(root, config, facts, plan_opts),
           {:ok, new} <- Regions.parse(result.text) do
        new
      else
        {:error, message} -> Mix.raise("mix plan.check: #{message}")
      end

    case Regions.stale(old, new) do
      [] ->
        unless opts[:quiet] do
          Mix.shell().info(
            "* #{relative} is up to date (#{length(Regions.regions(old))} sections)"
          )
        end

      stale ->
        changed = for {name, :changed} <- stale, do: name
        documents = [plan_opts[:prd] || "PRD.md", plan_opts[:claude] || "CLAUDE.md"]

        summary =
          Drift.summary(old_terms, Drift.terms(facts, plan_opts, root)) ++
            Drift.cited(Regions.regions(old), Regions.regions(new), changed, documents)

        report(relative, stale, summary)
        exit({:shutdown, 1})
    end
  end

  defp segments!(path, relative) do
    text =
      case File.read(path) do
        {:ok, text} ->
          text

        {:error, :enoent} ->
          Mix.raise("#{relative} does not exist; create it with `mix plan.create`")

        {:error, reason} ->
          Mix.raise("cannot read #{relative}: #{:file.format_error(reason)}")
      end

    case Regions.parse(text) do
      {:ok, []} ->
        Mix.raise("#{relative} is empty; create it with `mix plan.create --force`")

      {:ok, segments} ->
        if Regions.regions(segments) == [] do
          Mix.raise(
            "#{relative} has no otp_plan regions to check; regenerate it with " <>
              "`mix plan.create --force` (the old file is kept as #{relative}.bak)"
          )
        end

        segments

      {:error, message} ->
        Mix.raise(
          "#{relative}: #{message}; fix the markers, or regenerate with `mix plan.create --force`"
        )
    end
  end

  defp recorded_terms(segments) do
    case List.keyfind(Regions.regions(segments), Drift.region(), 0) do
      {_, _, body} -> Drift.parse(body)
      nil -> []
    end
  end

  defp report(relative, stale, summary) do
    {edited, plain} = Enum.split_with(stale, &match?({_, :edited}, &1))
    names = fn list -> Enum.map_join(list, ", ", &elem(&1, 0)) end

    lines =
      ["#{relative} is behind the project:"] ++
        Enum.map(summary, &("  " <> &1)) ++
        if(plain != [], do: ["  sections: #{names.(plain)}"], else: []) ++
        if(edited != [], do: ["  edited sections: #{names.(edited)}"], else: []) ++
        if(plain != [], do: ["Run `mix plan.create` to update them."], else: []) ++
        if edited != [] do
          [
            "Edited sections are kept by `mix plan.create`: regenerate them with " <>
              "`mix plan.create --force`, or keep your text by replacing their markers " <>
              "with `<!-- otp_plan:dropped NAME -->`."
          ]
        else
          []
        end

    Enum.each(lines, &Mix.shell().error/1)
  end
end
