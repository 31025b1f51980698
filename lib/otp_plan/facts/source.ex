defmodule OtpPlan.Facts.Source do
  @moduledoc """
  The host's Elixir source, parsed but never evaluated.

  Reads every `.ex` file under the project's `elixirc_paths` (default `lib`),
  never anything under `deps/`, `_build/`, `node_modules/`, `priv/` or `test/`.
  A file that contains none of the words the other readers look for is not
  parsed: its module names are taken from its `defmodule` lines. Files are
  parsed in parallel; one that does not parse becomes a warning and the rest
  goes on.
  """

  alias OtpPlan.Facts.Definition

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
    results =
      root
      |> files(config)
      |> Task.async_stream(&read_file(root, &1, Path.join(prefix, &1)), timeout: :infinity)
      |> Enum.map(fn {:ok, result} -> result end)

    %{
      modules: for({:ok, defs} <- results, defn <- defs, into: %{}, do: {defn.name, defn}),
      warnings: for({:error, warning} <- results, do: warning)
    }
  end

  # The project's `.ex` source files, relative to `root`, sorted.
  defp files(root, config) do
    (config[:elixirc_paths] || ["lib"])
    |> Enum.reject(&skipped?/1)
    |> Enum.flat_map(&Path.wildcard(Path.join([root, &1, "**", "*.ex"])))
    |> Enum.map(&Path.relative_to(&1, root))
    |> Enum.reject(&skipped?/1)
    |> Enum.sort()
    |> Enum.uniq()
  end

  defp skipped?(path), do: Enum.any?(Path.split(path), &(&1 in @skipped_dirs))

  defp read_file(root, path, shown) do
    text = File.read!(Path.join(root, path))

    if String.contains?(text, @markers) do
      parse(text, shown)
    else
      {:ok, Definition.names_only(text, shown)}
    end
  end

  defp parse(text, shown) do
    case Code.string_to_quoted(text, file: shown, columns: true, emit_warnings: false) do
      {:ok, ast} ->
        {:ok, Definition.all(ast, shown)}

      {:error, {meta, message, token}} ->
        {:error,
         "#{shown}:#{line(meta)}: could not parse: #{message(message, token)}; the rest was read"}
    end
  end

  defp line(meta) when is_list(meta), do: meta[:line]
  defp line(line) when is_integer(line), do: line

  defp message({prefix, suffix}, token), do: prefix <> token <> suffix
  defp message(message, token), do: message <> token
end
