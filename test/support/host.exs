defmodule OtpPlan.Test.Host do
  @moduledoc false
  # Runs `mix` in host projects the way a user would: a separate OS process.

  @root Path.expand("../..", __DIR__)

  def root, do: @root

  @doc "A fresh temporary copy of `source` (a directory), removed after the test."
  def copy!(source, name) do
    dir = Path.join(System.tmp_dir!(), "otp_plan_#{name}_#{System.unique_integer([:positive])}")
    File.cp_r!(source, dir)
    ExUnit.Callbacks.on_exit(fn -> File.rm_rf!(dir) end)
    dir
  end

  @doc "Runs `mix args` in `dir`; returns `{output, exit_status}`."
  def mix(dir, args, env \\ []) do
    # The hosts reuse this run's cargo build instead of compiling the NIF again.
    env = [
      {"MIX_ENV", "dev"},
      {"CARGO_TARGET_DIR", Mix.Tasks.Compile.OtpPlanNif.target_dir()} | env
    ]

    System.cmd("mix", args, cd: dir, env: env, stderr_to_stdout: true)
  end
end
