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
  Phoenix router and endpoint, Ecto repos, schemas and migrations, Oban
  queues, cron entries and workers, Broadway pipelines and libcluster
  topologies (config files parsed, not evaluated), and
  `PRD.md` and `CLAUDE.md` at the project root when they exist. So it works
  in a project whose dependencies were never fetched. A source file that
  does not parse is reported and skipped. Warnings and notices go to
  standard error, one line each, among them what was read from each PRD and
  CLAUDE.md file (`read PRD.md: 12 features, 5 targets, 4 risks, 5 phases`);
  the plan goes to the file (or, as JSON, to standard output).

  A `PRD.md` or `CLAUDE.md` that is there but is not a regular file (a
  directory, a FIFO, a device), cannot be read, or is over 16 MiB is a
  warning, and the plan is made without it; its type and size are checked
  before anything is read. Text from the project or the focus is escaped for
  where it lands in the plan: it cannot start a heading, list or code
  fence, end a table cell or code span, or open an HTML comment.

  The same inputs give the same bytes, so a re-run shows in `git diff` exactly
  what changed in the project.

  ## Re-runs keep your edits

  Each generated section sits between two hidden markers,
  `<!-- otp_plan:begin stack sha=… -->` and `<!-- otp_plan:end stack -->`;
  the digest is that of the text otp_plan generated. A re-run rewrites only
  the sections whose generated text changed, keeps every byte outside them
  (add your own sections anywhere between them), and keeps a section you
  edited unless you pass `--force`, saying which:

      * updating PLANNING.md (2 sections: architecture, stack)
      * keeping 1 edited section: vision (use --force to regenerate it)

  To drop a section for good, replace it, markers included, by
  `<!-- otp_plan:dropped vision -->`. A re-run keeps the focus, `--prd`,
  `--claude` and `--templates` the plan was made with, unless given again. Every outcome exits 0, so the task can sit
  in the `setup` alias; `mix plan.check` tells when the plan is behind the
  code, and `mix plan.install` adds both to your aliases.

  A file without markers is never replaced without `--force` (or `--yes`,
  or a yes at the prompt in a terminal); the old one is then kept as
  `PLANNING.md.bak`.

  ## Options

    * `--force` (`-f`) - also regenerate the sections you edited, and
      replace a file without markers.

          $ mix plan.create --force

    * `--yes` (`-y`) - answer yes to the question asked before replacing a
      file without markers (without a terminal there is no question: it is
      an error unless `--yes` or `--force`).

          $ mix plan.create --yes

    * `--dry-run` - print which sections would change; write nothing.

          $ mix plan.create --dry-run

    * `--stdout` - print the plan instead of writing it.

          $ mix plan.create "Oban jobs" --stdout | less

    * `--output PATH` (`-o`) - write to `PATH` instead of `PLANNING.md`
      (with `--format json`: instead of standard output). Never one of the
      project's inputs (mix.exs, mix.lock, `*.ex`/`*.exs`, anything under
      config/, lib/, apps/, src/, deps/ or _build/, the PRD, CLAUDE.md), a
      directory, a symlink, or a path inside the project that a symlinked
      directory leads out of it. The plan is written to a new temporary file
      beside the target and moved over it in one step: a failure (disk full,
      read-only directory) leaves the old plan and no temporary file. Of two
      first runs at once, the second refuses.

          $ mix plan.create -o docs/PLANNING.md

    * `--prd PATH`, `--claude PATH` - read the PRD or CLAUDE.md from `PATH`;
      it must exist and be a regular file. `--prd` may name a folder: its
      `.md` files (not those of subfolders) are read in name order as one
      PRD; other files are named in a warning.

          $ mix plan.create --prd docs/requirements.md --claude docs/AGENTS.md

    * `--format markdown|json` - `json` prints the complete model behind the
      plan: facts, PRD, CLAUDE.md, focus and every decision.

          $ mix plan.create --format json | jq .plan.focus

      Mix evaluates the project's `config/` before any task runs, so a
      config that prints (`IO.puts`) lands in standard output before the
      JSON; there, write the model to a file with `--json PATH`.

    * `--json PATH` - also write that model to `PATH`, beside the plan, for
      the tasks step.

          $ mix plan.create --json PLANNING.json

    * `--runtime` - also start the application (`mix app.start`) and merge
      its running supervision tree into the one read from source, including
      children that exist only at runtime. Needs the project's dependencies.

          $ mix plan.create --runtime

    * `--templates DIR` - look templates up in `DIR` first (see Templates).

          $ mix plan.create --templates docs/plan_templates

    * `--quiet` (`-q`) - print nothing but warnings and errors.

          $ mix plan.create --quiet

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

  alias OtpPlan.{Facts, Update, Writer}

  @switches [
    force: :boolean,
    yes: :boolean,
    dry_run: :boolean,
    stdout: :boolean,
    output: :string,
    prd: :string,
    claude: :string,
    format: :string,
    json: :string,
    runtime: :boolean,
    templates: :string,
    quiet: :boolean
  ]
  @aliases [f: :force, o: :output, q: :quiet, y: :yes]

  @impl true
  def run(args) do
    {opts, argv} = OtpPlan.Switches.parse!("plan.create", args, @switches, @aliases)
    focus = focus!(argv)
    format = format!(opts[:format])
    check_combinations!(opts, format)

    Mix.Project.get() ||
      Mix.raise("mix plan.create must run inside a Mix project (a directory with mix.exs)")

    root = File.cwd!()
    config = Mix.Project.config()

    if opts[:templates] && !File.dir?(Path.expand(opts[:templates], root)) do
      Mix.raise(
        "--templates #{opts[:templates]}: no such directory; pass the directory that holds your *.md.j2 overrides"
      )
    end

    output = output(opts, format, root)
    given = Enum.reject([opts[:prd], opts[:claude]], &(&1 in [nil, ""]))

    # Checked before the plan there is read: never through a link or a FIFO.
    # A Markdown plan is merged into, so it may exist; a JSON file needs --force.
    check!(
      output,
      root,
      ["PRD.md", "CLAUDE.md" | given],
      format == "markdown" or opts[:force] == true
    )

    if opts[:json],
      do: check!(Path.expand(opts[:json], root), root, ["PRD.md", "CLAUDE.md" | given], true)

    existing = if output && format == "markdown", do: read(output)

    plan_opts =
      Update.options(existing,
        focus: focus,
        prd: opts[:prd],
        claude: opts[:claude],
        templates: opts[:templates]
      )

    facts = if opts[:runtime], do: runtime_facts(root, config), else: Facts.gather(root, config)

    result =
      case plan(format, root, config, facts, plan_opts) do
        {:ok, result} -> result
        {:error, message} -> Mix.raise("mix plan.create: " <> one_line(message))
      end

    Enum.each(result.warnings, &Mix.shell().error("warning: " <> one_line(&1)))
    unless opts[:quiet], do: Enum.each(result.notices, &Mix.shell().error(one_line(&1)))
    # Said once the outcome is known, so that a refusal stays one line.
    read = Enum.map(sources(root, config, plan_opts), &"* reading #{&1}")

    cond do
      output == nil ->
        IO.write(result.text)

      format == "json" ->
        write!(output, result.text, root, opts[:force] == true)
        say(opts, read)

      true ->
        update!(output, existing, result.text, root, opts, read)
    end

    if opts[:json] && !opts[:dry_run] do
      case OtpPlan.json(root, config, [facts: facts] ++ plan_opts) do
        {:ok, model} -> write!(Path.expand(opts[:json], root), model.text, root, true)
        {:error, message} -> Mix.raise("mix plan.create --json: " <> one_line(message))
      end
    end
  end

  defp plan("markdown", root, config, facts, opts), do: Update.render(root, config, facts, opts)

  defp plan("json", root, config, facts, opts),
    do: OtpPlan.json(root, config, [facts: facts] ++ opts)

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

  defp check_combinations!(opts, format) do
    cond do
      opts[:stdout] && opts[:output] ->
        Mix.raise("--stdout and --output both say where the plan goes; pass one of them")

      opts[:dry_run] && (opts[:stdout] || format == "json") ->
        Mix.raise(
          "--dry-run reports what a write to PLANNING.md would change; drop --stdout and --format json"
        )

      opts[:json] && format == "json" ->
        Mix.raise(
          "--json PATH writes the model beside the Markdown plan; with --format json use --output PATH"
        )

      true ->
        :ok
    end
  end

  # JSON goes to standard output unless --output names a file.
  defp output(opts, format, root) do
    cond do
      opts[:stdout] -> nil
      format == "json" && !opts[:output] -> nil
      true -> Path.expand(opts[:output] || "PLANNING.md", root)
    end
  end

  defp read(path) do
    case File.read(path) do
      {:ok, text} ->
        text

      # No plan yet; the writer says why it cannot make one there.
      {:error, reason} when reason in [:enoent, :enotdir] ->
        nil

      {:error, reason} ->
        Mix.raise("mix plan.create: cannot read #{path}: #{:file.format_error(reason)}")
    end
  end

  # One line per source read, as Mix generators list the files they touch.
  defp sources(root, config, opts) do
    lockfile = config[:lockfile] || "mix.lock"

    documents =
      for {path, default} <- [{opts[:prd], "PRD.md"}, {opts[:claude], "CLAUDE.md"}],
          path = path || (File.regular?(Path.join(root, default)) && default),
          do: path

    ["mix.exs"] ++
      Enum.filter([lockfile], &File.regular?(Path.join(root, &1))) ++ documents
  end

  defp update!(path, existing, generated, root, opts, read) do
    relative = Path.relative_to(path, root)
    action = Update.decide(existing, generated, force: opts[:force])

    if opts[:dry_run] do
      say(opts, read ++ Update.lines(action, relative, dry_run: true))
    else
      write_action!(action, path, existing, root, opts)
      say(opts, read ++ Update.lines(action, relative))
    end
  end

  defp write_action!({:identical, _report}, _path, _existing, _root, _opts), do: :ok

  # Not over a plan another run created meanwhile.
  defp write_action!({:create, text}, path, _existing, root, _opts),
    do: write!(path, text, root, false)

  defp write_action!({:update, text, _}, path, _existing, root, _opts),
    do: write!(path, text, root, true)

  defp write_action!({:conflict, text, reason}, path, existing, root, opts) do
    relative = Path.relative_to(path, root)

    if opts[:force] || opts[:yes] || ask?(relative, reason) do
      backup = path <> ".bak"
      check!(backup, root, [], true)
      write!(backup, existing, root, true)

      # The old plan is still in place: no backup of it is left behind.
      with {:error, message} <- Writer.write(path, text, root, true) do
        File.rm(backup)
        Mix.raise("mix plan.create: " <> message)
      end
    else
      Mix.raise(
        "mix plan.create: #{relative} #{reason}, so it is not replaced; pass --force to replace it " <>
          "(the old file is kept as #{relative}.bak)"
      )
    end
  end

  defp say(opts, lines) do
    unless opts[:quiet], do: Enum.each(lines, &Mix.shell().info/1)
  end

  defp ask?(path, reason) do
    Update.interactive?() &&
      Mix.shell().yes?("#{path} #{reason}. Replace it (the old file is kept as #{path}.bak)?")
  end

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

  defp check!(nil, _root, _inputs, _may_exist), do: :ok

  defp check!(path, root, inputs, may_exist) do
    with {:error, message} <- Writer.check(path, root, inputs, may_exist) do
      Mix.raise("mix plan.create: " <> message)
    end
  end

  defp write!(path, text, root, replace) do
    with {:error, message} <- Writer.write(path, text, root, replace) do
      Mix.raise("mix plan.create: " <> message)
    end
  end

  # A message quotes what the user typed or the host holds: keep it one line.
  defp one_line(message), do: String.replace(message, ~r/[\r\n]+/, " ")
end
