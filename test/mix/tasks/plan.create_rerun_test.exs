defmodule Mix.Tasks.Plan.CreateRerunTest do
  # Re-runs of mix plan.create on a plan the team edited, and every switch.
  use ExUnit.Case

  @shop Path.expand("../../../examples/shop", __DIR__)

  setup do
    dir = OtpPlan.Test.Host.copy!(@shop, "rerun")
    Mix.shell(Mix.Shell.Process)

    on_exit(fn ->
      Mix.shell(Mix.Shell.IO)
      Application.delete_env(:otp_plan, :interactive)
    end)

    %{dir: dir, path: Path.join(dir, "PLANNING.md")}
  end

  defp run(dir, task \\ "plan.create", args) do
    Mix.Project.in_project(:shop, dir, fn _ -> Mix.Task.rerun(task, args) end)
  end

  # The generator lines printed since the last call.
  defp infos do
    receive do
      {:mix_shell, :info, [line]} -> [line | infos()]
    after
      0 -> []
    end
  end

  defp add_child(dir) do
    path = Path.join(dir, "lib/shop/application.ex")
    code = File.read!(path)

    File.write!(
      path,
      String.replace(
        code,
        "Shop.Inventory.StockCache,\n",
        "Shop.Inventory.StockCache,\n      Shop.Inventory.Reconciler,\n"
      )
    )
  end

  test "a second run is identical; one line per source read", %{dir: dir} do
    run(dir, ["OTP supervision tree"])

    assert infos() -- ["==> shop"] == [
             "* reading mix.exs",
             "* reading mix.lock",
             "* reading PRD.md",
             "* reading CLAUDE.md",
             "* creating PLANNING.md"
           ]

    run(dir, [])
    assert "* identical PLANNING.md" in infos()
  end

  test "edits outside the regions stay; an edited region is kept and reported", %{
    dir: dir,
    path: path
  } do
    run(dir, ["OTP supervision tree"])
    plan = File.read!(path)
    mine = "## Our own notes\n\nKeep the carts in memory.\n\n"
    [head, rest] = String.split(plan, "<!-- otp_plan:begin objectives", parts: 2)

    edited =
      String.replace(
        head,
        "every cart is its own supervised process",
        "every cart is a process we own"
      )

    File.write!(path, edited <> mine <> "<!-- otp_plan:begin objectives" <> rest)
    add_child(dir)

    run(dir, [])
    lines = infos()
    assert "* updating PLANNING.md (3 sections: architecture, focus, sources)" in lines
    assert "* keeping 1 edited section: vision (use --force to regenerate it)" in lines
    new = File.read!(path)
    assert new =~ mine
    assert new =~ "every cart is a process we own"
    assert new =~ "Shop.Inventory.Reconciler"
    assert new =~ "Focus: **OTP supervision tree**"

    run(dir, ["--force"])
    assert "* updating PLANNING.md (1 section: vision)" in infos()
    assert File.read!(path) =~ "every cart is its own supervised process"
    assert File.read!(path) =~ mine
  end

  test "a dropped region stays dropped", %{dir: dir, path: path} do
    run(dir, [])
    plan = File.read!(path)
    [before, rest] = String.split(plan, "<!-- otp_plan:begin monitoring", parts: 2)
    [_, after_] = String.split(rest, "<!-- otp_plan:end monitoring -->\n", parts: 2)
    File.write!(path, before <> "<!-- otp_plan:dropped monitoring -->\n" <> after_)

    run(dir, [])
    assert "* identical PLANNING.md" in infos()
    refute File.read!(path) =~ "## Monitoring"
  end

  test "--dry-run says which sections would change and writes nothing", %{dir: dir, path: path} do
    run(dir, ["--dry-run"])
    assert "* would create PLANNING.md" in infos()
    refute File.exists?(path)

    run(dir, [])
    add_child(dir)
    before = File.read!(path)
    run(dir, ["--dry-run"])
    assert "* would update PLANNING.md (2 sections: architecture, sources)" in infos()
    assert File.read!(path) == before
  end

  test "--stdout prints the plan; --output writes elsewhere", %{dir: dir, path: path} do
    out = ExUnit.CaptureIO.capture_io(fn -> run(dir, ["--stdout"]) end)
    assert out =~ "<!-- otp_plan:begin header sha="
    refute File.exists?(path)

    run(dir, ["--output", "docs/PLAN.md"])
    assert "* creating docs/PLAN.md" in infos()
    assert File.read!(Path.join(dir, "docs/PLAN.md")) =~ "# Planning: shop"
  end

  test "--prd and --claude read other files, and a re-run keeps them", %{dir: dir, path: path} do
    File.mkdir_p!(Path.join(dir, "docs"))
    File.rename!(Path.join(dir, "PRD.md"), Path.join(dir, "docs/requirements.md"))
    File.rename!(Path.join(dir, "CLAUDE.md"), Path.join(dir, "docs/AGENTS.md"))

    run(dir, ["--prd", "docs/requirements.md", "--claude", "docs/AGENTS.md"])
    lines = infos()
    assert "* reading docs/requirements.md" in lines
    assert "* reading docs/AGENTS.md" in lines
    assert File.read!(path) =~ "p95 < 200ms"

    run(dir, [])
    assert "* identical PLANNING.md" in infos()

    assert_raise Mix.Error, ~r/missing.md does not exist/, fn ->
      run(dir, ["--prd", "missing.md"])
    end
  end

  test "--format json prints the model; --json PATH also writes it beside the plan", %{dir: dir} do
    json = ExUnit.CaptureIO.capture_io(fn -> run(dir, ["--format", "json"]) end)
    assert json =~ ~s("mod": "Shop.Application")

    run(dir, ["--json", "PLANNING.json"])
    assert File.read!(Path.join(dir, "PLANNING.json")) =~ ~s("mod": "Shop.Application")
    assert File.exists?(Path.join(dir, "PLANNING.md"))

    assert_raise Mix.Error, ~r/with --format json use --output PATH/, fn ->
      run(dir, ["--format", "json", "--json", "x.json"])
    end
  end

  test "--templates DIR overrides a template; a missing DIR is one line", %{dir: dir, path: path} do
    templates = Path.join(dir, "plan_templates")
    File.mkdir_p!(templates)
    File.write!(Path.join(templates, "_checklist.md.j2"), "## Our checklist\n\n- [ ] ship it\n")

    run(dir, ["--templates", "plan_templates"])
    assert File.read!(path) =~ "## Our checklist"

    assert_raise Mix.Error, ~r/--templates nowhere: no such directory/, fn ->
      run(dir, ["--templates", "nowhere"])
    end
  end

  test "--quiet prints nothing but warnings", %{dir: dir} do
    run(dir, ["--quiet"])
    assert infos() -- ["==> shop"] == []
  end

  test "a file without markers: an error naming --force without a terminal, a question with one",
       %{dir: dir, path: path} do
    File.write!(path, "our plan\n")
    Application.put_env(:otp_plan, :interactive, fn -> false end)

    assert_raise Mix.Error,
                 ~r/has no otp_plan regions, so it is not replaced; pass --force/,
                 fn ->
                   run(dir, [])
                 end

    Application.put_env(:otp_plan, :interactive, fn -> true end)
    send(self(), {:mix_shell_input, :yes?, false})
    assert_raise Mix.Error, ~r/not replaced/, fn -> run(dir, []) end
    assert_received {:mix_shell, :yes?, ["PLANNING.md has no otp_plan regions. Replace it" <> _]}
    assert File.read!(path) == "our plan\n"

    send(self(), {:mix_shell_input, :yes?, true})
    run(dir, [])
    assert "* replacing PLANNING.md (the old file kept as PLANNING.md.bak)" in infos()
    assert File.read!(path <> ".bak") == "our plan\n"

    File.write!(path, "our plan\n")
    Application.put_env(:otp_plan, :interactive, fn -> false end)
    run(dir, ["--yes"])
    assert File.read!(path) =~ "# Planning: shop"
  end

  test "bad switches and values are one line with the fix", %{dir: dir} do
    assert_raise Mix.Error,
                 ~r/^mix plan.create: unknown option --dryrun \(did you mean --dry-run\?\); see mix help plan.create$/,
                 fn ->
                   run(dir, ["--dryrun"])
                 end

    assert_raise Mix.Error,
                 ~r/^mix plan.create: --output needs a value; see mix help plan.create$/,
                 fn ->
                   run(dir, ["--output"])
                 end

    assert_raise Mix.Error, ~r/^--stdout and --output both say where the plan goes/, fn ->
      run(dir, ["--stdout", "-o", "x.md"])
    end
  end
end
