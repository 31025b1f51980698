defmodule Mix.Tasks.Compile.OtpPlanNif do
  @moduledoc """
  Installs otp_plan's Rust NIF as `priv/native/libotp_plan_nif.so`: built
  from source with `cargo build --release`, or downloaded precompiled.

  Which one, in this order:

    * `OTP_PLAN_BUILD=1` (or `true`): built from source with cargo.
    * otp_plan came from Hex (its directory has the `hex_metadata.config` that
      `mix deps.get` writes), or `cargo` is not on PATH: the precompiled NIF
      for this machine is downloaded.
    * otherwise (a git checkout or path dependency, cargo on PATH): built from
      source. This is how otp_plan's own dev and test builds always run.

  The precompiled NIF comes from `OTP_PLAN_BASE_URL` (default: the GitHub
  release `v<version>` of the source repository), named as rustler_precompiled
  names it (`libotp_plan_nif-v<version>-nif-2.15-<target>.so.tar.gz`). Its
  SHA-256 must match `checksum-Elixir.OtpPlan.Native.exs` in the package, or
  nothing is installed. Downloads are kept in `OTP_PLAN_CACHE_DIR` (default:
  the user cache directory, `~/.cache/otp_plan` on Linux); a verified copy
  there is used without the network. `HTTPS_PROXY`, `HTTP_PROXY` and
  `NO_PROXY` are honoured; https certificates are checked against the OS store.

  A source build runs cargo only when the Rust sources changed since the last
  build (a digest of `Cargo.toml`, `Cargo.lock` and `native/**` is kept in the
  manifest), so a second `mix compile` costs nothing. The cargo target
  directory lives under the build path (`_build/<env>/otp_plan_native`); set
  `CARGO_TARGET_DIR` to share one between builds.

  Listed in `:compilers` after Elixir's own, so it also runs when otp_plan is
  compiled as a dependency of another project.
  """
  use Mix.Task.Compiler

  alias OtpPlan.Precompiled

  @library "otp_plan_nif"
  @min_rust "1.91"

  @impl true
  def run(_args) do
    root = File.cwd!()
    installed = installed_path(root)

    how =
      if source_build?(root) do
        :source
      else
        Precompiled.release!(root, Mix.Project.config()[:version], Precompiled.base_url())
      end

    digest = digest(how, root)

    if File.exists?(installed) and read_manifest() == digest do
      {:noop, []}
    else
      install(how, root, installed)
      reload_native()
      write_manifest(digest)
      {:ok, []}
    end
  end

  defp source_build?(root) do
    System.get_env("OTP_PLAN_BUILD") in ~w(1 true) or
      (not File.exists?(Path.join(root, "hex_metadata.config")) and
         System.find_executable("cargo") != nil)
  end

  @doc false
  def min_rust, do: @min_rust

  @impl true
  def manifests, do: [manifest()]

  @impl true
  def clean do
    File.rm(manifest())
    File.rm(installed_path(File.cwd!()))
  end

  defp build(root) do
    cargo = System.find_executable("cargo") || raise_no_cargo()
    Mix.shell().info("Compiling otp_plan NIF with cargo (release)")

    args = [
      "build",
      "--release",
      "--package",
      @library,
      "--manifest-path",
      Path.join(root, "Cargo.toml")
    ]

    case System.cmd(cargo, args,
           env: [{"CARGO_TARGET_DIR", target_dir()}],
           stderr_to_stdout: true,
           into: IO.stream()
         ) do
      {_, 0} ->
        :ok

      {_, status} ->
        Mix.raise("cargo build of the otp_plan NIF failed (exit #{status}); see its output above")
    end
  end

  defp raise_no_cargo do
    Mix.raise(
      "otp_plan builds a Rust NIF but `cargo` is not on PATH. " <>
        "Install Rust #{@min_rust} or newer with rustup (https://rustup.rs) and run `mix compile` again"
    )
  end

  defp install(:source, root, installed) do
    build(root)
    # A loaded shared object must never be overwritten in place (the VM would
    # crash on its next call into it): remove the old file, then copy.
    File.mkdir_p!(Path.dirname(installed))
    File.rm(installed)
    File.cp!(built_path(), installed)
  end

  defp install(release, _root, installed) do
    cache = System.get_env("OTP_PLAN_CACHE_DIR") || :filename.basedir(:user_cache, "otp_plan")
    Precompiled.install!(release, installed, cache)
  end

  # This VM loaded OtpPlan.Native when Elixir compiled it, before the library
  # existed. Unload it so that its next call loads it again, NIF included.
  defp reload_native do
    :code.purge(OtpPlan.Native)
    :code.delete(OtpPlan.Native)
    :code.purge(OtpPlan.Native)
  end

  @doc false
  # Also used by the end-to-end tests, so hosts reuse this build.
  def target_dir do
    System.get_env("CARGO_TARGET_DIR") || Path.join(Mix.Project.build_path(), "otp_plan_native")
  end

  defp built_path do
    file =
      case :os.type() do
        {:win32, _} -> "#{@library}.dll"
        {:unix, :darwin} -> "lib#{@library}.dylib"
        {:unix, _} -> "lib#{@library}.so"
      end

    Path.join([target_dir(), "release", file])
  end

  defp installed_path(root) do
    ext = if match?({:win32, _}, :os.type()), do: "dll", else: "so"
    Path.join([root, "priv", "native", "lib#{@library}.#{ext}"])
  end

  defp digest(:source, root) do
    files =
      [Path.join(root, "Cargo.toml"), Path.join(root, "Cargo.lock")] ++
        Path.wildcard(Path.join(root, "native/*/Cargo.toml")) ++
        Path.wildcard(Path.join(root, "native/*/src/**/*.rs"))

    files
    |> Enum.sort()
    |> Enum.map(fn file -> [file, 0, File.read!(file)] end)
    |> :erlang.md5()
    |> Base.encode16(case: :lower)
  end

  defp digest(release, _root), do: "precompiled " <> release.sha256

  defp manifest, do: Path.join(Mix.Project.manifest_path(), "compile.otp_plan_nif")

  defp read_manifest do
    case File.read(manifest()) do
      {:ok, digest} -> digest
      {:error, _} -> nil
    end
  end

  defp write_manifest(digest) do
    File.mkdir_p!(Path.dirname(manifest()))
    File.write!(manifest(), digest)
  end
end
