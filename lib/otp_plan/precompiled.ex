defmodule OtpPlan.Precompiled do
  @moduledoc false
  # Precompiled NIFs, named as rustler_precompiled names them so the usual
  # release workflows fit: `lib<crate>-v<version>-nif-<nif version>-<target>.so.tar.gz`
  # (no `lib` and `.dll` on Windows), a tarball holding that library without
  # `.tar.gz`. The package ships the SHA-256 of every tarball in @checksum_file;
  # nothing is installed unless the download matches it.

  @crate "otp_plan_nif"
  # native/otp_plan_nif enables rustler's `nif_version_2_15`: one build loads on
  # every VM with NIF 2.15 or newer (OTP 22+).
  @nif_version "2.15"
  @checksum_file "checksum-Elixir.OtpPlan.Native.exs"
  # The build matrix of .github/workflows/release.yml.
  @targets ~w(
    aarch64-apple-darwin x86_64-apple-darwin
    aarch64-unknown-linux-gnu aarch64-unknown-linux-musl
    x86_64-unknown-linux-gnu x86_64-unknown-linux-musl
    x86_64-pc-windows-msvc
  )

  def nif_version, do: @nif_version
  def checksum_file, do: @checksum_file
  def targets, do: @targets

  @doc "The release tarball for `target`."
  def file_name(version, target), do: lib_name(version, target) <> ".tar.gz"

  @doc "The library inside that tarball."
  def lib_name(version, target) do
    if String.contains?(target, "windows") do
      "#{@crate}-v#{version}-nif-#{@nif_version}-#{target}.dll"
    else
      "lib#{@crate}-v#{version}-nif-#{@nif_version}-#{target}.so"
    end
  end

  @doc "This machine's Rust target triple, from the VM's system architecture."
  def target do
    arch = :erlang.system_info(:system_architecture) |> List.to_string()
    target(arch, System.get_env("PROCESSOR_ARCHITECTURE"))
  end

  @doc false
  # "x86_64-pc-linux-gnu" -> "x86_64-unknown-linux-gnu",
  # "aarch64-apple-darwin23.1.0" -> "aarch64-apple-darwin"; Windows says only "win32".
  def target("win32", "ARM64"), do: "aarch64-pc-windows-msvc"
  def target("win32", _processor), do: "x86_64-pc-windows-msvc"

  def target(arch, _processor) do
    [cpu | rest] = String.split(arch, "-")
    cpu = %{"amd64" => "x86_64", "arm64" => "aarch64"}[cpu] || cpu

    cond do
      Enum.any?(rest, &String.starts_with?(&1, "darwin")) -> "#{cpu}-apple-darwin"
      "linux" in rest -> "#{cpu}-unknown-linux-#{List.last(rest)}"
      true -> arch
    end
  end

  @doc "Where the release's tarballs are: `OTP_PLAN_BASE_URL`, or the GitHub release."
  def base_url do
    config = Mix.Project.config()

    System.get_env("OTP_PLAN_BASE_URL") ||
      "#{config[:source_url]}/releases/download/v#{config[:version]}"
  end

  def url(base_url, file), do: String.trim_trailing(base_url, "/") <> "/" <> file

  @doc """
  What to fetch for `target` from the release at `base_url`, with the SHA-256
  that the checksum file in `root` expects; raises when the release has no
  build for `target`.
  """
  def release!(root, version, base_url, target \\ target()) do
    file = file_name(version, target)

    case Map.fetch(read_checksums!(Path.join(root, @checksum_file)), file) do
      {:ok, "sha256:" <> sha256} ->
        %{
          file: file,
          lib: lib_name(version, target),
          url: url(base_url, file),
          sha256: sha256
        }

      :error ->
        Mix.raise(
          "otp_plan v#{version} has no precompiled NIF for #{target} (NIF #{@nif_version}). " <>
            source_fix()
        )
    end
  end

  @doc """
  Installs `release`'s library as `dest`: from `cache_dir` when a verified
  copy is there (so it works offline), else downloaded. The tarball's SHA-256
  is checked before anything is written.
  """
  def install!(release, dest, cache_dir) do
    cached = Path.join(cache_dir, release.file)

    tarball =
      case File.read(cached) do
        {:ok, bytes} when bytes != "" ->
          if sha256(bytes) == release.sha256, do: bytes, else: download!(release)

        _missing ->
          download!(release)
      end

    lib = extract!(tarball, release)
    File.mkdir_p!(cache_dir)
    File.write!(cached, tarball)
    # A loaded shared object must never be overwritten in place.
    File.mkdir_p!(Path.dirname(dest))
    File.rm(dest)
    File.write!(dest, lib)
  end

  defp download!(release) do
    Mix.shell().info("Downloading precompiled otp_plan NIF #{release.url}")

    bytes =
      case get(release.url) do
        {:ok, bytes} ->
          bytes

        {:error, reason} ->
          Mix.raise(
            "Could not download the otp_plan NIF #{release.url} (#{reason}): " <>
              "check the network. " <> source_fix()
          )
      end

    case sha256(bytes) do
      same when same == release.sha256 ->
        bytes

      other ->
        Mix.raise(
          "Checksum mismatch for #{release.url}: SHA-256 #{other}, " <>
            "#{@checksum_file} expects #{release.sha256}; nothing was installed. " <> source_fix()
        )
    end
  end

  defp extract!(tarball, release) do
    case :erl_tar.extract({:binary, tarball}, [:compressed, :memory]) do
      {:ok, files} ->
        Enum.find_value(files, fn {name, bytes} ->
          List.to_string(name) == release.lib && bytes
        end) ||
          Mix.raise("#{release.file} does not hold #{release.lib}; nothing was installed")

      {:error, reason} ->
        Mix.raise(
          "#{release.file} is not a gzipped tar (#{inspect(reason)}); nothing was installed"
        )
    end
  end

  @doc """
  GETs `url` with OTP's own HTTP client: `{:ok, body} | {:error, why}`. For
  https the peer's certificate and host name are checked against the OS's CA store.
  """
  def get(url) do
    start_httpc()
    options = [connect_timeout: 15_000, timeout: 120_000, ssl: ssl_options()]
    request = {String.to_charlist(url), [{~c"user-agent", ~c"otp_plan"}]}

    case :httpc.request(:get, request, options, [body_format: :binary], :otp_plan) do
      {:ok, {{_, 200, _}, _headers, body}} -> {:ok, body}
      {:ok, {{_, status, _}, _headers, _body}} -> {:error, "HTTP #{status}"}
      {:error, reason} -> {:error, reason |> unwrap() |> inspect()}
    end
  end

  # Our own httpc profile, so that its proxy settings touch nothing else in Mix.
  defp start_httpc do
    {:ok, _} = Application.ensure_all_started(:inets)
    {:ok, _} = Application.ensure_all_started(:ssl)

    # A fresh profile each time: one keeps the proxies it was given last.
    :inets.stop(:httpc, :otp_plan)
    {:ok, _} = :inets.start(:httpc, profile: :otp_plan)
    :ok = :httpc.set_options(proxy_options(), :otp_plan)
  end

  # HTTP_PROXY and HTTPS_PROXY (or lowercase) as curl reads them; NO_PROXY
  # lists the hosts reached directly.
  defp proxy_options do
    no_proxy =
      for host <- String.split(env("NO_PROXY") || "", ",", trim: true),
          do: host |> String.trim() |> String.to_charlist()

    for {option, var} <- [proxy: "HTTP_PROXY", https_proxy: "HTTPS_PROXY"],
        url = env(var),
        %URI{host: host, port: port} when is_binary(host) <- [URI.parse(url)] do
      {option, {{String.to_charlist(host), port}, no_proxy}}
    end
  end

  defp env(name), do: System.get_env(name) || System.get_env(String.downcase(name))

  defp ssl_options do
    [
      verify: :verify_peer,
      cacerts: os_cacerts(),
      depth: 4,
      customize_hostname_check: [match_fun: :public_key.pkix_verify_hostname_match_fun(:https)]
    ]
  end

  # No readable OS store: an empty one fails every https handshake (one clear
  # "could not download" line) rather than trusting the server.
  defp os_cacerts do
    :public_key.cacerts_get()
  rescue
    _ -> []
  end

  # {:failed_connect, [{:to_address, _}, {:inet, _, :econnrefused}]} -> :econnrefused
  defp unwrap({:failed_connect, details}) do
    Enum.find_value(details, details, fn
      {:inet, _, reason} -> reason
      _ -> nil
    end)
  end

  defp unwrap(reason), do: reason

  defp source_fix do
    if System.find_executable("cargo") do
      "Build it from source: run again with OTP_PLAN_BUILD=1"
    else
      "`cargo` is not on PATH. Install Rust #{Mix.Tasks.Compile.OtpPlanNif.min_rust()} " <>
        "or newer with rustup (https://rustup.rs) and run again with OTP_PLAN_BUILD=1 to build it from source"
    end
  end

  def sha256(bytes), do: :crypto.hash(:sha256, bytes) |> Base.encode16(case: :lower)

  @doc """
  The checksum file: a literal map of tarball names to `"sha256:<hex>"`, the
  format rustler_precompiled writes. Read as data, never evaluated.
  """
  def read_checksums!(path) do
    with {:ok, text} <- File.read(path),
         {:ok, {:%{}, _, pairs}} <- Code.string_to_quoted(text),
         true <- Enum.all?(pairs, &match?({name, "sha256:" <> _} when is_binary(name), &1)) do
      Map.new(pairs)
    else
      _ ->
        Mix.raise(
          "#{path} is missing or not a map of tarball names to \"sha256:<hex>\"; " <>
            "write it with `mix otp_plan.checksum`"
        )
    end
  end

  def write_checksums!(path, checksums) do
    lines = for {name, sum} <- Enum.sort(checksums), do: ~s(  "#{name}" => "#{sum}",\n)

    File.write!(path, [
      "# SHA-256 of each precompiled NIF of this version, written by `mix otp_plan.checksum`.\n",
      "%{\n",
      lines,
      "}\n"
    ])
  end
end
