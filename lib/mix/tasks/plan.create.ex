defmodule Mix.Tasks.Plan.Create do
  @shortdoc "Writes PLANNING.md from this project's code, PRD.md and CLAUDE.md"

  @moduledoc """
  Writes `PLANNING.md` at the root of the current Mix project: vision, OTP
  architecture, supervision tree, web and data layers, phases, risks, stack,
  quality plan and monitoring, drawn from the project as it is.

      $ mix plan.create "Phoenix LiveView architecture"
      $ mix plan.create "OTP supervision tree" --force

  The optional argument is the focus area; the plan gets a section that goes
  deep on it. The project's code is read, never compiled or run, so the task
  works in a project whose dependencies were never fetched.

  ## Options

    * `--force` (`-f`) - replace an existing plan. Without it the task
      refuses to touch a file that is already there.
    * `--output PATH` (`-o`) - write to `PATH` instead of `PLANNING.md`.

  ## Templates

  Every template can be overridden file by file: copy it from otp_plan's
  `priv/templates/plan.create/` into your project's
  `priv/templates/plan.create/` and edit it. A mistake in an override is
  reported with the template's name and line.
  """
  use Mix.Task

  @switches [force: :boolean, output: :string]
  @aliases [f: :force, o: :output]

  @impl true
  def run(args) do
    {opts, argv} = OptionParser.parse!(args, strict: @switches, aliases: @aliases)
    focus = focus!(argv)

    Mix.Project.get() ||
      Mix.raise("mix plan.create must run inside a Mix project (a directory with mix.exs)")

    root = File.cwd!()
    output = Path.expand(opts[:output] || "PLANNING.md", root)

    if File.exists?(output) and !opts[:force] do
      Mix.raise("#{Path.relative_to(output, root)} already exists; pass --force to replace it")
    end

    case OtpPlan.render(root, Mix.Project.config(), focus) do
      {:ok, markdown} ->
        write!(output, markdown)
        Mix.shell().info("Wrote #{Path.relative_to(output, root)}")

      {:error, message} ->
        Mix.raise("mix plan.create: #{message}")
    end
  end

  defp focus!([]), do: nil
  defp focus!([focus]), do: focus

  defp focus!(many) do
    Mix.raise(
      "mix plan.create takes one focus area, got #{length(many)} arguments; " <>
        "quote it: mix plan.create \"#{Enum.join(many, " ")}\""
    )
  end

  # Write beside the target and rename, so a failure never leaves half a plan.
  defp write!(path, contents) do
    File.mkdir_p!(Path.dirname(path))
    tmp = "#{path}.tmp-#{System.unique_integer([:positive])}"
    File.write!(tmp, contents)
    File.rename!(tmp, path)
  end
end
