defmodule OtpPlan.Facts.Lock do
  @moduledoc """
  Resolved versions from `mix.lock`, read as data: the file is parsed and its
  literal map walked, never evaluated.
  """

  @doc """
  `%{"phoenix" => "1.7.14", "my_git_dep" => "a1b2c3d"}` from the lock file at
  `path` (hex deps: the version; git deps: the tag, else the short sha), and
  warnings. A missing lock is an empty map.
  """
  @spec read(Path.t(), String.t()) :: {%{String.t() => String.t()}, [String.t()]}
  def read(path, shown) do
    with {:ok, text} <- File.read(path),
         {:ok, {:%{}, _, entries}} <- Code.string_to_quoted(text, emit_warnings: false) do
      {Map.new(entries, fn {name, entry} -> {to_string(name), version(entry)} end), []}
    else
      {:error, :enoent} -> {%{}, []}
      _ -> {%{}, ["#{shown}: not a lock file (expected a map of deps); versions not read"]}
    end
  end

  defp version({:{}, _, [:hex, _name, version | _]}) when is_binary(version), do: version

  defp version({:{}, _, [:git, _url, sha | rest]}) when is_binary(sha) do
    opts = List.first(rest) || []
    opts[:tag] || opts[:ref] || String.slice(sha, 0, 7)
  end

  defp version(_entry), do: nil
end
