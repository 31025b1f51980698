defmodule OtpPlan.Documents do
  @moduledoc false
  # Reads PRD.md and CLAUDE.md for the NIF, which parses them: a list of
  # `{file, bytes}` parts (a PRD folder is several), or nil when absent.
  #
  # The type and size of every file are checked before it is read, and no
  # read goes past the limit, so a directory, a FIFO or a link to /dev/zero
  # costs nothing. A default file (PRD.md at the root) that is there but
  # cannot be used is a warning; a file named with --prd/--claude is an error.

  # As `otp_plan_core::prd::MAX_INPUT_BYTES`: the parser refuses more.
  @max_bytes 16 * 1024 * 1024

  @type parts :: [{String.t(), binary}] | nil

  @doc "The default file `name` at `root`: `{:ok, parts, warnings}`."
  @spec default(Path.t(), String.t()) :: {:ok, parts, [String.t()]}
  def default(root, name) do
    case file(root, name) do
      {:ok, part} -> {:ok, [part], []}
      {:error, :enoent} -> {:ok, nil, []}
      {:error, why} -> {:ok, nil, ["#{name} #{why}; the plan is made without it"]}
    end
  end

  @doc """
  The file or, when `folder?`, the folder at `path` (relative to `root`), as
  named by `flag`: `{:ok, parts, warnings}` or `{:error, message}`.
  """
  @spec named(Path.t(), String.t(), String.t(), boolean) ::
          {:ok, parts, [String.t()]} | {:error, String.t()}
  def named(_root, "", flag, _folder?) do
    {:error, "#{flag} is empty: give a path, e.g. #{flag} #{example(flag)}"}
  end

  def named(root, path, flag, folder?) do
    full = Path.expand(path, root)

    if folder? and File.dir?(full) do
      folder(full, path)
    else
      case file(root, path) do
        {:ok, part} -> {:ok, [part], []}
        {:error, :enoent} -> {:error, "#{path} does not exist (#{flag} #{path})"}
        {:error, why} -> {:error, "#{path} #{why} (#{flag} #{path})"}
      end
    end
  end

  # The `.md` files directly in `dir`, in name order, read as one document.
  defp folder(dir, shown) do
    case File.ls(dir) do
      {:ok, names} ->
        names
        |> Enum.reject(&String.starts_with?(&1, "."))
        |> Enum.sort()
        |> Enum.reduce({[], []}, fn name, {parts, warnings} ->
          file = Path.join(shown, name)

          if String.downcase(Path.extname(name)) == ".md" do
            case file(dir, name) do
              {:ok, {_, bytes}} -> {[{file, bytes} | parts], warnings}
              {:error, :enoent} -> {parts, warnings}
              {:error, why} -> {parts, ["#{file} #{why}; it was not read" | warnings]}
            end
          else
            {parts, ["#{file} is not a .md file; it was not read" | warnings]}
          end
        end)
        |> folder_result(shown)

      {:error, reason} ->
        {:error, "cannot read #{shown}: #{:file.format_error(reason)}"}
    end
  end

  defp folder_result({[], _warnings}, shown) do
    {:error, "#{shown} has no .md file to read as the PRD"}
  end

  defp folder_result({parts, warnings}, shown) do
    size = parts |> Enum.map(&byte_size(elem(&1, 1))) |> Enum.sum()

    if size > @max_bytes do
      {:error, "#{shown} holds #{size} bytes of .md files, over the #{mib()} limit: trim it"}
    else
      {:ok, Enum.reverse(parts), Enum.reverse(warnings)}
    end
  end

  # `{:ok, {name, bytes}}`, `{:error, :enoent}`, or `{:error, why}` where
  # `why` completes "PRD.md …".
  defp file(root, name) do
    path = Path.expand(name, root)

    with {:ok, stat} <- stat(path),
         :ok <- usable(stat),
         {:ok, bytes} <- read(path) do
      {:ok, {name, bytes}}
    end
  end

  defp stat(path) do
    case File.stat(path) do
      {:ok, stat} ->
        {:ok, stat}

      {:error, :enoent} ->
        if match?({:ok, _}, File.lstat(path)),
          do: {:error, "is a symlink to nothing"},
          else: {:error, :enoent}

      {:error, reason} ->
        {:error, "cannot be read (#{:file.format_error(reason)})"}
    end
  end

  defp usable(%File.Stat{type: :regular, size: size}) when size > @max_bytes,
    do: {:error, "is #{size} bytes, over the #{mib()} limit: split it or trim it"}

  defp usable(%File.Stat{type: :regular}), do: :ok
  defp usable(%File.Stat{type: :directory}), do: {:error, "is a directory, not a file"}
  defp usable(%File.Stat{type: type}), do: {:error, "is not a regular file (#{type})"}

  # Reads at most one byte past the limit, in case the file grew since stat.
  defp read(path) do
    with {:ok, io} <- :file.open(path, [:read, :binary, :raw]),
         result = :file.read(io, @max_bytes + 1),
         :ok <- :file.close(io) do
      case result do
        {:ok, bytes} when byte_size(bytes) > @max_bytes ->
          {:error, "grew past the #{mib()} limit while it was read"}

        {:ok, bytes} ->
          {:ok, bytes}

        :eof ->
          {:ok, ""}

        {:error, reason} ->
          {:error, "cannot be read (#{:file.format_error(reason)})"}
      end
    else
      {:error, reason} -> {:error, "cannot be read (#{:file.format_error(reason)})"}
    end
  end

  defp mib, do: "#{div(@max_bytes, 1024 * 1024)} MiB"

  defp example("--prd"), do: "docs/PRD.md"
  defp example(_flag), do: "docs/CLAUDE.md"
end
