defmodule OtpPlan.Test.Package do
  @moduledoc false
  # otp_plan as Hex would ship it, and a loopback server for its precompiled NIF.

  alias OtpPlan.Precompiled
  alias OtpPlan.Test.Host

  @doc """
  The package's files, relative to the root, expanded the way `mix hex.build`
  does: each `package[:files]` entry is a wildcard (`*` skips dotfiles), and a
  directory it matches brings everything under it, dotfiles included, without
  following symlinks.
  """
  def files do
    root = Host.root()

    Mix.Project.config()[:package][:files]
    |> Enum.flat_map(&Path.wildcard(Path.join(root, &1)))
    |> Enum.flat_map(&dir_files/1)
    |> Enum.filter(&File.regular?/1)
    |> Enum.uniq()
    |> Enum.map(&Path.relative_to(&1, root))
    |> Enum.sort()
  end

  defp dir_files(path) do
    case File.lstat!(path) do
      %File.Stat{type: :directory} ->
        [path | path |> File.ls!() |> Enum.flat_map(&dir_files(Path.join(path, &1)))]

      _file ->
        [path]
    end
  end

  @doc """
  Lays the package out in `dir` (emptied first) as `mix deps.get` unpacks it:
  its files and the `hex_metadata.config` that marks a Hex dependency. Files
  keep their mtimes, so that cargo, given the same `dir` and target directory,
  rebuilds only what changed since the last run.
  """
  def unpack!(dir) do
    File.rm_rf!(dir)

    for file <- files() do
      source = Path.join(Host.root(), file)
      dest = Path.join(dir, file)
      File.mkdir_p!(Path.dirname(dest))
      File.cp!(source, dest)
      File.touch!(dest, File.stat!(source, time: :posix).mtime)
    end

    version = Mix.Project.config()[:version]

    File.write!(Path.join(dir, "hex_metadata.config"), """
    {<<"name">>,<<"otp_plan">>}.
    {<<"version">>,<<"#{version}">>}.
    """)

    dir
  end

  @doc "This machine's NIF as the release tarball for its target, written in `dir`."
  def tarball!(dir) do
    version = Mix.Project.config()[:version]
    target = Precompiled.target()
    lib = Path.join(Host.root(), "priv/native/libotp_plan_nif.so")
    tarball = Path.join(dir, Precompiled.file_name(version, target))

    :ok =
      :erl_tar.create(
        String.to_charlist(tarball),
        [{String.to_charlist(Precompiled.lib_name(version, target)), File.read!(lib)}],
        [:compressed]
      )

    tarball
  end

  @doc "Serves `dir` over HTTP on 127.0.0.1 until the test ends; returns its base URL."
  def serve!(dir) do
    {:ok, _} = Application.ensure_all_started(:inets)

    {:ok, pid} =
      :inets.start(:httpd,
        port: 0,
        bind_address: {127, 0, 0, 1},
        ipfamily: :inet,
        server_name: ~c"otp_plan_test",
        server_root: String.to_charlist(dir),
        document_root: String.to_charlist(dir)
      )

    ExUnit.Callbacks.on_exit(fn -> :inets.stop(:httpd, pid) end)
    "http://127.0.0.1:#{:httpd.info(pid)[:port]}"
  end

  @doc "A loopback URL where nothing listens."
  def closed_url do
    {:ok, socket} = :gen_tcp.listen(0, ip: {127, 0, 0, 1})
    {:ok, port} = :inet.port(socket)
    :ok = :gen_tcp.close(socket)
    "http://127.0.0.1:#{port}"
  end
end
