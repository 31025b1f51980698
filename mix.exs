defmodule OtpPlan.MixProject do
  use Mix.Project

  @version "0.1.0"
  @source_url "https://github.com/otp-plan/otp_plan"

  def project do
    [
      app: :otp_plan,
      version: @version,
      # Supported: Elixir 1.14+ on OTP 25+ (the precompiled NIF download uses
      # :public_key.cacerts_get/0, new in OTP 25).
      elixir: "~> 1.14",
      start_permanent: Mix.env() == :prod,
      # Our own compiler builds the Rust NIF or installs a precompiled one:
      # rustler's Mix package needs Hex and Elixir >= 1.15.
      compilers: Mix.compilers() ++ [:otp_plan_nif],
      # OtpPlan.Precompiled runs only inside Mix, in that compiler: it starts
      # what it uses, and the running app needs none of them.
      xref: [exclude: [:crypto, :httpc, :inets, :public_key]],
      deps: deps(),
      description:
        "Writes PLANNING.md for an Elixir project from its real code, PRD.md and CLAUDE.md.",
      source_url: @source_url,
      package: package(),
      docs: docs()
    ]
  end

  def application do
    [extra_applications: [:logger, :crypto]]
  end

  # Nothing from Hex, at all: not to build, test, use or document otp_plan.
  defp deps, do: []

  defp package do
    [
      licenses: ["Apache-2.0"],
      links: %{
        "Source" => @source_url,
        "Changelog" => "#{@source_url}/blob/v#{@version}/CHANGELOG.md"
      },
      # test/package_test.exs builds a host from exactly these files.
      files: ~w(
        lib priv/templates mix.exs
        Cargo.toml Cargo.lock native/*/Cargo.toml native/*/src
        checksum-Elixir.OtpPlan.Native.exs
        README.md CHANGELOG.md LICENSE
      )
    ]
  end

  defp docs do
    [
      main: "readme",
      extras: ["README.md", "CHANGELOG.md"],
      source_ref: "v#{@version}"
    ]
  end
end
