defmodule OtpPlan.Facts.Lock do
  @moduledoc """
  Resolved versions from `mix.lock`, read as data: the file is parsed
  (creating no atom, see `OtpPlan.Facts.Ast`) and its literal map walked,
  never evaluated. Entries that are not `name: {…}` pairs are skipped.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1]
  alias OtpPlan.Facts.{Ast, Files}

  @doc """
  `%{"phoenix" => "1.7.14", "my_git_dep" => "a1b2c3d"}` from the lock file at
  `path` (hex deps: the version; git deps: the tag, else the short sha), and
  warnings. A missing lock is an empty map.
  """
  @spec read(Path.t(), String.t()) :: {%{String.t() => String.t()}, [String.t()]}
  def read(path, shown) do
    with {:ok, text} <- Files.read(Path.dirname(path), Path.basename(path), shown),
         {:ok, {:%{}, _, entries}} when is_list(entries) <- Ast.parse(text, shown) do
      {for(
         {name, entry} <- entries,
         is_name(name) or is_binary(name),
         into: %{},
         do: {Ast.name(name) || name, version(entry)}
       ), skipped(entries, shown)}
    else
      :missing -> {%{}, []}
      {:error, warning} when is_binary(warning) -> {%{}, [warning]}
      _ -> {%{}, ["#{shown}: not a lock file (expected a map of deps); versions not read"]}
    end
  end

  defp skipped(entries, shown) do
    case Enum.count(entries, &(not match?({name, _} when is_name(name) or is_binary(name), &1))) do
      0 -> []
      1 -> ["#{shown}: 1 entry is not a `name: {…}` pair; skipped"]
      count -> ["#{shown}: #{count} entries are not `name: {…}` pairs; skipped"]
    end
  end

  defp version({:{}, _, [:hex, _name, version | _]}) when is_binary(version), do: version

  defp version({:{}, _, [:git, _url, sha | rest]}) when is_binary(sha) do
    opts = with([opts | _] when is_list(opts) <- rest, do: opts, else: (_ -> []))
    text(opts[:tag]) || text(opts[:ref]) || String.slice(sha, 0, 7)
  end

  defp version(_entry), do: nil

  defp text(value) when is_binary(value), do: value
  defp text(_), do: nil
end
