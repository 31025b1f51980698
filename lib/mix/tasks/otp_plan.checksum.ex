defmodule Mix.Tasks.OtpPlan.Checksum do
  @shortdoc "Writes the checksum file of otp_plan's precompiled NIFs"

  @moduledoc """
  Writes `checksum-Elixir.OtpPlan.Native.exs`, the SHA-256 of every
  precompiled NIF tarball of this version, for the Hex package to ship.
  Run it in otp_plan's own checkout once the release workflow has uploaded
  the tarballs, then publish.

      mix otp_plan.checksum                 # from the GitHub release v<version>
                                            # (or OTP_PLAN_BASE_URL)
      mix otp_plan.checksum --base-url URL  # from another server
      mix otp_plan.checksum --dir DIR       # from tarballs in a local directory

  Every target of the release matrix must be there (see
  `.github/workflows/release.yml`): a missing one stops the task, naming
  it, and the file is left as it was.
  """
  use Mix.Task

  alias OtpPlan.Precompiled

  @switches [base_url: :string, dir: :string]

  @impl true
  def run(args) do
    opts =
      case OptionParser.parse(args, strict: @switches) do
        {opts, [], []} -> opts
        _ -> Mix.raise("Usage: mix otp_plan.checksum [--base-url URL | --dir DIR]")
      end

    version = Mix.Project.config()[:version]
    read = reader(opts)

    {found, missing} =
      Precompiled.targets()
      |> Enum.map(&Precompiled.file_name(version, &1))
      |> Enum.map(&{&1, read.(&1)})
      |> Enum.split_with(fn {_file, result} -> match?({:ok, _}, result) end)

    if missing != [] do
      Mix.raise(
        "No checksum file written: missing " <>
          Enum.map_join(missing, ", ", fn {file, {:error, why}} -> "#{file} (#{why})" end)
      )
    end

    path = Path.join(File.cwd!(), Precompiled.checksum_file())

    sums =
      for {file, {:ok, bytes}} <- found,
          into: %{},
          do: {file, "sha256:" <> Precompiled.sha256(bytes)}

    Precompiled.write_checksums!(path, sums)
    Mix.shell().info("Wrote #{Path.relative_to_cwd(path)} (#{map_size(sums)} targets)")
  end

  defp reader(opts) do
    case {opts[:dir], opts[:base_url]} do
      {nil, url} ->
        url = url || Precompiled.base_url()
        &Precompiled.get(Precompiled.url(url, &1))

      {dir, nil} ->
        fn file ->
          case File.read(Path.join(dir, file)) do
            {:ok, bytes} -> {:ok, bytes}
            {:error, reason} -> {:error, :file.format_error(reason)}
          end
        end

      _both ->
        Mix.raise("Pass --base-url or --dir, not both")
    end
  end
end
