defmodule PathHost.MixProject do
  use Mix.Project

  def project do
    [
      app: :path_host,
      version: "1.2.0",
      elixir: "~> 1.14",
      deps: [
        {:otp_plan, path: System.fetch_env!("OTP_PLAN_PATH"), runtime: false}
      ]
    ]
  end

  def application do
    [mod: {PathHost.Application, []}, extra_applications: [:logger]]
  end
end
