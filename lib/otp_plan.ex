defmodule OtpPlan do
  @moduledoc """
  Writes PLANNING.md for an Elixir project from its real code and its PRD.

  Facts are gathered here in Elixir; parsing PRD.md and CLAUDE.md, deciding
  and rendering happen in the Rust NIF. The entry point for users is
  `mix plan.create`.

  ## Options

    * `:focus` - the focus area as typed, e.g. `"Phoenix LiveView architecture"`
    * `:prd`, `:claude` - paths of PRD.md and CLAUDE.md, relative to the root;
      `:prd` may be a folder, whose `.md` files are read in name order as one
      document. When not given, `PRD.md` and `CLAUDE.md` at the root are read
      if present; one that is there but cannot be read is a warning.
    * `:templates` - a directory whose templates are used before the host's
      `priv/templates/plan.create/` and otp_plan's own
    * `:facts` - facts already gathered (see `OtpPlan.Facts`), e.g. merged with
      the running tree by `mix plan.create --runtime`
  """

  alias OtpPlan.{Documents, Facts, Native}

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
    with {:ok, input, prd, claude, warnings} <- input(root, config, opts),
         {:ok, {markdown, notices}} <-
           call_nif(fn ->
             Native.render(input, prd, claude, template_dirs(root, opts[:templates]))
           end) do
      {:ok, %{text: markdown, notices: notices, warnings: warnings ++ input.facts.warnings}}
    end
  end

  @doc """
  The complete model behind the plan (facts, PRD, CLAUDE.md, focus and every
  decision) as JSON with a stable key order. Same options as `render/3`.
  """
  @spec json(Path.t(), keyword, keyword) :: {:ok, result} | {:error, String.t()}
  def json(root, config, opts \\ []) do
    with {:ok, input, prd, claude, warnings} <- input(root, config, opts),
         {:ok, {json, notices}} <- call_nif(fn -> Native.json(input, prd, claude) end) do
      {:ok, %{text: json, notices: notices, warnings: warnings ++ input.facts.warnings}}
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

  @doc """
  One warning for each file in the host's template directory that is not
  used: its name is not one of otp_plan's templates and no other override
  names it (a misspelt override would otherwise be ignored in silence).
  """
  @spec template_warnings(Path.t()) :: [String.t()]
  def template_warnings(root) do
    [host, ours] = template_dirs(root)
    overrides = files(host)
    shipped = MapSet.new(files(ours))

    for name <- overrides,
        name not in shipped,
        not Enum.any?(overrides -- [name], &names?(Path.join(host, &1), name)) do
      "#{Path.relative_to(Path.join(host, name), root)} is not used: otp_plan ships no " <>
        "template of that name and no override includes it (see otp_plan's #{@template_subdir})"
    end
  end

  # Regular files under `dir`, relative to it; symlinked directories are not
  # followed, so a link loop cannot make this walk forever.
  defp files(dir, prefix \\ "") do
    case File.ls(Path.join(dir, prefix)) do
      {:ok, names} ->
        names
        |> Enum.sort()
        |> Enum.flat_map(fn name ->
          relative = if prefix == "", do: name, else: Path.join(prefix, name)

          case File.lstat(Path.join(dir, relative)) do
            {:ok, %{type: :directory}} -> files(dir, relative)
            {:ok, %{type: type}} when type in [:regular, :symlink] -> [relative]
            _ -> []
          end
        end)

      {:error, _} ->
        []
    end
  end

  # Whether the override `file` names `name`; a large or unreadable one is
  # left to the renderer, which reports it if it is used.
  defp names?(file, name) do
    with {:ok, %{type: :regular, size: size}} when size <= 1_048_576 <- File.stat(file),
         {:ok, text} <- File.read(file) do
      String.contains?(text, name)
    else
      _ -> false
    end
  end

  defp input(root, config, opts) do
    with {:ok, prd, prd_warnings} <- document(root, opts[:prd], "PRD.md", "--prd"),
         {:ok, claude, claude_warnings} <- document(root, opts[:claude], "CLAUDE.md", "--claude") do
      facts = opts[:facts] || Facts.gather(root, config)
      warnings = prd_warnings ++ claude_warnings ++ template_warnings(root)
      # The NIF reads the PRD as a list of parts (a folder has several).
      {:ok, %{facts: facts, focus: opts[:focus]}, prd || [], one_part(claude), warnings}
    end
  end

  defp document(root, nil, default, _flag), do: Documents.default(root, default)
  defp document(root, path, _default, "--prd"), do: Documents.named(root, path, "--prd", true)
  defp document(root, path, _default, flag), do: Documents.named(root, path, flag, false)

  # CLAUDE.md is one file: `{file, bytes}` or nil.
  defp one_part(nil), do: nil
  defp one_part([part]), do: part

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
