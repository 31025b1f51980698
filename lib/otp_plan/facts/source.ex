defmodule OtpPlan.Facts.Source do
  @moduledoc """
  The host's Elixir source, parsed but never evaluated.

  Reads every `.ex` file under the project's `elixirc_paths` (default `lib`),
  never anything under `deps/`, `_build/`, `node_modules/`, `priv/` or `test/`.
  A file that contains none of the words the other readers look for is not
  parsed: its module names are taken from its `defmodule` lines. Files are
  parsed in parallel; one that does not parse becomes a warning and the rest
  goes on. Files are read through `OtpPlan.Facts.Files` (regular UTF-8
  files of at most 1 MB, symlinks only inside the project) and parsed with
  `OtpPlan.Facts.Ast.parse/2`, which creates no atom from the host's text.
  """

  alias OtpPlan.Facts.{Ast, Definition, Files}

  @skipped_dirs ~w(deps _build node_modules priv test)

  # Every reader looks for at least one of these; a file without any of them
  # only contributes its module names.
  @markers [
    "use ",
    "@behaviour",
    "Supervisor",
    "start_link",
    "children",
    ":ets.",
    "Repo",
    "schema",
    "@moduledoc",
    "@doc",
    "@spec",
    "@callback",
    "defprotocol",
    "defimpl"
  ]

  @typedoc "Module name => definition, plus the warnings of files that did not parse."
  @type t :: %{modules: %{String.t() => Definition.t()}, warnings: [String.t()]}

  @doc """
  Reads the project at `root`. `prefix` is prepended to every reported path
  (for an umbrella app: `"apps/core"`).
  """
  @spec read(Path.t(), keyword, String.t()) :: t
  def read(root, config, prefix \\ "") do
    dirs = Enum.reject(config[:elixirc_paths] || ["lib"], &skipped?/1)
    {files, list_warnings} = Files.list(root, dirs, ".ex", @skipped_dirs)

    results =
      files
      |> Task.async_stream(&read_file(root, &1, Path.join(prefix, &1)), timeout: :infinity)
      |> Enum.map(fn {:ok, result} -> result end)

    %{
      modules: for({:ok, defs} <- results, defn <- defs, into: %{}, do: {defn.name, defn}),
      warnings:
        Enum.map(list_warnings, &Path.join(prefix, &1)) ++
          for({:error, warning} <- results, do: warning)
    }
  end

  defp skipped?(path), do: Enum.any?(Path.split(path), &(&1 in @skipped_dirs))

  defp read_file(root, path, shown) do
    case Files.read(root, path, shown) do
      {:ok, text} ->
        if String.contains?(text, @markers),
          do: parse(text, shown),
          else: {:ok, Definition.names_only(text, shown)}

      :missing ->
        {:error, "#{shown}: vanished while being read; skipped"}

      {:error, warning} ->
        {:error, warning}
    end
  end

  defp parse(text, shown) do
    case Ast.parse(text, shown) do
      {:ok, ast} ->
        {:ok, Definition.all(ast, shown)}

      {:error, line, message} ->
        {:error, "#{shown}:#{line}: could not parse: #{message}; the rest was read"}
    end
  end
end
