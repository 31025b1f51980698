defmodule Mix.Tasks.Plan.Install do
  @shortdoc "Adds plan.create to the setup alias and plan.check to precommit"

  @moduledoc """
  Adds `plan.create` to your project's `setup` alias and `plan.check` to its
  `precommit` alias, creating the aliases (and `aliases/0`) when they are
  absent:

      $ mix plan.install
      * updating mix.exs (setup runs plan.create, precommit runs plan.check)

  So `mix setup` writes or updates PLANNING.md, keeping your edits, and
  `mix precommit` fails while the plan is behind the code. mix.exs is
  edited as code: only the alias lines change, comments included, and
  nothing of it is run. A second run changes nothing.

  ## Options

    * `--dry-run` - print the change as a diff; write nothing.

          $ mix plan.install --dry-run
  """
  use Mix.Task

  alias OtpPlan.MixFile

  @wanted [setup: "plan.create", precommit: "plan.check"]

  @impl true
  def run(args) do
    {opts, argv} = OtpPlan.Switches.parse!("plan.install", args, [dry_run: :boolean], [])

    if argv != [] do
      Mix.raise("mix plan.install takes no arguments; run it at the root of your project")
    end

    path =
      Mix.Project.project_file() || Mix.raise("mix plan.install must run inside a Mix project")

    text = File.read!(path)

    new =
      case MixFile.add(text, @wanted, line_length(Path.dirname(path))) do
        {:ok, new} -> new
        {:error, message} -> Mix.raise("mix.exs: #{message}")
      end

    cond do
      new == text ->
        Mix.shell().info(
          "* identical mix.exs (setup runs plan.create, precommit runs plan.check)"
        )

      opts[:dry_run] ->
        Mix.shell().info(diff(text, new))

      true ->
        tmp = "#{path}.tmp-#{System.unique_integer([:positive])}"
        File.write!(tmp, new)
        File.rename!(tmp, path)
        Mix.shell().info("* updating mix.exs (setup runs plan.create, precommit runs plan.check)")
    end
  end

  # The formatter's line length from .formatter.exs, read as data.
  defp line_length(dir) do
    with {:ok, text} <- File.read(Path.join(dir, ".formatter.exs")),
         [_, length] <- Regex.run(~r/\bline_length:\s*(\d+)/, text) do
      String.to_integer(length)
    else
      _ -> 98
    end
  end

  defp diff(old, new) do
    lines =
      String.split(old, "\n")
      |> List.myers_difference(String.split(new, "\n"))
      |> Enum.flat_map(fn
        {:eq, _} -> []
        {:del, lines} -> Enum.map(lines, &("-" <> &1))
        {:ins, lines} -> Enum.map(lines, &("+" <> &1))
      end)

    Enum.join(["--- mix.exs", "+++ mix.exs (with plan.install)" | lines], "\n")
  end
end
