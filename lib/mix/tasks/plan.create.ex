defmodule Mix.Tasks.Plan.Create do
  @shortdoc "Writes PLANNING.md from this project's code, PRD.md and CLAUDE.md"

  @moduledoc """
  Writes `PLANNING.md` at the root of the current Mix project: vision, OTP
  architecture, supervision tree, web and data layers, phases, risks, stack,
  quality plan and monitoring, drawn from the project as it is.

      $ mix plan.create "Phoenix LiveView architecture"
      $ mix plan.create "OTP supervision tree" --force
      $ mix plan.create --format json | jq .plan.focus

  The optional argument is the focus area, in your words: "OTP supervision
  tree", "LiveView and clustering", "Oban jobs"… The plan gets a section that
  goes deep on each area it names; an area otp_plan does not know still gets
  a plan, and the closest known areas are printed.

  What runs: Mix itself evaluates the project's `mix.exs` and
  `config/config.exs` (with the files it imports) before any task starts, as
  for every Mix task. otp_plan evaluates, compiles and runs nothing of the
  project (unless `--runtime`, which compiles and starts it, and so also
  evaluates `config/runtime.exs`): it reads, with Elixir's parser, mix.exs
  and mix.lock, the application
  module and every supervisor it starts, processes and ETS tables, the
  Phoenix router and endpoint, Ecto repos, schemas and migrations, and
  `PRD.md` and `CLAUDE.md` at the project root when they exist. So it works
  in a project whose dependencies were never fetched. A source file that
  does not parse is reported and skipped. Warnings and notices go to
  standard error, one line each; the plan goes to the file (or, as JSON, to
  standard output).

  A `PRD.md` or `CLAUDE.md` that is there but is not a regular file (a
  directory, a FIFO, a device), cannot be read, or is over 16 MiB is a
  warning, and the plan is made without it; its type and size are checked
  before anything is read. Text from the project or the focus is escaped for
  where it lands in the plan: it cannot start a heading, list or code
  fence, end a table cell or code span, or open an HTML comment.

  The same inputs give the same bytes, so a re-run shows in `git diff` exactly
  what changed in the project.

  ## Options

    * `--force` (`-f`) - replace an existing plan. Without it the task
      refuses to touch a file that is already there, so a hand-edited plan
      is never lost; of two runs at once, the second then refuses.
    * `--output PATH` (`-o`) - write to `PATH` instead of `PLANNING.md`
      (with `--format json`: instead of standard output). Never one of the
      project's inputs (mix.exs, mix.lock, `*.ex`/`*.exs`, anything under
      config/, lib/, apps/, src/, deps/ or _build/, the PRD, CLAUDE.md), a
      directory, a symlink, or a path inside the project that a symlinked
      directory leads out of it. The plan is written to a new temporary file
      beside the target and moved over it in one step: a failure (disk full,
      read-only directory) leaves the old plan and no temporary file.
    * `--prd PATH`, `--claude PATH` - read the PRD or CLAUDE.md from `PATH`;
      it must exist and be a regular file. `--prd` may name a folder: its
      `.md` files (not those of subfolders) are read in name order as one
      PRD; other files are named in a warning.
    * `--format markdown|json` - `json` prints the complete model behind the
      plan: facts, PRD, CLAUDE.md, focus and every decision.
    * `--runtime` - also start the application (`mix app.start`) and merge
      its running supervision tree into the one read from source, including
      children that exist only at runtime. Needs the project's dependencies.

  ## Templates

  Every template can be overridden file by file: copy one from otp_plan's
  `priv/templates/plan.create/` into your project's
  `priv/templates/plan.create/` and edit it. A mistake in an override is
  reported with the template's name and line; a template that cannot be
  read (a directory, not UTF-8, over 1 MiB), at itself. A file there that is
  not named like one of ours, and that no override includes, is a warning.
  Values are escaped when printed (`{{ x }}`); write `{{ x | code }}` for a
  code span, `{{ x | cell }}` in a table cell, and `| safe` for your own
  Markdown.

  ## Limits

  Past these, the run stops with one line saying which: PRD.md and
  CLAUDE.md 16 MiB each (a `--prd` folder 16 MiB in all); a template 1 MiB;
  facts nested 512 levels deep (about 250 nested supervisors); templates
  nested 500 calls deep (macros, includes) and a fixed amount of work (fuel).
  """
  use Mix.Task

  alias OtpPlan.{Facts, Writer}

  @switches [
    force: :boolean,
    output: :string,
    prd: :string,
    claude: :string,
    format: :string,
    runtime: :boolean
  ]
  @aliases [f: :force, o: :output]

  @impl true
  def run(args) do
    {opts, argv} = parse!(args)
    focus = focus!(argv)
    format = format!(opts[:format])

    Mix.Project.get() ||
      Mix.raise("mix plan.create must run inside a Mix project (a directory with mix.exs)")

    root = File.cwd!()
    config = Mix.Project.config()
    output = output(opts[:output], format, root)

    inputs = [
      "PRD.md",
      "CLAUDE.md" | Enum.reject([opts[:prd], opts[:claude]], &(&1 in [nil, ""]))
    ]

    with path when path != nil <- output,
         {:error, message} <- Writer.check(path, root, inputs, opts[:force] || false) do
      Mix.raise("mix plan.create: " <> message)
    end

    plan_opts = [focus: focus, prd: opts[:prd], claude: opts[:claude]]

    plan_opts =
      if opts[:runtime], do: [facts: runtime_facts(root, config)] ++ plan_opts, else: plan_opts

    case plan(format, root, config, plan_opts) do
      {:ok, result} ->
        Enum.each(result.warnings, &Mix.shell().error("warning: " <> one_line(&1)))
        Enum.each(result.notices, &Mix.shell().error(one_line(&1)))
        emit(output, result.text, root, opts[:force] || false)

      {:error, message} ->
        Mix.raise("mix plan.create: " <> one_line(message))
    end
  end

  # OptionParser.parse!/2 raises a two-line message through Mix; one line here.
  defp parse!(args) do
    case OptionParser.parse(args, strict: @switches, aliases: @aliases) do
      {opts, argv, []} -> {opts, argv}
      {_, _, [{switch, value} | _]} -> Mix.raise("mix plan.create: " <> invalid(switch, value))
    end
  end

  defp invalid(switch, value) do
    known = Enum.map(Keyword.keys(@switches), &"--#{String.replace(to_string(&1), "_", "-")}")

    cond do
      switch in known and value == nil ->
        "#{switch} needs a value; see mix help plan.create"

      switch in known ->
        "#{switch} takes no value, got #{inspect(value)}; see mix help plan.create"

      true ->
        closest = Enum.max_by(known, &String.jaro_distance(&1, switch))
        hint = if String.jaro_distance(closest, switch) > 0.8, do: " (did you mean #{closest}?)"
        "unknown option #{switch}#{hint}; see mix help plan.create"
    end
  end

  # A message quotes what the user typed or the host holds: keep it one line.
  defp one_line(message), do: String.replace(message, ~r/[\r\n]+/, " ")

  defp plan("markdown", root, config, opts), do: OtpPlan.render(root, config, opts)
  defp plan("json", root, config, opts), do: OtpPlan.json(root, config, opts)

  defp focus!([]), do: nil
  defp focus!([focus]), do: focus

  defp focus!(many) do
    Mix.raise(
      "mix plan.create takes one focus area, got #{length(many)} arguments; " <>
        "quote it: mix plan.create \"#{Enum.join(many, " ")}\""
    )
  end

  defp format!(nil), do: "markdown"
  defp format!(format) when format in ["markdown", "json"], do: format

  defp format!(other) do
    Mix.raise("--format #{other} is not known; use --format markdown or --format json")
  end

  # JSON goes to standard output unless --output names a file.
  defp output(nil, "json", _root), do: nil
  defp output(path, _format, root), do: Path.expand(path || "PLANNING.md", root)

  defp runtime_facts(root, config) do
    facts = Facts.gather(root, config)

    cond do
      facts.project.umbrella ->
        Mix.raise(
          "--runtime walks one application's tree; run it inside one of the umbrella's apps"
        )

      facts.supervision == nil ->
        Mix.raise(
          "--runtime needs an application with a `mod:` in mix.exs; this project has none"
        )

      true ->
        :ok
    end

    Mix.Task.run("app.start")

    case Facts.Runtime.gather(config[:app], facts.supervision) do
      {:ok, supervision} -> %{facts | supervision: supervision}
      {:error, message} -> Mix.raise("mix plan.create --runtime: #{message}")
    end
  end

  defp emit(nil, text, _root, _force), do: IO.write(text)

  defp emit(path, text, root, force) do
    case Writer.write(path, text, root, force) do
      :ok -> Mix.shell().info("Wrote #{Path.relative_to(path, root)}")
      {:error, message} -> Mix.raise("mix plan.create: " <> message)
    end
  end
end
