defmodule OtpPlan.MixProject do
  use Mix.Project

  @version "0.1.0"

  def project do
    [
      app: :otp_plan,
      version: @version,
      elixir: "~> 1.14",
      start_permanent: Mix.env() == :prod,
      # Our own compiler builds the Rust NIF: rustler's Mix package needs Hex and Elixir >= 1.15.
      compilers: Mix.compilers() ++ [:otp_plan_nif],
      deps: [],
      description:
        "Writes PLANNING.md for an Elixir project from its real code, PRD.md and CLAUDE.md.",
      package: [
        licenses: ["Apache-2.0"],
        files:
          ~w(lib native/*/src native/*/Cargo.toml Cargo.toml Cargo.lock priv/templates mix.exs README.md)
      ]
    ]
  end

  def application do
    [extra_applications: [:logger, :crypto]]
  end
end
