defmodule OtpPlan.LivingEndToEndTest do
  # PLANNING.md living with a host project, installed both ways: plan.install
  # puts plan.create in `setup` and plan.check in `precommit`, then the plan
  # follows the code through edits and a new child.
  use ExUnit.Case

  alias OtpPlan.Test.Host

  @moduletag :e2e
  @moduletag timeout: 600_000

  test "as a path dependency" do
    host = Host.copy!(Path.join(Host.root(), "test/e2e/path_host"), "living_path")
    assert {_, 0} = Host.mix(host, ["compile"], env())
    lives_with_the_project(host, env())
  end

  @tag :tmp_dir
  test "as a Mix archive", %{tmp_dir: tmp} do
    archive = Path.join(tmp, "otp_plan.ez")
    env = [{"MIX_HOME", Path.join(tmp, "mix_home")}]

    assert {_, 0} =
             Host.mix(Host.root(), ["archive.build", "--no-compile", "-o", archive], [
               {"MIX_ENV", "test"}
             ])

    assert {_, 0} = Host.mix(tmp, ["archive.install", "--force", archive], env)

    # The same host without the path dependency: the tasks come from the archive.
    host = Host.copy!(Path.join(Host.root(), "test/e2e/path_host"), "living_archive")
    mix_exs = Path.join(host, "mix.exs")
    File.write!(mix_exs, String.replace(File.read!(mix_exs), ~r/deps: \[.*?\]/s, "deps: []"))

    lives_with_the_project(host, env)
  end

  defp env, do: [{"OTP_PLAN_PATH", Host.root()}]

  defp lives_with_the_project(host, env) do
    plan = Path.join(host, "PLANNING.md")

    assert {out, 0} = Host.mix(host, ["plan.install"], env)
    assert out =~ "* updating mix.exs"
    assert {out, 0} = Host.mix(host, ["plan.install"], env)
    assert out =~ "* identical mix.exs"

    assert {out, 0} = Host.mix(host, ["setup"], env)
    assert out =~ "* reading mix.exs"
    assert out =~ "* creating PLANNING.md"
    assert {out, 0} = Host.mix(host, ["setup"], env)
    assert out =~ "* identical PLANNING.md"

    # One line outside the regions, one inside the header region.
    text = File.read!(plan)
    assert text =~ "# Planning: path_host\n"

    File.write!(
      plan,
      "Owned by the platform team.\n\n" <>
        String.replace(text, "# Planning: path_host\n", "# Planning: path_host (ours)\n")
    )

    assert {out, 0} = Host.mix(host, ["setup"], env)
    assert out =~ "* identical PLANNING.md"
    assert out =~ "* keeping 1 edited section: header (use --force to regenerate it)"
    edited = File.read!(plan)
    assert edited =~ "Owned by the platform team.\n"
    assert edited =~ "# Planning: path_host (ours)\n"

    app = Path.join(host, "lib/application.ex")

    File.write!(
      app,
      String.replace(
        File.read!(app),
        "children = [",
        "children = [\n      {Task.Supervisor, name: PathHost.TaskSupervisor},"
      )
    )

    assert {out, 1} = Host.mix(host, ["plan.check"], env)
    assert out =~ "children: + Task.Supervisor (PathHost.TaskSupervisor)"
    assert out =~ "Run `mix plan.create` to update them."

    assert {out, 0} = Host.mix(host, ["plan.create"], env)
    assert [_, sections] = Regex.run(~r/\* updating PLANNING.md \(\d+ sections?: (.*)\)/, out)
    assert "architecture" in String.split(sections, ", ")
    refute "header" in String.split(sections, ", ")
    updated = File.read!(plan)
    assert updated =~ "Task.Supervisor"
    assert updated =~ "Owned by the platform team.\n"
    assert updated =~ "# Planning: path_host (ours)\n"

    assert {out, 0} = Host.mix(host, ["precommit"], env)
    assert out =~ "* PLANNING.md is up to date"
  end
end
