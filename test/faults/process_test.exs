defmodule OtpPlan.Faults.ProcessTest do
  # `mix plan.create` as a user runs it, in its own OS process: the exit
  # status, the one line on the terminal, and runs at the same time.
  use ExUnit.Case

  import OtpPlan.Test.Faults
  alias OtpPlan.Test.Host

  @moduletag :e2e
  @moduletag timeout: 600_000

  setup_all do
    host = Path.join(System.tmp_dir!(), "otp_plan_process_#{System.unique_integer([:positive])}")
    File.cp_r!(Path.join(Host.root(), "test/e2e/path_host"), host)
    on_exit(fn -> File.rm_rf!(host) end)
    {_, 0} = mix(host, ["compile"])
    %{host: host}
  end

  setup %{host: host} do
    File.rm_rf!(Path.join(host, "PLANNING.md"))
    :ok
  end

  defp mix(host, args), do: Host.mix(host, args, [{"OTP_PLAN_PATH", Host.root()}])

  # The terminal output without Mix's compile chatter.
  defp said(output) do
    output
    |> String.split("\n", trim: true)
    |> Enum.reject(&(&1 =~ ~r/^(==>|Compiling|Generated|\s+Finished)/))
  end

  test "a refusal exits 1 with one line and no trace", %{host: host} do
    before = snapshot(host)
    {output, status} = mix(host, ["plan.create", "-o", "mix.exs", "--force"])
    assert status == 1
    assert [line] = said(output)

    assert line ==
             "** (Mix) mix plan.create: mix.exs is one of the project's inputs; otp_plan never writes there: choose another -o"

    refute_trace(line)
    assert_only_changed(host, before)
  end

  test "a hostile NIF input through the real CLI: the VM lives and says one line", %{host: host} do
    {_, 0} = System.cmd("mkfifo", [Path.join(host, "PRD.md")])
    on_exit(fn -> File.rm(Path.join(host, "PRD.md")) end)
    before = snapshot(host)

    {output, 0} = mix(host, ["plan.create"])

    assert "warning: PRD.md is not a regular file (other); the plan is made without it" in said(
             output
           )

    assert "Wrote PLANNING.md" in said(output)
    refute File.exists?(Path.join(host, "erl_crash.dump"))
    assert_only_changed(host, before, ["PLANNING.md"])
  end

  test "two runs at once without --force: one writes, the other refuses", %{host: host} do
    before = snapshot(host)

    results =
      1..2
      |> Enum.map(fn _ -> Task.async(fn -> mix(host, ["plan.create"]) end) end)
      |> Task.await_many(300_000)

    assert results |> Enum.map(&elem(&1, 1)) |> Enum.sort() == [0, 1]
    {refusal, 1} = Enum.find(results, &(elem(&1, 1) == 1))

    assert said(refusal) == [
             "** (Mix) mix plan.create: PLANNING.md already exists; pass --force to replace it"
           ]

    assert_only_changed(host, before, ["PLANNING.md"])
  end

  test "three --force runs at once: each writes a whole plan, no temp file is left", %{host: host} do
    {_, 0} = mix(host, ["plan.create"])
    single = File.read!(Path.join(host, "PLANNING.md"))
    before = snapshot(host)

    results =
      1..3
      |> Enum.map(fn _ -> Task.async(fn -> mix(host, ["plan.create", "--force"]) end) end)
      |> Task.await_many(300_000)

    for {output, status} <- results do
      assert status == 0
      assert said(output) == ["Wrote PLANNING.md"]
    end

    assert_only_changed(host, before)
    assert File.read!(Path.join(host, "PLANNING.md")) == single
  end
end
