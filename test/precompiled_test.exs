defmodule OtpPlan.PrecompiledTest do
  # Precompiled NIFs served from a loopback HTTP server: this machine's NIF as a
  # release tarball, installed into a Hex-style dependency without Rust.
  use ExUnit.Case

  alias OtpPlan.Precompiled
  alias OtpPlan.Test.{Host, Package}

  @moduletag :tmp_dir
  @moduletag timeout: 600_000
  @version Mix.Project.config()[:version]
  @no_cargo_path "/usr/local/bin:/usr/bin:/bin"

  setup %{tmp_dir: tmp} do
    Mix.shell(Mix.Shell.Process)
    on_exit(fn -> Mix.shell(Mix.Shell.IO) end)
    release = Path.join(tmp, "release")
    File.mkdir_p!(release)
    %{tarball: Package.tarball!(release), release: release}
  end

  @tag :e2e
  test "good checksum, no Rust: downloaded, installed, loads and plans; then offline from the cache",
       %{tmp_dir: tmp, tarball: tarball, release: release} do
    refute Enum.any?(String.split(@no_cargo_path, ":"), &File.exists?(Path.join(&1, "cargo")))
    base_url = Package.serve!(release)
    host = Host.copy!(Path.join(Host.root(), "test/e2e/path_host"), "precompiled_host")
    dep = Package.unpack!(Path.join(host, "deps/otp_plan"))
    write_checksums!(dep, %{Path.basename(tarball) => sha256(tarball)})

    env = [
      {"OTP_PLAN_PATH", dep},
      {"OTP_PLAN_BASE_URL", base_url},
      {"OTP_PLAN_CACHE_DIR", Path.join(tmp, "cache")},
      {"PATH", @no_cargo_path}
    ]

    assert {output, 0} = Host.mix(host, ["plan.create", "OTP supervision tree"], env)
    assert output =~ "Downloading precompiled otp_plan NIF #{base_url}/#{Path.basename(tarball)}"
    refute output =~ "cargo"
    assert File.read!(Path.join(host, "PLANNING.md")) =~ "# Planning: path_host"

    installed = Path.join(dep, "priv/native/libotp_plan_nif.so")

    assert File.read!(installed) ==
             File.read!(Path.join(Host.root(), "priv/native/libotp_plan_nif.so"))

    assert File.read!(Path.join([tmp, "cache", Path.basename(tarball)])) == File.read!(tarball)

    # Offline: the verified copy in the cache installs it again.
    File.rm!(installed)

    offline =
      List.keystore(env, "OTP_PLAN_BASE_URL", 0, {"OTP_PLAN_BASE_URL", Package.closed_url()})

    assert {output, 0} = Host.mix(host, ["compile"], offline)
    refute output =~ "Downloading"
    assert File.exists?(installed)
  end

  test "bad checksum: one line naming both sums, nothing installed or cached",
       %{tmp_dir: tmp, tarball: tarball, release: release} do
    base_url = Package.serve!(release)
    wrong = String.duplicate("0", 64)
    write_checksums!(tmp, %{Path.basename(tarball) => "sha256:" <> wrong})
    release = Precompiled.release!(tmp, @version, base_url)
    dest = Path.join(tmp, "priv/native/libotp_plan_nif.so")

    error =
      assert_raise Mix.Error, fn ->
        Precompiled.install!(release, dest, Path.join(tmp, "cache"))
      end

    assert error.message =~
             "Checksum mismatch for #{base_url}/#{Path.basename(tarball)}: " <>
               "SHA-256 #{Precompiled.sha256(File.read!(tarball))}, " <>
               "checksum-Elixir.OtpPlan.Native.exs expects #{wrong}; nothing was installed"

    refute error.message =~ "\n"
    refute File.exists?(dest)
    refute File.exists?(Path.join(tmp, "cache"))
  end

  test "a cached tarball that does not match is downloaded again",
       %{tmp_dir: tmp, tarball: tarball, release: release} do
    base_url = Package.serve!(release)
    write_checksums!(tmp, %{Path.basename(tarball) => sha256(tarball)})
    cached = Path.join([tmp, "cache", Path.basename(tarball)])
    File.mkdir_p!(Path.dirname(cached))
    File.write!(cached, "tampered")
    dest = Path.join(tmp, "libotp_plan_nif.so")

    Precompiled.install!(
      Precompiled.release!(tmp, @version, base_url),
      dest,
      Path.dirname(cached)
    )

    assert_received {:mix_shell, :info, ["Downloading precompiled otp_plan NIF " <> _]}
    assert File.read!(cached) == File.read!(tarball)

    assert File.read!(dest) ==
             File.read!(Path.join(Host.root(), "priv/native/libotp_plan_nif.so"))
  end

  test "server down: one line that names OTP_PLAN_BUILD=1", %{tmp_dir: tmp, tarball: tarball} do
    write_checksums!(tmp, %{Path.basename(tarball) => sha256(tarball)})
    release = Precompiled.release!(tmp, @version, Package.closed_url())
    dest = Path.join(tmp, "libotp_plan_nif.so")

    error =
      assert_raise Mix.Error, fn ->
        Precompiled.install!(release, dest, Path.join(tmp, "cache"))
      end

    assert error.message =~ "Could not download the otp_plan NIF #{release.url} (:econnrefused)"
    assert error.message =~ "run again with OTP_PLAN_BUILD=1"
    refute error.message =~ "\n"
    refute File.exists?(dest)
  end

  test "HTTP_PROXY: the download goes through the proxy", %{tmp_dir: tmp, tarball: tarball} do
    write_checksums!(tmp, %{Path.basename(tarball) => sha256(tarball)})
    {:ok, listen} = :gen_tcp.listen(0, ip: {127, 0, 0, 1}, mode: :binary, active: false)
    {:ok, port} = :inet.port(listen)
    proxy = Task.async(fn -> proxy_once(listen, File.read!(tarball)) end)
    System.put_env("HTTP_PROXY", "http://127.0.0.1:#{port}")
    on_exit(fn -> System.delete_env("HTTP_PROXY") end)

    release = Precompiled.release!(tmp, @version, "http://releases.invalid/v#{@version}")
    dest = Path.join(tmp, "libotp_plan_nif.so")
    Precompiled.install!(release, dest, Path.join(tmp, "cache"))

    assert Task.await(proxy) =~ "GET #{release.url} HTTP/1.1"

    assert File.read!(dest) ==
             File.read!(Path.join(Host.root(), "priv/native/libotp_plan_nif.so"))
  end

  test "a target the release did not build: named, with the fix", %{tmp_dir: tmp} do
    write_checksums!(tmp, %{
      Precompiled.file_name(@version, "x86_64-unknown-freebsd") => "sha256:00"
    })

    error =
      assert_raise Mix.Error, fn ->
        Precompiled.release!(tmp, @version, "http://127.0.0.1:1", "riscv64gc-unknown-linux-gnu")
      end

    assert error.message =~
             "otp_plan v#{@version} has no precompiled NIF for riscv64gc-unknown-linux-gnu (NIF 2.15)"

    assert error.message =~ "OTP_PLAN_BUILD=1"
  end

  test "the VM's architecture names rustler_precompiled's targets" do
    assert Precompiled.target("x86_64-pc-linux-gnu", nil) == "x86_64-unknown-linux-gnu"
    assert Precompiled.target("aarch64-unknown-linux-gnu", nil) == "aarch64-unknown-linux-gnu"
    assert Precompiled.target("x86_64-alpine-linux-musl", nil) == "x86_64-unknown-linux-musl"
    assert Precompiled.target("aarch64-apple-darwin23.1.0", nil) == "aarch64-apple-darwin"
    assert Precompiled.target("x86_64-apple-darwin21.6.0", nil) == "x86_64-apple-darwin"
    assert Precompiled.target("win32", "AMD64") == "x86_64-pc-windows-msvc"

    assert Precompiled.file_name("0.1.0", "x86_64-unknown-linux-musl") ==
             "libotp_plan_nif-v0.1.0-nif-2.15-x86_64-unknown-linux-musl.so.tar.gz"

    assert Precompiled.file_name("0.1.0", "x86_64-pc-windows-msvc") ==
             "otp_plan_nif-v0.1.0-nif-2.15-x86_64-pc-windows-msvc.dll.tar.gz"
  end

  test "the NIF version in the names is the one the crate is built for" do
    cargo = File.read!(Path.join(Host.root(), "native/otp_plan_nif/Cargo.toml"))
    assert cargo =~ ~s("nif_version_#{String.replace(Precompiled.nif_version(), ".", "_")}")
  end

  test "mix otp_plan.checksum writes every target's sum from a directory or a server",
       %{tmp_dir: tmp} do
    dir = Path.join(tmp, "tarballs")
    File.mkdir_p!(dir)
    files = Enum.map(Precompiled.targets(), &Precompiled.file_name(@version, &1))
    for file <- files, do: File.write!(Path.join(dir, file), "bytes of #{file}")
    expected = Map.new(files, &{&1, "sha256:" <> Precompiled.sha256("bytes of #{&1}")})
    out = Path.join(tmp, "out")
    File.mkdir_p!(out)

    File.cd!(out, fn -> Mix.Tasks.OtpPlan.Checksum.run(["--dir", dir]) end)
    checksum_file = Path.join(out, Precompiled.checksum_file())
    assert Precompiled.read_checksums!(checksum_file) == expected

    # From a server that misses one target: the file is left as it was.
    File.rm!(Path.join(dir, hd(files)))
    base_url = Package.serve!(dir)

    error =
      assert_raise Mix.Error, fn ->
        File.cd!(out, fn -> Mix.Tasks.OtpPlan.Checksum.run(["--base-url", base_url]) end)
      end

    assert error.message == "No checksum file written: missing #{hd(files)} (HTTP 404)"
    assert Precompiled.read_checksums!(checksum_file) == expected
  end

  test "the shipped checksum file: empty before a release, else every target of this version" do
    sums = Precompiled.read_checksums!(Path.join(Host.root(), Precompiled.checksum_file()))
    all = Enum.map(Precompiled.targets(), &Precompiled.file_name(@version, &1))
    assert sums == %{} or Enum.sort(Map.keys(sums)) == Enum.sort(all)
  end

  @yaml_check "import sys, yaml; jobs = yaml.safe_load(open(sys.argv[1]))['jobs']; " <>
                "print(' '.join(j['target'] for j in jobs['build']['strategy']['matrix']['include']))"
  @has_yaml System.find_executable("python3") &&
              match?({_, 0}, System.cmd("python3", ["-c", "import yaml"], stderr_to_stdout: true))

  @tag skip: not @has_yaml && "needs python3 with PyYAML (Debian: python3-yaml)"
  test "the release workflow parses as YAML and builds every target" do
    workflow = Path.join(Host.root(), ".github/workflows/release.yml")
    assert {targets, 0} = System.cmd("python3", ["-c", @yaml_check, workflow])
    assert Enum.sort(String.split(targets)) == Enum.sort(Precompiled.targets())
  end

  # A forward proxy that answers one request itself; returns the request's head.
  defp proxy_once(listen, body) do
    {:ok, socket} = :gen_tcp.accept(listen, 10_000)
    {:ok, head} = read_head(socket, "")

    response =
      "HTTP/1.1 200 OK\r\ncontent-length: #{byte_size(body)}\r\nconnection: close\r\n\r\n"

    :ok = :gen_tcp.send(socket, [response, body])
    :gen_tcp.close(socket)
    head
  end

  defp read_head(socket, acc) do
    if String.contains?(acc, "\r\n\r\n") do
      {:ok, acc}
    else
      with {:ok, data} <- :gen_tcp.recv(socket, 0, 10_000), do: read_head(socket, acc <> data)
    end
  end

  defp sha256(path), do: "sha256:" <> Precompiled.sha256(File.read!(path))

  defp write_checksums!(dir, sums),
    do: Precompiled.write_checksums!(Path.join(dir, Precompiled.checksum_file()), sums)
end
