defmodule OtpPlan.Facts.Files do
  @moduledoc """
  Reads the host's files defensively: every gatherer reads through here.

  Only regular files are read, at most `max_bytes/0` each, checked before
  reading. A symlink is followed only to a regular file inside the project
  (at most #{8} links deep); symlinked directories are not entered, so a
  loop cannot be walked. Text must be UTF-8. Whatever fails these checks, or
  cannot be read, is a warning naming the file and is skipped, never an
  abort.
  """

  # Source files past this size are not read (generated code, data dumps).
  @max_bytes 1_000_000
  @max_links 8

  @doc "The largest file read, in bytes."
  @spec max_bytes() :: pos_integer
  def max_bytes, do: @max_bytes

  @doc """
  The text of `path` (relative to `root`), shown in warnings as `shown`:
  `{:ok, text}`, `:missing` when nothing is there, or `{:error, warning}`.
  """
  @spec read(Path.t(), Path.t(), String.t()) ::
          {:ok, String.t()} | :missing | {:error, String.t()}
  def read(root, path, shown) do
    with {:ok, full} <- regular(root, Path.join(root, path), shown, @max_links),
         {:ok, text} <- read_text(full, shown) do
      {:ok, text}
    end
  end

  defp regular(root, full, shown, links) do
    case File.lstat(full) do
      {:ok, %File.Stat{type: :regular, size: size}} when size > @max_bytes ->
        {:error, "#{shown}: larger than #{div(@max_bytes, 1000)} kB; skipped"}

      {:ok, %File.Stat{type: :regular}} ->
        {:ok, full}

      {:ok, %File.Stat{type: :symlink}} ->
        symlink(root, full, shown, links)

      {:ok, %File.Stat{type: :directory}} ->
        {:error, "#{shown}: is a directory, not a file; skipped"}

      {:ok, %File.Stat{}} ->
        {:error, "#{shown}: not a regular file (a FIFO, socket or device); skipped"}

      {:error, :enoent} ->
        :missing

      {:error, reason} ->
        {:error, "#{shown}: cannot be read (#{:file.format_error(reason)}); skipped"}
    end
  end

  defp symlink(_root, _full, shown, 0),
    do: {:error, "#{shown}: a symlink loop or chain of more than #{@max_links} links; skipped"}

  defp symlink(root, full, shown, links) do
    with {:ok, target} <- File.read_link(full),
         target = Path.expand(target, Path.dirname(full)),
         true <- inside?(target, root) || :outside do
      case regular(root, target, shown, links - 1) do
        :missing -> {:error, "#{shown}: a broken symlink; skipped"}
        other -> other
      end
    else
      :outside ->
        {:error, "#{shown}: a symlink leading out of the project; not followed"}

      {:error, reason} ->
        {:error, "#{shown}: cannot be read (#{:file.format_error(reason)}); skipped"}
    end
  end

  defp inside?(path, root) do
    root = Path.expand(root)
    path == root or String.starts_with?(path, root <> "/")
  end

  defp read_text(full, shown) do
    case File.read(full) do
      {:ok, text} ->
        if String.valid?(text),
          do: {:ok, text},
          else: {:error, "#{shown}: not UTF-8 text; skipped"}

      {:error, reason} ->
        {:error, "#{shown}: cannot be read (#{:file.format_error(reason)}); skipped"}
    end
  end

  @doc """
  The files under `dirs` (relative to `root`) whose name ends with `suffix`,
  relative to `root` and sorted, never under a directory named in `skipped`,
  and the warnings of directories that could not be listed or were not
  entered. Symlinks ending with `suffix` are listed; `read/3` vets them.
  """
  @spec list(Path.t(), [Path.t()], String.t(), [String.t()]) :: {[Path.t()], [String.t()]}
  def list(root, dirs, suffix, skipped) do
    {files, warnings} = walk(Enum.map(dirs, &{&1, true}), root, suffix, skipped, [], [])
    {files |> Enum.sort() |> Enum.uniq(), Enum.reverse(warnings)}
  end

  # An explicit stack: the depth of the host's directories costs no recursion.
  defp walk([], _root, _suffix, _skipped, files, warnings), do: {files, warnings}

  defp walk([{dir, top?} | rest], root, suffix, skipped, files, warnings) do
    full = Path.join(root, dir)

    case {File.lstat(full), top?} do
      {{:ok, %File.Stat{type: :directory}}, _} ->
        case File.ls(full) do
          {:ok, names} ->
            {dirs, files} = entries(dir, full, Enum.sort(names), suffix, skipped, files)
            walk(dirs ++ rest, root, suffix, skipped, files, warnings)

          {:error, reason} ->
            warning = "#{dir}: cannot be listed (#{:file.format_error(reason)}); skipped"
            walk(rest, root, suffix, skipped, files, [warning | warnings])
        end

      {{:ok, %File.Stat{type: :symlink}}, false} ->
        warning = "#{dir}: a symlinked directory; not entered"
        walk(rest, root, suffix, skipped, files, [warning | warnings])

      {{:ok, %File.Stat{type: :symlink}}, true} ->
        # A configured path (elixirc_paths) may itself be a link: resolve it once.
        case File.read_link(full) do
          {:ok, target} ->
            target = Path.relative_to(Path.expand(target, Path.dirname(full)), Path.expand(root))

            if Path.type(target) == :relative and not String.starts_with?(target, ".."),
              do: walk([{target, false} | rest], root, suffix, skipped, files, warnings),
              else: walk(rest, root, suffix, skipped, files, warnings)

          _ ->
            walk(rest, root, suffix, skipped, files, warnings)
        end

      {{:ok, %File.Stat{type: :regular}}, true} ->
        files = if String.ends_with?(dir, suffix), do: [dir | files], else: files
        walk(rest, root, suffix, skipped, files, warnings)

      _ ->
        walk(rest, root, suffix, skipped, files, warnings)
    end
  end

  defp entries(dir, full, names, suffix, skipped, files) do
    Enum.reduce(Enum.reverse(names), {[], files}, fn name, {dirs, files} ->
      path = Path.join(dir, name)

      case File.lstat(Path.join(full, name)) do
        {:ok, %File.Stat{type: :directory}} ->
          if name in skipped, do: {dirs, files}, else: {[{path, false} | dirs], files}

        {:ok, %File.Stat{type: :symlink}} ->
          cond do
            String.ends_with?(name, suffix) -> {dirs, [path | files]}
            File.dir?(Path.join(full, name)) -> {[{path, false} | dirs], files}
            true -> {dirs, files}
          end

        {:ok, %File.Stat{}} ->
          if String.ends_with?(name, suffix), do: {dirs, [path | files]}, else: {dirs, files}

        _ ->
          {dirs, files}
      end
    end)
  end
end
