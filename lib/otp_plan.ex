defmodule OtpPlan do
  @moduledoc """
  Writes PLANNING.md for an Elixir project from its real code and its PRD.

  Facts are gathered here in Elixir; parsing PRD.md and CLAUDE.md, deciding
  and rendering happen in the Rust NIF. The entry point for users is
  `mix plan.create`.

  ## Options

    * `:focus` - the focus area as typed, e.g. `"Phoenix LiveView architecture"`
    * `:prd`, `:claude` - paths of PRD.md and CLAUDE.md, relative to the root.
      When not given, `PRD.md` and `CLAUDE.md` at the root are read if present.
    * `:templates` - a directory whose templates are used before the host's
      `priv/templates/plan.create/` and otp_plan's own
    * `:facts` - facts already gathered (see `OtpPlan.Facts`), e.g. merged with
      the running tree by `mix plan.create --runtime`
  """

  alias OtpPlan.{Facts, Native}

  @template_subdir "templates/plan.create"

  @type result :: %{text: String.t(), notices: [String.t()], warnings: [String.t()]}

  @doc """
  Renders PLANNING.md for the project at `root` whose Mix config is `config`.

  Returns `{:ok, result}` with the Markdown, the notices for the command line
  (e.g. an unknown focus) and the warnings met while reading the project, or
  `{:error, message}`; it does not raise on bad input.
  """
  @spec render(Path.t(), keyword, keyword) :: {:ok, result} | {:error, String.t()}
  def render(root, config, opts \\ []) do
    with {:ok, input, prd, claude} <- input(root, config, opts),
         {:ok, {markdown, notices}} <-
           call_nif(fn ->
             Native.render(input, prd, claude, template_dirs(root, opts[:templates]))
           end) do
      {:ok, %{text: markdown, notices: notices, warnings: input.facts.warnings}}
    end
  end

  @doc """
  The complete model behind the plan (facts, PRD, CLAUDE.md, focus and every
  decision) as JSON with a stable key order. Same options as `render/3`.
  """
  @spec json(Path.t(), keyword, keyword) :: {:ok, result} | {:error, String.t()}
  def json(root, config, opts \\ []) do
    with {:ok, input, prd, claude} <- input(root, config, opts),
         {:ok, json} <- call_nif(fn -> Native.json(input, prd, claude) end) do
      {:ok, %{text: json, notices: [], warnings: input.facts.warnings}}
    end
  end

  @doc """
  The directories templates are looked up in, first match wins: `extra`
  (relative to `root`) when given, the host's `priv/templates/plan.create/`,
  then otp_plan's own.
  """
  @spec template_dirs(Path.t(), Path.t() | nil) :: [Path.t()]
  def template_dirs(root, extra \\ nil) do
    List.wrap(extra && Path.expand(extra, root)) ++
      [
        Path.join([root, "priv", @template_subdir]),
        Path.join(Native.priv_dir(), @template_subdir)
      ]
  end

  defp input(root, config, opts) do
    with {:ok, prd} <- document(root, opts[:prd], "PRD.md"),
         {:ok, claude} <- document(root, opts[:claude], "CLAUDE.md") do
      facts = opts[:facts] || Facts.gather(root, config)
      {:ok, %{facts: facts, focus: opts[:focus]}, prd, claude}
    end
  end

  # `{file, bytes}` for the NIF, which parses the bytes (and reports bad UTF-8
  # with its offset). A default file that is absent is no error; a named one is.
  defp document(root, nil, default) do
    case File.read(Path.join(root, default)) do
      {:ok, bytes} -> {:ok, {default, bytes}}
      {:error, _} -> {:ok, nil}
    end
  end

  defp document(root, path, _default) do
    case File.read(Path.expand(path, root)) do
      {:ok, bytes} -> {:ok, {path, bytes}}
      {:error, reason} -> {:error, "cannot read #{path}: #{:file.format_error(reason)}"}
    end
  end

  # Only the two errors a NIF call raises by design are messages; anything
  # else is a bug and keeps its exception.
  defp call_nif(fun) do
    fun.()
  catch
    :error, :nif_not_loaded ->
      {:error,
       "otp_plan's native library did not load (#{Native.load_error()}); " <>
         "rebuild it with `mix compile` in otp_plan"}

    :error, :nif_panicked ->
      {:error,
       "otp_plan hit an internal error (a Rust panic); please report it with the command you ran"}
  end
end
