defmodule Mix.Tasks.Plan.CreateTest do
  use ExUnit.Case

  @shop Path.expand("../../../examples/shop", __DIR__)

  setup do
    dir = OtpPlan.Test.Host.copy!(@shop, "task")
    Mix.shell(Mix.Shell.Process)
    on_exit(fn -> Mix.shell(Mix.Shell.IO) end)
    %{dir: dir}
  end

  defp plan_create(dir, args) do
    Mix.Project.in_project(:shop, dir, fn _ -> Mix.Task.rerun("plan.create", args) end)
  end

  test "writes PLANNING.md naming the app, the focus and the declared deps", %{dir: dir} do
    plan_create(dir, ["OTP supervision tree"])

    plan = File.read!(Path.join(dir, "PLANNING.md"))
    assert plan =~ "# Planning: shop"
    assert plan =~ "OTP supervision tree"
    assert plan =~ "| phoenix_live_view | ~> 0.20.17 |"
    assert_received {:mix_shell, :info, ["* creating PLANNING.md"]}
  end

  test "refuses to replace a plan without otp_plan markers unless --force", %{dir: dir} do
    path = Path.join(dir, "PLANNING.md")
    File.write!(path, "hand-edited\n")

    assert_raise Mix.Error, ~r/PLANNING.md has no otp_plan regions, .* pass --force/, fn ->
      plan_create(dir, [])
    end

    assert File.read!(path) == "hand-edited\n"

    plan_create(dir, ["--force"])
    assert File.read!(path) =~ "# Planning: shop"
    assert File.read!(path <> ".bak") == "hand-edited\n"
  end

  test "--output writes elsewhere", %{dir: dir} do
    plan_create(dir, ["-o", "docs/plan.md"])
    assert File.read!(Path.join(dir, "docs/plan.md")) =~ "# Planning: shop"
  end

  test "unquoted multi-word focus and unknown switches are refused", %{dir: dir} do
    assert_raise Mix.Error, ~r/quote it: mix plan.create "OTP supervision"/, fn ->
      plan_create(dir, ["OTP", "supervision"])
    end

    assert_raise Mix.Error, ~r/unknown option --forse/, fn -> plan_create(dir, ["--forse"]) end
  end

  test "reads the example's PRD.md: its targets and phases are in the plan", %{dir: dir} do
    plan_create(dir, ["OTP supervision tree"])

    plan = File.read!(Path.join(dir, "PLANNING.md"))
    assert plan =~ "p95 < 200ms"
    assert plan =~ "Carts"
  end

  test "--format json prints the model to standard output", %{dir: dir} do
    json = ExUnit.CaptureIO.capture_io(fn -> plan_create(dir, ["--format", "json"]) end)

    assert json =~ ~s("mod": "Shop.Application")
    refute File.exists?(Path.join(dir, "PLANNING.md"))

    assert_raise Mix.Error, ~r/--format yaml is not known/, fn ->
      plan_create(dir, ["--format", "yaml"])
    end
  end

  test "says what it read from the code, the PRD and CLAUDE.md, in either format", %{dir: dir} do
    plan_create(dir, [])

    code =
      "read the code: 11 children under 2 supervisors from lib/shop/application.ex:9, " <>
        "5 routes, 6 schemas"

    assert_received {:mix_shell, :error, [^code]}
    assert_received {:mix_shell, :error, [summary]}

    assert summary ==
             "read PRD.md: 3 features, 9 targets, 3 risks, 3 phases; " <>
               "2 sections kept as written: System Architecture, Development Environment"

    claude =
      ~s(read CLAUDE.md: type "Web application", framework Phoenix LiveView, ) <>
        "database PostgreSQL, 4 commands"

    assert_received {:mix_shell, :error, [^claude]}

    json = ExUnit.CaptureIO.capture_io(fn -> plan_create(dir, ["--format", "json"]) end)
    assert_received {:mix_shell, :error, [^code]}
    assert_received {:mix_shell, :error, [^summary]}
    assert_received {:mix_shell, :error, [^claude]}
    assert json =~ ~s("summary": #{inspect(claude)})
    assert json =~ ~s("read": #{inspect(code)})
  end

  test "a PRD whose sections yield nothing is said to", %{dir: dir} do
    File.write!(Path.join(dir, "PRD.md"), "# Notes\n\n## Cooking\n\nBake at 200 degrees.\n")

    plan_create(dir, ["--force"])

    assert_received {:mix_shell, :error, ["read the code: " <> _]}
    assert_received {:mix_shell, :error, ["read PRD.md: 0 features" <> _]}
    assert_received {:mix_shell, :error, [empty]}
    assert empty =~ "PRD.md has sections but no vision, features or targets could be read"
  end

  test "a file that does not parse is a warning; the plan is still written", %{dir: dir} do
    File.write!(
      Path.join(dir, "lib/shop/broken.ex"),
      "defmodule Shop.Broken do\n  use GenServer\n  def x(, do: 1\nend\n"
    )

    plan_create(dir, [])

    assert_received {:mix_shell, :error, ["warning: lib/shop/broken.ex:4" <> _]}
    assert File.exists?(Path.join(dir, "PLANNING.md"))
  end

  test "an unknown focus is said on the command line", %{dir: dir} do
    plan_create(dir, ["quantum teleportation"])

    assert_received {:mix_shell, :error, ["read PRD.md: " <> _]}
    assert_received {:mix_shell, :error, [~s(focus "quantum teleportation") <> _]}
  end

  test "--runtime on an umbrella root says where to run it" do
    umbrella = Path.expand("../../fixtures/projects/umbrella", __DIR__)

    assert_raise Mix.Error, ~r/run it inside one of the umbrella's apps/, fn ->
      Mix.Project.in_project(:umbrella, umbrella, fn _ ->
        Mix.Task.rerun("plan.create", ["--runtime", "--format", "json"])
      end)
    end
  end
end
