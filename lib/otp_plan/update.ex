defmodule OtpPlan.Update do
  @moduledoc """
  The plan as it is written to the file, and what a re-run does to the file
  already there: create it, leave it identical, update the regions whose
  generated text changed (see `OtpPlan.Regions`), or stop at a file that
  has no regions to merge into.
  """

  alias OtpPlan.{Drift, Regions}

  @type action ::
          {:create, String.t()}
          | {:identical, Regions.report()}
          | {:update, String.t(), Regions.report()}
          | {:conflict, String.t(), String.t()}

  @doc """
  Renders the plan for the file: `OtpPlan.render/3` with `facts`, its
  regions sealed with digests and the `sources` region (see `OtpPlan.Drift`)
  at the end.
  """
  @spec render(Path.t(), keyword, map, keyword) :: {:ok, OtpPlan.result()} | {:error, String.t()}
  def render(root, config, facts, opts) do
    with {:ok, result} <- OtpPlan.render(root, config, [facts: facts] ++ opts),
         sources = Drift.region_text(Drift.terms(facts, opts, root)),
         {:ok, text} <- Regions.seal(result.text <> "\n" <> sources) do
      {:ok, %{result | text: text}}
    end
  end

  @doc "What writing `generated` over `existing` (nil when there is no file) means."
  @spec decide(String.t() | nil, String.t(), keyword) :: action
  def decide(nil, generated, _opts), do: {:create, generated}

  def decide(existing, generated, opts) do
    case Regions.merge(existing, generated, opts) do
      {:ok, ^existing, report} -> {:identical, report}
      {:ok, text, report} -> {:update, text, report}
      {:error, :no_markers} -> {:conflict, generated, "has no otp_plan regions"}
      {:error, message} -> {:conflict, generated, "has broken otp_plan markers (#{message})"}
    end
  end

  @doc """
  The options the plan in `existing` (nil when there is none) was made
  with, overridden by those in `given` that are not nil.
  """
  @spec options(String.t() | nil, keyword) :: keyword
  def options(existing, given) do
    Keyword.merge(recorded(existing), Enum.reject(given, &(elem(&1, 1) == nil)))
  end

  defp recorded(nil), do: []

  defp recorded(existing) do
    with {:ok, segments} <- Regions.parse(existing),
         {_, _, body} <- List.keyfind(Regions.regions(segments), Drift.region(), 0) do
      Drift.options(Drift.parse(body))
    else
      _ -> []
    end
  end

  @doc """
  The Mix generator lines that report `action` on `path`, e.g.
  `* updating PLANNING.md (2 sections: architecture, stack)`. With
  `dry_run: true` they say what would happen.
  """
  @spec lines(action, String.t(), keyword) :: [String.t()]
  def lines(action, path, opts \\ []) do
    dry_run = Keyword.get(opts, :dry_run, false)

    case action do
      {:create, _} ->
        ["* #{verb("create", dry_run)} #{path}"]

      {:identical, report} ->
        ["* identical #{path}" | kept(report)]

      {:update, _, report} ->
        changed = report.changed
        sections = "#{length(changed)} #{noun(changed)}: #{Enum.join(changed, ", ")}"
        ["* #{verb("update", dry_run)} #{path} (#{sections})" | kept(report)]

      {:conflict, _, _} ->
        ["* #{verb("replace", dry_run)} #{path} (the old file kept as #{path}.bak)"]
    end
  end

  defp verb(verb, true), do: "would " <> verb
  defp verb(verb, false), do: String.trim_trailing(verb, "e") <> "ing"

  defp noun([_]), do: "section"
  defp noun(_), do: "sections"

  defp kept(%{kept: []}), do: []

  defp kept(%{kept: kept}) do
    them = if length(kept) == 1, do: "it", else: "them"
    names = Enum.join(kept, ", ")

    [
      "* keeping #{length(kept)} edited #{noun(kept)}: #{names} (use --force to regenerate #{them})"
    ]
  end

  @doc """
  Whether a person can answer a question: standard input is a terminal.
  Without one (CI, a `setup` alias run by a script), a conflict is an error.
  """
  @spec interactive?() :: boolean
  def interactive? do
    Application.get_env(:otp_plan, :interactive, &tty?/0).()
  end

  defp tty? do
    case File.read_link("/proc/self/fd/0") do
      {:ok, target} -> String.starts_with?(target, ["/dev/pts/", "/dev/tty"])
      {:error, _} -> false
    end
  end
end
