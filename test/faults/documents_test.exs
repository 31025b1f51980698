defmodule OtpPlan.Faults.DocumentsTest do
  # PRD.md and CLAUDE.md that are not plain files: a default one is a warning
  # naming it (never silently absent), a named one an error; nothing is read
  # before its type and size are known.
  use ExUnit.Case

  import OtpPlan.Test.Faults

  setup do
    %{dir: shop!()}
  end

  defp plan(dir), do: File.read!(Path.join(dir, "PLANNING.md"))

  defp replace_with(dir, name, fun) do
    path = Path.join(dir, name)
    File.rm!(path)
    fun.(path)
    snapshot(dir)
  end

  defp assert_warned_and_written(dir, before, warning) do
    lines = assert_ok(run(dir, []))
    assert ("warning: " <> warning) in lines, inspect(lines)
    assert_only_changed(dir, before, ["PLANNING.md"])
  end

  test "PRD.md as a directory is a warning; the plan says no PRD was read", %{dir: dir} do
    before = replace_with(dir, "PRD.md", &File.mkdir!/1)

    assert_warned_and_written(
      dir,
      before,
      "PRD.md is a directory, not a file; the plan is made without it"
    )

    assert plan(dir) =~ "No PRD.md was read"
  end

  test "CLAUDE.md as a directory is a warning", %{dir: dir} do
    before = replace_with(dir, "CLAUDE.md", &File.mkdir!/1)

    assert_warned_and_written(
      dir,
      before,
      "CLAUDE.md is a directory, not a file; the plan is made without it"
    )
  end

  test "PRD.md linked to /dev/zero is a warning, read not at all", %{dir: dir} do
    before = replace_with(dir, "PRD.md", &File.ln_s!("/dev/zero", &1))

    {micros, _} =
      :timer.tc(fn ->
        assert_warned_and_written(
          dir,
          before,
          "PRD.md is not a regular file (device); the plan is made without it"
        )
      end)

    assert micros < 10_000_000
  end

  test "PRD.md as a FIFO is a warning and does not block", %{dir: dir} do
    before = replace_with(dir, "PRD.md", &({_, 0} = System.cmd("mkfifo", [&1])))

    assert_warned_and_written(
      dir,
      before,
      "PRD.md is not a regular file (other); the plan is made without it"
    )
  end

  test "PRD.md as a broken symlink is a warning", %{dir: dir} do
    before = replace_with(dir, "PRD.md", &File.ln_s!(Path.join(dir, "nowhere.md"), &1))

    assert_warned_and_written(
      dir,
      before,
      "PRD.md is a symlink to nothing; the plan is made without it"
    )
  end

  test "PRD.md over 16 MiB is a warning, checked before reading", %{dir: dir} do
    before =
      replace_with(dir, "PRD.md", fn path ->
        {:ok, io} = :file.open(path, [:write, :raw])
        {:ok, _} = :file.position(io, 17 * 1024 * 1024)
        :ok = :file.truncate(io)
        :ok = :file.close(io)
      end)

    assert_warned_and_written(
      dir,
      before,
      "PRD.md is 17825792 bytes, over the 16 MiB limit: split it or trim it; the plan is made without it"
    )
  end

  @tag :permissions
  test "an unreadable PRD.md is a warning", %{dir: dir} do
    File.chmod!(Path.join(dir, "PRD.md"), 0o000)
    before = snapshot(dir)
    lines = assert_ok(run(dir, []))
    assert Enum.any?(lines, &(&1 =~ "PRD.md cannot be read (permission denied)"))
    assert_only_changed(dir, before, ["PLANNING.md"])
  end

  test "a PRD.md that is not UTF-8 stops the run with its byte offset", %{dir: dir} do
    File.write!(Path.join(dir, "PRD.md"), "# PRD\n\nok \xFF\xFE\n")
    before = snapshot(dir)
    assert_refused(run(dir, []), ~r/PRD.md .*UTF-8.*byte 10/)
    assert_only_changed(dir, before)
  end

  test "--prd \"\" says how to give a path", %{dir: dir} do
    before = snapshot(dir)
    assert_refused(run(dir, ["--prd", ""]), "--prd is empty: give a path, e.g. --prd docs/PRD.md")
    assert_only_changed(dir, before)
  end

  test "--claude \"\" says how to give a path", %{dir: dir} do
    before = snapshot(dir)
    assert_refused(run(dir, ["--claude", ""]), "--claude is empty: give a path")
    assert_only_changed(dir, before)
  end

  test "--prd naming a file that does not exist", %{dir: dir} do
    before = snapshot(dir)

    assert_refused(
      run(dir, ["--prd", "docs/none.md"]),
      "docs/none.md does not exist (--prd docs/none.md)"
    )

    assert_only_changed(dir, before)
  end

  test "--prd /dev/zero is refused before reading", %{dir: dir} do
    before = snapshot(dir)
    assert_refused(run(dir, ["--prd", "/dev/zero"]), "/dev/zero is not a regular file (device)")
    assert_only_changed(dir, before)
  end

  test "--prd naming a FIFO is refused without blocking", %{dir: dir} do
    {_, 0} = System.cmd("mkfifo", [Path.join(dir, "prd.fifo")])
    before = snapshot(dir)
    assert_refused(run(dir, ["--prd", "prd.fifo"]), "prd.fifo is not a regular file (other)")
    assert_only_changed(dir, before)
  end

  test "--claude naming a directory is refused", %{dir: dir} do
    File.mkdir_p!(Path.join(dir, "docs"))
    before = snapshot(dir)

    assert_refused(
      run(dir, ["--claude", "docs"]),
      "docs is a directory, not a file (--claude docs)"
    )

    assert_only_changed(dir, before)
  end

  test "--prd DIR reads its .md files in name order as one document", %{dir: dir} do
    prd = Path.join(dir, "docs/prd")
    File.mkdir_p!(prd)
    File.write!(Path.join(prd, "02-targets.md"), "## Performance\n\n- Checkout p95 < 150ms\n")

    File.write!(
      Path.join(prd, "01-vision.md"),
      "# Tea shop\n\n## Vision\n\nSell loose-leaf tea.\n"
    )

    File.write!(Path.join(prd, "logo.png"), <<137, 80, 78, 71>>)
    before = snapshot(dir)

    lines = assert_ok(run(dir, ["--prd", "docs/prd"]))
    assert "warning: docs/prd/logo.png is not a .md file; it was not read" in lines
    assert_only_changed(dir, before, ["PLANNING.md"])
    assert plan(dir) =~ "p95 < 150ms"

    json = dir |> run(["--prd", "docs/prd", "--format", "json"]) |> assert_ok() |> Enum.join("\n")
    assert json =~ "Tea shop"
    assert json =~ "Sell loose-leaf tea."
  end

  test "--prd DIR without a .md file is refused", %{dir: dir} do
    File.mkdir_p!(Path.join(dir, "docs/empty"))
    before = snapshot(dir)

    assert_refused(
      run(dir, ["--prd", "docs/empty"]),
      "docs/empty has no .md file to read as the PRD"
    )

    assert_only_changed(dir, before)
  end
end
