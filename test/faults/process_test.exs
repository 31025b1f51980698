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

    assert "* creating PLANNING.md" in said(output)
    refute File.exists?(Path.join(host, "erl_crash.dump"))
    assert_only_changed(host, before, ["PLANNING.md"])
  end

  test "two first runs at once: one creates the plan; the other finds it or refuses",
       %{host: host} do
    before = snapshot(host)

    results =
      1..2
      |> Enum.map(fn _ -> Task.async(fn -> mix(host, ["plan.create"]) end) end)
      |> Task.await_many(300_000)

    # Which one depends on timing: the second either starts after the plan
    # is there (and finds it identical) or races the first one's write.
    assert Enum.map(results, &List.last(said(elem(&1, 0)))) -- ["* creating PLANNING.md"] in [
             ["* identical PLANNING.md"],
             ["** (Mix) mix plan.create: PLANNING.md already exists; pass --force to replace it"]
           ]

    assert_only_changed(host, before, ["PLANNING.md"])
  end

  test "three --force runs at once: each writes a whole plan, no temp file is left", %{host: host} do
    {_, 0} = mix(host, ["plan.create"])
    path = Path.join(host, "PLANNING.md")
    single = File.read!(path)
    # An edited section, so that --force has a region to write.
    File.write!(path, String.replace(single, "# Planning: path_host", "# Planning: edited"))
    before = snapshot(host)

    results =
      1..3
      |> Enum.map(fn _ -> Task.async(fn -> mix(host, ["plan.create", "--force"]) end) end)
      |> Task.await_many(300_000)

    for {output, status} <- results do
      assert status == 0

      assert List.last(said(output)) in [
               "* updating PLANNING.md (1 section: header)",
               "* identical PLANNING.md"
             ]
    end

    assert_only_changed(host, before, ["PLANNING.md"])
    assert File.read!(path) == single
  end
end
