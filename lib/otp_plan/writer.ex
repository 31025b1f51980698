defmodule OtpPlan.Writer do
  @moduledoc false
  # Writes the plan so that nothing else is ever touched and nothing is left
  # half-written:
  #
  #   * the target must not be one of the project's inputs (mix.exs, mix.lock,
  #     config/, source, PRD.md, CLAUDE.md), a directory or a symlink, and a
  #     target inside the project must not resolve outside it;
  #   * the text goes to a temporary file created exclusively, with a random
  #     name, beside the target (O_EXCL: never through a symlink), then takes
  #     the target's place in one step: rename with --force, a hard link
  #     otherwise, which fails if a plan appeared meanwhile (two runs at once:
  #     the second refuses instead of replacing the first one's plan);
  #   * the temporary file is removed on every failure; one left by a run that
  #     was killed (kill -9) is removed by the next run, once it is a minute old
  #     (a live run's lasts milliseconds).
  #
  # Every failure is `{:error, message}`: what, which file, what to do.

  # Inputs by name, anywhere in the project.
  @input_files ~w(mix.exs mix.lock)
  @source_extensions ~w(.ex .exs .erl .hrl .eex .heex .leex .sface)
  # Inputs by directory, at the root.
  @input_dirs ~w(config lib apps src deps _build)

  @doc """
  Checks that `path` may receive the plan, before any work is done. `inputs`
  are the paths of the documents read (PRD, CLAUDE.md).
  """
  @spec check(Path.t(), Path.t(), [Path.t()], boolean) :: :ok | {:error, String.t()}
  def check(path, root, inputs, force?) do
    shown = Path.relative_to(path, root)

    cond do
      input?(path, root, inputs) or input?(resolved(path), resolve(root), inputs) ->
        {:error,
         "#{shown} is one of the project's inputs; otp_plan never writes there: choose another -o"}

      match?({:ok, %{type: :symlink}}, File.lstat(path)) ->
        {:error,
         "#{shown} is a symlink; otp_plan does not write through links: remove it or choose another -o"}

      File.dir?(path) ->
        {:error,
         "#{shown} is a directory: choose a file, e.g. -o #{Path.join(shown, "PLANNING.md")}"}

      special?(path) ->
        {:error, "#{shown} is not a regular file (a device or FIFO): choose another -o"}

      escapes?(path, root) ->
        {:error,
         "#{shown} resolves outside the project through a symlinked directory; choose another -o"}

      File.exists?(path) and not force? ->
        {:error, "#{shown} already exists; pass --force to replace it"}

      true ->
        :ok
    end
  end

  @doc "Writes `text` to `path` (see the moduledoc); `check/4` first."
  @spec write(Path.t(), String.t(), Path.t(), boolean) :: :ok | {:error, String.t()}
  def write(path, text, root, force?) do
    shown = Path.relative_to(path, root)
    dir = Path.dirname(path)

    with :ok <- mkdir(dir, root),
         :ok <- remove_stale(dir, shown),
         {:ok, tmp} <- temp(dir, text, shown) do
      result = place(tmp, path, shown, force?)
      File.rm(tmp)
      result
    end
  end

  defp input?(path, root, inputs) do
    relative = Path.relative_to(path, root)

    Path.basename(path) in @input_files or
      Path.extname(path) in @source_extensions or
      hd(Path.split(relative)) in @input_dirs or
      Enum.any?(inputs, &(Path.expand(&1, root) == path)) or
      Enum.any?(inputs, &String.starts_with?(path, Path.expand(&1, root) <> "/"))
  end

  defp special?(path) do
    case File.lstat(path) do
      {:ok, %{type: type}} -> type not in [:regular, :directory, :symlink]
      {:error, _} -> false
    end
  end

  # A target inside the project whose directory resolves outside it.
  defp escapes?(path, root) do
    inside?(path, root) and not inside?(resolve(Path.dirname(path)), resolve(root))
  end

  defp inside?(path, root), do: path == root or String.starts_with?(path, root <> "/")

  defp resolved(path), do: Path.join(resolve(Path.dirname(path)), Path.basename(path))

  # The path with every symlink resolved, as far as it exists.
  defp resolve(path), do: resolve(Path.split(path), "/", 0)

  defp resolve(_parts, _done, 40), do: "/"
  defp resolve([], done, _hops), do: done

  defp resolve([part | rest], done, hops) do
    next = Path.join(done, part)

    case :file.read_link_all(next) do
      {:ok, target} ->
        resolve(Path.split(Path.expand(to_string(target), done)) ++ rest, "/", hops + 1)

      {:error, _not_a_link} ->
        resolve(rest, next, hops)
    end
  end

  defp mkdir(dir, root) do
    case File.mkdir_p(dir) do
      :ok ->
        :ok

      {:error, reason} ->
        {:error,
         "cannot create the directory #{Path.relative_to(dir, root)} (#{describe(reason)}); " <>
           "choose another -o"}
    end
  end

  defp temp_name(dir, shown, random), do: Path.join(dir, ".#{Path.basename(shown)}.#{random}.tmp")

  defp remove_stale(dir, shown) do
    minute_ago = System.os_time(:second) - 60

    for tmp <- Path.wildcard(temp_name(dir, shown, "*"), match_dot: true),
        match?(
          {:ok, %{type: :regular, mtime: t}} when t < minute_ago,
          File.lstat(tmp, time: :posix)
        ) do
      File.rm(tmp)
    end

    :ok
  end

  defp temp(dir, text, shown) do
    tmp = temp_name(dir, shown, random())

    case :file.open(tmp, [:write, :exclusive, :binary, :raw]) do
      {:ok, io} ->
        result = with :ok <- :file.write(io, text), do: :file.datasync(io)
        closed = :file.close(io)

        case {result, closed} do
          {:ok, :ok} ->
            {:ok, tmp}

          {error, _} ->
            File.rm(tmp)
            {:error, write_error(error, closed, shown)}
        end

      {:error, reason} ->
        {:error, "cannot write #{shown} (#{describe(reason)}): #{fix(reason)}"}
    end
  end

  defp write_error(:ok, {:error, reason}, shown), do: write_error({:error, reason}, :ok, shown)

  defp write_error({:error, reason}, _closed, shown) do
    "cannot write #{shown} (#{describe(reason)}): #{fix(reason)}; nothing was changed"
  end

  defp place(tmp, path, shown, true = _force) do
    case :file.rename(tmp, path) do
      :ok ->
        :ok

      {:error, reason} ->
        {:error, "cannot replace #{shown} (#{describe(reason)}): #{fix(reason)}"}
    end
  end

  defp place(tmp, path, shown, false) do
    case :file.make_link(tmp, path) do
      :ok ->
        :ok

      {:error, :eexist} ->
        {:error, "#{shown} already exists; pass --force to replace it"}

      # No hard links on this file system: the check before is all we have.
      {:error, reason} when reason in [:eperm, :enotsup, :exdev] ->
        place(tmp, path, shown, true)

      {:error, reason} ->
        {:error, "cannot write #{shown} (#{describe(reason)}): #{fix(reason)}"}
    end
  end

  defp random, do: 8 |> :rand.bytes() |> Base.url_encode64(padding: false)

  defp describe(reason), do: :file.format_error(reason) |> to_string()

  defp fix(:enospc), do: "free some disk space and run it again"
  defp fix(:edquot), do: "free some disk space and run it again"
  defp fix(:eacces), do: "make the directory writable or choose another -o"
  defp fix(:erofs), do: "choose another -o on a writable file system"
  defp fix(:enotdir), do: "a part of the path is a file: choose another -o"
  defp fix(_reason), do: "check the path or choose another -o"
end
