defmodule OtpPlan.Faults.OutputTest do
  # Where the plan may go: never over an input, through a link, outside the
  # project by a symlinked directory, or half-written; every refusal is one line.
  use ExUnit.Case

  import OtpPlan.Test.Faults

  setup do
    %{dir: shop!()}
  end

  defp refused(dir, args, pattern) do
    before = snapshot(dir)
    line = assert_refused(run(dir, args), pattern)
    assert_only_changed(dir, before)
    line
  end

  for input <- [
        "mix.exs",
        "mix.lock",
        "PRD.md",
        "CLAUDE.md",
        "config/config.exs",
        "lib/notes.md",
        "lib/shop.ex"
      ] do
    test "-o #{input} --force is refused: it is an input", %{dir: dir} do
      refused(
        dir,
        ["-o", unquote(input), "--force"],
        "#{unquote(input)} is one of the project's inputs; otp_plan never writes there"
      )
    end
  end

  test "-o naming the --prd file is refused", %{dir: dir} do
    File.write!(Path.join(dir, "spec.md"), "# Spec\n")

    refused(
      dir,
      ["--prd", "spec.md", "-o", "spec.md", "--force"],
      "spec.md is one of the project's inputs"
    )
  end

  test "a target that is a directory", %{dir: dir} do
    File.mkdir_p!(Path.join(dir, "docs"))
    refused(dir, ["-o", "docs"], "docs is a directory: choose a file, e.g. -o docs/PLANNING.md")
  end

  test "-o \"\" is the project directory itself", %{dir: dir} do
    refused(dir, ["-o", ""], "is a directory: choose a file")
  end

  test "-o under a file: one line, no File.Error", %{dir: dir} do
    File.write!(Path.join(dir, "README.txt"), "a file\n")
    refused(dir, ["-o", "README.txt/plan.md"], "cannot create the directory README.txt")
  end

  test "PLANNING.md as a symlink out of the project is not followed, even with --force", %{
    dir: dir
  } do
    outside = outside!()
    victim = Path.join(outside, "victim.md")
    File.write!(victim, "keep me\n")
    File.ln_s!(victim, Path.join(dir, "PLANNING.md"))

    refused(dir, ["--force"], "PLANNING.md is a symlink; otp_plan does not write through links")
    assert File.read!(victim) == "keep me\n"
  end

  test "a dangling PLANNING.md symlink creates nothing where it points", %{dir: dir} do
    outside = outside!()
    File.ln_s!(Path.join(outside, "new.md"), Path.join(dir, "PLANNING.md"))

    refused(dir, [], "PLANNING.md is a symlink")
    assert File.ls!(outside) == []
  end

  test "-o through a symlinked directory leaving the project is refused", %{dir: dir} do
    outside = outside!()
    File.ln_s!(outside, Path.join(dir, "docs"))

    refused(dir, ["-o", "docs/PLANNING.md"], "docs/PLANNING.md resolves outside the project")
    assert File.ls!(outside) == []
  end

  test "-o through a symlinked directory into lib/ is refused", %{dir: dir} do
    File.ln_s!(Path.join(dir, "lib"), Path.join(dir, "docs"))
    refused(dir, ["-o", "docs/PLANNING.md"], "docs/PLANNING.md is one of the project's inputs")
  end

  test "a link named like the old predictable temp file is never written through", %{dir: dir} do
    outside = outside!()
    victim = Path.join(outside, "victim.md")
    File.write!(victim, "keep me\n")
    for n <- 1..20, do: File.ln_s!(victim, Path.join(dir, "PLANNING.md.tmp-#{n}"))
    before = snapshot(dir)

    assert_ok(run(dir, []))
    assert_only_changed(dir, before, ["PLANNING.md"])
    assert File.read!(victim) == "keep me\n"
  end

  test "a target that is a FIFO is refused without blocking", %{dir: dir} do
    {_, 0} = System.cmd("mkfifo", [Path.join(dir, "PLANNING.md")])
    refused(dir, ["--force"], "PLANNING.md is not a regular file (a device or FIFO)")
  end

  test "an existing plan is kept without --force", %{dir: dir} do
    File.write!(Path.join(dir, "PLANNING.md"), "hand-edited\n")
    refused(dir, [], "PLANNING.md has no otp_plan regions, so it is not replaced; pass --force")
  end

  test "--force replaces the plan and leaves no temp file", %{dir: dir} do
    File.write!(Path.join(dir, "PLANNING.md"), "hand-edited\n")
    before = snapshot(dir)
    assert "* replacing PLANNING.md (the old file kept as PLANNING.md.bak)" in assert_ok(
             run(dir, ["--force"])
           )

    after_run = assert_only_changed(dir, before, ["PLANNING.md", "PLANNING.md.bak"])
    assert after_run["PLANNING.md"] != before["PLANNING.md"]
  end

  test "a temp file left by a killed run is removed by the next; a fresh one is not", %{dir: dir} do
    stale = Path.join(dir, ".PLANNING.md.oldrun.tmp")
    fresh = Path.join(dir, ".PLANNING.md.liverun.tmp")
    File.write!(stale, "half a pl")
    File.touch!(stale, System.os_time(:second) - 3600)
    File.write!(fresh, "being written")
    before = snapshot(dir)

    assert_ok(run(dir, []))
    assert_only_changed(dir, Map.delete(before, ".PLANNING.md.oldrun.tmp"), ["PLANNING.md"])
  end

  test "-o to a new nested directory creates it and only it", %{dir: dir} do
    before = snapshot(dir)
    assert_ok(run(dir, ["-o", "docs/plans/PLANNING.md"]))
    assert_only_changed(dir, before, ["docs", "docs/plans", "docs/plans/PLANNING.md"])
  end

  test "-o outside the project, typed by the user, is written", %{dir: dir} do
    outside = outside!()
    target = Path.join(outside, "plan.md")
    before = snapshot(dir)
    assert_ok(run(dir, ["-o", target]))
    assert_only_changed(dir, before)
    assert File.read!(target) =~ "# Planning: shop"
  end

  @tag :mount
  test "disk full: one line, the old plan intact, no temp file", %{dir: dir} do
    full = mount!("8k")
    File.write!(Path.join(full, "PLANNING.md"), "old\n")
    before = snapshot(full)

    line =
      assert_refused(
        run(dir, ["-o", Path.join(full, "PLANNING.md"), "--force"]),
        "no space left on device"
      )

    assert line =~ "free some disk space and run it again; nothing was changed"
    assert_only_changed(full, before)
  end

  @tag :mount
  test "a read-only file system: one line, nothing written", %{dir: dir} do
    ro = mount!("64k", ["ro"])
    line = assert_refused(run(dir, ["-o", Path.join(ro, "PLANNING.md")]), "cannot write")
    assert line =~ "read-only file system"
    assert File.ls!(ro) == []
  end

  @tag :permissions
  test "a read-only directory: one line, nothing written", %{dir: dir} do
    docs = Path.join(dir, "docs")
    File.mkdir_p!(docs)
    File.chmod!(docs, 0o555)
    on_exit(fn -> File.chmod(docs, 0o755) end)
    refused(dir, ["-o", "docs/PLANNING.md"], "cannot write docs/PLANNING.md (permission denied)")
  end
end
